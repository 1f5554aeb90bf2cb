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
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]  # no stubs installed
from sqlalchemy import Integer, String, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from app.models.catalog import Store
from app.models.insights import InsightsOrderFacts
from app.models.orders import Customer

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


def _store_scope(store: str) -> list[Any]:
    f = InsightsOrderFacts
    where: list[Any] = [f.customer_id.is_not(None)]
    if store:
        where.append(f.store_id.in_(select(Store.id).where(Store.name == store)))
    return where


def _day_numbers(values: Any) -> Any:
    """Days since 1970-01-01 of SQL dates (SQLite's ISO text or PostgreSQL's date)."""
    return np.array(values.tolist(), dtype="datetime64[D]").astype("int64")


def _per_customer(session: Session, store: str) -> pd.DataFrame:
    """Per customer and currency: orders, revenue, profit, first and last day (day numbers).

    Grouped by (customer, store) in the database, which walks the covering index
    ix_insights_order_facts_customer_values in order (no sort, no table reads); stores of
    one currency are then merged here, vectorised."""
    f = InsightsOrderFacts
    query = (select(f.customer_id, f.store_id, func.count(),
                    func.sum(f.items + f.shipping_charged), func.sum(_profit()),
                    type_coerce(func.min(f.local_day), String),
                    type_coerce(func.max(f.local_day), String))
             .where(*_store_scope(store)).group_by(f.customer_id, f.store_id))
    # Core rows, turned into columns at once: a DataFrame made from Row objects probes
    # each one for a namedtuple's fields (seconds at 200k rows).
    names = ["cid", "sid", "n", "revenue", "profit", "first", "last"]
    rows = session.connection().execute(query).all()
    if not rows:
        return pd.DataFrame(columns=names)
    frame = pd.DataFrame({name: np.array(col, dtype=object if name in ("first", "last")
                                         else "int64")
                          for name, col in zip(names, zip(*rows, strict=True), strict=True)})
    currency = dict(session.execute(select(Store.id, Store.currency)).all())
    frame["cur"] = frame["sid"].map(currency)
    frame["first"] = _day_numbers(frame["first"])
    frame["last"] = _day_numbers(frame["last"])
    if frame.duplicated(["cid", "cur"]).any():   # one customer in two stores of a currency
        frame = (frame.groupby(["cid", "cur"], as_index=False, sort=False)
                 .agg(n=("n", "sum"), revenue=("revenue", "sum"), profit=("profit", "sum"),
                      first=("first", "min"), last=("last", "max")))
    return frame


def _tiers(orders: Any, recency: Any) -> Any:
    """`_tier` over arrays (the same rules in the same order)."""
    return np.select(
        [recency > 365, (orders >= 4) & (recency <= 90), (orders >= 2) & (recency <= 180),
         (orders == 1) & (recency <= 90)],
        ["lost", "champion", "loyal", "new"], default="at risk")


def customer_values(session: Session, today: date, *, top: int | None = 100,
                    lifespan_years: Decimal = Decimal(3), months: int = 12,
                    store: str = "") -> Customers:
    frame = _per_customer(session, store)
    if frame.empty:
        return Customers(today, 0, None, Decimal(0), lifespan_years, [], dict.fromkeys(TIERS, 0))
    first_all = _EPOCH + timedelta(days=int(frame["first"].min()))
    years = max(Decimal((today - first_all).days + 1) / Decimal("365.25"), Decimal(1) / 12)
    n_ids = int(frame["cid"].nunique())
    total_orders = int(frame["n"].sum())
    frequency = (Decimal(total_orders) / Decimal(n_ids) / years).quantize(Decimal("0.001"))
    orders = frame["n"].to_numpy()
    recency = (today - _EPOCH).days - frame["last"].to_numpy()
    tier_of = _tiers(orders, recency)
    found = dict(zip(*np.unique(tier_of, return_counts=True), strict=True))
    tiers = {t: int(found.get(t, 0)) for t in TIERS}
    repeaters = int((orders >= 2).sum())
    # By revenue, the most first; then by customer and currency, as the rows were grouped.
    currencies = sorted(frame["cur"].unique())
    cur_rank = frame["cur"].map({c: i for i, c in enumerate(currencies)}).to_numpy()
    order = np.lexsort((cur_rank, frame["cid"].to_numpy(), -frame["revenue"].to_numpy()))
    if top:
        order = order[:top]
    cols = {c: frame[c].to_numpy() for c in ("cid", "cur", "revenue", "profit", "first",
                                             "last")}
    values = [_value((int(cols["cid"][i]), str(cols["cur"][i]), int(orders[i]),
                      int(cols["revenue"][i]), int(cols["profit"][i]), int(cols["first"][i]),
                      int(cols["last"][i]), str(tier_of[i])), frequency, lifespan_years)
              for i in order.tolist()]
    people = {c.id: (c.email or "", c.name or "") for c in session.scalars(
        select(Customer).where(Customer.id.in_([v.customer_id for v in values])))} \
        if len(values) <= 5000 else {c.id: (c.email or "", c.name or "") for c in
                                     session.scalars(select(Customer))}
    chosen = [replace(v, email=people.get(v.customer_id, ("", ""))[0],
                      name=people.get(v.customer_id, ("", ""))[1]) for v in values]
    repeat = (Decimal(repeaters) * 100 / Decimal(len(frame))).quantize(Decimal("0.1"))
    # The oldest of the last `months` cohorts: each customer's first day over currencies.
    firsts = frame.groupby("cid")["first"].min().to_numpy().astype("datetime64[D]")
    cohort_months = np.unique(firsts.astype("datetime64[M]"))
    since = cohort_months[-months:][0].astype("datetime64[D]").item() if months > 0 else None
    return Customers(today, n_ids, repeat, frequency, lifespan_years, chosen, tiers,
                     cohorts(session, months=months, store=store, since=since))


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
    f = InsightsOrderFacts
    scope = _store_scope(store)
    month = _month_number(f.local_day, session.get_bind().dialect.name)
    if since is not None:
        # Grouped by customer alone, in index order (no sort): who started since then.
        scope.append(f.customer_id.in_(
            select(f.customer_id).where(*scope).group_by(f.customer_id)
            .having(func.min(f.local_day) >= since)))
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
