"""A day at the packing table on the demo store: pick a batch, pack every order by scanning
its tote and items, hand the parcels over, export the confirmations; the ledger balances."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.models import Barcode, Order, OrderLine
from app.services.core.backend import Actor
from app.services.packing import picking
from app.services.packing import shipping as shipping_confirm
from app.services.packing import station as packing
from app.services.packing.completing import complete_pack
from app.services.packing.reads import pack_stats
from app.services.stock import ledger

PACKER = Actor("pat", "packing-1")


def _units(session, order_id):
    """Each unit of the order as the barcode a scanner would read."""
    rows = session.execute(select(OrderLine.quantity, Barcode.code)
                           .join(Barcode, Barcode.product_id == OrderLine.product_id)
                           .where(OrderLine.order_id == order_id, Barcode.kind == "ean13")
                           .order_by(OrderLine.id)).all()
    return [code for qty, code in rows for _ in range(qty)]


def test_pick_pack_ship_export(demo_backend):
    b = demo_backend
    ids = b.run(picking.choose_orders, limit=10)
    assert ids, "the demo has reserved orders"
    pick = b.run(picking.create_pick_list, PACKER, ids)
    for row in pick.rows:
        for _ in range(row.quantity):
            b.run(picking.pick_scan, pick.id, row.barcode)
    assert b.run(picking.pick_list_view, pick.id).status == "done"

    for n, (number, tote) in enumerate(pick.orders, start=1):
        view = b.run(packing.open_order, PACKER, tote)
        assert view.number == number
        for code in b.run(_units, view.order_id):
            b.run(packing.scan_item, PACKER, view.order_id, code)
        b.run(packing.set_tracking, PACKER, view.order_id, f"E2E{n:05d}", carrier="DHL")
        done = b.run(complete_pack, PACKER, view.order_id)
        assert done.items == view.total

    assert b.run(shipping_confirm.ship_batch, PACKER, pick_list_id=pick.id) == len(ids)
    statuses = b.run(lambda s: set(s.scalars(select(Order.status).where(Order.id.in_(ids)))))
    assert statuses == {"shipped"}
    assert b.run(ledger.check_ledger) == []
    rows = b.run(shipping_confirm.confirmations)
    text = shipping_confirm.generic_confirmation_csv(rows)
    exported = {r["tracking_number"] for r in csv.DictReader(io.StringIO(text))}
    assert {f"E2E{n:05d}" for n in range(1, len(ids) + 1)} <= exported
    stats = b.run(pack_stats, since=datetime.now(UTC) - timedelta(hours=1),
                  station="packing-1")
    assert stats.packed_today == len(ids)
