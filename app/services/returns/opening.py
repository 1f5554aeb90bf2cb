"""Opening a return: which units of a shipped order may come back, and recording them.

A line may come back at most as many units as were shipped and not already returned: the
units of every return of the line count, except that a closed return counts only what
actually arrived (closing gives the rest back). Nothing here moves stock; receiving does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.models import Order, OrderLine, Product, Store, utcnow
from app.models.returns import Return, ReturnLine
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.returns.lookup import one_order, products_for_scan
from app.services.returns.reasons import find_reason

SHIPPED_STATUSES = ("packed", "shipped")  # packing moved the units to CUSTOMER
EXPECTED_DAYS = 14                         # a return not arrived after this is overdue
SOURCES = ("manual", "amazon", "shopify", "ebay", "etsy", "woocommerce")


@dataclass(frozen=True)
class ReturnableLine:
    line_id: int
    product_id: int
    sku: str
    name: str
    shipped: int
    returned: int
    unit_price_minor: int

    @property
    def returnable(self) -> int:
        return max(self.shipped - self.returned, 0)


@dataclass(frozen=True)
class ReturnableOrder:
    order_id: int
    number: str
    store: str
    store_kind: str
    status: str
    currency: str
    customer: str
    lines: tuple[ReturnableLine, ...]
    open_return_id: int | None  # a return of this order still to arrive, if any

    @property
    def returnable(self) -> int:
        return sum(line.returnable for line in self.lines)


@dataclass(frozen=True)
class OpenedReturn:
    id: int
    number: str
    order_number: str
    units: int


def returned_by_line(session: Session, line_ids: Sequence[int]) -> dict[int, int]:
    """Units of each order line already on a return (a closed one: only what arrived)."""
    if not line_ids:
        return {}
    counted = case((Return.status == "closed", ReturnLine.received),
                   else_=ReturnLine.quantity)
    return {line: int(units) for line, units in session.execute(
        select(ReturnLine.order_line_id, func.sum(counted))
        .join(Return, Return.id == ReturnLine.return_id)
        .where(ReturnLine.order_line_id.in_(list(line_ids)))
        .group_by(ReturnLine.order_line_id))}


def _why_not_shipped(order: Order) -> str | None:
    if order.fulfilled_by_channel:
        return (f"Order {order.number} was shipped by the channel, not by us; its returns go "
                "back to the channel.")
    if order.status not in SHIPPED_STATUSES:
        return (f"Order {order.number} is {order.status}: it never shipped, so nothing can "
                "come back.")
    return None


def returnable_order(session: Session, order_id: int) -> ReturnableOrder:
    """What of an order may come back (every line, with shipped and already returned)."""
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"No order {order_id}.")
    store = session.get(Store, order.store_id)
    assert store is not None
    lines = _returnable_lines(session, order)
    open_id = session.scalar(select(Return.id).where(
        Return.order_id == order_id, Return.status.in_(("expected", "open", "awaiting")))
        .order_by(Return.id.desc()).limit(1))
    return ReturnableOrder(order.id, order.number, store.name, store.kind, order.status,
                           order.currency, order.bill_name or order.ship_name, lines, open_id)


def _returnable_lines(session: Session, order: Order) -> tuple[ReturnableLine, ...]:
    """Every line of the order with its units shipped and already returned (two reads)."""
    shipped = _why_not_shipped(order) is None
    rows = session.execute(
        select(OrderLine.id, OrderLine.product_id, OrderLine.quantity,
               OrderLine.unit_price_minor, OrderLine.line_total_minor, Product.sku,
               Product.name)
        .join(Product, Product.id == OrderLine.product_id)
        .where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    returned = returned_by_line(session, [r.id for r in rows])
    return tuple(ReturnableLine(
        r.id, r.product_id, r.sku, r.name, r.quantity if shipped else 0, returned.get(r.id, 0),
        (r.line_total_minor // r.quantity) if r.line_total_minor else r.unit_price_minor)
        for r in rows)


def _wanted(session: Session, number: str, order_lines: Sequence[ReturnableLine],
            items: Sequence[tuple[str, int]]) -> dict[int, int]:
    """order line id -> units, from (SKU or barcode, units); refuses what cannot come back."""
    by_product: dict[int, list[ReturnableLine]] = defaultdict(list)
    for line in order_lines:
        by_product[line.product_id].append(line)
    units: dict[int, int] = defaultdict(int)
    for code, qty in items:
        if qty <= 0:
            raise InvalidInput(f"Units of {code} must be at least 1, not {qty}.")
        # The order's own SKUs need no lookup; anything else may be a barcode.
        products = {ln.product_id for ln in order_lines if ln.sku == code.strip()} or \
            products_for_scan(session, code)
        if not products:
            raise NotFound(f"Unknown SKU or barcode {code.strip()!r}.")
        lines = [ln for p in products for ln in by_product.get(p, [])]
        if not lines:
            raise InvalidInput(f"{code.strip()} is not on order {number}.")
        left = qty
        for line in lines:  # spread over the order's lines of this product
            take = min(left, line.returnable - units[line.line_id])
            if take > 0:
                units[line.line_id] += take
                left -= take
        if left:
            total = sum(ln.returnable for ln in lines)
            shipped = sum(ln.shipped for ln in lines)
            raise InvalidInput(
                f"Only {total} of {lines[0].sku} can come back from order {number} "
                f"({shipped} shipped, {shipped - total} already returned), not {qty}.")
    if not units:
        raise InvalidInput("Choose at least one unit that comes back.")
    return dict(units)


def create_return(session: Session, actor: Actor, order: str | int,
                  items: Sequence[tuple[str, int]], reason: str, *, note: str = "",
                  store: str = "", source: str = "manual", external_id: str | None = None,
                  tracking: str = "", now: datetime | None = None,
                  expected: bool = False) -> OpenedReturn:
    """Record that these units of a shipped order (number, scan or id) are coming back;
    `expected`: the store announced it (its returns file), nothing is here yet."""
    order_id = order if isinstance(order, int) else one_order(session, order, store=store)
    row = session.get(Order, order_id)
    if row is None:
        raise NotFound(f"No order {order}.")
    refusal = _why_not_shipped(row)
    if refusal:
        raise InvalidInput(refusal)
    if source not in SOURCES:
        raise InvalidInput(f"Unknown return source {source!r}.")
    why = find_reason(session, reason)
    order_lines = _returnable_lines(session, row)   # (not the store nor an open return)
    units = _wanted(session, row.number, order_lines, items)
    now = now or utcnow()
    ret = Return(number=f"~{uuid4().hex[:20]}", order_id=order_id, store_id=row.store_id,
                 status="expected" if expected else "awaiting" if tracking.strip() else "open",
                 reason_code=why.code,
                 reason=why.label, note=note.strip(), currency=row.currency, source=source,
                 external_id=external_id, tracking=tracking.strip()[:64], created_at=now,
                 created_by=actor.user, expected_by=now + timedelta(days=EXPECTED_DAYS))
    session.add(ret)
    session.flush()
    ret.number = return_number(ret.id)
    product_of = {ln.line_id: ln.product_id for ln in order_lines}
    session.add_all(ReturnLine(return_id=ret.id, order_line_id=line_id,
                               product_id=product_of[line_id], quantity=qty)
                    for line_id, qty in units.items())
    session.flush()
    total = sum(units.values())
    audit.record(session, actor, "return", ret.id, "opened", order_number=row.number,
                 number=ret.number, units=total, reason=why.code, source=source)
    return OpenedReturn(ret.id, ret.number, row.number, total)


def return_number(return_id: int) -> str:
    """The number printed on the return slip: R and at least six digits (Code 128)."""
    return f"R{return_id:06d}"


def set_tracking(session: Session, actor: Actor, return_id: int, tracking: str) -> None:
    """The customer's return parcel is on its way: scanning it later opens this return."""
    ret = session.get(Return, return_id)
    if ret is None:
        raise NotFound(f"No return {return_id}.")
    ret.tracking = tracking.strip()[:64]
    if ret.status == "open":
        ret.status = "awaiting"
    audit.record(session, actor, "return", ret.id, "tracking", tracking=ret.tracking)
