"""Shared fixtures: a real SQLite file per test, the backend over it, a small demo store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db import Database, open_database  # noqa: E402
from app.services import demo  # noqa: E402
from app.services.core.backend import Actor, Backend  # noqa: E402

DEMO_DAY = date(2026, 11, 23)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "backroom.sqlite3"))
    yield database
    database.dispose()


@pytest.fixture
def backend(db: Database) -> Backend:
    return Backend(db.sessions, actor=Actor("tester", "test-station"),
                   database_label=db.label)


@pytest.fixture
def session(db: Database) -> Iterator[object]:
    """A session inside a transaction that the test may commit or leave to roll back."""
    with db.sessions() as s, s.begin():
        yield s


@pytest.fixture
def demo_backend(backend: Backend) -> Backend:
    """The backend over a small demo store (40 products, 120 orders, fixed day)."""
    backend.run(demo.generate_demo, products=40, orders=120, seed=7, today=DEMO_DAY)
    return backend
