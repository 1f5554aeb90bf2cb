"""`db init`, `db migrate` and `db copy`: a new store on an empty database, and a store moved
from a SQLite file onto PostgreSQL (in the PostgreSQL pass; onto another file otherwise) and
back, all or nothing and checked row for row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, select, text

from app.cli import main as cli
from app.db import open_database
from app.models import Base, Location, Product, StockLevel
from app.services import demo
from app.services.core.backend import Actor, Backend
from app.services.core.errors import InvalidInput
from app.services.counts import counting, posting
from app.services.database import copying, setup
from app.services.stock import moves
from tests.conftest import DEMO_DAY, PG_SERVER

OWNER = Actor("owner", "test")


@pytest.fixture
def empty_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all: a new PostgreSQL database, or a file not made yet.
    (Takes db_url so the PostgreSQL pass runs the test.)"""
    if not PG_SERVER:
        yield str(tmp_path / "target.sqlite3")
        return
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(db_url).database + "_empty"
    admin = make_url(PG_SERVER).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(PG_SERVER).set(database=name).render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _demo_file(path: Path, *, with_count: bool = True) -> Path:
    """A SQLite demo store with a posted count (its lines are guarded by a trigger)."""
    db = open_database(str(path))
    try:
        backend = Backend(db.sessions, actor=OWNER)
        backend.run(demo.generate_demo, products=40, orders=120, seed=7, today=DEMO_DAY)
        if with_count:
            backend.run(_post_a_count)
    finally:
        db.dispose()
    return path


def _post_a_count(session) -> None:  # noqa: ANN001
    code, sku, on_hand = session.execute(
        select(Location.code, Product.sku, StockLevel.on_hand)
        .join(Product, Product.id == StockLevel.product_id)
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.on_hand > 0, StockLevel.reserved == 0, Product.cost_minor < 5000)
        .order_by(StockLevel.location_id, StockLevel.product_id).limit(1)).one()
    count = counting.create_count(session, "bins", bins=[code], actor=OWNER)
    sheet = counting.begin_bin(session, count.id, code, actor=OWNER)
    counting.set_counted(session, count.id, sheet.location_id, sku, on_hand - 1, actor=OWNER)
    posting.post_count(session, count.id, actor=OWNER, unscanned="leave-out")


def _digests(url: str) -> dict[str, tuple[int, str]]:
    db = open_database(url, create=False, migrate=False)
    try:
        with db.engine.connect() as conn:
            return {t.name: copying._checksum(conn, t) for t in _tables(conn)}
    finally:
        db.dispose()


def _tables(conn: Connection) -> list:
    return [t for t in Base.metadata.sorted_tables]


def test_init_makes_a_store_and_refuses_any_database_with_tables(empty_url) -> None:
    made = setup.init_store(empty_url)
    assert made.schema
    assert setup.try_connection(empty_url).state == setup.READY
    with pytest.raises(InvalidInput, match="already holds a Backroom store"):
        setup.init_store(empty_url)
    assert setup.migrate_store(empty_url).before == setup.migrate_store(empty_url).after


def test_init_refuses_unrelated_tables(empty_url) -> None:
    if PG_SERVER:
        import psycopg
        from sqlalchemy.engine import make_url

        plain = make_url(empty_url).set(drivername="postgresql").render_as_string(False)
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("CREATE TABLE invoices (id integer)")
    else:
        import sqlite3

        con = sqlite3.connect(empty_url)
        con.execute("CREATE TABLE invoices (id integer)")
        con.close()
    assert setup.try_connection(empty_url).state == setup.FOREIGN
    with pytest.raises(InvalidInput, match="1 table.*invoices"):
        setup.init_store(empty_url)


def test_init_with_demo_through_the_cli(tmp_path, capsys) -> None:
    target = tmp_path / "new.sqlite3"
    assert cli(["db", "init", str(target), "--demo"]) == 0
    assert "with the demo store" in capsys.readouterr().out
    assert cli(["db", "init", str(target)]) == 1
    assert "already holds a Backroom store" in capsys.readouterr().err
    assert cli(["db", "migrate", str(target)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_copy_there_and_back_equals_the_source_in_every_table(tmp_path, empty_url,
                                                              capsys) -> None:
    source = _demo_file(tmp_path / "source.sqlite3")
    there = copying.copy_store(str(source), empty_url)
    assert there.ok and there.initialised and there.rows > 1000
    by_table = {t.name: t for t in there.tables}
    assert by_table["count_lines"].target_rows > 0 and by_table["stock_moves"].ok
    # Back onto a new file, through the command line and its JSON.
    back = tmp_path / "back.sqlite3"
    assert cli(["db", "copy", empty_url, str(back), "--json"]) == 0
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert report["ok"] and report["rows"] == there.rows
    assert {t["table"] for t in report["tables"]} >= {"orders", "stock_moves", "count_lines"}
    assert "stock_moves" in out.err   # progress goes to stderr
    assert _digests(str(back)) == _digests(str(source)) == _digests(empty_url)
    # The copy is a working store: new rows get new ids (sequences moved past the copy).
    db = open_database(empty_url)
    try:
        backend = Backend(db.sessions, actor=OWNER)
        sku, bin_code = backend.read(lambda s: s.execute(
            text("SELECT p.sku, l.code FROM stock_levels s JOIN products p ON p.id = "
                 "s.product_id JOIN locations l ON l.id = s.location_id WHERE s.on_hand > "
                 "s.reserved ORDER BY s.location_id, s.product_id LIMIT 1")).one())
        backend.run(moves.adjust, bin_code, sku, 3, "found", actor=OWNER)
        backend.run(moves.adjust, bin_code, sku, -1, "lost", actor=OWNER)
    finally:
        db.dispose()


def test_a_failure_mid_copy_leaves_the_target_empty(tmp_path, empty_url) -> None:
    source = _demo_file(tmp_path / "source.sqlite3", with_count=False)

    def crash(table: str, done: int, _total: int) -> None:
        if table == "stock_moves" and done > 0:
            raise RuntimeError("the power went")

    with pytest.raises(RuntimeError, match="the power went"):
        copying.copy_store(str(source), empty_url, batch=100, progress=crash)
    db = open_database(empty_url, create=False, migrate=False)
    try:
        with db.engine.connect() as conn:
            counts = copying._row_counts(conn, [t.name for t in _tables(conn)])
    finally:
        db.dispose()
    fresh = copying.fresh_row_counts()
    assert {t: n for t, n in counts.items() if n} == {t: n for t, n in fresh.items() if n}
    # ...so the copy can simply be run again.
    assert copying.copy_store(str(source), empty_url).ok


def test_copy_refuses_a_target_with_data(tmp_path, empty_url) -> None:
    source = _demo_file(tmp_path / "source.sqlite3", with_count=False)
    other = _demo_file(tmp_path / "other.sqlite3", with_count=False)
    assert copying.copy_store(str(other), empty_url).ok
    before = _digests(empty_url)
    with pytest.raises(InvalidInput, match="already holds a Backroom store with data"):
        copying.copy_store(str(source), empty_url)
    assert _digests(empty_url) == before
    with pytest.raises(InvalidInput, match="same database"):
        copying.copy_store(str(source), str(source))
