"""Shipments of a PO: each carries units SUPPLIER -> IN-TRANSIT, a real ledger place, so
stock shows them as incoming (with the ETA) until a receipt takes them out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Product
from app.models.suppliers import MODES, POLine, POShipment, POShipmentLine
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.permissions import requires
from app.services.stock import ledger
from app.services.suppliers.landed_cost import allocate
from app.services.suppliers.purchase_orders import get_po, refresh_status

SHIPPABLE = ("sent", "partly_shipped", "partly_received")


@dataclass(frozen=True)
class ShippedPO:
    shipment_id: int
    number: str
    units: int
    status: str


def _remaining(session: Session, po_id: int) -> dict[int, tuple[POLine, int]]:
    lines = session.scalars(select(POLine).where(POLine.po_id == po_id).order_by(POLine.id))
    return {line.product_id: (line, line.quantity - line.shipped) for line in lines}


@requires("move_stock")
def ship(session: Session, po_id: int, mode: str, lines: Sequence[tuple[str, int]] = (), *,
         eta: date | None = None, tracking: str = "", container: str = "",
         actor: Actor) -> ShippedPO:
    """Record a shipment of (sku, units) of a PO, or of all that is not shipped yet."""
    if mode not in MODES:
        raise InvalidInput(f"Mode must be one of {', '.join(MODES)}, not {mode!r}.")
    po = get_po(session, po_id)
    if po.status not in SHIPPABLE:
        hint = " Send it first." if po.status == "draft" else ""
        raise InvalidInput(f"{po.number} is {po.status.replace('_', ' ')}: nothing can be "
                           f"shipped on it.{hint}")
    remaining = _remaining(session, po.id)
    wanted: dict[int, int] = {}
    if lines:
        skus = {sku for sku, _q in lines}
        ids = dict(session.execute(select(Product.sku, Product.id)
                                   .where(Product.sku.in_(skus))).all())
        for sku, qty in lines:
            pid = ids.get(sku)
            if pid is None or pid not in remaining:
                raise InvalidInput(f"{sku} is not on {po.number}.")
            if qty <= 0:
                raise InvalidInput(f"{sku}: ship at least 1 unit, not {qty}.")
            wanted[pid] = wanted.get(pid, 0) + qty
        for pid, qty in wanted.items():
            line, left = remaining[pid]
            if qty > left:
                sku = next(s for s, p in ids.items() if p == pid)
                raise InvalidInput(f"{sku}: {qty} shipped but only {left} of "
                                   f"{line.quantity} ordered are left to ship.")
    else:
        wanted = {pid: left for pid, (_l, left) in remaining.items() if left > 0}
    if not wanted:
        raise InvalidInput(f"Everything on {po.number} has been shipped.")
    count = session.scalar(select(func.count(POShipment.id)).where(
        POShipment.po_id == po.id)) or 0
    shipment = POShipment(number=f"{po.number}-S{count + 1}", po_id=po.id, mode=mode,
                          tracking=tracking.strip(), container=container.strip(), eta=eta)
    session.add(shipment)
    session.flush()
    supplier_place = ledger.location_id(session, "SUPPLIER")
    transit = ledger.location_id(session, "IN-TRANSIT")
    specs = []
    for pid, qty in wanted.items():
        line = remaining[pid][0]
        line.shipped += qty
        session.add(POShipmentLine(shipment_id=shipment.id, po_line_id=line.id, product_id=pid,
                                   quantity=qty))
        specs.append(ledger.MoveSpec(pid, supplier_place, transit, qty, "po_shipped",
                                     reference=shipment.number))
    session.flush()
    allocate(session, shipment)
    ledger.move_many(session, specs, actor=actor)
    status = refresh_status(session, po)
    units = sum(wanted.values())
    audit.record(session, actor, "shipment", shipment.id, "shipped", number=shipment.number,
                 order=po.number, mode=mode, units=units, eta=eta)
    return ShippedPO(shipment.id, shipment.number, units, status)


def incoming(session: Session, product_ids: Sequence[int] | None = None
             ) -> dict[int, tuple[int, date | None]]:
    """Product id -> (units in transit on open shipments, earliest ETA)."""
    open_units = (POShipmentLine.quantity + POShipmentLine.over - POShipmentLine.received
                  - POShipmentLine.damaged - POShipmentLine.short)
    query = (select(POShipmentLine.product_id, func.sum(open_units), func.min(POShipment.eta))
             .join(POShipment, POShipment.id == POShipmentLine.shipment_id)
             .where(POShipment.status == "in_transit", open_units > 0)
             .group_by(POShipmentLine.product_id))
    if product_ids is not None:
        query = query.where(POShipmentLine.product_id.in_(list(product_ids)))
    return {pid: (int(units), eta) for pid, units, eta in session.execute(query)}


def incoming_by_sku(session: Session, skus: Sequence[str] = ()) -> dict[str, dict[str, object]]:
    """SKU -> {"units", "eta"} of what is in transit: for `backroom stock --json`."""
    found = incoming(session)
    if not found:
        return {}
    query = select(Product.id, Product.sku).where(Product.id.in_(list(found)))
    if skus:
        query = query.where(Product.sku.in_(list(skus)))
    out: dict[str, dict[str, object]] = {}
    for pid, sku in session.execute(query):
        units, eta = found[pid]
        out[sku] = {"units": units, "eta": eta.isoformat() if eta else None}
    return out


def get_shipment(session: Session, shipment_id: int) -> POShipment:
    found = session.get(POShipment, shipment_id)
    if found is None:
        raise NotFound(f"There is no shipment {shipment_id}.")
    return found
