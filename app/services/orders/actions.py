"""Changing orders by hand: hold/release, cancel, priority, ship-to edits, manual orders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Order, Product, Store, utcnow
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.permissions import requires
from app.services.importers.countries import to_iso2
from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
from app.services.orders import reservations as order_reservations
from app.services.orders.reads import SHIP_FIELDS

HOLDABLE = ("new", "reserved", "backorder", "picking")
CANCELLABLE = ("new", "reserved", "backorder", "picking", "packed", "on_hold")


def _order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"No order with id {order_id}.")
    return order


@requires("edit_orders")
def hold_order(session: Session, order_id: int, *, actor: Actor, reason: str = "") -> str:
    """Stop an order from being picked; it keeps what it has reserved."""
    order = _order(session, order_id)
    if order.status not in HOLDABLE:
        raise InvalidInput(f"Order {order.number} is {order.status}; it cannot be put on hold.")
    audit.record(session, actor, "order", order.id, "on hold", reason=reason,
                 previous=order.status)
    order.status = "on_hold"
    return order.status


@requires("edit_orders")
def release_hold(session: Session, order_id: int, *, actor: Actor) -> str:
    """Take an order off hold; it is reserved again (or goes to backorder)."""
    order = _order(session, order_id)
    if order.status != "on_hold":
        raise InvalidInput(f"Order {order.number} is not on hold.")
    order.status = "new"
    audit.record(session, actor, "order", order.id, "released from hold")
    session.flush()
    order_reservations.reserve_open_orders(session, actor=actor, order_ids=[order.id])
    session.refresh(order)
    return order.status


@requires("edit_orders")
def cancel_order(session: Session, order_id: int, *, actor: Actor, reason: str = "") -> int:
    """Cancel an order and give back its reserved stock; returns the units released."""
    order = _order(session, order_id)
    if order.status not in CANCELLABLE:
        raise InvalidInput(f"Order {order.number} is {order.status}; it cannot be cancelled.")
    released = order_reservations.release_order(session, order.id)
    audit.record(session, actor, "order", order.id, "cancelled", reason=reason,
                 previous=order.status, units_released=released)
    order.status = "cancelled"
    return released


@requires("edit_orders")
def set_priority(session: Session, order_id: int, *, priority: int, actor: Actor) -> None:
    """Higher priority reserves first when stock comes in."""
    order = _order(session, order_id)
    audit.record(session, actor, "order", order.id, "priority", old=order.priority,
                 new=priority)
    order.priority = priority


@requires("edit_orders")
def update_ship_to(session: Session, order_id: int, changes: dict[str, str], *,
                   actor: Actor) -> dict[str, str]:
    """Edit the ship-to address; the audit keeps what it was and what it became."""
    order = _order(session, order_id)
    unknown = set(changes) - set(SHIP_FIELDS)
    if unknown:
        raise InvalidInput(f"Not an address field: {', '.join(sorted(unknown))}.")
    if order.status in ("shipped", "cancelled"):
        raise InvalidInput(f"Order {order.number} is {order.status}; its address is final.")
    clean = {k: v.strip() for k, v in changes.items()}
    if "country" in clean and clean["country"]:
        code = to_iso2(clean["country"])
        if len(code) != 2:
            raise InvalidInput(f"Unknown country {clean['country']!r}; use a code like DE.")
        clean["country"] = code
    before = {k: getattr(order, f"ship_{k}") for k in clean}
    diff = {k: v for k, v in clean.items() if before[k] != v}
    if diff:
        for k, v in diff.items():
            setattr(order, f"ship_{k}", v)
        audit.record(session, actor, "order", order.id, "address edited",
                     **{k: f"{before[k]!r} -> {v!r}" for k, v in diff.items()})
    return {k: getattr(order, f"ship_{k}") for k in SHIP_FIELDS}


@dataclass(frozen=True)
class ManualLine:
    sku: str
    quantity: int
    unit_price_minor: int | None = None   # None: the product's price


@requires("edit_orders")
def create_manual_order(session: Session, store_id: int, lines: Sequence[ManualLine], *,
                        actor: Actor, customer_name: str = "", customer_email: str = "",
                        ship_to: dict[str, str] | None = None, notes: str = "",
                        number: str = "", placed_at: datetime | None = None) -> int:
    """A shop-counter or phone order, stored and reserved like an imported one."""
    from app.services.orders.importing import import_orders

    store = session.get(Store, store_id)
    if store is None:
        raise NotFound(f"No store with id {store_id}.")
    if not lines:
        raise InvalidInput("An order needs at least one line.")
    records = []
    for ln in lines:
        if ln.quantity <= 0:
            raise InvalidInput(f"{ln.sku}: the quantity must be at least 1.")
        product = session.scalar(select(Product).where(Product.sku == ln.sku.strip()))
        if product is None:
            raise NotFound(f"No product with SKU {ln.sku!r}.")
        price = product.price_minor if ln.unit_price_minor is None else ln.unit_price_minor
        records.append(OrderLineRecord(product.sku, product.name, ln.quantity, price))
    if not number:
        count = session.scalar(select(func.count(Order.id)).where(
            Order.store_id == store_id)) or 0
        number = f"M-{count + 1}"
        while session.scalar(select(Order.id).where(Order.store_id == store_id,
                                                    Order.external_id == number)):
            count += 1
            number = f"M-{count + 1}"
    elif session.scalar(select(Order.id).where(Order.store_id == store_id,
                                               Order.external_id == number)):
        raise InvalidInput(f"{store.name} already has an order {number}.")
    ship = {f: (ship_to or {}).get(f, "").strip() for f in SHIP_FIELDS}
    subtotal = sum(r.quantity * r.unit_price_minor for r in records)
    # OrderRecord's ship_* fields, named from SHIP_FIELDS (all text).
    ship_fields: dict[str, Any] = {f"ship_{k}": (to_iso2(v) if k == "country" else v)
                                   for k, v in ship.items()}
    rec = OrderRecord(
        external_id=number, number=number, placed_at=placed_at or utcnow(),
        currency=store.currency, lines=tuple(records), subtotal_minor=subtotal,
        total_minor=subtotal, financial_status="paid", customer_name=customer_name.strip(),
        customer_email=customer_email.strip().lower(), notes=notes, **ship_fields)
    import_orders(session, ParseResult("manual", (rec,)), store_id, actor=actor)
    order_id = session.scalar(select(Order.id).where(Order.store_id == store_id,
                                                     Order.external_id == number))
    assert order_id is not None
    audit.record(session, actor, "order", order_id, "entered by hand")
    return order_id
