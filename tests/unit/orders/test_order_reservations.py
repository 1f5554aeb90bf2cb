"""Reservations: priority then oldest first, backorders with a reason, the oversell report."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.db import open_database
from app.models import AuditEvent, Order, OrderLine, Product, Reservation
from app.services.core.backend import Backend
from app.services.orders import actions as order_actions
from app.services.orders import reservations as order_reservations
from app.services.orders.actions import ManualLine
from app.services.orders.setup import resolve_store
from app.services.stock import ledger
from tests.unit.orders.helpers import ACTOR, add_product, import_file

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _manual(session, sku, qty, hours, number):
    store = resolve_store(session, "Counter", "counter", currency="EUR")
    return order_actions.create_manual_order(
        session, store.id, [ManualLine(sku, qty)], actor=ACTOR, number=number,
        placed_at=T0 + timedelta(hours=hours))


def _status(backend, number):
    return backend.run(lambda s: s.scalar(select(Order.status).where(Order.number == number)))


def test_oldest_order_reserves_first_even_if_imported_later(backend):
    backend.run(add_product, "PEN", 3)
    backend.run(_manual, "PEN", 2, 5, "NEWER")
    assert _status(backend, "NEWER") == "reserved"
    backend.run(_manual, "PEN", 2, 1, "OLDER")
    # Stock already held is not taken away from an order; the older one waits.
    assert _status(backend, "OLDER") == "backorder"
    assert backend.run(ledger.check_ledger) == []


def test_priority_goes_before_age(backend):
    backend.run(add_product, "PEN", 0)

    def two_orders(session):
        a = _manual(session, "PEN", 1, 1, "OLD")
        b = _manual(session, "PEN", 1, 9, "URGENT")
        order_actions.set_priority(session, b, priority=5, actor=ACTOR)
        supplier = ledger.location_id(session, "SUPPLIER")
        bin_id = ledger.get_or_create_bin(session, "A-01-1")
        pid = session.scalar(select(Product.id))
        ledger.move(session, ledger.MoveSpec(pid, supplier, bin_id, 1, "receive"))
        order_reservations.reserve_open_orders(session, actor=ACTOR)
        return a, b

    backend.run(two_orders)
    assert (_status(backend, "OLD"), _status(backend, "URGENT")) == ("backorder", "reserved")


def test_backorder_lines_say_why(backend):
    backend.run(add_product, "MUG-RED", 1)
    import_file(backend, "shopify_orders.csv")
    oid = backend.run(lambda s: s.scalar(select(Order.id).where(Order.number == "#1001")))
    states = {ln.channel_sku: ln for ln in backend.run(order_reservations.line_states, oid)}
    assert states["MUG-RED"].state == "partly reserved"
    assert states["MUG-RED"].reason == "1 of 2 held; none left in stock"
    assert states["TEE-M"].state == "unmatched"
    assert "not linked" in states["TEE-M"].reason


def test_oversell_report_lists_short_skus_and_orders(backend):
    backend.run(add_product, "MUG-RED", 1)
    backend.run(_manual, "MUG-RED", 1, 0, "C-1")
    import_file(backend, "shopify_orders.csv")
    import_file(backend, "woocommerce_orders.csv", store="Woo", kind="woocommerce")
    report = {r.sku: r for r in backend.run(order_reservations.oversell_report)}
    mug = report["MUG-RED"]
    assert (mug.available, mug.open_demand, mug.short) == (0, 5, 5)
    assert mug.orders == ("#1001", "4501")
    assert mug.linked
    tee = report["TEE-M"]
    assert not tee.linked and tee.orders == ("#1001",)


def test_hold_keeps_stock_release_reserves_and_cancel_gives_it_back(backend):
    backend.run(add_product, "PEN", 2)
    oid = backend.run(_manual, "PEN", 2, 0, "C-9")
    assert backend.run(order_actions.hold_order, oid, actor=ACTOR) == "on_hold"
    assert backend.run(order_actions.release_hold, oid, actor=ACTOR) == "reserved"
    assert backend.run(order_actions.cancel_order, oid, actor=ACTOR, reason="phoned") == 2
    assert _status(backend, "C-9") == "cancelled"
    assert backend.run(ledger.check_ledger) == []
    other = backend.run(_manual, "PEN", 2, 1, "C-10")
    assert backend.run(lambda s: s.get(Order, other).status) == "reserved"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stock=st.integers(0, 6),
       orders=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 48)), min_size=1,
                       max_size=6))
def test_no_younger_order_holds_stock_an_older_one_lacks(migrated_sqlite, stock, orders):
    with tempfile.TemporaryDirectory() as tmp:
        # A new store per example: a copy of the migrated file (see tests/conftest.py).
        shutil.copyfile(migrated_sqlite, Path(tmp) / "r.sqlite3")
        db = open_database(str(Path(tmp) / "r.sqlite3"))
        try:
            backend = Backend(db.sessions, actor=ACTOR)
            backend.run(add_product, "PEN", 0)
            for i, (qty, hours) in enumerate(orders):
                backend.run(_manual, "PEN", qty, hours, f"N{i}")
            if stock:
                def receive(session):
                    pid = session.scalar(select(Product.id))
                    ledger.move(session, ledger.MoveSpec(
                        pid, ledger.location_id(session, "SUPPLIER"),
                        ledger.get_or_create_bin(session, "A-01-1"), stock, "receive"))
                    order_reservations.reserve_open_orders(session, actor=ACTOR)
                backend.run(receive)
            assert backend.run(ledger.check_ledger) == []
            def held_per_order(session):
                out = []
                for o in session.scalars(select(Order).order_by(Order.placed_at, Order.id)):
                    held = sum(session.scalars(select(Reservation.quantity).where(
                        Reservation.order_line_id.in_([ln.id for ln in o.lines]))))
                    out.append((held, sum(ln.quantity for ln in o.lines)))
                return out

            held = backend.run(held_per_order)
            assert sum(h for h, _q in held) == min(stock, sum(q for _h, q in held))
            for i, (h, q) in enumerate(held):
                if h < q:   # short: it took the last units, nothing younger holds any
                    assert all(later_h == 0 for later_h, _q in held[i + 1:])
        finally:
            db.dispose()


def test_a_cancellation_by_import_frees_stock_for_the_next_order(backend):
    from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
    from app.services.orders.importing import import_orders

    backend.run(add_product, "PEN", 2)
    backend.run(_manual, "PEN", 2, 0, "FIRST")
    backend.run(_manual, "PEN", 2, 1, "SECOND")
    assert (_status(backend, "FIRST"), _status(backend, "SECOND")) == ("reserved", "backorder")
    cancelled = OrderRecord("FIRST", "FIRST", T0, "EUR",
                            (OrderLineRecord("PEN", "Pen", 2, 1000),), cancelled=True)

    def job(session):
        store = resolve_store(session, "Counter", "counter")
        return import_orders(session, ParseResult("test", (cancelled,)), store.id, actor=ACTOR)

    summary = backend.run(job)
    assert summary.changes == ("FIRST: cancelled",)
    assert (_status(backend, "FIRST"), _status(backend, "SECOND")) == ("cancelled", "reserved")
    assert backend.run(ledger.check_ledger) == []


def test_an_import_and_the_waiting_orders_take_stock_in_turn(backend):
    """The import's new orders (still staged on SQLite) and the store's waiting orders get
    the stock in one turn: priority, then oldest, whichever side an order is on."""
    from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
    from app.services.orders.importing import import_orders

    backend.run(add_product, "PEN", 0)

    def waiting(session):
        wait = _manual(session, "PEN", 2, 5, "WAIT")
        urgent = _manual(session, "PEN", 1, 20, "URGENT")
        order_actions.set_priority(session, urgent, priority=5, actor=ACTOR)
        pid = session.scalar(select(Product.id))
        # Stock arrives without a reservation run: the waiting orders have not had it.
        ledger.move(session, ledger.MoveSpec(pid, ledger.location_id(session, "SUPPLIER"),
                                             ledger.get_or_create_bin(session, "A-01-1"), 4,
                                             "receive"))
        return wait, urgent

    backend.run(waiting)
    assert (_status(backend, "WAIT"), _status(backend, "URGENT")) == ("backorder", "backorder")
    pen = (OrderLineRecord("PEN", "Pen", 2, 1000),)
    records = (OrderRecord("A", "A", T0 + timedelta(hours=1), "EUR", pen),
               OrderRecord("B", "B", T0 + timedelta(hours=9), "EUR",
                           (OrderLineRecord("PEN", "Pen", 1, 1000),)))

    def job(session):
        store = resolve_store(session, "Shop", "shopify", currency="EUR")
        return import_orders(session, ParseResult("test", records), store.id, actor=ACTOR)

    summary = backend.run(job)
    assert summary.new == 2 and summary.backorders == 2   # WAIT (1 of 2 held) and B
    assert [_status(backend, n) for n in ("URGENT", "A", "WAIT", "B")] == [
        "reserved", "reserved", "backorder", "backorder"]

    def held(session, number):
        return sum(session.scalars(select(Reservation.quantity).join(
            OrderLine, OrderLine.id == Reservation.order_line_id).join(Order).where(
            Order.number == number)))

    assert [backend.read(held, n) for n in ("URGENT", "A", "WAIT", "B")] == [1, 2, 1, 0]
    assert backend.run(ledger.check_ledger) == []
    # Each status change is in the audit trail, from what the order was.
    events = backend.read(lambda s: s.execute(select(AuditEvent.entity_id, AuditEvent.action,
                                                     AuditEvent.details)
                                              .where(AuditEvent.action.in_(
                                                  ("reserved", "backorder")))).all())
    ids = backend.read(lambda s: dict(s.execute(select(Order.number, Order.id)).all()))
    last = {oid: (action, details) for oid, action, details in events}
    assert last[ids["A"]] == ("reserved", '{"from": "new"}')
    assert last[ids["B"]] == ("backorder", '{"from": "new"}')
    assert last[ids["URGENT"]] == ("reserved", '{"from": "backorder"}')
