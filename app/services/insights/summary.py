"""The daily summary: each counted order's figures (insights_order_facts) and their sums per
store and local day (insights_daily), redone for the days the triggers marked.

How it stays exact with many writers: every change that moves an order's profit marks its
store and UTC day in insights_dirty from a database trigger (migration 0830), in the
writer's own transaction, so a mark exists exactly when the change does. `catch_up` reads
the marks, recomputes those UTC days' orders with the very query profit.raw_daily_profits
uses, sums the local days they touch, and deletes only the marks whose stamp it read: a
mark a writer renewed meanwhile has a new stamp and stays for the next catch-up. Readers
never wait for a catch-up: `pending` tells them which days to compute from the orders.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app.models.catalog import Store
from app.models.insights import InsightsDaily, InsightsDirty, InsightsOrderFacts
from app.models.orders import Order
from app.services.core import audit
from app.services.insights import customer_summary
from app.services.insights.facts import facts_query
from app.services.insights.local_days import local_day, local_day_expr, zone

MONEY = ("items", "shipping_charged", "discounts", "refunds", "fees", "cogs",
         "shipping_cost")
# One catch-up step redoes at most this many consecutive UTC days of a store, so a first
# build of years of orders runs in bounded statements.
_RUN_DAYS = 62


@dataclass(frozen=True)
class Run:
    """Consecutive UTC days of one store: [first, last]."""

    store_id: int
    first: date
    last: date

    @property
    def utc_range(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.first, time(), UTC),
                datetime.combine(self.last + timedelta(days=1), time(), UTC))

    def local_days(self, store: Store) -> tuple[date, date]:
        """The store's local days that orders of these UTC days can fall on."""
        lo, hi = self.utc_range
        tz = zone(store.timezone)
        return local_day(lo, tz), local_day(hi - timedelta(microseconds=1), tz)


def runs(days: dict[int, list[date]], longest: int = _RUN_DAYS) -> list[Run]:
    out: list[Run] = []
    for store_id, found in sorted(days.items()):
        ordered = sorted(set(found))
        start = prev = ordered[0]
        for d in ordered[1:]:
            if d != prev + timedelta(days=1) or (d - start).days >= longest:
                out.append(Run(store_id, start, prev))
                start = d
            prev = d
        out.append(Run(store_id, start, prev))
    return out


def _as_day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def pending(session: Session, store_ids: list[int] | None = None) -> list[Run]:
    """The marked, not yet summed UTC days (of these stores), as runs."""
    query = select(InsightsDirty.store_id, InsightsDirty.utc_day)
    if store_ids is not None:
        query = query.where(InsightsDirty.store_id.in_(store_ids))
    days: dict[int, list[date]] = defaultdict(list)
    for sid, day in session.execute(query):
        days[int(sid)].append(_as_day(day))
    return runs(days) if days else []


def stale_local_days(session: Session, stores: dict[int, Store]) -> dict[int, set[date]]:
    """Per store, the local days whose summary rows may be out of date right now."""
    out: dict[int, set[date]] = defaultdict(set)
    for run in pending(session, list(stores)):
        if run.store_id in stores:
            first, last = run.local_days(stores[run.store_id])
            out[run.store_id].update(first + timedelta(days=n)
                                     for n in range((last - first).days + 1))
    return out


def catch_up(session: Session, *, max_runs: int | None = None,
             run_days: int = _RUN_DAYS) -> int:
    """Redo the marked days (all, or the first `max_runs` runs of at most `run_days` days);
    returns the runs redone. catching_up.catch_up_in_steps calls it in short transactions.
    Redoing all the days redoes the marked customers' summary too (customer_summary).
    """
    # The summary is derived from the orders: redoing it is nobody's action to audit (a
    # stepped first build would otherwise leave one event per step).
    audit.mark_recorded(session)
    marks = session.execute(select(InsightsDirty.store_id, InsightsDirty.utc_day,
                                   InsightsDirty.stamp)).all()
    if not marks:
        if not max_runs:
            customer_summary.catch_up(session)
        return 0
    days: dict[int, list[date]] = defaultdict(list)
    for sid, day, _stamp in marks:
        days[int(sid)].append(_as_day(day))
    todo = runs(days, run_days)[:max_runs] if max_runs else runs(days, run_days)
    stores = {s.id: s for s in session.scalars(select(Store))}
    dialect = session.get_bind().dialect.name
    fact_cols = ["order_id", "store_id", "customer_id", "placed_at", "local_day", *MONEY,
                 "estimated"]
    done: set[tuple[int, date]] = set()
    for run in todo:
        lo, hi = run.utc_range
        done.update((run.store_id, run.first + timedelta(days=n))
                    for n in range((run.last - run.first).days + 1))
        session.execute(delete(InsightsOrderFacts).where(
            InsightsOrderFacts.store_id == run.store_id, InsightsOrderFacts.placed_at >= lo,
            InsightsOrderFacts.placed_at < hi))
        store = stores.get(run.store_id)
        if store is None:                       # the store is gone, and its orders with it
            continue
        # An order moved here from a day not redone yet still has its fact under the old
        # day: drop it by order, or the insert below meets its key (that old day stays
        # marked, so it is redone from the orders as well).
        session.execute(delete(InsightsOrderFacts).where(InsightsOrderFacts.order_id.in_(
            select(Order.id).where(Order.store_id == run.store_id, Order.placed_at >= lo,
                                   Order.placed_at < hi))))
        facts = facts_query([Order.status != "cancelled", Order.store_id == run.store_id,
                             Order.placed_at >= lo, Order.placed_at < hi]).subquery("f")
        local = local_day_expr(facts.c.store_id, facts.c.placed_at,
                             {run.store_id: zone(store.timezone)}, (lo, hi), dialect)
        session.execute(insert(InsightsOrderFacts).from_select(fact_cols, select(
            facts.c.order_id, facts.c.store_id, facts.c.customer_id, facts.c.placed_at, local,
            *(facts.c[m] for m in MONEY), facts.c.estimated)))
        _redo_days(session, run.store_id, *run.local_days(store))
    gone = [(sid, day, stamp) for sid, day, stamp in marks if (int(sid), _as_day(day)) in done]
    for sid, day, stamp in gone:
        session.execute(delete(InsightsDirty).where(
            InsightsDirty.store_id == sid, InsightsDirty.utc_day == _as_day(day),
            InsightsDirty.stamp == stamp))
    session.flush()
    if not max_runs:
        customer_summary.catch_up(session)
    return len(todo)


def _redo_days(session: Session, store_id: int, first: date, last: date) -> None:
    f = InsightsOrderFacts
    session.execute(delete(InsightsDaily).where(
        InsightsDaily.store_id == store_id, InsightsDaily.day >= first,
        InsightsDaily.day <= last))
    sums = (select(f.store_id, f.local_day, func.count(),
                   *(func.sum(getattr(f, m)) for m in MONEY), func.sum(f.estimated))
            .where(f.store_id == store_id, f.local_day >= first, f.local_day <= last)
            .group_by(f.store_id, f.local_day))
    session.execute(insert(InsightsDaily).from_select(
        ["store_id", "day", "orders", *MONEY, "estimated"], sums))


def rebuild(session: Session) -> int:
    """Mark every store's every day, then catch up: the summary made again from nothing."""
    mark_all(session)
    return catch_up(session)


def mark_all(session: Session) -> int:
    """Empty the summary and mark every store's every day (readers then compute from the
    orders until the catch-up redoes them); returns the days marked."""
    audit.mark_recorded(session)
    session.execute(delete(InsightsDaily))
    session.execute(delete(InsightsOrderFacts))
    session.execute(delete(InsightsDirty))
    day = (func.date(Order.placed_at) if session.get_bind().dialect.name == "sqlite"
           else func.cast(Order.placed_at, InsightsDirty.utc_day.type))
    session.execute(insert(InsightsDirty).from_select(
        ["store_id", "utc_day", "stamp"],
        select(Order.store_id, day, func.min(0)).group_by(Order.store_id, day)))
    return marked_days(session)


def marked_days(session: Session) -> int:
    """How many store-days wait for a catch-up."""
    return int(session.scalar(select(func.count()).select_from(InsightsDirty)) or 0)


def summed_days(session: Session, stores: list[int], first: date | None,
                last: date | None) -> list[InsightsDaily]:
    query = select(InsightsDaily).where(InsightsDaily.store_id.in_(stores))
    if first is not None:
        query = query.where(InsightsDaily.day >= first)
    if last is not None:
        query = query.where(InsightsDaily.day <= last)
    return list(session.scalars(query.order_by(InsightsDaily.day, InsightsDaily.store_id)))

