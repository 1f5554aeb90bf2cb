"""Profit per order, and per store and local day, in each store's currency.

Per order: items (its lines' totals) + shipping charged − discounts − refunds (return
refunds) − fees (the matched payout's fee lines when a payout confirmed the sale, else the
store's expected rate) − cost of goods (each product's cost, the moving average of its landed
cost from Suppliers) − shipping cost (what its labels cost). Cancelled orders do not count.
Everything is summed by the database; per-day rows group by the store's own calendar day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.models.catalog import Product, Store
from app.models.insights import OrderShippingCost, StoreFeeRate
from app.models.orders import Order, OrderLine
from app.models.payouts import PayoutLine
from app.models.returns import Return, ReturnRefund
from app.services.core.errors import InvalidInput, NotFound
from app.services.insights.figures import Figures
from app.services.insights.local_days import (
    as_date,
    local_day,
    local_day_expr,
    utc_bounds,
    zone,
)

PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class ProfitFilter:
    store: str = ""              # a store's name; "" = every store
    first: date | None = None    # local days, inclusive
    last: date | None = None


@dataclass(frozen=True)
class OrderProfit:
    order_id: int
    number: str
    store: str
    placed_at: datetime
    day: date                    # the store's local day
    figures: Figures


@dataclass(frozen=True)
class PeriodProfit:
    store: str
    start: date                  # the period's first day (a day, a Monday, the 1st)
    figures: Figures


def _stores(session: Session, flt: ProfitFilter) -> dict[int, Store]:
    if flt.first and flt.last and flt.first > flt.last:
        raise InvalidInput(f"The period starts ({flt.first}) after it ends ({flt.last}).")
    query = select(Store)
    if flt.store:
        query = query.where(Store.name == flt.store)
    stores = {s.id: s for s in session.scalars(query)}
    if flt.store and not stores:
        raise NotFound(f"No store is called {flt.store!r}.")
    return stores


def _order_where(stores: dict[int, Store], flt: ProfitFilter) -> list[ColumnElement[bool]]:
    lo, hi = utc_bounds(flt.first, flt.last)
    where = [Order.status != "cancelled", Order.store_id.in_(list(stores))]
    if lo is not None:
        where.append(Order.placed_at >= lo)
    if hi is not None:
        where.append(Order.placed_at < hi)
    return where


def _facts(where: list[ColumnElement[bool]]) -> Select[tuple[object, ...]]:
    """One row per order: its figures as columns (see the module docstring)."""
    known_cost = and_(Product.id.is_not(None), Product.currency == Order.currency,
                      Product.cost_minor > 0)
    lines = (select(OrderLine.order_id.label("order_id"),
                    func.sum(OrderLine.line_total_minor).label("items"),
                    func.sum(case((known_cost, OrderLine.quantity * Product.cost_minor),
                                  else_=0)).label("cogs"),
                    func.sum(case((known_cost, 0), else_=1)).label("unknown"))
             .join(Order, Order.id == OrderLine.order_id)
             .outerjoin(Product, Product.id == OrderLine.product_id)
             .where(*where).group_by(OrderLine.order_id).subquery("lines"))
    refunds = (select(Return.order_id.label("order_id"),
                      func.sum(ReturnRefund.total_minor).label("refunds"))
               .join(Return, Return.id == ReturnRefund.return_id)
               .join(Order, Order.id == Return.order_id)
               .where(ReturnRefund.currency == Order.currency, *where)
               .group_by(Return.order_id).subquery("refunds"))
    paid = (select(PayoutLine.order_id.label("order_id"),
                   func.sum(case((PayoutLine.kind == "fee", -PayoutLine.amount_minor),
                                 else_=0)).label("fees"),
                   func.sum(case((PayoutLine.kind == "sale", 1), else_=0)).label("sales"))
            .join(Order, Order.id == PayoutLine.order_id)
            .where(PayoutLine.match_state == "matched", PayoutLine.currency == Order.currency,
                   *where)
            .group_by(PayoutLine.order_id).subquery("paid"))
    items = func.coalesce(lines.c["items"], 0)
    charged = items + Order.shipping_minor - Order.discount_minor
    percent = func.coalesce(StoreFeeRate.percent_bp, 0)
    fixed = func.coalesce(StoreFeeRate.fixed_minor, 0)
    expected = case((charged > 0, (charged * percent + 5000) // 10000 + fixed), else_=0)
    confirmed = func.coalesce(paid.c.sales, 0) > 0
    has_ship_cost = OrderShippingCost.order_id.is_not(None)
    estimated = case((and_(confirmed, func.coalesce(lines.c.unknown, 0) == 0, has_ship_cost),
                      0), else_=1)
    return (select(
        Order.id.label("order_id"), Order.store_id.label("store_id"),
        Order.placed_at.label("placed_at"), Order.number.label("number"),
        items.label("items"), Order.shipping_minor.label("shipping_charged"),
        Order.discount_minor.label("discounts"),
        func.coalesce(refunds.c.refunds, 0).label("refunds"),
        case((confirmed, func.coalesce(paid.c.fees, 0)), else_=expected).label("fees"),
        func.coalesce(lines.c.cogs, 0).label("cogs"),
        func.coalesce(OrderShippingCost.amount_minor, 0).label("shipping_cost"),
        estimated.label("estimated"))
        .select_from(Order)
        .outerjoin(lines, lines.c.order_id == Order.id)
        .outerjoin(refunds, refunds.c.order_id == Order.id)
        .outerjoin(paid, paid.c.order_id == Order.id)
        .outerjoin(StoreFeeRate, StoreFeeRate.store_id == Order.store_id)
        .outerjoin(OrderShippingCost, and_(OrderShippingCost.order_id == Order.id,
                                           OrderShippingCost.currency == Order.currency))
        .where(*where))


_MONEY = ("items", "shipping_charged", "discounts", "refunds", "fees", "cogs",
          "shipping_cost")


def _figures(currency: str, orders: int, row: dict[str, object]) -> Figures:
    def num(key: str) -> int:
        value = row[key]
        return int(value) if isinstance(value, int | Decimal | str) else 0  # PG sums: Decimal
    return Figures(currency, orders, num("items"), num("shipping_charged"), num("discounts"),
                   num("refunds"), num("fees"), num("cogs"), num("shipping_cost"), 0,
                   num("estimated") > 0)


def _in_range(day: date, flt: ProfitFilter) -> bool:
    return (flt.first is None or day >= flt.first) and (flt.last is None or day <= flt.last)


def order_profits(session: Session, flt: ProfitFilter, *, limit: int | None = None,
                  day: date | None = None) -> list[OrderProfit]:
    """Each order's profit, newest first; `day` narrows to one local day (drill-down)."""
    if day is not None:
        flt = ProfitFilter(flt.store, day, day)
    stores = _stores(session, flt)
    if not stores:
        return []
    zones = {sid: zone(s.timezone) for sid, s in stores.items()}
    facts = _facts(_order_where(stores, flt)).order_by(Order.placed_at.desc(), Order.id.desc())
    out: list[OrderProfit] = []
    for row in session.execute(facts).mappings():
        sid = int(row["store_id"])
        placed = row["placed_at"]
        local = local_day(placed, zones[sid])
        if not _in_range(local, flt):
            continue
        out.append(OrderProfit(int(row["order_id"]), str(row["number"]), stores[sid].name,
                               placed, local, _figures(stores[sid].currency, 1, dict(row))))
        if limit is not None and len(out) >= limit:
            break
    return out


def _span(session: Session, stores: dict[int, Store],
          flt: ProfitFilter) -> tuple[datetime, datetime] | None:
    lo, hi = utc_bounds(flt.first, flt.last)
    if lo is None or hi is None:
        found = session.execute(select(func.min(Order.placed_at), func.max(Order.placed_at))
                                .where(Order.store_id.in_(list(stores)))).one()
        if found[0] is None:
            return None
        lo = lo or found[0] - timedelta(days=1)
        hi = hi or found[1] + timedelta(days=1)
    return lo.astimezone(UTC), hi.astimezone(UTC)


def daily_profits(session: Session, flt: ProfitFilter) -> list[PeriodProfit]:
    """One row per store and local day that has orders, oldest first."""
    stores = _stores(session, flt)
    span = _span(session, stores, flt) if stores else None
    if span is None:
        return []
    facts = _facts(_order_where(stores, flt)).subquery("facts")
    zones = {sid: zone(s.timezone) for sid, s in stores.items()}
    day = local_day_expr(facts.c.store_id, facts.c.placed_at, zones, span,
                         session.get_bind().dialect.name).label("local_day")
    sums = [func.sum(facts.c[k]).label(k) for k in (*_MONEY, "estimated")]
    query = (select(facts.c.store_id, day, func.count().label("orders"), *sums)
             .group_by(facts.c.store_id, day)
             .order_by(day, facts.c.store_id))
    out = []
    for row in session.execute(query).mappings():
        sid = int(row["store_id"])
        local = as_date(row["local_day"])
        if _in_range(local, flt):
            out.append(PeriodProfit(stores[sid].name, local,
                                    _figures(stores[sid].currency, int(row["orders"]),
                                             dict(row))))
    return out


def period_start(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def roll_up(rows: Iterable[PeriodProfit], period: str) -> list[PeriodProfit]:
    """Days summed into weeks (Monday first) or months, per store."""
    if period not in PERIODS:
        raise InvalidInput(f"A period is one of {', '.join(PERIODS)}, not {period!r}.")
    sums: dict[tuple[date, str], Figures] = {}
    for r in rows:
        key = (period_start(r.start, period), r.store)
        sums[key] = sums[key] + r.figures if key in sums else r.figures
    return [PeriodProfit(store, start, fig) for (start, store), fig in sorted(sums.items())]


def profit_by_period(session: Session, flt: ProfitFilter, period: str) -> list[PeriodProfit]:
    return roll_up(daily_profits(session, flt), period)


def profit_by_store(session: Session, flt: ProfitFilter) -> list[PeriodProfit]:
    """One P&L per store over the period (stores without orders show zeros)."""
    stores = _stores(session, flt)
    totals: dict[str, Figures] = {s.name: Figures(s.currency) for s in stores.values()}
    first: dict[str, date] = {}
    for r in daily_profits(session, flt):
        totals[r.store] = totals[r.store] + r.figures
        first.setdefault(r.store, r.start)
    today = datetime.now(UTC).date()
    return [PeriodProfit(name, flt.first or first.get(name, today), fig)
            for name, fig in sorted(totals.items())]
