"""Units sold per product and store-local day: what the plan reads instead of two years of
order lines, kept in product_daily_sales.

Sales are order lines of orders not cancelled, and returned units against them, on the
local day (the store's time zone, app/services/insights/local_days.py) the order was
placed. Triggers (migration 0870) mark an order's store and UTC day in
product_sales_dirty whenever something moves those units, in the writer's own transaction;
`catch_up` redoes the local days the marks touch, straight from the orders, and deletes
only the marks whose stamp it read (a mark renewed meanwhile stays for the next one).
Readers never wait for a catch-up: `sales` reads the table and counts the marked days from
the orders, so it always equals `sales(..., fresh=True)`, a count from the orders alone.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    cast,
    delete,
    func,
    insert,
    literal,
    not_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.models import Order, OrderLine, Store
from app.models.replenishment import ProductDailySales, ProductSalesDirty
from app.models.returns import Return, ReturnLine
from app.services.core import audit
from app.services.core.backend import Backend
from app.services.insights.local_days import as_date, local_day_expr, zone

RUN_DAYS = 62             # a catch-up step redoes at most this many UTC days of a store
MAX_STALE_RANGES = 200    # beyond this many marked stretches, count it all from the orders

# (store id, first local day, last local day)
Range = tuple[int, date, date]


@dataclass(frozen=True)
class Sales:
    """Rows of units per product and day (counted from the window's first day); a product
    and day may have several rows (one per store), to be summed."""

    product_id: np.ndarray
    day: np.ndarray
    sold: np.ndarray
    returned: np.ndarray

    def per_product_day(self) -> dict[tuple[int, int], tuple[int, int]]:
        """The sums per (product, day), without days that sold and returned nothing."""
        out: dict[tuple[int, int], list[int]] = {}
        for pid, day, sold, back in zip(self.product_id.tolist(), self.day.tolist(),
                                        self.sold.tolist(), self.returned.tolist(),
                                        strict=True):
            cell = out.setdefault((pid, day), [0, 0])
            cell[0] += sold
            cell[1] += back
        return {k: (s, r) for k, (s, r) in out.items() if s or r}


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def counted(session: Session, store_id: int, tz: ZoneInfo, first: date, last: date, *,
            channel: bool | None = None, product_id: int | None = None
            ) -> list[tuple[bool, int, date, int, int]]:
    """(channel, product, local day, sold, returned) of a store's local days first..last,
    from the orders."""
    # A UTC window wide enough for those local days in any zone; the local day decides.
    lo, hi = _utc(first) - timedelta(hours=15), _utc(last + timedelta(days=1)) + timedelta(
        hours=15)
    dialect = session.get_bind().dialect.name
    local = local_day_expr(Order.__table__.c.store_id, Order.__table__.c.placed_at,
                           {store_id: tz}, (lo, hi), dialect)
    where: list[ColumnElement[bool]] = [
        Order.store_id == store_id, Order.status != "cancelled", Order.placed_at >= lo,
        Order.placed_at < hi]
    if channel is not None:
        where.append(Order.fulfilled_by_channel.is_(channel))
    out: dict[tuple[bool, int, date], list[int]] = defaultdict(lambda: [0, 0])
    for slot, line, head in ((0, OrderLine, select(OrderLine.product_id.label("p"),
                                                   OrderLine.quantity.label("q"))
                              .join(Order, Order.id == OrderLine.order_id)),
                             (1, ReturnLine, select(ReturnLine.product_id.label("p"),
                                                    ReturnLine.quantity.label("q"))
                              .join(Return, Return.id == ReturnLine.return_id)
                              .join(Order, Order.id == Return.order_id))):
        wanted = [*where, line.product_id.is_not(None)]
        if product_id is not None:
            wanted.append(line.product_id == product_id)
        # Grouped outside (PostgreSQL would not match the CASE's parameters in GROUP BY).
        raw = head.add_columns(Order.fulfilled_by_channel.label("c"), local.label("d")).where(
            *wanted).subquery()
        for ch, pid, day, units in session.execute(
                select(raw.c.c, raw.c.p, raw.c.d, func.sum(raw.c.q))
                .group_by(raw.c.c, raw.c.p, raw.c.d)):
            d = as_date(day)
            if first <= d <= last:
                out[(bool(ch), int(pid), d)][slot] += int(units)
    return [(ch, pid, d, s, r) for (ch, pid, d), (s, r) in sorted(out.items())]


# -- keeping the table current ------------------------------------------------------------

def _runs(days: dict[int, list[date]], longest: int) -> list[tuple[int, date, date]]:
    """Consecutive UTC days per store, at most `longest` long: (store, first, last)."""
    out = []
    for store_id, found in sorted(days.items()):
        ordered = sorted(set(found))
        start = prev = ordered[0]
        for d in ordered[1:]:
            if d != prev + timedelta(days=1) or (d - start).days >= longest:
                out.append((store_id, start, prev))
                start = d
            prev = d
        out.append((store_id, start, prev))
    return out


def _local(run: tuple[int, date, date]) -> Range:
    """The local days that orders of a run of UTC days fall on in any time zone (offsets
    stay within a day): the store's zone now, and the one its rows were counted in before
    a change of zone (which marks every day of the store)."""
    store_id, first, last = run
    return store_id, first - timedelta(days=1), last + timedelta(days=1)


def marked_days(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ProductSalesDirty)) or 0)


def catch_up(session: Session, *, max_runs: int | None = None,
             run_days: int = RUN_DAYS) -> int:
    """Redo the local days the marks touch (all, or the first `max_runs` runs of at most
    `run_days` UTC days); returns the runs redone."""
    audit.mark_recorded(session)   # derived from the orders: nobody's action to audit
    marks = session.execute(select(ProductSalesDirty.store_id, ProductSalesDirty.utc_day,
                                   ProductSalesDirty.stamp)).all()
    if not marks:
        return 0
    days: dict[int, list[date]] = defaultdict(list)
    for sid, day, _stamp in marks:
        days[int(sid)].append(as_date(day))
    todo = _runs(days, run_days)
    todo = todo[:max_runs] if max_runs else todo
    zones = {s.id: zone(s.timezone) for s in session.scalars(select(Store))}
    done: set[tuple[int, date]] = set()
    t = ProductDailySales
    for run in todo:
        store_id, first_utc, last_utc = run
        done.update((store_id, first_utc + timedelta(days=n))
                    for n in range((last_utc - first_utc).days + 1))
        if store_id not in zones:      # the store is gone, and its rows with it
            continue
        _s, first, last = _local(run)
        session.execute(delete(t).where(t.store_id == store_id, t.day >= first,
                                        t.day <= last))
        rows = counted(session, store_id, zones[store_id], first, last)
        if rows:
            session.execute(insert(t), [
                {"channel": ch, "day": d, "store_id": store_id, "product_id": pid,
                 "sold": s, "returned": r} for ch, pid, d, s, r in rows])
    for sid, day, stamp in marks:
        if (int(sid), as_date(day)) in done:
            session.execute(delete(ProductSalesDirty).where(
                ProductSalesDirty.store_id == sid, ProductSalesDirty.utc_day == as_date(day),
                ProductSalesDirty.stamp == stamp))
    session.flush()
    return len(todo)


def rebuild(session: Session) -> int:
    """Empty the table and mark every store's every day: made again from the orders by the
    next catch-up (readers count from the orders meanwhile); returns the days marked."""
    audit.mark_recorded(session)
    session.execute(delete(ProductDailySales))
    session.execute(delete(ProductSalesDirty))
    day = (func.date(Order.placed_at) if session.get_bind().dialect.name == "sqlite"
           else cast(Order.placed_at, Date))
    session.execute(insert(ProductSalesDirty).from_select(
        ["store_id", "utc_day", "stamp"],
        select(Order.store_id, day, func.min(0)).group_by(Order.store_id, day)))
    return marked_days(session)


def catch_up_in_steps(backend: Backend, *, step_seconds: float = 0.25,
                      cancelled: Callable[[], bool] | None = None,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Catch up in short write transactions (a first build redoes years of orders; in one
    transaction it would hold the write lock for long), each sized to about
    `step_seconds`; returns the store-days still marked (0: caught up)."""
    total = left = backend.read(marked_days)
    days = 4
    while left:
        if cancelled is not None and cancelled():
            break
        started = clock.perf_counter()
        if not backend.run(catch_up, max_runs=1, run_days=days):
            return 0
        took = clock.perf_counter() - started
        if took < step_seconds / 2:
            days = min(days * 2, RUN_DAYS)
        elif took > step_seconds and days > 1:
            days //= 2
        left = backend.read(marked_days)
        total = max(total, left)
        if progress is not None:
            progress(total - left, total)
    return left


# -- reading ------------------------------------------------------------------------------

def stale(session: Session, zones: dict[int, ZoneInfo], start: date, end: date
          ) -> list[Range]:
    """The local days (within start..end-1) of these stores the table may have wrong now."""
    days: dict[int, list[date]] = defaultdict(list)
    for sid, day in session.execute(select(ProductSalesDirty.store_id,
                                           ProductSalesDirty.utc_day)
                                    .where(ProductSalesDirty.store_id.in_(list(zones)))):
        days[int(sid)].append(as_date(day))
    last_day = end - timedelta(days=1)
    found: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for run in _runs(days, 10**6):
        sid, first, last = _local(run)
        first, last = max(first, start), min(last, last_day)
        if first <= last:
            found[sid].append((first, last))
    out: list[Range] = []
    for sid, spans in sorted(found.items()):
        spans.sort()
        lo, hi = spans[0]
        for a, b in spans[1:]:
            if a <= hi + timedelta(days=1):
                hi = max(hi, b)
            else:
                out.append((sid, lo, hi))
                lo, hi = a, b
        out.append((sid, lo, hi))
    return out


def sales(session: Session, store_ids: list[int] | None, channel: bool, start: date,
          end: date, *, fresh: bool = False, product_id: int | None = None) -> Sales:
    """Units sold on the local days start..end-1 by these stores (None: all), of the orders
    the channel fulfils (`channel`) or we ship; `fresh` counts from the orders alone."""
    query = select(Store.id, Store.timezone)
    if store_ids is not None:
        query = query.where(Store.id.in_(store_ids))
    zones = {int(sid): zone(tz) for sid, tz in session.execute(query)}
    if not zones or start >= end:
        return Sales(_empty(), _empty(), _empty(), _empty())
    ranges = [] if fresh or product_id is not None else stale(session, zones, start, end)
    if fresh or product_id is not None or len(ranges) > MAX_STALE_RANGES:
        # One product (a chart) is quicker from its order lines than from the table.
        return _from_orders(session, [(sid, start, end - timedelta(days=1)) for sid in zones],
                            zones, channel=channel, start=start, product_id=product_id)
    table = _from_table(session, store_ids, channel=channel, start=start, end=end,
                        skip=ranges)
    if not ranges:
        return table
    extra = _from_orders(session, ranges, zones, channel=channel, start=start,
                         product_id=None)
    return Sales(*(np.concatenate([a, b]) for a, b in zip(
        (table.product_id, table.day, table.sold, table.returned),
        (extra.product_id, extra.day, extra.sold, extra.returned), strict=True)))


def _from_orders(session: Session, ranges: list[Range], zones: dict[int, ZoneInfo], *,
                 channel: bool, start: date, product_id: int | None) -> Sales:
    rows = [(pid, (d - start).days, s, r) for sid, first, last in ranges
            for _ch, pid, d, s, r in counted(session, sid, zones[sid], first, last,
                                            channel=channel, product_id=product_id)]
    if not rows:
        return Sales(_empty(), _empty(), _empty(), _empty())
    arr = np.array(rows, dtype=np.int64)
    return Sales(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3])


def _from_table(session: Session, store_ids: list[int] | None, *, channel: bool,
                start: date, end: date, skip: list[Range]) -> Sales:
    t = ProductDailySales
    where: list[ColumnElement[bool]] = [t.channel.is_(channel), t.day >= start, t.day < end]
    if store_ids is not None:
        where.append(t.store_id.in_(store_ids))
    where += [not_(and_(t.store_id == sid, t.day >= a, t.day <= b)) for sid, a, b in skip]
    sqlite = session.get_bind().dialect.name == "sqlite"
    offset: ColumnElement[int] = (
        cast(func.julianday(t.day) - func.julianday(start.isoformat()), Integer) if sqlite
        else cast(t.day - cast(literal(start.isoformat()), Date), Integer))

    # Over a million rows: a day's products and units as comma-separated text parse in
    # numpy far quicker than as many row tuples, and each day is read once.
    lists: tuple[ColumnElement[str], ...] = (
        (func.group_concat(t.product_id), func.group_concat(t.sold)) if sqlite
        # One text of pairs: two aggregates summed by parallel workers might not pair up.
        else (func.string_agg(cast(t.product_id, String) + literal(",")
                              + cast(t.sold, String), literal(",")),))
    days = session.execute(select(t.day, func.count(), *lists)
                           .where(*where, t.sold > 0).group_by(t.day)).all()
    if days:
        day = np.repeat(np.array([(as_date(r[0]) - start).days for r in days],
                                 dtype=np.int64), np.array([r[1] for r in days]))
        numbers = [np.fromstring(",".join(str(r[k]) for r in days), dtype=np.int64, sep=",")
                   for k in range(2, 2 + len(lists))]
        pid, sold = numbers if sqlite else numbers[0].reshape(-1, 2).T
    else:
        day = pid = sold = _empty()
    back = session.execute(select(t.product_id, offset, t.returned)
                           .where(*where, t.returned > 0)).all()
    bp, bd, br = (np.array([r[k] for r in back], dtype=np.int64).reshape(-1)
                  for k in range(3))
    return Sales(np.concatenate([pid, bp]), np.concatenate([day, bd]),
                 np.concatenate([sold, np.zeros(len(bp), dtype=np.int64)]),
                 np.concatenate([np.zeros(len(pid), dtype=np.int64), br]))
