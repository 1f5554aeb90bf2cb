"""Pick lists: bin order, SKUs grouped over orders with tote quantities, scans, short picks."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEvent, Order
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput
from app.services.packing import station as packing
from app.services.packing.picking import (
    WrongBin,
    choose_orders,
    create_pick_list,
    mark_short,
    pick_list_view,
    pick_scan,
    scan_bin,
)
from app.services.stock import ledger
from app.services.stock.scan_codes import Misread
from tests.packing_world import MUG_EAN, TEA_UPC, build_world, make_order

A = Actor("pat", "station-A")


@pytest.fixture
def world(backend):
    def job(session):
        w = build_world(session)
        store = session.scalar(select(Order.store_id).where(Order.id == w.order1))
        # #1003 wants a mug too, and is a single-item order
        w3 = make_order(session, store, "#1003", [(w.mug, 1)])
        return w, w3
    return backend.run(job)


def test_choose_orders_single_item_first(backend, world):
    w, o3 = world
    assert backend.run(choose_orders) == [w.order2, o3, w.order1]
    assert backend.run(choose_orders, limit=1) == [w.order2]


def test_batch_walks_bins_in_path_order_and_groups_skus(backend, world):
    w, o3 = world
    view = backend.run(create_pick_list, A, [w.order1, w.order2, o3])
    assert [r.bin for r in view.rows] == ["A-01-1", "A-02-1", "B-02-1"]
    mug = view.rows[0]
    assert (mug.sku, mug.quantity, mug.barcode) == ("MUG-RED", 3, MUG_EAN)
    assert sorted((t.order_number, t.quantity) for t in mug.totes) == [("#1001", 2),
                                                                       ("#1003", 1)]
    assert backend.run(lambda s: s.get(Order, w.order1).status) == "picking"
    with pytest.raises(InvalidInput, match="already on an open pick list"):
        backend.run(create_pick_list, A, [w.order1])
    assert backend.run(choose_orders) == []


def test_pick_by_scan_fills_totes_in_order(backend, world):
    w, o3 = world
    view = backend.run(create_pick_list, A, [w.order1, o3])
    got = [backend.run(pick_scan, view.id, MUG_EAN) for _ in range(3)]
    assert [g.order_number for g in got] == ["#1001", "#1001", "#1003"]
    with pytest.raises(WrongBin, match="Nothing left"):
        backend.run(pick_scan, view.id, MUG_EAN)
    with pytest.raises(Misread):
        backend.run(pick_scan, view.id, "4006381333932")
    last = backend.run(pick_scan, view.id, TEA_UPC)
    assert last.view.status == "done" and all(r.done for r in last.view.rows)


def test_strict_mode_needs_the_bin_first(backend, world):
    w, _ = world
    view = backend.run(create_pick_list, A, [w.order1], strict_bins=True)
    with pytest.raises(WrongBin, match="Scan the bin first"):
        backend.run(pick_scan, view.id, MUG_EAN)
    with pytest.raises(WrongBin):
        backend.run(scan_bin, view.id, "C-01-1")  # a real bin, nothing to pick there
    here = backend.run(scan_bin, view.id, "a-01-1\r")
    assert here == "A-01-1"
    with pytest.raises(WrongBin, match="in A-01-1"):
        backend.run(pick_scan, view.id, TEA_UPC, bin_code=here)
    assert backend.run(pick_scan, view.id, MUG_EAN, bin_code=here).tote.startswith("T")


def test_short_pick_is_recorded_and_flags_the_order(backend, world):
    w, o3 = world
    view = backend.run(create_pick_list, A, [w.order1, o3])
    backend.run(pick_scan, view.id, MUG_EAN)
    flagged = backend.run(mark_short, A, view.id, "A-01-1", "MUG-RED")
    assert flagged == ["#1001", "#1003"]

    def check(session):
        assert session.get(Order, w.order1).status == "on_hold"
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "short pick"))
        assert len(list(events)) == 2
    backend.run(check)
    row = backend.run(pick_list_view, view.id).rows[0]
    assert (row.picked, row.short) == (1, 2)
    with pytest.raises(InvalidInput):
        backend.run(packing.open_order, A, "#1001")


def test_tote_code_opens_the_order_at_the_station(backend, world):
    w, _ = world
    view = backend.run(create_pick_list, A, [w.order1])
    tote = view.orders[0][1]
    opened = backend.run(packing.open_order, A, tote)
    assert opened.number == "#1001"
    assert backend.run(ledger.check_ledger) == []
