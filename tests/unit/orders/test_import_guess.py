"""An import's batches move into the store with a guessed status (import_reserve.Guess) so
a big store's index upkeep is paid while the file is still being parsed. The guess only
decides the time: statuses, held units and the audit trail must equal what the generic
path (every order stored first, then reserved exactly) leaves, whatever the file's order,
the stock and the store's own waiting orders."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select

from app.db import open_database
from app.models import AuditEvent, Order, OrderLine, Reservation
from app.services.core.backend import Backend
from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
from app.services.orders import actions as order_actions
from app.services.orders import import_rows, importing
from app.services.orders.actions import ManualLine
from app.services.orders.setup import resolve_store
from app.services.stock import ledger
from tests.unit.orders.helpers import ACTOR, add_product

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
SKUS = ("PEN", "INK", "PAD")

# An order of the file: hours after T0, and (product index, units) per line (index 3 is a
# SKU no product has).
file_orders = st.lists(st.tuples(st.integers(0, 72), st.lists(
    st.tuples(st.integers(0, 3), st.integers(1, 3)), min_size=0, max_size=3)),
    min_size=1, max_size=14)
# A waiting order the store already has: hours, product index, units, priority.
store_orders = st.lists(st.tuples(st.integers(0, 72), st.integers(0, 2), st.integers(1, 4),
                                  st.integers(0, 2)), max_size=4)


def _records(orders: list[tuple[int, list[tuple[int, int]]]]) -> ParseResult:
    sku = (*SKUS, "GHOST")
    return ParseResult("test", tuple(
        OrderRecord(f"F{i}", f"F{i}", T0 + timedelta(hours=hours), "EUR", tuple(
            OrderLineRecord(sku[p], sku[p], qty, 500) for p, qty in lines))
        for i, (hours, lines) in enumerate(orders)))


def _outcome(db_path: Path, stock: list[int], waiting, orders, *, generic: bool,
             chunk: int) -> tuple[object, ...]:
    db = open_database(str(db_path))
    try:
        backend = Backend(db.sessions, actor=ACTOR)
        pids = [backend.run(add_product, sku) for sku in SKUS]

        def store_side(session):
            for n, (hours, p, qty, priority) in enumerate(waiting):
                store = resolve_store(session, "Counter", "counter", currency="EUR")
                oid = order_actions.create_manual_order(
                    session, store.id, [ManualLine(SKUS[p], qty)], actor=ACTOR,
                    number=f"W{n}", placed_at=T0 + timedelta(hours=hours))
                if priority:
                    order_actions.set_priority(session, oid, priority=priority, actor=ACTOR)
            # Stock arrives without a reservation run: the waiting orders have not had it.
            for pid, units in zip(pids, stock, strict=True):
                if units:
                    ledger.move(session, ledger.MoveSpec(
                        pid, ledger.location_id(session, "SUPPLIER"),
                        ledger.get_or_create_bin(session, "A-01-1"), units, "receive"))

        backend.run(store_side)
        corrected: list[int] = []

        def job(session):
            def count(_conn, _cursor, statement, parameters, _context, _many):
                if statement.startswith("UPDATE main.orders SET status"):
                    corrected.append(1)

            engine = session.get_bind()
            event.listen(engine, "before_cursor_execute", count)
            try:
                store = resolve_store(session, "Shop", "shopify", currency="EUR")
                return importing.import_orders(session, _records(orders), store.id,
                                               actor=ACTOR)
            finally:
                event.remove(engine, "before_cursor_execute", count)

        before = (import_rows.holds_write_lock, importing.CHUNK)
        if generic:
            import_rows.holds_write_lock = lambda _conn: False   # type: ignore[assignment]
        importing.CHUNK = chunk
        try:
            summary = backend.run(job)
        finally:
            import_rows.holds_write_lock, importing.CHUNK = before
        assert backend.run(ledger.check_ledger) == []

        def state(session):
            held = dict(session.execute(
                select(Order.number, func.coalesce(func.sum(Reservation.quantity), 0))
                .join(OrderLine, OrderLine.order_id == Order.id, isouter=True)
                .join(Reservation, Reservation.order_line_id == OrderLine.id, isouter=True)
                .group_by(Order.number)).all())
            statuses = dict(session.execute(select(Order.number, Order.status)).all())
            events = sorted(session.execute(
                select(Order.number, AuditEvent.action, AuditEvent.details)
                .join(Order, Order.id == AuditEvent.entity_id)
                .where(AuditEvent.entity == "order",
                       AuditEvent.action.in_(("reserved", "backorder")))).all())
            return statuses, held, [tuple(e) for e in events]

        return (summary.new, summary.backorders, *backend.read(state)), bool(corrected)
    finally:
        db.dispose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stock=st.lists(st.integers(0, 8), min_size=3, max_size=3), waiting=store_orders,
       orders=file_orders, chunk=st.integers(1, 5))
def test_guessed_batches_end_as_the_exact_reservation(migrated_sqlite, stock, waiting,
                                                      orders, chunk):
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = []
        for generic in (False, True):
            path = Path(tmp) / f"{generic}.sqlite3"
            shutil.copyfile(migrated_sqlite, path)
            outcomes.append(_outcome(path, stock, waiting, orders, generic=generic,
                                     chunk=chunk)[0])
        assert outcomes[0] == outcomes[1]


def test_a_wrong_guess_is_corrected(migrated_sqlite, tmp_path):
    """Newest first in the file, one unit: the guess gives it to the newest order (first
    come), the exact turn to the oldest; the store ends as the generic path leaves it."""
    orders = [(5, [(0, 1)]), (1, [(0, 1)])]
    got = []
    for generic in (False, True):
        path = tmp_path / f"{generic}.sqlite3"
        shutil.copyfile(migrated_sqlite, path)
        got.append(_outcome(path, [1, 0, 0], [], orders, generic=generic, chunk=1))
    (staged, corrected), (plain, _) = got
    assert corrected and staged == plain
    statuses = staged[2]
    assert (statuses["F1"], statuses["F0"]) == ("reserved", "backorder")
