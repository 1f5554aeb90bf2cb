"""What the owner tells Insights: a store's expected fee rate and an order's shipping cost."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.catalog import Store
from app.models.insights import OrderShippingCost, StoreFeeRate
from app.models.orders import Order
from app.money import Money
from app.services.core.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class FeeRate:
    store: str
    currency: str
    percent: Decimal            # 2.90 = 2.9 %
    fixed_minor: int


def _store(session: Session, name: str) -> Store:
    store = session.scalar(select(Store).where(Store.name == name))
    if store is None:
        raise NotFound(f"No store is called {name!r}.")
    return store


def set_fee_rate(session: Session, store: str, percent: str, fixed: str = "0") -> FeeRate:
    """The store's usual fees: `percent` of what the buyer was charged plus `fixed` per
    order, used for every order no payout has confirmed yet."""
    shop = _store(session, store)
    try:
        pct = Decimal(percent.strip().rstrip("%"))
    except InvalidOperation as exc:
        raise InvalidInput(f"A fee rate is a percentage such as 2.9, not {percent!r}.") from exc
    if not pct.is_finite() or not 0 <= pct <= 100 or pct != pct.quantize(Decimal("0.01")):
        raise InvalidInput(f"A fee rate is 0 to 100 with at most two decimals, not {percent!r}.")
    try:
        fixed_money = Money.of(fixed, shop.currency)
    except ValueError as exc:
        raise InvalidInput(f"A fixed fee is an amount such as 0.30, not {fixed!r}.") from exc
    if fixed_money.minor < 0:
        raise InvalidInput("A fixed fee cannot be negative.")
    row = session.get(StoreFeeRate, shop.id) or StoreFeeRate(store_id=shop.id)
    row.percent_bp = int(pct * 100)
    row.fixed_minor = fixed_money.minor
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return FeeRate(shop.name, shop.currency, pct.quantize(Decimal("0.01")), fixed_money.minor)


def fee_rates(session: Session) -> list[FeeRate]:
    rows = session.execute(select(Store.name, Store.currency, StoreFeeRate.percent_bp,
                                  StoreFeeRate.fixed_minor)
                           .outerjoin(StoreFeeRate, StoreFeeRate.store_id == Store.id)
                           .order_by(Store.name)).all()
    return [FeeRate(name, cur, Decimal(bp or 0).scaleb(-2).quantize(Decimal("0.01")),
                    fixed or 0) for name, cur, bp, fixed in rows]


def set_shipping_cost(session: Session, order_id: int, amount: str,
                      source: str = "manual") -> Money:
    """What the order's labels cost, in the order's currency (replaces what was there)."""
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"No order has id {order_id}.")
    try:
        money = Money.of(amount, order.currency)
    except ValueError as exc:
        raise InvalidInput(f"A shipping cost is an amount such as 4.95, not {amount!r}.") \
            from exc
    if money.minor < 0:
        raise InvalidInput("A shipping cost cannot be negative.")
    row = session.get(OrderShippingCost, order_id) or OrderShippingCost(order_id=order_id)
    row.amount_minor, row.currency, row.source = money.minor, order.currency, source
    row.entered_at = utcnow()
    session.add(row)
    session.flush()
    return money
