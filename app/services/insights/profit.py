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

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.models.catalog import Store
from app.models.insights import AdSpend
from app.models.orders import Order
from app.services.core.errors import InvalidInput, NotFound
from app.services.insights import summary
from app.services.insights.facts import facts_query
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
    facts = facts_query(_order_where(stores, flt)).order_by(Order.placed_at.desc(), Order.id.desc())
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


def raw_daily_profits(session: Session, flt: ProfitFilter) -> list[PeriodProfit]:
    """One row per store and local day that has orders, oldest first, computed from the
    orders themselves (the summary's reference; daily_profits reads the summary)."""
    stores = _stores(session, flt)
    span = _span(session, stores, flt) if stores else None
    if span is None:
        return []
    facts = facts_query(_order_where(stores, flt)).subquery("facts")
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


def daily_profits(session: Session, flt: ProfitFilter) -> list[PeriodProfit]:
    """One row per store and local day with orders or ad spend, oldest first.

    Read from the daily summary; the days a writer changed since its last catch-up are
    computed from the orders instead, so the answer is always current. Ad spend in the
    store's currency is added per day (ads_minor)."""
    stores = _stores(session, flt)
    if not stores:
        return []
    stale = summary.stale_local_days(session, stores)
    rows: dict[tuple[date, int], Figures] = {}
    for d in summary.summed_days(session, list(stores), flt.first, flt.last):
        day = as_date(d.day)
        if day in stale.get(d.store_id, ()):
            continue
        rows[(day, d.store_id)] = Figures(
            stores[d.store_id].currency, d.orders, d.items, d.shipping_charged, d.discounts,
            d.refunds, d.fees, d.cogs, d.shipping_cost, 0, d.estimated > 0)
    by_name = {s.name: sid for sid, s in stores.items()}
    for sid, days in stale.items():
        for lo, hi in _day_runs(days):
            first, last = max(lo, flt.first or lo), min(hi, flt.last or hi)
            if first > last:
                continue
            for r in raw_daily_profits(session, ProfitFilter(stores[sid].name, first, last)):
                rows[(r.start, by_name[r.store])] = r.figures
    for (day, sid), spend in ads_by_day(session, stores, flt).items():
        base = rows.get((day, sid), Figures(stores[sid].currency))
        rows[(day, sid)] = base + Figures(base.currency, ads_minor=spend)
    return [PeriodProfit(stores[sid].name, day, fig)
            for (day, sid), fig in sorted(rows.items())]


def _day_runs(days: Iterable[date]) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    for d in sorted(days):
        if out and d == out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def ads_by_day(session: Session, stores: dict[int, Store],
               flt: ProfitFilter) -> dict[tuple[date, int], int]:
    """Ad spend per (day, store), in the store's own currency only (spend in another
    currency is left out here and listed by the ads report)."""
    query = (select(AdSpend.day, AdSpend.store_id, func.sum(AdSpend.spend_minor))
             .join(Store, Store.id == AdSpend.store_id)
             .where(AdSpend.store_id.in_(list(stores)), AdSpend.currency == Store.currency)
             .group_by(AdSpend.day, AdSpend.store_id))
    if flt.first is not None:
        query = query.where(AdSpend.day >= flt.first)
    if flt.last is not None:
        query = query.where(AdSpend.day <= flt.last)
    return {(as_date(d), int(s)): int(v) for d, s, v in session.execute(query)}


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
