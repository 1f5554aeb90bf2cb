"""Hand-made stores, products and orders with known fees, costs, refunds and shipping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import Order, OrderLine, Product, Store
from app.models.payouts import Payout, PayoutLine
from app.models.returns import Return, ReturnRefund
from app.services.insights import costs


def store(session: Session, name: str, currency: str = "EUR", tz: str = "UTC") -> Store:
    shop = Store(name=name, kind="shopify", currency=currency, timezone=tz)
    session.add(shop)
    session.flush()
    return shop


def product(session: Session, sku: str, cost: int, currency: str = "EUR") -> Product:
    p = Product(sku=sku, name=f"Product {sku}", currency=currency, price_minor=cost * 2,
                cost_minor=cost)
    session.add(p)
    session.flush()
    return p


def order(session: Session, shop: Store, number: str, placed: datetime,
          lines: list[tuple[Product | None, int, int]], *, shipping: int = 0,
          discount: int = 0, status: str = "shipped") -> Order:
    """lines: (product, quantity, line total in minor units)."""
    o = Order(store_id=shop.id, external_id=number, number=number, placed_at=placed,
              status=status, currency=shop.currency, shipping_minor=shipping,
              discount_minor=discount,
              subtotal_minor=sum(t for _, _, t in lines),
              total_minor=sum(t for _, _, t in lines) + shipping - discount)
    o.lines = [OrderLine(product_id=p.id if p else None, channel_sku=p.sku if p else "LOOSE",
                         title="x", quantity=q, unit_price_minor=t // q, line_total_minor=t)
               for p, q, t in lines]
    session.add(o)
    session.flush()
    return o


def refund(session: Session, o: Order, amount: int, shipping: int = 0, fee: int = 0) -> None:
    # Unique per return: a history may refund the same order the same amount twice.
    ret = Return(number=f"R{o.id}-{amount}-{uuid4().hex[:8]}", order_id=o.id,
                 store_id=o.store_id,
                 currency=o.currency, expected_by=datetime.now(UTC) + timedelta(days=14))
    session.add(ret)
    session.flush()
    session.add(ReturnRefund(return_id=ret.id, amount_minor=amount, shipping_minor=shipping,
                             fee_minor=fee, total_minor=amount + shipping - fee,
                             currency=o.currency))
    session.flush()


def payout(session: Session, o: Order, sale: int, fees: list[int],
           currency: str | None = None) -> None:
    """A matched payout: the sale credited and fee lines debited (fees given positive)."""
    cur = currency or o.currency
    p = Payout(store_id=o.store_id, source="test", external_id=f"P{o.id}", currency=cur)
    session.add(p)
    session.flush()
    rows = [("sale", sale)] + [("fee", -f) for f in fees]
    for n, (kind, amount) in enumerate(rows):
        session.add(PayoutLine(payout_id=p.id, external_id=f"{o.id}-{n}", kind=kind,
                               order_ref=o.number, order_id=o.id, match_state="matched",
                               amount_minor=amount, currency=cur))
    session.flush()


def order_step(session: Session, o: Order, kind: str, value: int = 0, *,
               move: timedelta) -> None:
    """One edit of order `o`, as the app would make it, drawn by the summaries' property
    tests; `move` is what a "move" of `value` shifts the order by per unit."""
    if kind in ("cancel", "uncancel"):
        o.status = "cancelled" if kind == "cancel" else "shipped"
    elif kind == "move":
        o.placed_at = o.placed_at + move * value
    elif kind == "edit_line":
        session.execute(update(OrderLine).where(OrderLine.order_id == o.id)
                        .values(line_total_minor=value))
    elif kind == "add_line":
        session.add(OrderLine(order_id=o.id, channel_sku="X", quantity=1,
                              line_total_minor=value))
    elif kind == "refund":
        refund(session, o, value)
    elif kind == "unrefund":
        session.execute(delete(ReturnRefund).where(ReturnRefund.return_id.in_(
            select(Return.id).where(Return.order_id == o.id))))
    elif kind == "payout":
        if not session.scalar(select(PayoutLine.id).where(PayoutLine.order_id == o.id)):
            payout(session, o, 1, [value])
    elif kind == "label":
        costs.set_shipping_cost(session, o.id, f"{value / 100:.2f}")
    elif kind == "delete":
        # Only an order nothing else points at can go (a paid-out or returned order is
        # kept by its payout line or return, as in the app).
        if not (session.scalar(select(PayoutLine.id).where(PayoutLine.order_id == o.id))
                or session.scalar(select(Return.id).where(Return.order_id == o.id))):
            session.delete(o)
    else:
        raise ValueError(f"not an order step: {kind!r}")
