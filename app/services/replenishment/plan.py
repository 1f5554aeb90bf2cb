"""The replenishment plan: for every product of a destination, its demand, cover, stockout,
the last day to order by sea, and what to order now by which mode (issue 16).

`make_plan` reads everything in bulk (`history`), learns demand (`forecast`), does the
arithmetic for all products at once (`compute`) and returns plain lines sorted by urgency.
Costs are in the supplier's currency: unit cost plus freight per unit (landed).
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from statistics import NormalDist
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.replenishment import Destination, ReplenishmentSetting
from app.services.core.errors import InvalidInput, NotFound
from app.services.replenishment import history
from app.services.replenishment.compute import MODES, Result, compute
from app.services.replenishment.forecast import Demand, learn
from app.services.replenishment.history import Place

WAREHOUSE = "Warehouse"          # our own warehouse: always a destination
SOON_DAYS = 14                   # an order-by date this close is shown as "soon"
DEFAULT_SETTINGS = {"service_a": "0.98", "service_b": "0.95", "service_c": "0.90",
                    "review_days": "30"}
NEEDS = ("late", "air", "now", "soon", "ok", "no_supplier", "none")
MODE_WORDS = {"sea": "sea", "sea_fast": "fast sea", "air": "air", "express": "express"}


@dataclass(frozen=True)
class Suggestion:
    mode: str
    quantity: int
    arrives: date
    cost_minor: int


@dataclass(frozen=True)
class ModeOption:
    mode: str
    lead_days: int
    arrives: date
    unit_cost_minor: int         # landed: the supplier's price plus freight per unit
    freight_minor: int | None    # None: the price list has no freight for this mode
    quantity: int                # what this mode alone would need today
    in_time: bool
    safety: float


@dataclass(frozen=True)
class PlanLine:
    product_id: int
    sku: str
    name: str
    supplier: str
    currency: str
    abc: str
    service_level: float
    daily_demand: float
    trend_per_day: float
    weekday_index: tuple[float, ...]
    week_sd: float
    on_hand: int
    in_transit: int
    cover_days: float | None
    stockout: date | None
    order_by: date | None
    base_mode: str | None
    suggestion: tuple[Suggestion, ...]
    extra_cost_minor: int
    saving_minor: int
    short_days: int
    need: str
    # Per mode (MODES order): lead days, arrival, landed cost, freight (-1 unknown), units
    # alone, in time, safety stock; `options` makes ModeOptions of them when asked (a plan
    # of 50,000 lines would spend a second making 200,000 objects nobody reads).
    mode_figures: tuple[list[Any], ...] = field(default=(), compare=False, repr=False)
    pack_size: int = 1
    moq: int = 0

    @property
    def options(self) -> tuple[ModeOption, ...]:
        if not self.mode_figures:
            return ()
        lead, arrives, cost, freight, alone, in_time, safety = self.mode_figures
        return tuple(ModeOption(MODES[m], lead[m], arrives[m], cost[m],
                                None if freight[m] < 0 else freight[m], alone[m],
                                bool(in_time[m]), safety[m])
                     for m in range(len(MODES)) if lead[m] >= 0)


@dataclass(frozen=True)
class Plan:
    as_of: date
    destination: str
    review_days: int
    lines: tuple[PlanLine, ...]

    def totals(self) -> dict[str, dict[str, int]]:
        """Per currency: cost of the suggestions, extra paid for speed, savings by sea."""
        out: dict[str, dict[str, int]] = {}
        for line in self.lines:
            t = out.setdefault(line.currency or "", {"cost": 0, "extra": 0, "saving": 0})
            t["cost"] += sum(s.cost_minor for s in line.suggestion)
            t["extra"] += line.extra_cost_minor
            t["saving"] += line.saving_minor
        return out


def settings(session: Session) -> dict[str, str]:
    stored = dict(session.execute(select(ReplenishmentSetting.key,
                                         ReplenishmentSetting.value)).all())
    return {k: stored.get(k, v) for k, v in DEFAULT_SETTINGS.items()}


def save_settings(session: Session, values: dict[str, str]) -> dict[str, str]:
    for key, value in values.items():
        if key not in DEFAULT_SETTINGS:
            raise InvalidInput(f"Unknown setting {key!r}.")
        if key == "review_days":
            if not value.isdigit() or not 1 <= int(value) <= 180:
                raise InvalidInput("The review period is 1 to 180 days.")
        else:
            check_service_level(float(value))
        row = session.get(ReplenishmentSetting, key)
        if row is None:
            session.add(ReplenishmentSetting(key=key, value=value))
        else:
            row.value = value
    session.flush()
    return settings(session)


def check_service_level(level: float) -> float:
    if not 0.5 <= level < 1:
        raise InvalidInput(f"A service level is between 0.5 and 0.999, not {level}.")
    return level


def place(session: Session, name: str | None) -> Place:
    if not name or name.strip().lower() == WAREHOUSE.lower():
        return Place(None, WAREHOUSE, "warehouse", None, None, 0)
    found = session.scalar(select(Destination).where(Destination.name.ilike(name.strip())))
    if found is None:
        raise NotFound(f"There is no destination {name!r} (see backroom replenish "
                       "destinations).")
    return Place(found.id, found.name, found.kind, found.store_id, found.location_id,
                 found.inbound_days)


def abc_classes(value: np.ndarray) -> np.ndarray:
    """A: the products making the first 80% of sales value, B: the next 15%, C: the rest."""
    classes = np.full(value.shape[0], "C", dtype="<U1")
    total = value.sum()
    if total <= 0:
        return classes
    order = np.argsort(-value, kind="stable")
    before = (np.cumsum(value[order]) - value[order]) / total
    ranked = np.where(before < 0.80, "A", np.where(before < 0.95, "B", "C"))
    classes[order] = np.where(value[order] > 0, ranked, "C")
    return classes


def make_plan(session: Session, as_of: date | None = None, destination: str | None = None,
              service_level: float | None = None) -> Plan:
    as_of = as_of or datetime.now(UTC).date()
    where = place(session, destination)
    conf = settings(session)
    review = int(conf["review_days"])
    cat = history.catalogue(session)
    index = {int(pid): i for i, pid in enumerate(cat.ids)}
    stats, year_units = history.sales_stats(session, where, as_of, cat.ids)
    demand = learn(stats)
    stock, on_hand, transit = history.stock(session, where, as_of, index)
    terms = history.supplier_terms(session, where, index, history.weights(session))
    abc = abc_classes(year_units * cat.price)
    levels = {k: check_service_level(float(conf[f"service_{k.lower()}"])) for k in "ABC"}
    if service_level is not None:
        levels = dict.fromkeys("ABC", check_service_level(service_level))
    service = np.array([levels[c] for c in abc]) if len(abc) else np.zeros(0)
    z = np.array([NormalDist().inv_cdf(s) for s in levels.values()])
    z_of = dict(zip(levels, z, strict=True))
    zs = np.array([z_of[c] for c in abc]) if len(abc) else np.zeros(0)
    result = compute(demand, stock, terms.offers, z=zs, review_days=review,
                     first_weekday=as_of.weekday())
    rows = np.flatnonzero((demand.level > 0) | (terms.offers.lead >= 0).any(axis=1)
                          | (on_hand > 0))
    # Tens of thousands of small objects: the cyclic collector would walk them many times
    # over while they are made, and none of them can form a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        lines = _lines(rows, as_of=as_of, cat=cat, demand=demand, terms=terms, res=result,
                       abc=abc, service=service, on_hand=on_hand, transit=transit)
    finally:
        if collecting:
            gc.enable()
    rank = {n: k for k, n in enumerate(NEEDS)}
    far = date.max
    lines.sort(key=lambda ln: (rank[ln.need], ln.order_by or far, ln.stockout or far, ln.sku))
    return Plan(as_of, where.name, review, tuple(lines))


def _day(as_of: date, offset: float) -> date | None:
    if math.isnan(offset) or offset > 3650:  # beyond ten years (or never): no date
        return None
    return as_of + timedelta(days=math.floor(offset))


def _lines(rows: np.ndarray, *, as_of: date, cat: history.Catalogue, demand: Demand,
           terms: history.SupplierTerms, res: Result, abc: np.ndarray, service: np.ndarray,
           on_hand: np.ndarray, transit: np.ndarray) -> list[PlanLine]:
    """PlanLines for `rows`; arrays become Python lists first (reading numpy scalars one
    at a time would cost more than the whole plan)."""
    offers = terms.offers
    take = {name: arr[rows].tolist() for name, arr in (
        ("level", demand.level), ("trend", demand.trend), ("sd", demand.week_sd),
        ("index", demand.index), ("base", res.base), ("stockout", res.stockout),
        ("order_by", res.order_by), ("quantity", res.quantity), ("alone", res.alone),
        ("in_time", res.in_time), ("safety", res.safety), ("short", res.short_days),
        ("saving", res.saving), ("lead", offers.lead), ("cost", offers.unit_cost),
        ("freight", terms.freight), ("pack", offers.pack), ("moq", offers.moq),
        ("abc", abc), ("service", service), ("on_hand", on_hand), ("transit", transit),
        ("ids", cat.ids))}
    out = []
    for k, i in enumerate(rows.tolist()):
        level, base, lead, cost = take["level"][k], take["base"][k], take["lead"][k], \
            take["cost"][k]
        stockout, order_by = take["stockout"][k], take["order_by"][k]
        quantity = take["quantity"][k]
        arrives = [as_of + timedelta(days=d) if d >= 0 else as_of for d in lead]
        suggestion = tuple(Suggestion(MODES[m], quantity[m], arrives[m], quantity[m] * cost[m])
                           for m in sorted(range(4), key=lead.__getitem__) if quantity[m] > 0)
        total = sum(s.quantity for s in suggestion)
        extra = (sum(s.cost_minor for s in suggestion) - total * cost[base]
                 if base >= 0 and suggestion else 0)
        figures = (lead, arrives, cost, take["freight"][k], take["alone"][k],
                   take["in_time"][k], take["safety"][k])
        short = take["short"][k]
        if level <= 0:
            need = "none"
        elif base < 0:
            need = "no_supplier"
        elif suggestion and short > 0:
            need = "late"
        elif suggestion and any(s.mode != MODES[base] for s in suggestion):
            need = "air"
        elif suggestion:
            need = "now"
        elif order_by <= SOON_DAYS:
            need = "soon"
        else:
            need = "ok"
        finite = stockout != float("inf")
        out.append(PlanLine(
            take["ids"][k], cat.skus[i], cat.names[i], terms.supplier[i], terms.currency[i],
            take["abc"][k], take["service"][k], level, take["trend"][k],
            tuple(take["index"][k]), take["sd"][k], int(take["on_hand"][k]),
            int(take["transit"][k]), round(stockout, 1) if finite else None,
            _day(as_of, stockout), _day(as_of, order_by) if level > 0 and base >= 0 else None,
            MODES[base] if base >= 0 else None, suggestion, extra, take["saving"][k],
            math.ceil(short), need, figures, take["pack"][k], take["moq"][k]))
    return out
