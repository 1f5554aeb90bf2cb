"""The stock ledger: moves, levels, reservations, reversal, immutability."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from app.models import Product, StockMove
from app.services.core.backend import Actor
from app.services.core.errors import ImmutableRecord, InsufficientStock
from app.services.stock import ledger


def _product(session, sku="P1") -> int:
    p = Product(sku=sku, name=sku, currency="EUR")
    session.add(p)
    session.flush()
    return p.id


def test_receive_move_ship_keeps_levels_equal_to_moves(session):
    v = ledger.ensure_virtual_locations(session)
    a, b = ledger.get_or_create_bin(session, "A-01"), ledger.get_or_create_bin(session, "B-01")
    p = _product(session)
    ledger.move(session, ledger.MoveSpec(p, v["SUPPLIER"], a, 10, "receive"))
    ledger.move(session, ledger.MoveSpec(p, a, b, 4, "transfer"))
    ledger.move(session, ledger.MoveSpec(p, b, v["CUSTOMER"], 1, "ship"), actor=Actor("x", "y"))
    levels = {loc: oh for loc, (oh, _r) in
              {k[1]: v for k, v in ledger.expected_levels(session).items()}.items()}
    assert levels == {a: 6, b: 3}
    assert ledger.check_ledger(session) == []


def test_cannot_take_more_than_on_hand_and_nothing_changes(session):
    v = ledger.ensure_virtual_locations(session)
    a = ledger.get_or_create_bin(session, "A-01")
    p = _product(session)
    ledger.move(session, ledger.MoveSpec(p, v["SUPPLIER"], a, 2, "receive"))
    with pytest.raises(InsufficientStock, match="Not enough P1 in A-01: 2 available, 3 needed"):
        ledger.move(session, ledger.MoveSpec(p, a, v["CUSTOMER"], 3, "ship"))
    assert session.scalar(select(StockMove.id).where(StockMove.reason == "ship")) is None
    assert ledger.check_ledger(session) == []


def test_reserved_units_cannot_leave_for_another_purpose(session):
    from app.models import Order, OrderLine, Store

    v = ledger.ensure_virtual_locations(session)
    a = ledger.get_or_create_bin(session, "A-01")
    p = _product(session)
    ledger.move(session, ledger.MoveSpec(p, v["SUPPLIER"], a, 3, "receive"))
    store = Store(name="S", kind="shopify", currency="EUR")
    session.add(store)
    session.flush()
    from app.models import utcnow
    order = Order(store_id=store.id, external_id="1", number="#1", placed_at=utcnow(),
                  currency="EUR", lines=[OrderLine(product_id=p, quantity=2)])
    session.add(order)
    session.flush()
    line = order.lines[0].id
    assert ledger.reserve(session, line, p, 2) == 2
    with pytest.raises(InsufficientStock):
        ledger.move(session, ledger.MoveSpec(p, a, v["SCRAP"], 2, "damaged"))
    # Shipping the line uses its own reservation.
    ledger.move(session, ledger.MoveSpec(p, a, v["CUSTOMER"], 2, "ship", order_line_id=line))
    assert ledger.reserved_for_line(session, line) == []
    assert ledger.check_ledger(session) == []


def test_reverse_undoes_once(session):
    v = ledger.ensure_virtual_locations(session)
    a = ledger.get_or_create_bin(session, "A-01")
    p = _product(session)
    m = ledger.move(session, ledger.MoveSpec(p, v["SUPPLIER"], a, 5, "receive"))
    r = ledger.reverse(session, m)
    assert ledger.expected_levels(session)[(p, a)] == (0, 0)
    with pytest.raises(ImmutableRecord):
        ledger.reverse(session, m)
    with pytest.raises(ImmutableRecord):
        ledger.reverse(session, r)


def test_database_refuses_editing_or_deleting_moves(db):
    with db.sessions() as s, s.begin():
        v = ledger.ensure_virtual_locations(s)
        a = ledger.get_or_create_bin(s, "A-01")
        p = _product(s)
        ledger.move(s, ledger.MoveSpec(p, v["SUPPLIER"], a, 5, "receive"))
    for sql in ("UPDATE stock_moves SET quantity = 50", "DELETE FROM stock_moves"):
        with db.sessions() as s, pytest.raises(SADatabaseError, match="never"):
            s.execute(text(sql))


def test_rebuild_levels_restores_a_damaged_table(session):
    v = ledger.ensure_virtual_locations(session)
    a = ledger.get_or_create_bin(session, "A-01")
    p = _product(session)
    ledger.move(session, ledger.MoveSpec(p, v["SUPPLIER"], a, 5, "receive"))
    session.execute(text("UPDATE stock_levels SET on_hand = 99"))
    assert [x.field for x in ledger.check_ledger(session)] == ["on_hand"]
    ledger.rebuild_levels(session)
    assert ledger.check_ledger(session) == []
