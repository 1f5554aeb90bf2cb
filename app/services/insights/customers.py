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

Run summary.catch_up first (the tab and the CLI do) so the facts are current. The figures
are read from the per-customer summary (customer_summary: the facts summed per customer,
exact at any time), so a read sums a few hundred thousand customers' rows, not millions of
orders.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import Integer, String, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from app.models.catalog import Store
from app.models.insights import InsightsOrderFacts
from app.models.orders import Customer
from app.services.insights import customer_summary

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


def _store_scope(store: str) -> list[Any]:
    f = InsightsOrderFacts
    where: list[Any] = [f.customer_id.is_not(None)]
    if store:
        where.append(f.store_id.in_(select(Store.id).where(Store.name == store)))
    return where


def _scope_of(session: Session, store: str) -> tuple[bool, int | None]:
    """(whether the store exists, its id) — every store when `store` is empty."""
    if not store:
        return True, None
    sid = session.scalar(select(Store.id).where(Store.name == store))
    return sid is not None, sid


def customer_values(session: Session, today: date, *, top: int | None = 100,
                    lifespan_years: Decimal = Decimal(3), months: int = 12,
                    store: str = "") -> Customers:
    """Read from the per-customer summary (customer_summary.values, exact at any time):
    counted in the database, only a few thousand counts and the `top` rows come back; the
    cohorts read the orders of only the customers who started in their months."""
    exists, store_id = _scope_of(session, store)
    empty = Customers(today, 0, None, Decimal(0), lifespan_years, [], dict.fromkeys(TIERS, 0))
    if not exists:
        return empty
    v = customer_summary.values(session, store_id)
    # Tiers and counts from the (last day, orders) pairs with how many customers have
    # each: a few thousand rows, read from an index of the summary.
    pairs = session.execute(select(type_coerce(v.c.last_day, String), v.c.orders,
                                   func.count()).group_by(v.c.last_day, v.c.orders)).all()
    if not pairs:
        return empty
    tiers = dict.fromkeys(TIERS, 0)
    rows = total_orders = repeaters = 0
    for last, n, count in pairs:
        tiers[_tier(int(n), (today - _as_day(last)).days)] += int(count)
        rows += int(count)
        total_orders += int(n) * int(count)
        repeaters += int(count) if n >= 2 else 0
    # Customers by the month of their first order (over their currencies), in the
    # summary's order (no sort): how many, the first day of all, the cohorts' months.
    per = (select(v.c.customer_id, func.min(v.c.first_day).label("first"))
           .group_by(v.c.customer_id).subquery("per_customer"))
    start = _month_number(per.c["first"], session.get_bind().dialect.name)
    by_month = session.execute(select(start, func.count(), type_coerce(
        func.min(per.c["first"]), String)).group_by(start)).all()
    n_ids = sum(int(r[1]) for r in by_month)
    first_all = min(_as_day(r[2]) for r in by_month)
    years = max(Decimal((today - first_all).days + 1) / Decimal("365.25"), Decimal(1) / 12)
    frequency = (Decimal(total_orders) / Decimal(n_ids) / years).quantize(Decimal("0.001"))
    # By revenue, the most first; then by customer and currency.
    query = (select(v.c.customer_id, v.c.currency, v.c.orders, v.c.revenue, v.c.profit,
                    type_coerce(v.c.first_day, String), type_coerce(v.c.last_day, String))
             .order_by(v.c.revenue.desc(), v.c.customer_id, v.c.currency))
    if top:
        query = query.limit(top)
    values = []
    for cid, cur, n, revenue, prof, first, last in session.execute(query):
        first_day, last_day = _as_day(first), _as_day(last)
        values.append(_value((int(cid), str(cur), int(n), int(revenue), int(prof),
                              (first_day - _EPOCH).days, (last_day - _EPOCH).days,
                              _tier(int(n), (today - last_day).days)),
                             frequency, lifespan_years))
    people = {c.id: (c.email or "", c.name or "") for c in session.scalars(
        select(Customer).where(Customer.id.in_([v.customer_id for v in values])))} \
        if len(values) <= 5000 else {c.id: (c.email or "", c.name or "") for c in
                                     session.scalars(select(Customer))}
    chosen = [replace(v, email=people.get(v.customer_id, ("", ""))[0],
                      name=people.get(v.customer_id, ("", ""))[1]) for v in values]
    repeat = (Decimal(repeaters) * 100 / Decimal(rows)).quantize(Decimal("0.1"))
    found: list[Cohort] = []
    if months > 0:
        # The customers who started in the last `months` months anyone started in.
        oldest = sorted(int(r[0]) for r in by_month)[-months:][0]
        since = date(oldest // 12, oldest % 12 + 1, 1)
        found = _cohort_counts(session, months, store, select(per.c.customer_id).where(
            per.c["first"] >= since))
    return Customers(today, n_ids, repeat, frequency, lifespan_years, chosen, tiers, found)


def _as_day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


_EPOCH = date(1970, 1, 1)


def _value(row: tuple[int, str, int, int, int, int, int, str], frequency: Decimal,
           lifespan_years: Decimal) -> CustomerValue:
    """One customer's value (row: id, currency, orders, revenue, profit, first and last
    day numbers, tier); the Decimal arithmetic the formulas state, exactly."""
    cid, cur, n, revenue, prof, first_day, last_day, tier = row
    first, last = _EPOCH + timedelta(days=first_day), _EPOCH + timedelta(days=last_day)
    interval = (Decimal((last - first).days) / (n - 1)).quantize(Decimal("0.1")) \
        if n >= 2 else None
    per_order = Decimal(prof) / n
    predicted = (prof if tier == "lost" else
                 int((per_order * frequency * lifespan_years).quantize(
                     Decimal(1), ROUND_HALF_EVEN)))
    return CustomerValue(cid, "", "", cur, n, revenue, prof, first, last, interval,
                         predicted, tier)


def _month_number(col: Any, dialect: str) -> Any:
    """year × 12 + month − 1 of a date column, as an integer (consecutive months differ
    by one)."""
    year: Any
    month: Any
    if dialect == "sqlite":     # dates are ISO text there
        year, month = func.substr(col, 1, 4), func.substr(col, 6, 2)
    else:
        year, month = func.extract("year", col), func.extract("month", col)
    return cast(year, Integer) * 12 + cast(month, Integer) - 1


def cohorts(session: Session, months: int = 12, store: str = "",
            since: date | None = None) -> list[Cohort]:
    """Customers by the month of their first order; per later month, the share of them who
    ordered again in it (month 0 is 100 %), for the last `months` cohorts. Counted in the
    database: the distinct (customer, month) pairs, each customer's first month over them,
    and the pairs per (first month, months after) — only those counts come back.

    `since` (the first day of the oldest cohort shown, when the caller knows it) limits
    the pairs to customers whose first order is that day or later: only their orders are
    sorted, not the whole history's."""
    starters = None
    if since is not None:
        exists, store_id = _scope_of(session, store)
        if not exists:
            return []
        v = customer_summary.values(session, store_id)
        starters = (select(v.c.customer_id).group_by(v.c.customer_id)
                    .having(func.min(v.c.first_day) >= since))
    return _cohort_counts(session, months, store, starters)


def _cohort_counts(session: Session, months: int, store: str,
                   starters: Any | None) -> list[Cohort]:
    """`cohorts` over the facts of the customers `starters` selects (all when None)."""
    f = InsightsOrderFacts
    scope = _store_scope(store)
    month = _month_number(f.local_day, session.get_bind().dialect.name)
    if starters is not None:
        scope.append(f.customer_id.in_(starters))
    pairs = (select(f.customer_id.label("cid"), month.label("m"))
             .where(*scope).group_by(f.customer_id, month).subquery("pairs"))
    firsts = (select(pairs.c.cid, pairs.c.m,
                     func.min(pairs.c.m).over(partition_by=pairs.c.cid).label("first"))
              .subquery("firsts"))
    offset = firsts.c.m - firsts.c["first"]
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for first, off, n in session.execute(
            select(firsts.c["first"], offset, func.count()).where(offset < months)
            .group_by(firsts.c["first"], offset)):
        counts[int(first)][int(off)] = int(n)
    out = []
    for cohort in sorted(counts)[-months:]:
        size = counts[cohort].get(0, 0)
        if not size:
            continue
        last = max(counts[cohort])
        out.append(Cohort(f"{cohort // 12:04d}-{cohort % 12 + 1:02d}", size, [
            (Decimal(counts[cohort].get(k, 0)) * 100 / size).quantize(Decimal("0.1"))
            for k in range(last + 1)]))
    return out
