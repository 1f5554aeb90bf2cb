"""The one door to the database under a second writer: who waits, who is refused, in words.

Another writer is a second connection inside a write transaction (on SQLite it holds the
file's write lock, on PostgreSQL the writers' advisory lock), as an import in another
process or the office PC's job would hold it. Runs on both databases.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from app.cli import main as cli_main
from app.db import Database
from app.models import Product, StockLevel
from app.services.core.backend import Backend
from app.services.core.db_errors import DatabaseBusy, DatabaseUnavailable, WriteConflict, translate
from app.services.core.errors import InsufficientStock
from app.services.stock import ledger
from app.services.stock import moves as stock_moves
from app.services.stock.catalog import search_products
from tests.packing_world import build_world


@contextmanager
def write_locked(db: Database) -> Iterator[None]:
    with db.engine.connect() as other:
        other.begin()   # takes the write lock before anything else, as every writer does
        try:
            yield
        finally:
            other.rollback()


def _on_hand(backend: Backend) -> list[tuple[int, int, int]]:
    return backend.read(lambda s: sorted(s.execute(select(
        StockLevel.product_id, StockLevel.location_id, StockLevel.on_hand)).all()))


def test_reads_go_on_while_another_writer_saves(db, backend):
    backend.run(build_world)
    with write_locked(db):
        started = time.monotonic()
        assert [r.sku for r in backend.read(search_products, "mug")] == ["MUG-RED"]
        assert time.monotonic() - started < 1  # a snapshot, no wait for the lock


def test_a_write_meeting_a_held_lock_is_refused_in_words_and_changes_nothing(db, backend):
    world = backend.run(build_world)
    before = _on_hand(backend)
    with write_locked(db):
        with pytest.raises(DatabaseBusy, match="The database is busy.*Nothing was changed"):
            backend.quick().run(stock_moves.adjust, "A-01-1", "MUG-RED", -1, "lost",
                                actor=backend.actor)
    assert _on_hand(backend) == before
    # once the other writer is done, the same job goes through
    backend.run(stock_moves.adjust, "A-01-1", "MUG-RED", -1, "lost", actor=backend.actor)
    assert backend.read(lambda s: s.get(StockLevel, (world.mug, world.bins["A-01-1"]))
                        .on_hand) == 9


def test_a_read_job_may_not_write(backend):
    with pytest.raises(DatabaseUnavailable, match="read-?only"):
        backend.read(lambda s: s.execute(text("DELETE FROM products")))


def test_the_command_line_says_busy_instead_of_a_traceback(db, backend, capsys):
    backend.run(build_world)
    with write_locked(db):
        code = cli_main(["--db", db.url, "adjust", "A-01-1", "MUG-RED", "-1",
                         "--reason", "lost"])
    out = capsys.readouterr()
    assert code == 1
    assert out.err.startswith("backroom: The database is busy")
    assert "Traceback" not in out.err + out.out


def test_stock_checks_and_clashes_become_readable_refusals(backend):
    world = backend.run(build_world)

    def below_zero(session):
        session.execute(text("UPDATE stock_levels SET on_hand = on_hand - 1000 "
                             "WHERE product_id = :p"), {"p": world.mug})

    with pytest.raises(InsufficientStock, match="another job took it"):
        backend.run(below_zero)

    def same_sku_twice(session):
        session.add(Product(sku="MUG-RED", name="again", currency="EUR"))
        session.flush()

    with pytest.raises(WriteConflict, match="at the same moment"):
        backend.run(same_sku_twice)
    lost = translate(OperationalError("SELECT 1", {}, Exception(
        "server closed the connection unexpectedly")))
    assert isinstance(lost, DatabaseUnavailable) and "Lost the connection" in str(lost)
    other = translate(IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")))
    assert isinstance(other, WriteConflict)


def test_new_level_rows_from_two_moves_add_up(backend):
    """Levels that do not exist yet are created by an upsert that adds, never overwrites."""
    world = backend.run(build_world)

    def receive_twice(session):
        supplier = ledger.location_id(session, "SUPPLIER")
        new_bin = ledger.get_or_create_bin(session, "Z-09-9")
        ledger.add_levels(session, [(world.pen, new_bin, 2)])
        ledger.add_levels(session, [(world.pen, new_bin, 3)])
        ledger.move(session, ledger.MoveSpec(world.pen, supplier, new_bin, 5, "receive"))
        return new_bin

    new_bin = backend.run(receive_twice)
    assert backend.read(lambda s: s.get(StockLevel, (world.pen, new_bin)).on_hand) == 10
