"""Completing a pack: stock from its bins to CUSTOMER, shipment and parcels, order packed.

All in the caller's one transaction: if any bin is short, nothing is moved and the order
stays open at the station.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Location, Order, OrderLine, Product, StockLevel, utcnow
from app.models.packing import PackParcel, PackScan, Parcel, ParcelItem, Shipment
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput
from app.services.core.supervisors import supervisor_for_pin
from app.services.packing.reads import pack_view
from app.services.packing.station import NotVerified, _session_for
from app.services.stock import ledger


@dataclass(frozen=True)
class PackedOrder:
    order_id: int
    number: str
    shipment_id: int
    items: int
    parcels: int
    duration_s: int
    moves: int
    override_by: str | None


def _bins_for(session: Session, line: OrderLine, needed: int) -> list[ledger.MoveSpec]:
    """Moves that take `needed` units of a line: its reserved bins first, then the default
    bin, then any bin with free stock in walking order."""
    customer = ledger.location_id(session, "CUSTOMER")
    ref = f"order {line.order.number}"
    specs = []
    for loc, qty in ledger.reserved_for_line(session, line.id):
        take = min(qty, needed)
        if take:
            # Only a line linked to a product holds reservations.
            specs.append(ledger.MoveSpec(cast(int, line.product_id), loc, customer, take, "ship",
                                         ref, order_line_id=line.id))
            needed -= take
    if needed:
        assert line.product_id is not None
        default = session.scalar(select(Product.default_location_id).where(
            Product.id == line.product_id))
        free = session.execute(
            select(StockLevel.location_id, StockLevel.on_hand - StockLevel.reserved)
            .join(Location, Location.id == StockLevel.location_id)
            .where(StockLevel.product_id == line.product_id, Location.kind == "bin",
                   StockLevel.on_hand > StockLevel.reserved)
            .order_by((StockLevel.location_id == default).desc(), Location.path_order)).all()
        for loc, available in free:
            take = min(available, needed)
            specs.append(ledger.MoveSpec(line.product_id, loc, customer, take, "ship", ref))
            needed -= take
            if not needed:
                break
        if needed:  # let the ledger name the SKU and bin in its refusal
            loc = session.scalar(select(Product.default_location_id).where(
                Product.id == line.product_id)) or ledger.get_or_create_bin(session, "UNASSIGNED")
            specs.append(ledger.MoveSpec(line.product_id, loc, customer, needed, "ship", ref))
    return specs


def complete_pack(session: Session, actor: Actor, order_id: int, *, override_pin: str = "",
                  override_reason: str = "", note: str = "",
                  now: datetime | None = None) -> PackedOrder:
    """Finish the order: only when every unit is verified, or with a supervisor's override."""
    now = now or utcnow()
    ps = _session_for(session, actor, order_id, now)
    view = pack_view(session, order_id)
    override_by = None
    if not view.complete:
        missing = [f"{line.quantity - line.verified} × {line.sku}" for line in view.lines
                   if not line.done]
        if not override_pin:
            raise NotVerified(f"Not complete: {view.verified} of {view.total} items verified; "
                              f"still to scan {', '.join(missing)}.")
        if not override_reason.strip():
            raise InvalidInput("An override needs a reason.")
        override_by = supervisor_for_pin(session, override_pin)
    order = session.get(Order, order_id)
    assert order is not None
    specs: list[ledger.MoveSpec] = []
    for line in order.lines:
        specs += _bins_for(session, line, line.quantity)
    move_ids = ledger.move_many(session, specs, actor=actor)
    duration = max(0, int((now - ps.started_at).total_seconds()))
    shipment = Shipment(order_id=order_id, carrier=ps.carrier, packed_by=actor.user,
                        station=actor.station, started_at=ps.started_at, packed_at=now,
                        duration_s=duration, items=view.total, errors=ps.errors,
                        override_by=override_by,
                        override_reason=override_reason.strip()[:255] or None)
    session.add(shipment)
    session.flush()
    parcel_ids = {}
    for p in session.scalars(select(PackParcel).where(PackParcel.pack_session_id == ps.id)
                             .order_by(PackParcel.number)):
        parcel = Parcel(shipment_id=shipment.id, number=p.number, weight_g=p.weight_g,
                        tracking=p.tracking)
        session.add(parcel)
        session.flush()
        parcel_ids[p.number] = parcel.id
    packed: dict[tuple[int, int], int] = defaultdict(int)
    for parcel_no, line_id, qty in session.execute(
            select(PackScan.parcel_no, PackScan.order_line_id, func.sum(PackScan.quantity))
            .where(PackScan.pack_session_id == ps.id)
            .group_by(PackScan.parcel_no, PackScan.order_line_id)):
        packed[(parcel_no, line_id)] += int(qty)
    for line in order.lines:  # overridden units go in the current parcel
        counted = sum(q for (_, lid), q in packed.items() if lid == line.id)
        if counted < line.quantity:
            packed[(ps.current_parcel, line.id)] += line.quantity - counted
    products = {line.id: line.product_id for line in order.lines}
    for (parcel_no, line_id), qty in sorted(packed.items()):
        if parcel_no not in parcel_ids:
            parcel = Parcel(shipment_id=shipment.id, number=parcel_no)
            session.add(parcel)
            session.flush()
            parcel_ids[parcel_no] = parcel.id
        session.add(ParcelItem(parcel_id=parcel_ids[parcel_no], order_line_id=line_id,
                               product_id=products[line_id], quantity=qty))
    order.status = "packed"
    audit.record(session, actor, "order", order_id, "packed", packer=actor.user,
                 station=actor.station, duration_s=duration, items=view.total,
                 parcels=len(parcel_ids), errors=ps.errors, override_by=override_by,
                 override_reason=override_reason.strip() or None, note=note.strip() or None)
    session.delete(ps)
    session.flush()
    return PackedOrder(order_id, order.number, shipment.id, view.total, len(parcel_ids),
                       duration, len(move_ids), override_by)
