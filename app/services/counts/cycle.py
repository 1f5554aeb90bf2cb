"""Choosing what a cycle count covers: ABC by sales value, stale bins, N bins a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import CountBin, Location, Order, OrderLine, Product, StockCount
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput
from app.services.counts.counting import CountSummary, create_count

# Class A: the products making the first 80 % of sales value; B the next 15 %; C the rest.
A_SHARE, B_SHARE = 0.80, 0.95
SALES_DAYS = 90


def _start_of(day: date | None, days_back: int) -> datetime:
    day = day or datetime.now(UTC).date()
    return datetime.combine(day - timedelta(days=days_back), time(0), tzinfo=UTC)


def abc_classes(session: Session, *, today: date | None = None,
                days: int = SALES_DAYS) -> dict[int, str]:
    """Product id -> 'A', 'B' or 'C' by the value of its order lines in the last `days`."""
    since = _start_of(today, days)
    value = func.sum(OrderLine.quantity * OrderLine.unit_price_minor)
    # The is_not(None) filter leaves no None product id, which the column's type allows.
    sales = cast("dict[int, int]", dict(session.execute(
        select(OrderLine.product_id, value)
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.placed_at >= since, Order.status != "cancelled",
               OrderLine.product_id.is_not(None))
        .group_by(OrderLine.product_id)).all()))
    total = sum(v for v in sales.values() if v > 0)
    classes = {p: "C" for p in session.scalars(select(Product.id).where(Product.active))}
    running = 0
    for product, v in sorted(sales.items(), key=lambda kv: (-kv[1], kv[0])):
        if v <= 0 or total == 0:
            break
        share_before = running / total
        running += v
        classes[product] = "A" if share_before < A_SHARE else (
            "B" if share_before < B_SHARE else "C")
    return classes


def _last_counted(session: Session) -> dict[int, datetime]:
    """Bin id -> when it was last counted in a posted count."""
    return dict(session.execute(
        select(CountBin.location_id, func.max(CountBin.started_at))
        .join(StockCount, StockCount.id == CountBin.count_id)
        .where(StockCount.status == "posted")
        .group_by(CountBin.location_id)).all())


def _bins_in_walk_order(session: Session) -> list[tuple[int, str]]:
    return [(i, c) for i, c in session.execute(
        select(Location.id, Location.code).where(Location.kind == "bin")
        .order_by(Location.path_order, Location.code))]


def stale_bins(session: Session, days: int, *, today: date | None = None) -> list[str]:
    """Bins not counted in the last `days` days (never counted ones included)."""
    if days < 1:
        raise InvalidInput("'Not counted in N days' needs N of 1 or more.")
    since = _start_of(today, days - 1)
    last = _last_counted(session)
    return [code for loc, code in _bins_in_walk_order(session)
            if loc not in last or last[loc] < since]


def bins_for_today(session: Session, per_day: int) -> list[str]:
    """The `per_day` bins counted longest ago (never counted first), in walking order."""
    if per_day < 1:
        raise InvalidInput("'N bins per day' needs N of 1 or more.")
    last = _last_counted(session)
    epoch = datetime.min.replace(tzinfo=UTC)
    walk = _bins_in_walk_order(session)
    order = {loc: i for i, (loc, _) in enumerate(walk)}
    chosen = sorted(walk, key=lambda lc: (last.get(lc[0], epoch), order[lc[0]]))[:per_day]
    return [code for _, code in sorted(chosen, key=lambda lc: order[lc[0]])]


def create_cycle_count(session: Session, rule: str, *, blind: bool = False,
                       assigned_to: str | None = None, today: date | None = None,
                       actor: Actor) -> CountSummary:
    """A cycle count from a rule: 'abc' (class A), 'abc:B', 'stale:DAYS' or 'perday:N'."""
    name, _, arg = rule.strip().lower().partition(":")
    if name == "abc":
        wanted = (arg or "a").upper()
        if wanted not in ("A", "B", "C"):
            raise InvalidInput(f"ABC class must be A, B or C, not {arg!r}.")
        ids = [p for p, c in abc_classes(session, today=today).items() if c == wanted]
        skus = list(session.scalars(select(Product.sku).where(Product.id.in_(ids))
                                    .order_by(Product.sku)))
        if not skus:
            raise InvalidInput(f"No products are in class {wanted}.")
        return create_count(session, "cycle", skus=skus, blind=blind, assigned_to=assigned_to,
                            description=f"Cycle: ABC class {wanted} ({len(skus)} products)",
                            actor=actor)
    if name in ("stale", "perday") and not arg.isdigit():
        raise InvalidInput(f"Write the cycle as {name}:N, e.g. {name}:30.")
    if name == "stale":
        bins = stale_bins(session, int(arg), today=today)
        words = f"not counted in {arg} days"
    elif name == "perday":
        bins = bins_for_today(session, int(arg))
        words = f"{arg} bins per day"
    else:
        raise InvalidInput(f"Unknown cycle {rule!r}: use abc, abc:B, stale:DAYS or perday:N.")
    if not bins:
        raise InvalidInput(f"Every bin has been counted recently; nothing is {words}.")
    return create_count(session, "cycle", bins=bins, blind=blind, assigned_to=assigned_to,
                        description=f"Cycle: {words} ({len(bins)} bins)", actor=actor)
