"""Customer value from the daily summary's order facts (insights_order_facts): per
customer and currency, orders, revenue, profit, first and last order, average interval,
historic and predicted lifetime value, a tier; the repeat rate; cohorts by first month.

Formulas (also in `Customers.formula`):
- historic CLV = the customer's profit so far (revenue − discounts − refunds − fees − cost
  of goods − shipping; ads are not attributed to customers);
- predicted CLV = the customer's average profit per order × purchase frequency × expected
  lifespan, where frequency = the shop's orders per customer per year over its history and
  lifespan = `lifespan_years` (3 unless the owner says otherwise); a lost customer's
  predicted value is what they already brought (no more orders are expected).
Tiers (recency R in days since the last order, frequency F in orders):
champion F ≥ 4 and R ≤ 90; loyal F ≥ 2 and R ≤ 180; new F = 1 and R ≤ 90;
at risk R ≤ 365 otherwise; lost R > 365.

Run summary.catch_up first (the tab and the CLI do) so the facts are current.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.catalog import Store
from app.models.insights import InsightsOrderFacts
from app.models.orders import Customer
from app.services.insights.local_days import as_date

TIERS = ("champion", "loyal", "new", "at risk", "lost")
FORMULA = ("predicted CLV = average profit per order x purchase frequency (shop's orders per "
           "customer per year) x expected lifespan (years); historic CLV = profit so far")


@dataclass(frozen=True)
class CustomerValue:
    customer_id: int
    email: str
    name: str
    currency: str
    orders: int
    revenue_minor: int
    profit_minor: int
    first_order: date
    last_order: date
    avg_interval_days: Decimal | None
    clv_predicted_minor: int
    tier: str

    @property
    def clv_historic_minor(self) -> int:
        return self.profit_minor


@dataclass(frozen=True)
class Cohort:
    month: str                      # YYYY-MM of the first order
    customers: int
    retention: list[Decimal]        # % of the cohort ordering in month 0, 1, 2, ...


@dataclass(frozen=True)
class Customers:
    today: date
    customers: int
    repeat_rate: Decimal | None     # % of customers with two orders or more
    frequency: Decimal              # orders per customer per year
    lifespan_years: Decimal
    top: list[CustomerValue]        # by revenue, the most first
    tiers: dict[str, int]
    cohorts: list[Cohort] = field(default_factory=list)
    formula: str = FORMULA


def _tier(orders: int, recency: int) -> str:
    if recency > 365:
        return "lost"
    if orders >= 4 and recency <= 90:
        return "champion"
    if orders >= 2 and recency <= 180:
        return "loyal"
    if orders == 1 and recency <= 90:
        return "new"
    return "at risk"


def _profit() -> Any:
    f = InsightsOrderFacts
    return (f.items + f.shipping_charged - f.discounts - f.refunds - f.fees - f.cogs
            - f.shipping_cost)


def customer_values(session: Session, today: date, *, top: int | None = 100,
                    lifespan_years: Decimal = Decimal(3), months: int = 12,
                    store: str = "") -> Customers:
    f = InsightsOrderFacts
    where: list[Any] = [f.customer_id.is_not(None)]
    if store:
        where.append(Store.name == store)
    profit = _profit()
    query = (select(f.customer_id, Store.currency, func.count(),
                    func.sum(f.items + f.shipping_charged), func.sum(profit),
                    func.min(f.local_day), func.max(f.local_day))
             .join(Store, Store.id == f.store_id).where(*where)
             .group_by(f.customer_id, Store.currency))
    rows: list[Any] = list(session.execute(query).all())
    if not rows:
        return Customers(today, 0, None, Decimal(0), lifespan_years, [], dict.fromkeys(TIERS, 0))
    first_all = min(as_date(r[5]) for r in rows)
    years = max(Decimal((today - first_all).days + 1) / Decimal("365.25"), Decimal(1) / 12)
    ids = {int(r[0]) for r in rows}
    total_orders = sum(int(r[2]) for r in rows)
    frequency = (Decimal(total_orders) / Decimal(len(ids)) / years).quantize(Decimal("0.001"))
    tiers = dict.fromkeys(TIERS, 0)
    values: list[CustomerValue] = []
    repeaters = 0
    for cid, cur, count, revenue, prof, first_day, last_day in rows:
        n, first, last = int(count), as_date(first_day), as_date(last_day)
        recency = (today - last).days
        tier = _tier(n, recency)
        tiers[tier] += 1
        repeaters += n >= 2
        interval = (Decimal((last - first).days) / (n - 1)).quantize(Decimal("0.1")) \
            if n >= 2 else None
        per_order = Decimal(int(prof)) / n
        predicted = (int(prof) if tier == "lost" else
                     int((per_order * frequency * lifespan_years).quantize(
                         Decimal(1), ROUND_HALF_EVEN)))
        values.append(CustomerValue(int(cid), "", "", str(cur), n, int(revenue), int(prof),
                                    first, last, interval, predicted, tier))
    values.sort(key=lambda v: (-v.revenue_minor, v.customer_id))
    chosen = values[:top] if top else values
    people = {c.id: (c.email or "", c.name or "") for c in session.scalars(
        select(Customer).where(Customer.id.in_([v.customer_id for v in chosen])))} \
        if len(chosen) <= 5000 else {c.id: (c.email or "", c.name or "") for c in
                                     session.scalars(select(Customer))}
    chosen = [replace(v, email=people.get(v.customer_id, ("", ""))[0],
                      name=people.get(v.customer_id, ("", ""))[1]) for v in chosen]
    repeat = (Decimal(repeaters) * 100 / Decimal(len(values))).quantize(Decimal("0.1"))
    firsts: dict[int, date] = {}
    for v in values:       # the earliest first order over the customer's currencies
        if v.customer_id not in firsts or v.first_order < firsts[v.customer_id]:
            firsts[v.customer_id] = v.first_order
    return Customers(today, len(ids), repeat, frequency, lifespan_years, chosen, tiers,
                     cohorts(session, months=months, store=store, firsts=firsts))


def _month(col: Any, dialect: str) -> Any:
    if dialect == "sqlite":
        return func.strftime("%Y-%m", col)
    return func.to_char(col, "YYYY-MM")


def cohorts(session: Session, months: int = 12, store: str = "",
            firsts: dict[int, date] | None = None) -> list[Cohort]:
    """Customers by the month of their first order; per later month, the share of them who
    ordered again in it (month 0 is 100 %). One grouped read of (customer, month); the
    cohorts are counted here (a join on each customer's first month was O(n²) in SQLite)."""
    f = InsightsOrderFacts
    dialect = session.get_bind().dialect.name
    scope: list[Any] = [f.customer_id.is_not(None)]
    if store:
        scope.append(f.store_id.in_(select(Store.id).where(Store.name == store)))
    active = _month(f.local_day, dialect)
    pairs = session.execute(select(f.customer_id, active).where(*scope)
                            .group_by(f.customer_id, active)).all()
    if firsts is None:
        firsts = {}
        for cid, month in pairs:
            y, m = (int(x) for x in str(month).split("-"))
            d = date(y, m, 1)
            if cid not in firsts or d < firsts[cid]:
                firsts[cid] = d
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for cid, month in pairs:
        first = firsts.get(int(cid))
        if first is None:
            continue
        ay, am = (int(x) for x in str(month).split("-"))
        offset = (ay - first.year) * 12 + (am - first.month)
        if 0 <= offset < months:
            counts[f"{first:%Y-%m}"][offset] += 1
    out = []
    for month in sorted(counts)[-months:]:
        size = counts[month].get(0, 0)
        if not size:
            continue
        last = max(counts[month])
        out.append(Cohort(month, size, [
            (Decimal(counts[month].get(k, 0)) * 100 / size).quantize(Decimal("0.1"))
            for k in range(last + 1)]))
    return out
