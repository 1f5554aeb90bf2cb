"""Opening, receiving and refunding returns on both databases; the ledger always holds."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Order, StockLevel, StockMove, Store
from app.models.returns import ReturnUnit
from app.services.core.errors import BackroomError, InvalidInput, NotFound, UnknownBarcode
from app.services.returns import opening, reads, reasons, receiving, refunds
from app.services.stock import ledger
from tests.packing_world import MUG_EAN, make_order
from tests.unit.returns.world import PACKER, ledger_holds, shipped_world


def _on_hand(session, product_id: int, code: str) -> int:
    loc = ledger.location_id(session, code)
    return session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product_id, StockLevel.location_id == loc)) or 0


def _moves(session) -> int:
    return session.scalar(select(func.count(StockMove.id))) or 0


def test_a_whole_return_restock_scrap_refund(session):
    w = shipped_world(session)
    opened = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 2), ("TEA-50", 1)],
                                   "damaged", note="box crushed")
    assert opened.number == opening.return_number(opened.id) and opened.units == 3
    before = _on_hand(session, w.mug, "A-01-1")
    got = receiving.receive_scan(session, PACKER, opened.id, MUG_EAN, condition="new",
                                 disposition="restock", bin_code="a-01-1")
    assert (got.sku, got.place, got.remaining) == ("MUG-RED", "A-01-1", 2)
    assert _on_hand(session, w.mug, "A-01-1") == before + 1
    receiving.receive_scan(session, PACKER, opened.id, "MUG-RED", condition="damaged",
                           disposition="scrap")
    got = receiving.receive_scan(session, PACKER, opened.id, "TEA-50", condition="opened",
                                 disposition="quarantine")
    assert got.status == "received" and got.remaining == 0
    assert _on_hand(session, w.tea, "QUARANTINE") == 1
    view = reads.return_view(session, opened.id)
    assert [(ln.sku, ln.expected, ln.received) for ln in view.lines] == [
        ("MUG-RED", 2, 2), ("TEA-50", 1, 1)]
    assert view.lines[0].condition == "damaged, new"
    refund = refunds.record_refund(session, PACKER, opened.id, "20.00", shipping="4.00",
                                   fee="1.50")
    assert refund.total_minor == 2250
    assert reads.return_view(session, opened.id).status == "refunded"
    assert ledger_holds(session)


def test_every_disposition_is_one_move_into_a_real_place(session):
    w = shipped_world(session)
    r = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 2), ("TEA-50", 1)],
                              "changed_mind")
    moves = _moves(session)
    receiving.receive(session, PACKER, r.id, [
        receiving.ReceiveItem("MUG-RED", 1, "supplier"),
        receiving.ReceiveItem("MUG-RED", 1, "quarantine"),
        receiving.ReceiveItem("TEA-50", 1, "restock", "B-02-1")])
    assert _moves(session) == moves + 3
    units = session.scalars(select(ReturnUnit).order_by(ReturnUnit.id)).all()
    customer = ledger.location_id(session, "CUSTOMER")
    assert {u.from_location_id for u in units} == {customer}
    for u in units:
        move = session.get(StockMove, u.stock_move_id)
        assert (move.from_location_id, move.to_location_id, move.quantity) == (
            u.from_location_id, u.to_location_id, u.quantity)
    # The quarantined mug is inspected and goes back to its bin: one more move.
    receiving.move_on(session, PACKER, r.id, "MUG-RED", quantity=1, disposition="restock",
                      bin_code="A-01-1")
    assert _on_hand(session, w.mug, "QUARANTINE") == 0
    with pytest.raises(receiving.WrongItem):
        receiving.move_on(session, PACKER, r.id, "MUG-RED", quantity=1, disposition="scrap")
    assert ledger_holds(session)


def test_wrong_and_extra_items_are_refused_and_change_nothing(db):
    with db.sessions() as s, s.begin():
        shipped_world(s)
        rid = opening.create_return(s, PACKER, "#1001", [("MUG-RED", 1)], "doesnt_fit").id
        receiving.receive_scan(s, PACKER, rid, "MUG-RED", condition="new",
                               disposition="quarantine")
    for code, error in (("PEN-1", receiving.WrongItem), ("MUG-RED", receiving.WrongItem),
                        ("NOPE-999", UnknownBarcode)):
        with db.sessions() as s, s.begin():
            moves = _moves(s)
        with pytest.raises(error), db.sessions() as s, s.begin():
            receiving.receive_scan(s, PACKER, rid, code, condition="new",
                                   disposition="scrap")
        with db.sessions() as s, s.begin():
            assert _moves(s) == moves
            assert ledger_holds(s)


def test_never_more_than_shipped_and_not_already_returned(session):
    w = shipped_world(session)
    with pytest.raises(InvalidInput, match="Only 2 of MUG-RED"):
        opening.create_return(session, PACKER, "#1001", [("MUG-RED", 3)], "damaged")
    opening.create_return(session, PACKER, "#1001", [("MUG-RED", 2)], "damaged")
    with pytest.raises(InvalidInput, match="2 already returned"):
        opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "damaged")
    with pytest.raises(InvalidInput, match="not on order"):
        opening.create_return(session, PACKER, "#1001", [("PEN-1", 1)], "damaged")
    with pytest.raises(NotFound, match="Unknown SKU"):
        opening.create_return(session, PACKER, "#1001", [("NOPE", 1)], "damaged")
    # #1002 was never packed: nothing of it can come back.
    with pytest.raises(InvalidInput, match="never shipped"):
        opening.create_return(session, PACKER, "#1002", [("PEN-1", 1)], "damaged")
    assert w.order2


def test_closing_gives_back_what_never_arrived(session):
    shipped_world(session)
    first = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 2)], "damaged")
    receiving.receive_scan(session, PACKER, first.id, "MUG-RED", condition="new",
                           disposition="quarantine")
    refunds.close_return(session, PACKER, first.id)
    view = opening.returnable_order(session, session.scalar(
        select(Order.id).where(Order.number == "#1001")))
    assert {ln.sku: ln.returnable for ln in view.lines} == {"MUG-RED": 1, "TEA-50": 1}
    with pytest.raises(InvalidInput, match="closed"):
        receiving.receive_scan(session, PACKER, first.id, "MUG-RED", condition="new",
                               disposition="scrap")


def test_a_refund_larger_than_was_paid_is_refused(session):
    shipped_world(session)
    r1 = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "damaged")
    r2 = opening.create_return(session, PACKER, "#1001", [("TEA-50", 1)], "damaged")
    # #1001 paid 3 × 12.00 (no order total stored: its lines).
    refunds.record_refund(session, PACKER, r1.id, "30.00", paid_by="marketplace")
    with pytest.raises(InvalidInput, match="more than was paid"):
        refunds.record_refund(session, PACKER, r2.id, "6.01")
    refunds.record_refund(session, PACKER, r2.id, "6.00")
    with pytest.raises(InvalidInput):
        refunds.record_refund(session, PACKER, r2.id, "1", fee="2")
    with pytest.raises(InvalidInput):
        refunds.record_refund(session, PACKER, r2.id, "-1")


@pytest.mark.parametrize("kind", ["shopify", "amazon", "ebay", "etsy", "woocommerce",
                                  "counter", "other"])
def test_returns_work_for_every_store_kind(db_url, kind):
    from app.db import open_database
    db = open_database(db_url)
    try:
        with db.sessions() as s, s.begin():
            w = shipped_world(s)
            store = Store(name=f"{kind} store", kind=kind, currency="GBP")
            s.add(store)
            s.flush()
            oid = make_order(s, store.id, "#1001", [(w.pen, 1)])
            s.get(Order, oid).currency = "GBP"
            from tests.unit.returns.world import pack_and_ship
            pack_and_ship(s, oid)
            with pytest.raises(InvalidInput, match="several stores"):
                opening.create_return(s, PACKER, "#1001", [("PEN-1", 1)], "other")
            r = opening.create_return(s, PACKER, "#1001", [("PEN-1", 1)], "other",
                                      store=f"{kind} store")
            receiving.receive_scan(s, PACKER, r.id, "PEN-1", condition="new",
                                   disposition="restock", bin_code="A-02-1")
            done = refunds.record_refund(s, PACKER, r.id, "12.00")
            assert done.currency == "GBP"
            assert ledger_holds(s)
    finally:
        db.dispose()


def test_the_owner_edits_the_reasons(session):
    assert "damaged" in [r.code for r in reasons.list_reasons(session)]
    added = reasons.save_reason(session, "Arrived broken")
    assert added.code == "arrived_broken"
    assert reasons.find_reason(session, "arrived broken").code == "arrived_broken"
    reasons.save_reason(session, "Arrived broken", code="arrived_broken", active=False)
    with pytest.raises(NotFound):
        reasons.find_reason(session, "arrived_broken")


def test_the_returns_list_filters_and_finds(session):
    w = shipped_world(session)
    r = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "damaged",
                              tracking="RT123")
    assert r.id
    for text in ("#1001", "1001", "MUG-RED", MUG_EAN, "RT123", "Ada", r.number):
        assert [row.id for row in reads.list_returns(session, reads.ReturnFilter(text=text))] \
            == [r.id], text
    assert reads.list_returns(session, reads.ReturnFilter(text="TEA-50")) == []
    assert reads.count_returns(session, reads.ReturnFilter(status="awaiting")) == 1
    text = reads.export_csv(session)
    assert text.splitlines()[1].startswith(f"{r.number},#1001,")
    assert w.mug


def test_a_wrong_scan_at_a_closed_or_missing_return_is_an_error(session):
    with pytest.raises(BackroomError):
        receiving.receive_scan(session, PACKER, 999, "MUG-RED", condition="new",
                               disposition="scrap")


def test_exchange_is_a_new_reserved_order(session):
    shipped_world(session)
    r = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "doesnt_fit")
    new_id = refunds.create_exchange(session, PACKER, r.id, [("TEA-50", 1)])
    order = session.get(Order, new_id)
    assert order.status == "reserved" and order.number == f"#1001-X{r.number}"
    assert ledger_holds(session)


def test_what_returns_tell_you(session):
    from datetime import UTC, datetime

    from app.services.returns.figures import return_figures

    shipped_world(session)
    r = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1), ("TEA-50", 1)],
                              "damaged")
    receiving.receive_scan(session, PACKER, r.id, "MUG-RED", condition="damaged",
                           disposition="scrap")
    receiving.receive_scan(session, PACKER, r.id, "TEA-50", condition="opened",
                           disposition="quarantine")
    f = return_figures(session, datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert [(x.key, x.shipped, x.returned) for x in f.by_product] == [
        ("TEA-50", 1, 1), ("MUG-RED", 2, 1)]
    assert [(x.key, x.returned) for x in f.by_reason] == [("Damaged in transit", 2)]
    assert f.by_store[0].rate == pytest.approx(2 / 3)
    assert f.scrapped_cost_minor == {"EUR": 400} and f.quarantine_cost_minor == {"EUR": 400}
    receiving.move_on(session, PACKER, r.id, "TEA-50", quantity=1, disposition="supplier")
    assert return_figures(session, datetime(2026, 1, 1, tzinfo=UTC),
                          datetime(2027, 1, 1, tzinfo=UTC)).quarantine_cost_minor == {}
