"""Shared fixtures: a real SQLite file per test, the backend over it, a small demo store."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db import Database, open_database  # noqa: E402
from app.services import demo_job  # noqa: E402
from app.services.core.backend import Actor, Backend  # noqa: E402

DEMO_DAY = date(2026, 11, 23)


# `make test` runs the suite once on SQLite files, then tests/unit and tests/e2e again on a
# PostgreSQL server it starts (scripts/test-postgres.sh) with BACKROOM_TEST_PG set to it.
PG_SERVER = os.environ.get("BACKROOM_TEST_PG", "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_SERVER:
        # The PostgreSQL pass runs what touches a database made by `db_url`; a test that
        # never does (a parser, a SQLite file of its own) would only repeat the SQLite pass.
        elsewhere = [item for item in items if "db_url" not in getattr(item, "fixturenames", ())]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            items[:] = [item for item in items if "db_url" in getattr(item, "fixturenames", ())]
        skip = pytest.mark.skip(reason="about SQLite files (WAL, file locks, file backups)")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A new empty database: a SQLite file, or a PostgreSQL database made for this test."""
    if not PG_SERVER:
        yield str(tmp_path / "backroom.sqlite3")
        return
    from tests.postgres import drop_database, new_database

    url = new_database(PG_SERVER)
    yield url
    drop_database(PG_SERVER, url)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file that open_database made and migrated, once per test process.

    Migrating a new file costs more than most tests (about 0.6 s of CPU); `db` copies this
    file instead, as tests/postgres.py copies a migrated template database on PostgreSQL.
    Opening the copy still goes through open_database (file checks, marker, schema check).
    """
    path = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    open_database(str(path)).dispose()
    # The last connection closed, so SQLite folded the WAL back into the file: the one file
    # is the whole store (checked, since a copy without its WAL would lose the schema).
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def db(db_url: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if not PG_SERVER and not os.path.exists(db_url):
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), db_url)
    database = open_database(db_url)
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
    backend.run(demo_job.make_demo, products=40, orders=120, seed=7, today=DEMO_DAY)
    return backend
