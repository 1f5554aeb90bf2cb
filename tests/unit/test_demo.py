"""The demo store: realistic, consistent with the ledger, the same for the same seed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.db import open_database
from app.models import Barcode, Order, Store
from app.services import demo
from app.services.core.errors import InvalidInput
from app.services.stock import ledger
from app.services.stock.barcodes import is_valid_gtin


def _dump(path) -> list[tuple]:
    db = open_database(str(path))
    with db.sessions() as s, s.begin():
        demo.generate_demo(s, products=30, orders=200, seed=5, today=date(2026, 1, 10))
    with db.engine.connect() as c:
        rows = [tuple(r) for r in c.exec_driver_sql(
            "SELECT number, status, placed_at, total_minor, ship_name FROM orders ORDER BY id")]
        rows += [tuple(r) for r in c.exec_driver_sql(
            "SELECT product_id, location_id, on_hand, reserved FROM stock_levels "
            "ORDER BY 1, 2")]
    db.dispose()
    return rows


def test_same_seed_same_data(tmp_path):
    assert _dump(tmp_path / "a.sqlite3") == _dump(tmp_path / "b.sqlite3")


def test_demo_is_realistic_and_balanced(demo_backend):
    def facts(s):
        statuses = dict(s.execute(select(Order.status, func.count()).group_by(Order.status))
                        .all())
        currencies = {c for (c,) in s.execute(select(Store.currency))}
        codes = list(s.scalars(select(Barcode.code).where(Barcode.kind == "ean13")))
        return statuses, currencies, codes, ledger.check_ledger(s)

    statuses, currencies, codes, problems = demo_backend.run(facts)
    assert problems == []
    assert {"shipped", "reserved"} <= set(statuses)
    assert sum(statuses.values()) == 120
    assert currencies == {"EUR", "GBP"}
    assert codes and all(is_valid_gtin(c) for c in codes)


def test_demo_refuses_a_database_with_products(demo_backend):
    with pytest.raises(InvalidInput, match="already has products"):
        demo_backend.run(demo.generate_demo, products=3, orders=3)


def test_bulk_inserted_times_read_and_compare_like_orm_written_ones(session):
    from datetime import UTC, datetime

    from app.models import Store
    from app.services.core.bulk import bulk_insert

    store = Store(name="S", kind="shopify", currency="EUR")
    session.add(store)
    session.flush()
    when = datetime(2026, 3, 1, 9, 30, 5, tzinfo=UTC)
    common = {"store_id": store.id, "currency": "EUR", "status": "new",
              "imported_at": when}
    bulk_insert(session.connection(), Order,
                [dict(common, external_id="1", number="#1", placed_at=when)])
    session.add(Order(external_id="2", number="#2", placed_at=when, **common))
    session.flush()
    found = session.execute(select(Order.number, Order.placed_at).where(
        Order.placed_at == when).order_by(Order.number)).all()
    assert [tuple(r) for r in found] == [("#1", when), ("#2", when)]


def test_big_load_path_rebuilds_every_index(db, monkeypatch):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.models import Base
    from tests.unit.test_migrations import _modelled

    monkeypatch.setattr(demo, "DEFER_INDEXES_ABOVE", 0)  # take the big-load path at any size
    with db.sessions() as s, s.begin():
        demo.generate_demo(s, products=10, orders=40, seed=2, today=date(2026, 1, 10))
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(  # search index: no model
            conn, opts={"include_name": _modelled}), Base.metadata) == []
    with db.sessions() as s:
        assert ledger.check_ledger(s) == []


KILL_HALF_WAY = """
import os, signal, sys
from app.db import open_database
from app.services import demo
from app.services.core.backend import Backend
demo.DEFER_INDEXES_ABOVE = 10  # take the big-load path (indexes dropped, built at the end)
db = open_database(sys.argv[1])
def progress(done, total):
    os.kill(os.getpid(), signal.SIGKILL)  # kill -9 after the first 50,000 orders
Backend(db.sessions).run(demo.generate_demo, products=20, orders=60000, progress=progress)
"""


@pytest.mark.sqlite_only
def test_a_demo_killed_half_way_leaves_the_store_as_it_was(tmp_path):
    """Its DROP INDEX runs inside the demo's transaction, so a kill -9 takes it back too."""
    import signal
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    from app.db import open_database
    from app.models import Base
    from app.services import maintenance
    from app.services.core.backend import Backend

    path = tmp_path / "killed.sqlite3"
    db = open_database(str(path))
    Backend(db.sessions).run(ledger.ensure_virtual_locations)  # the demo then starts reading
    db.dispose()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", KILL_HALF_WAY, str(path)], cwd=root, check=False,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with sqlite3.connect(path) as raw:
        indexes = {n for (n,) in raw.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {i.name for t in Base.metadata.tables.values() for i in t.indexes} <= indexes
    db = open_database(str(path))
    try:
        backend = Backend(db.sessions)
        report = backend.read(maintenance.check_database)
        assert report.ok and report.schema_problems == () and report.moves == 0
        summary = backend.run(demo.generate_demo, products=20, orders=50)
        assert summary.orders == 50
    finally:
        db.dispose()
