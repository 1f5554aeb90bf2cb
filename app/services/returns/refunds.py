"""Refunds, closing a return, and an exchange (a new order for the replacement).

Money is in the order's currency, integer minor units. All refunds of all returns of an
order together never exceed what the customer paid for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Order, OrderLine, utcnow
from app.models.returns import PAID_BY, Return, ReturnRefund
from app.money import format_money
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.permissions import requires
from app.services.returns.lookup import products_for_scan
from app.services.returns.status import settle
from app.services.stock import ledger
from app.services.stock.catalog import amount_from_text


@dataclass(frozen=True)
class RefundRecorded:
    refund_id: int
    return_id: int
    total_minor: int
    currency: str
    refunded_minor: int     # of the whole order, this one included
    paid_minor: int


def paid_for(order: Order, line_totals: int) -> int:
    """What the customer paid: the order total, else its lines and shipping."""
    return order.total_minor if order.total_minor > 0 else line_totals + order.shipping_minor


def refunded_for_order(session: Session, order_id: int) -> int:
    return int(session.scalar(
        select(func.coalesce(func.sum(ReturnRefund.total_minor), 0))
        .join(Return, Return.id == ReturnRefund.return_id)
        .where(Return.order_id == order_id)) or 0)


def money(text: str | int, currency: str, field: str) -> int:
    """Minor units from typed text ("12.50") or already minor units (an int)."""
    if isinstance(text, int):
        return text
    if not str(text).strip():
        return 0
    return amount_from_text(str(text), currency, field).minor


@requires("edit_orders", "see_money")
def record_refund(session: Session, actor: Actor, return_id: int, amount: str | int, *,
                  shipping: str | int = 0, fee: str | int = 0, paid_by: str = "store",
                  external_ref: str = "", note: str = "") -> RefundRecorded:
    """Record money given back: lines + shipping - restocking fee, in the order's currency."""
    ret = session.get(Return, return_id)
    if ret is None:
        raise NotFound(f"No return {return_id}.")
    if paid_by not in PAID_BY:
        raise InvalidInput(f"Paid by must be one of {', '.join(PAID_BY)}, not {paid_by!r}.")
    cur = ret.currency
    parts = (money(amount, cur, "Refund"), money(shipping, cur, "Shipping"),
             money(fee, cur, "Restocking fee"))
    if any(p < 0 for p in parts):
        raise InvalidInput("Refund, shipping and fee cannot be negative.")
    total = parts[0] + parts[1] - parts[2]
    if total <= 0:
        raise InvalidInput("A refund must give back more than nothing.")
    order = session.get(Order, ret.order_id)
    assert order is not None
    lines = int(session.scalar(select(func.coalesce(func.sum(OrderLine.line_total_minor), 0))
                               .where(OrderLine.order_id == order.id)) or 0)
    paid = paid_for(order, lines)
    before = refunded_for_order(session, order.id)
    if before + total > paid:
        raise InvalidInput(
            f"A refund of {format_money(total, cur)} is more than was paid: order "
            f"{order.number} paid {format_money(paid, cur)}, "
            f"{format_money(before, cur)} already refunded.")
    refund = ReturnRefund(return_id=ret.id, amount_minor=parts[0], shipping_minor=parts[1],
                          fee_minor=parts[2], total_minor=total, currency=cur, paid_by=paid_by,
                          external_ref=external_ref.strip()[:64], note=note.strip(),
                          user=actor.user)
    session.add(refund)
    session.flush()
    ret.refunded_at = utcnow()
    settle(session, ret)
    audit.record(session, actor, "return", ret.id, "refunded", order_number=order.number,
                 number=ret.number, total_minor=total, currency=cur, paid_by=paid_by)
    return RefundRecorded(refund.id, ret.id, total, cur, before + total, paid)


def close_return(session: Session, actor: Actor, return_id: int) -> str:
    """Done with it; units that never arrived may come back on a new return."""
    ret = session.get(Return, return_id)
    if ret is None:
        raise NotFound(f"No return {return_id}.")
    ret.status, ret.closed_at = "closed", utcnow()
    audit.record(session, actor, "return", ret.id, "closed", number=ret.number)
    return ret.status


def create_exchange(session: Session, actor: Actor, return_id: int,
                    items: Sequence[tuple[str, int]]) -> int:
    """A new order for the replacement items, at no charge, reserved like any other order."""
    ret = session.get(Return, return_id)
    if ret is None:
        raise NotFound(f"No return {return_id}.")
    if ret.exchange_order_id is not None:
        raise InvalidInput(f"Return {ret.number} already has an exchange order.")
    old = session.get(Order, ret.order_id)
    assert old is not None
    lines = []
    for code, qty in items:
        if qty <= 0:
            raise InvalidInput(f"Units of {code} must be at least 1, not {qty}.")
        products = sorted(products_for_scan(session, code))
        if not products:
            raise NotFound(f"Unknown SKU or barcode {code.strip()!r}.")
        lines.append(OrderLine(product_id=products[0], channel_sku=code.strip(),
                               title=f"Exchange for return {ret.number}", quantity=qty,
                               unit_price_minor=0, line_total_minor=0))
    if not lines:
        raise InvalidInput("An exchange needs at least one item.")
    number = f"{old.number}-X{ret.number}"
    new = Order(store_id=old.store_id, external_id=f"{old.external_id}-X{ret.number}"[:64],
                number=number[:64], placed_at=utcnow(), status="new", currency=old.currency,
                customer_id=old.customer_id, bill_name=old.bill_name, ship_name=old.ship_name,
                ship_company=old.ship_company, ship_street1=old.ship_street1,
                ship_street2=old.ship_street2, ship_city=old.ship_city,
                ship_state=old.ship_state, ship_postcode=old.ship_postcode,
                ship_country=old.ship_country, ship_phone=old.ship_phone,
                shipping_method=old.shipping_method, notes=f"Exchange for return {ret.number}")
    new.lines = lines
    session.add(new)
    session.flush()
    held = [ledger.reserve(session, ln.id, ln.product_id, ln.quantity) >= ln.quantity
            for ln in new.lines if ln.product_id is not None]  # every line, not first short
    held_all = all(held)
    new.status = "reserved" if held_all else "backorder"
    ret.exchange_order_id = new.id
    audit.record(session, actor, "order", new.id, "exchange", order_number=new.number,
                 number=ret.number)
    return new.id
