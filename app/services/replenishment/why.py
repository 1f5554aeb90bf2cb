"""Why a plan line says what it says, in words and figures; and one product's daily sales
with the forecast after them, for the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Order, OrderLine
from app.models.money import to_decimal_text
from app.models.returns import Return, ReturnLine
from app.services.replenishment import history
from app.services.replenishment.forecast import TREND_DAYS_CAP
from app.services.replenishment.plan import MODE_WORDS, PlanLine, place

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Series:
    history: tuple[tuple[date, int], ...]      # every day, 0 where nothing sold
    forecast: tuple[tuple[date, float], ...]


def _money(minor: int, currency: str) -> str:
    return f"{to_decimal_text(minor, currency or 'EUR')} {currency}".strip()


def explain(line: PlanLine, review_days: int) -> list[str]:
    """The figures behind a line, one sentence each, in the order they were worked out."""
    out = []
    if line.daily_demand <= 0:
        return [f"{line.sku} sold nothing in the last weeks: nothing to order."]
    trend = line.trend_per_day * 7
    out.append(f"Demand: {line.daily_demand:.2f} a day over the last 4 weeks "
               f"({trend:+.2f} a day per week of trend, followed for {TREND_DAYS_CAP} days).")
    peaks = ", ".join(f"{d} {w:.2f}" for d, w in zip(WEEKDAYS, line.weekday_index,
                                                      strict=True))
    out.append(f"Weekday weights (1 = an average day): {peaks}.")
    out.append(f"Cover: {line.on_hand} salable + {line.in_transit} coming (each counted "
               "from its arrival day) = "
               + (f"{line.cover_days:.0f} days; runs out on {line.stockout}."
                  if line.stockout else "no stockout in sight."))
    if not line.options:
        out.append("No supplier sells it: add it to a supplier's price list.")
        return out
    out.append(f"Class {line.abc} by sales value: service level {line.service_level:.0%}; "
               f"weekly sales vary by {line.week_sd:.1f} units (standard deviation).")
    for o in line.options:
        freight = ("freight unknown" if o.freight_minor is None
                   else f"freight {_money(o.freight_minor, line.currency)}")
        timing = "in time" if o.in_time else "too late"
        out.append(f"By {MODE_WORDS[o.mode]}: {o.lead_days} days, arrives {o.arrives} "
                   f"({timing}); {_money(o.unit_cost_minor, line.currency)} a unit landed "
                   f"({freight}); safety stock {o.safety:.0f}; alone it would need "
                   f"{o.quantity} units.")
    out.append(f"Quantities cover {review_days} days after arrival plus safety stock, in "
               f"packs of {line.pack_size}" + (f", at least {line.moq}." if line.moq else "."))
    if line.order_by is not None and not line.suggestion:
        saves = (f"; that saves {_money(line.saving_minor, line.currency)} against air "
                 "later." if line.saving_minor else ".")
        out.append(f"Nothing to order yet: order by {MODE_WORDS.get(line.base_mode or '', '')}"
                   f" by {line.order_by}{saves}")
    for s in line.suggestion:
        out.append(f"Order {s.quantity} by {MODE_WORDS[s.mode]} now: arrives {s.arrives}, "
                   f"{_money(s.cost_minor, line.currency)}.")
    if len(line.suggestion) > 1:
        out.append("Split: the faster mode only bridges until a sea order placed today "
                   "arrives; the rest goes by sea.")
    if line.extra_cost_minor:
        out.append(f"Extra cost against sending it all by sea: "
                   f"{_money(line.extra_cost_minor, line.currency)}.")
    if line.short_days:
        out.append(f"Even the fastest mode arrives {line.short_days} day(s) after the "
                   "stockout.")
    return out


def series(session: Session, line: PlanLine, as_of: date, destination: str | None = None,
           *, back_days: int = 182, ahead_days: int = 120) -> Series:
    """Units sold per day (net of returns) for `back_days` before as_of, and the forecast."""
    where = place(session, destination)
    start = as_of - timedelta(days=back_days)
    sold = history.sold_filter(where, history.midnight(start), history.midnight(as_of))
    day = func.date(Order.placed_at)
    per_day: dict[str, int] = {}
    for d, q in session.execute(
            select(day, func.sum(OrderLine.quantity)).join(Order, Order.id == OrderLine.order_id)
            .where(OrderLine.product_id == line.product_id, *sold).group_by(day)):
        per_day[str(d)[:10]] = per_day.get(str(d)[:10], 0) + int(q)
    for d, q in session.execute(
            select(day, func.sum(ReturnLine.quantity))
            .join(Return, Return.id == ReturnLine.return_id)
            .join(Order, Order.id == Return.order_id)
            .where(ReturnLine.product_id == line.product_id, *sold).group_by(day)):
        per_day[str(d)[:10]] = per_day.get(str(d)[:10], 0) - int(q)
    past = tuple((start + timedelta(days=n), max(0, per_day.get(
        (start + timedelta(days=n)).isoformat(), 0))) for n in range(back_days))
    ahead = []
    for n in range(ahead_days):
        day_n = as_of + timedelta(days=n)
        rate = line.daily_demand + line.trend_per_day * min(n, TREND_DAYS_CAP)
        rate = min(max(rate, 0.5 * line.daily_demand), 2 * line.daily_demand)
        ahead.append((day_n, rate * line.weekday_index[day_n.weekday()]))
    return Series(past, tuple(ahead))
