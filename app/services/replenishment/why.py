"""Why a plan line says what it says, in words and figures; and one product's daily sales
with the forecast after them, for the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from app.money import to_decimal_text
from app.services.replenishment import daily
from app.services.replenishment.forecast import TREND_DAYS_CAP
from app.services.replenishment.plan import MODE_WORDS, PlanLine, place

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Series:
    history: tuple[tuple[date, int], ...]      # every day, 0 where nothing sold
    forecast: tuple[tuple[date, float], ...]


@dataclass(frozen=True)
class Fact:
    """One figure behind a plan line: its kind and plain values (numbers, dates, mode
    names, money in minor units of the line's currency). Screens word them in the user's
    language; `explain` words them in English (logs, tests)."""

    kind: str
    values: dict[str, Any]


def facts(line: PlanLine, review_days: int) -> list[Fact]:
    """The figures behind a line, in the order they were worked out."""
    if line.daily_demand <= 0:
        return [Fact("no_sales", {"sku": line.sku})]
    out = [Fact("demand", {"per_day": line.daily_demand, "trend_week": line.trend_per_day * 7,
                           "trend_days": TREND_DAYS_CAP}),
           Fact("weekdays", {"weights": line.weekday_index}),
           Fact("cover", {"on_hand": line.on_hand, "coming": line.in_transit,
                          "cover_days": line.cover_days, "stockout": line.stockout})]
    if not line.options:
        out.append(Fact("no_supplier", {}))
        return out
    out.append(Fact("class", {"abc": line.abc, "service": line.service_level,
                              "week_sd": line.week_sd}))
    out += [Fact("mode", {"mode": o.mode, "lead_days": o.lead_days, "arrives": o.arrives,
                          "in_time": o.in_time, "landed": o.unit_cost_minor,
                          "freight": o.freight_minor, "safety": o.safety,
                          "alone": o.quantity}) for o in line.options]
    out.append(Fact("packs", {"review_days": review_days, "pack": line.pack_size,
                              "moq": line.moq}))
    if line.order_by is not None and not line.suggestion:
        out.append(Fact("wait", {"mode": line.base_mode or "", "order_by": line.order_by,
                                 "saving": line.saving_minor}))
    out += [Fact("order", {"mode": x.mode, "quantity": x.quantity, "arrives": x.arrives,
                           "cost": x.cost_minor}) for x in line.suggestion]
    if len(line.suggestion) > 1:
        out.append(Fact("split", {}))
    if line.extra_cost_minor:
        out.append(Fact("extra", {"extra": line.extra_cost_minor}))
    if line.short_days:
        out.append(Fact("short", {"days": line.short_days}))
    return out


def _money(minor: int, currency: str) -> str:
    return f"{to_decimal_text(minor, currency or 'EUR')} {currency}".strip()


def explain(line: PlanLine, review_days: int) -> list[str]:
    """The facts in English, one sentence each."""
    return [_english(f, line.currency) for f in facts(line, review_days)]


def _english(fact: Fact, currency: str) -> str:  # noqa: C901, PLR0911  (one case a kind)
    v = fact.values
    mode = MODE_WORDS.get(str(v.get("mode", "")), "")
    match fact.kind:
        case "no_sales":
            return f"{v['sku']} sold nothing in the last weeks: nothing to order."
        case "demand":
            return (f"Demand: {v['per_day']:.2f} a day over the last 4 weeks "
                    f"({v['trend_week']:+.2f} a day per week of trend, followed for "
                    f"{v['trend_days']} days).")
        case "weekdays":
            peaks = ", ".join(f"{d} {w:.2f}" for d, w in zip(WEEKDAYS, v["weights"],
                                                              strict=True))
            return f"Weekday weights (1 = an average day): {peaks}."
        case "cover":
            return (f"Cover: {v['on_hand']} salable + {v['coming']} coming (each counted "
                    "from its arrival day) = "
                    + (f"{v['cover_days']:.0f} days; runs out on {v['stockout']}."
                       if v["stockout"] else "no stockout in sight."))
        case "no_supplier":
            return "No supplier sells it: add it to a supplier's price list."
        case "class":
            return (f"Class {v['abc']} by sales value: service level {v['service']:.0%}; "
                    f"weekly sales vary by {v['week_sd']:.1f} units (standard deviation).")
        case "mode":
            freight = ("freight unknown" if v["freight"] is None
                       else f"freight {_money(v['freight'], currency)}")
            timing = "in time" if v["in_time"] else "too late"
            return (f"By {mode}: {v['lead_days']} days, arrives {v['arrives']} ({timing}); "
                    f"{_money(v['landed'], currency)} a unit landed ({freight}); safety "
                    f"stock {v['safety']:.0f}; alone it would need {v['alone']} units.")
        case "packs":
            return (f"Quantities cover {v['review_days']} days after arrival plus safety "
                    f"stock, in packs of {v['pack']}"
                    + (f", at least {v['moq']}." if v["moq"] else "."))
        case "wait":
            saves = (f"; that saves {_money(v['saving'], currency)} against air later."
                     if v["saving"] else ".")
            return f"Nothing to order yet: order by {mode} by {v['order_by']}{saves}"
        case "order":
            return (f"Order {v['quantity']} by {mode} now: arrives {v['arrives']}, "
                    f"{_money(v['cost'], currency)}.")
        case "split":
            return ("Split: the faster mode only bridges until a sea order placed today "
                    "arrives; the rest goes by sea.")
        case "extra":
            return (f"Extra cost against sending it all by sea: "
                    f"{_money(v['extra'], currency)}.")
        case _:
            return f"Even the fastest mode arrives {v['days']} day(s) after the stockout."


def series(session: Session, line: PlanLine, as_of: date, destination: str | None = None,
           *, back_days: int = 182, ahead_days: int = 120) -> Series:
    """Units sold per store-local day (net of returns) for `back_days` before as_of, and
    the forecast."""
    where = place(session, destination)
    start = as_of - timedelta(days=back_days)
    marketplace = where.kind == "marketplace"
    got = daily.sales(session, [where.store_id] if marketplace and where.store_id else
                      ([] if marketplace else None), marketplace, start, as_of,
                      product_id=line.product_id)
    net = np.bincount(got.day, weights=got.sold - got.returned, minlength=back_days)
    past = tuple((start + timedelta(days=n), max(0, int(net[n]))) for n in range(back_days))
    ahead = []
    for n in range(ahead_days):
        day_n = as_of + timedelta(days=n)
        rate = line.daily_demand + line.trend_per_day * min(n, TREND_DAYS_CAP)
        rate = min(max(rate, 0.5 * line.daily_demand), 2 * line.daily_demand)
        ahead.append((day_n, rate * line.weekday_index[day_n.weekday()]))
    return Series(past, tuple(ahead))
