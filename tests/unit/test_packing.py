"""The packing station service: scans counted or refused, claims, undo, parcels, completion."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Order, StockLevel, StockMove
from app.models.packing import PackSession, Parcel, ParcelItem, Shipment
from app.services.core.backend import Actor
from app.services.core.errors import InsufficientStock, InvalidInput, NotFound, UnknownBarcode
from app.services.core.supervisors import PermissionDenied, set_pin
from app.services.packing import station as packing
from app.services.packing.completing import NotVerified, complete_pack
from app.services.packing.reads import pack_stats
from app.services.packing.station import OrderClaimed, OverScan, WrongItem
from app.services.stock import ledger
from app.services.stock.scan_codes import Misread
from tests.packing_world import MUG_EAN, PLACED, STRANGER_EAN, TEA_UPC, build_world, make_order

A = Actor("pat", "station-A")
B = Actor("sam", "station-B")
NOW = PLACED + timedelta(hours=2)


@pytest.fixture
def world(backend):
    return backend.run(build_world)


def levels(backend, world):
    def job(session):
        return sorted(session.execute(select(StockLevel.product_id, StockLevel.location_id,
                                             StockLevel.on_hand, StockLevel.reserved)).all())
    return backend.run(job)


def moves(backend):
    return backend.run(lambda s: s.scalar(select(func.count(StockMove.id))))


def test_open_by_number_with_and_without_hash_and_resume(backend, world):
    view = backend.run(packing.open_order, A, "#1001", now=NOW)
    assert (view.order_id, view.number, view.total, view.verified) == (world.order1, "#1001",
                                                                        3, 0)
    assert [line.sku for line in view.lines] == ["MUG-RED", "TEA-50"]
    assert view.lines[0].bins == "A-01-1"
    again = backend.run(packing.open_order, A, "1001\r", now=NOW)
    assert again.order_id == world.order1


def test_unknown_order_and_not_packable(backend, world):
    with pytest.raises(NotFound):
        backend.run(packing.open_order, A, "#9999", now=NOW)
    backend.run(lambda s: setattr(s.get(Order, world.order2), "status", "cancelled"))
    with pytest.raises(InvalidInput, match="cancelled"):
        backend.run(packing.open_order, A, "#1002", now=NOW)


def test_right_items_count_and_upc_matches_its_ean13(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    r = backend.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW)
    assert r.added == 1 and r.view.verified == 1 and "1 of 2" in r.message
    r = backend.run(packing.scan_item, A, world.order1, "0" + TEA_UPC, now=NOW)  # EAN-13 form
    assert r.view.lines[1].done
    r = backend.run(packing.scan_item, A, world.order1, "]E0" + MUG_EAN, now=NOW)
    assert r.view.complete


@pytest.mark.parametrize("raw, error", [
    ("4006381333932", Misread),          # wrong check digit: never looked up
    (STRANGER_EAN, UnknownBarcode),      # valid but nobody's barcode
    ("PEN-1", WrongItem),                # a real product, another order's
    ("96385074", WrongItem),             # EAN-8 of the vase
])
def test_refusals_change_nothing(backend, world, raw, error):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    backend.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW)
    before = (levels(backend, world), moves(backend),
              backend.run(packing.pack_view, world.order1).verified)
    with pytest.raises(error) as info:
        backend.run(packing.scan_item, A, world.order1, raw, now=NOW)
    assert str(info.value)
    after = (levels(backend, world), moves(backend),
             backend.run(packing.pack_view, world.order1).verified)
    assert before == after
    assert backend.run(packing.note_refusal, A, world.order1, str(info.value)) == 1


def test_over_scan_is_refused(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    backend.run(packing.scan_item, A, world.order1, TEA_UPC, now=NOW)
    with pytest.raises(OverScan, match="already packed"):
        backend.run(packing.scan_item, A, world.order1, TEA_UPC, now=NOW)
    assert backend.run(packing.pack_view, world.order1).verified == 1


def test_undo_takes_back_the_last_scan_only(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    backend.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW)
    backend.run(packing.scan_item, A, world.order1, TEA_UPC, now=NOW)
    view = backend.run(packing.undo_last, A, world.order1, now=NOW)
    assert [line.verified for line in view.lines] == [1, 0]
    backend.run(packing.undo_last, A, world.order1, now=NOW)
    with pytest.raises(InvalidInput, match="Nothing to undo"):
        backend.run(packing.undo_last, A, world.order1, now=NOW)


def test_typed_quantity_needs_permission(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    line = backend.run(packing.pack_view, world.order1).lines[0].line_id
    with pytest.raises(PermissionDenied):
        backend.run(packing.type_quantity, A, world.order1, line, 2, now=NOW)
    backend.run(set_pin, "boss", "4321")
    with pytest.raises(PermissionDenied):
        backend.run(packing.type_quantity, A, world.order1, line, 2, pin="1111", now=NOW)
    with pytest.raises(OverScan):
        backend.run(packing.type_quantity, A, world.order1, line, 3, pin="4321", now=NOW)
    r = backend.run(packing.type_quantity, A, world.order1, line, 2, pin="4321", now=NOW)
    assert r.view.lines[0].done
    boss = Actor("boss", "station-A")
    backend.run(packing.type_quantity, boss, world.order1, r.view.lines[1].line_id, 1, now=NOW)


def test_two_stations_never_pack_the_same_order(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    with pytest.raises(OrderClaimed, match="station-A by pat"):
        backend.run(packing.open_order, B, "#1001", now=NOW + timedelta(minutes=5))
    with pytest.raises(OrderClaimed):
        backend.run(packing.scan_item, B, world.order1, MUG_EAN, now=NOW)
    # After the claim expires B may take it over; A can then no longer scan into it.
    later = NOW + timedelta(minutes=packing.CLAIM_MINUTES + 1)
    view = backend.run(packing.open_order, B, "#1001", now=later)
    assert view.station == "station-B"
    with pytest.raises(OrderClaimed):
        backend.run(packing.scan_item, A, world.order1, MUG_EAN, now=later)


def test_scanning_keeps_the_claim_alive(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    step = timedelta(minutes=packing.CLAIM_MINUTES - 2)
    backend.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW + step)
    with pytest.raises(OrderClaimed):
        backend.run(packing.open_order, B, "#1001", now=NOW + step * 1.5)


def test_complete_only_when_verified(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    backend.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW)
    with pytest.raises(NotVerified, match="1 of 3"):
        backend.run(complete_pack, A, world.order1, now=NOW)
    assert backend.run(lambda s: s.get(Order, world.order1).status) == "reserved"


def _pack_all(backend, world, actor=A):
    backend.run(packing.open_order, actor, "#1001", now=NOW)
    backend.run(packing.scan_item, actor, world.order1, MUG_EAN, now=NOW)
    backend.run(packing.use_parcel, actor, world.order1, now=NOW)  # parcel 2
    backend.run(packing.scan_item, actor, world.order1, MUG_EAN, now=NOW)
    backend.run(packing.scan_item, actor, world.order1, TEA_UPC, now=NOW)
    backend.run(packing.set_weight, actor, world.order1, 850, 1, now=NOW)
    backend.run(packing.set_weight, actor, world.order1, 420, now=NOW)
    backend.run(packing.set_tracking, actor, world.order1, "1Z999AA10123456784", 1,
                carrier="UPS", now=NOW)
    backend.run(packing.set_tracking, actor, world.order1, "1Z999AA10123456785", 2, now=NOW)


def test_full_pack_moves_stock_in_one_go_and_records_everything(backend, world):
    _pack_all(backend, world)
    done = backend.run(complete_pack, A, world.order1, now=NOW + timedelta(seconds=95))
    assert (done.items, done.parcels, done.duration_s, done.moves) == (3, 2, 95, 2)

    def check(session):
        order = session.get(Order, world.order1)
        assert order.status == "packed"
        mug_bin = session.get(StockLevel, (world.mug, world.bins["A-01-1"]))
        tea_bin = session.get(StockLevel, (world.tea, world.bins["B-02-1"]))
        assert (mug_bin.on_hand, mug_bin.reserved) == (8, 0)
        assert (tea_bin.on_hand, tea_bin.reserved) == (4, 0)
        customer = ledger.location_id(session, "CUSTOMER")
        shipped = session.scalars(select(StockMove).where(StockMove.to_location_id == customer))
        assert sorted((m.product_id, m.quantity, m.station) for m in shipped) == sorted(
            [(world.mug, 2, "station-A"), (world.tea, 1, "station-A")])
        assert ledger.check_ledger(session) == []
        shipment = session.scalar(select(Shipment).where(Shipment.order_id == world.order1))
        assert (shipment.packed_by, shipment.station, shipment.carrier) == ("pat", "station-A",
                                                                           "UPS")
        parcels = session.scalars(select(Parcel).where(Parcel.shipment_id == shipment.id)
                                  .order_by(Parcel.number)).all()
        assert [(p.number, p.weight_g, p.tracking) for p in parcels] == [
            (1, 850, "1Z999AA10123456784"), (2, 420, "1Z999AA10123456785")]
        items = session.execute(select(Parcel.number, ParcelItem.product_id, ParcelItem.quantity)
                                .join(Parcel).order_by(Parcel.number, ParcelItem.product_id))
        assert sorted(items) == sorted([(1, world.mug, 1), (2, world.mug, 1), (2, world.tea, 1)])
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "packed"))
        details = json.loads(event.details)
        assert (event.user, event.station, details["duration_s"]) == ("pat", "station-A", 95)
        assert session.scalar(select(func.count(PackSession.id))) == 0
    backend.run(check)
    with pytest.raises(packing.AlreadyPacked, match="already packed at station station-A"):
        backend.run(packing.open_order, A, "#1001", now=NOW)
    # the parcel's tracking number finds the order too
    with pytest.raises(packing.AlreadyPacked, match="already packed"):
        backend.run(packing.open_order, A, "1Z999AA10123456785", now=NOW)


def test_override_needs_supervisor_pin_and_reason_and_is_recorded(backend, world):
    backend.run(set_pin, "boss", "4321")
    backend.run(set_pin, "pat", "1234", role="packer")
    backend.run(packing.open_order, A, "#1001", now=NOW)
    backend.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW)
    with pytest.raises(PermissionDenied):
        backend.run(complete_pack, A, world.order1, override_pin="1234", override_reason="x",
                    now=NOW)
    with pytest.raises(InvalidInput, match="reason"):
        backend.run(complete_pack, A, world.order1, override_pin="4321", now=NOW)
    done = backend.run(complete_pack, A, world.order1, override_pin="4321",
                       override_reason="Tea label torn, checked by eye", now=NOW)
    assert done.override_by == "boss" and done.items == 3

    def check(session):
        shipment = session.scalar(select(Shipment))
        assert (shipment.override_by, shipment.override_reason) == (
            "boss", "Tea label torn, checked by eye")
        assert session.scalar(select(func.sum(ParcelItem.quantity))) == 3
    backend.run(check)


def test_short_bin_refuses_completion_and_changes_nothing(backend, world):
    backend.run(packing.open_order, A, "#1002", now=NOW)
    backend.run(packing.scan_item, A, world.order2, "PEN-1", now=NOW)

    def empty_pen_bin(session):
        ledger.release(session, session.scalars(select(ledger.Reservation.order_line_id))
                       .all()[-1])
        ledger.move(session, ledger.MoveSpec(world.pen, world.bins["A-02-1"],
                                             ledger.location_id(session, "SCRAP"), 3, "scrap"))
    backend.run(empty_pen_bin)
    before = (levels(backend, world), moves(backend))
    with pytest.raises(InsufficientStock, match="PEN-1"):
        backend.run(complete_pack, A, world.order2, now=NOW)
    assert (levels(backend, world), moves(backend)) == before
    assert backend.run(lambda s: s.get(Order, world.order2).status) == "reserved"


def test_parcels_and_put_aside(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    view = backend.run(packing.use_parcel, A, world.order1, now=NOW)
    assert [p.number for p in view.parcels] == [1, 2] and view.current_parcel == 2
    with pytest.raises(InvalidInput):
        backend.run(packing.use_parcel, A, world.order1, 5, now=NOW)
    assert backend.run(packing.use_parcel, A, world.order1, 1, now=NOW).current_parcel == 1
    backend.run(packing.put_aside, A, world.order1)
    assert backend.run(packing.open_order, B, "#1001", now=NOW).station == "station-B"


def test_live_stats(backend, world):
    _pack_all(backend, world)
    backend.run(packing.note_refusal, A, world.order1, "wrong item")
    backend.run(complete_pack, A, world.order1, now=NOW + timedelta(minutes=2))
    stats = backend.run(pack_stats, since=NOW - timedelta(hours=1))
    assert (stats.packed_today, stats.items_today, stats.errors_caught) == (1, 3, 1)
    assert stats.items_per_hour == 90.0



def _store_id(session):
    from app.models import Store
    return session.scalar(select(Store.id))


def _claims(backend):
    return backend.run(lambda s: s.scalar(select(func.count(PackSession.id))))


def test_an_order_with_nothing_in_its_bins_is_refused_when_scanned(backend, world):
    """Not after every item is scanned: at the slip, saying what is short, where stock is,
    and what to do. When the stock is back in a bin the same order opens."""
    def setup(session):
        ledger.move(session, ledger.MoveSpec(world.vase, world.bins["C-01-1"],
                                             ledger.location_id(session, "QUARANTINE"), 2,
                                             "transfer"))
        return make_order(session, _store_id(session), "#1003", [(world.vase, 1)],
                          status="backorder", reserve=False)
    order3 = backend.run(setup)
    with pytest.raises(packing.OrderShort) as info:
        backend.run(packing.open_order, A, "#1003", now=NOW)
    text = str(info.value)
    assert "Order #1003 cannot be packed" in text
    assert "VASE-1 (Glass vase): 1 short, 0 of 1 in bins — 2 in QUARANTINE" in text
    assert "Put its items aside and scan another order" in text and "into a bin" in text
    assert [(s.sku, s.short) for s in info.value.shortages] == [("VASE-1", 1)]
    assert _claims(backend) == 0          # not opened, nothing to put aside
    backend.run(lambda s: ledger.move(s, ledger.MoveSpec(
        world.vase, ledger.location_id(s, "QUARANTINE"), world.bins["C-01-1"], 2, "transfer")))
    view = backend.run(packing.open_order, A, "#1003", now=NOW)
    assert view.order_id == order3 and view.total == 1


def test_a_part_short_order_is_refused_too_with_what_is_there(backend, world):
    """Some units there is still not enough: completing takes every unit (nothing ships part
    of an order), so it is refused at the slip with how many are there and missing."""
    backend.run(lambda s: make_order(s, _store_id(s), "#1003", [(world.mug, 9)],
                                     status="backorder", reserve=False))
    with pytest.raises(packing.OrderShort) as info:
        backend.run(packing.open_order, A, "#1003", now=NOW)
    assert ("MUG-RED (Red enamel mug): 1 short, 8 of 9 in bins — 2 in A-01-1 held for other "
            "orders") in str(info.value)
    # The reserved orders of the same shop open as before.
    assert backend.run(packing.open_order, A, "#1001", now=NOW).total == 3


def test_a_reserved_order_is_not_short_of_its_own_units(backend, world):
    assert backend.run(packing.shortages, world.order1) == []


def test_one_product_on_two_lines_is_one_line_to_scan(backend, world):
    """Two listings linked to one product: the packer sees one line of 3 and scans 3; every
    unit lands on an order line (a count may span both), and both lines ship."""
    order3 = backend.run(lambda s: make_order(s, _store_id(s), "#1003",
                                              [(world.mug, 1), (world.mug, 2)]))
    view = backend.run(packing.open_order, A, "#1003", now=NOW)
    assert [(x.sku, x.quantity, x.verified, len(x.line_ids)) for x in view.lines] == [
        ("MUG-RED", 3, 0, 2)]
    r = backend.run(packing.scan_item, A, order3, MUG_EAN, now=NOW)
    assert r.message == "Red enamel mug: 1 of 3" and r.view.last_line_id == r.line_id
    backend.run(set_pin, "boss", "4321")
    r = backend.run(packing.type_quantity, A, order3, view.lines[0].line_id, 2, pin="4321",
                    now=NOW)
    assert r.view.complete and r.message == "Red enamel mug: 3 of 3"
    with pytest.raises(OverScan, match="all 3 × Red enamel mug"):
        backend.run(packing.scan_item, A, order3, MUG_EAN, now=NOW)
    backend.run(complete_pack, A, order3, now=NOW)

    def shipped(session):
        return sorted(session.execute(select(ParcelItem.order_line_id, ParcelItem.quantity))
                      .all())
    assert [q for _, q in backend.run(shipped)] == [1, 2]


def test_a_count_spanning_two_lines_of_one_product_is_not_refused(backend, world):
    order3 = backend.run(lambda s: make_order(s, _store_id(s), "#1003",
                                              [(world.mug, 1), (world.mug, 2)]))
    backend.run(packing.open_order, A, "#1003", now=NOW)
    line = backend.run(packing.pack_view, order3).lines[0].line_id
    backend.run(set_pin, "boss", "4321")
    view = backend.run(packing.type_quantity, A, order3, line, 3, pin="4321", now=NOW).view
    assert view.complete
