"""The replenishment plan: for every product of a destination, its demand, cover, stockout,
the last day to order by sea, and what to order now by which mode (issue 16).

`make_plan` reads everything in bulk (`history`), learns demand (`forecast`), does the
arithmetic for all products at once (`compute`) and returns plain lines sorted by urgency.
Costs are in the supplier's currency: unit cost plus freight per unit (landed).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import repeat
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
class ModeFigures:
    """Every planned product's figures per mode (rows of the plan's arrays, columns in MODES
    order); a line makes its ModeOptions of its row when asked (a plan of 50,000 lines
    would spend a second making 200,000 objects nobody reads)."""

    as_of: date
    lead: np.ndarray          # (P, 4) days; -1 where the mode is not offered
    unit_cost: np.ndarray     # (P, 4) landed
    freight: np.ndarray       # (P, 4) per unit; -1 unknown
    alone: np.ndarray         # (P, 4) units this mode alone would need
    in_time: np.ndarray       # (P, 4)
    safety: np.ndarray        # (P, 4)

    def options(self, row: int) -> tuple[ModeOption, ...]:
        lead = self.lead[row].tolist()
        cost, freight = self.unit_cost[row].tolist(), self.freight[row].tolist()
        alone, in_time = self.alone[row].tolist(), self.in_time[row].tolist()
        safety = self.safety[row].tolist()
        return tuple(ModeOption(MODES[m], lead[m], self.as_of + timedelta(days=lead[m]),
                                cost[m], None if freight[m] < 0 else freight[m], alone[m],
                                bool(in_time[m]), safety[m])
                     for m in range(len(MODES)) if lead[m] >= 0)


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
    modes: ModeFigures | None = field(default=None, compare=False, repr=False)
    pack_size: int = 1
    moq: int = 0
    row: int = field(default=0, compare=False, repr=False)   # the line's row in `modes`

    @property
    def options(self) -> tuple[ModeOption, ...]:
        return () if self.modes is None else self.modes.options(self.row)


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
    stats, year_units = history.sales_stats(session, where, as_of, cat.ids)
    demand = learn(stats)
    stock, on_hand, transit = history.stock(session, where, as_of, cat.ids)
    terms = history.supplier_terms(session, where, cat.ids)
    abc = abc_classes(year_units * cat.price)
    levels = {k: check_service_level(float(conf[f"service_{k.lower()}"])) for k in "ABC"}
    if service_level is not None:
        levels = dict.fromkeys("ABC", check_service_level(service_level))
    klass = np.searchsorted(np.array(["A", "B", "C"]), abc)
    service = np.array(list(levels.values()))[klass]
    zs = np.array([NormalDist().inv_cdf(s) for s in levels.values()])[klass]
    result = compute(demand, stock, terms.offers, z=zs, review_days=review,
                     first_weekday=as_of.weekday())
    rows = np.flatnonzero((demand.level > 0) | (terms.offers.lead >= 0).any(axis=1)
                          | (on_hand > 0))
    need = _needs(demand.level[rows], result, rows)
    order_by = np.where((demand.level[rows] > 0) & (result.base[rows] >= 0),
                        result.order_by[rows], np.nan)
    stockout = result.stockout[rows]
    # Most urgent first: need, then the order-by day, the stockout day, the SKU.
    sku_rank = np.empty(len(cat.skus), dtype=np.int64)
    sku_rank[np.argsort(np.array(cat.skus, dtype=str), kind="stable")] = np.arange(
        len(cat.skus))
    first = np.lexsort((sku_rank[rows], _day_key(stockout), _day_key(order_by), need))
    rows, need, order_by, stockout = rows[first], need[first], order_by[first], stockout[first]
    # Tens of thousands of small objects: the cyclic collector would walk them many times
    # over while they are made, and none of them can form a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        lines = _lines(rows, need, as_of=as_of, cat=cat, demand=demand, terms=terms,
                       res=result, abc=abc, service=service, on_hand=on_hand,
                       transit=transit, stockout=stockout, order_by=order_by)
    finally:
        if collecting:
            gc.enable()
    return Plan(as_of, where.name, review, tuple(lines))


def _needs(level: np.ndarray, res: Result, rows: np.ndarray) -> np.ndarray:
    """Each row's need, as its index in NEEDS."""
    base = res.base[rows]
    quantity = res.quantity[rows]
    ordered = quantity > 0
    some = ordered.any(axis=1)
    other = (ordered & (np.arange(len(MODES))[None, :] != base[:, None])).any(axis=1)
    code = np.select([level <= 0, base < 0, some & (res.short_days[rows] > 0), some & other,
                      some, res.order_by[rows] <= SOON_DAYS],
                     [NEEDS.index(n) for n in ("none", "no_supplier", "late", "air", "now",
                                               "soon")], NEEDS.index("ok"))
    return np.asarray(code, dtype=np.int64)


FAR = 10**9   # a sort key after every day


def _has_day(offset: np.ndarray) -> np.ndarray:
    """Offsets that make a day: not NaN and within ten years (else no date, never)."""
    return np.asarray(~np.isnan(offset) & (offset <= 3650), dtype=np.bool_)


def _day_key(offset: np.ndarray) -> np.ndarray:
    return np.where(_has_day(offset), np.floor(np.nan_to_num(offset, nan=0.0,
                                                            posinf=0.0)), FAR).astype(np.int64)


def _days(as_of: date, offsets: np.ndarray, known: np.ndarray | None = None) -> list[Any]:
    """as_of + each whole offset as a date (None where not `known`), as (nested) lists like
    `offsets`; one date object per distinct day, not one per line."""
    if known is None:
        known = np.ones(offsets.shape, dtype=np.bool_)
    whole = np.where(known, offsets, 0).astype(np.int64)
    distinct, at = np.unique(whole, return_inverse=True)
    table = np.array([as_of + timedelta(days=d) for d in distinct.tolist()] + [None],
                     dtype=object)
    return list(table[np.where(known, at.reshape(offsets.shape), len(distinct))].tolist())


def _lines(rows: np.ndarray, need: np.ndarray, *, as_of: date, cat: history.Catalogue,
           demand: Demand, terms: history.SupplierTerms, res: Result, abc: np.ndarray,
           service: np.ndarray, on_hand: np.ndarray, transit: np.ndarray,
           stockout: np.ndarray, order_by: np.ndarray) -> list[PlanLine]:
    """PlanLines for `rows` (in that order), made column by column: arrays become Python
    lists first (reading numpy scalars one at a time would cost more than the whole plan),
    dates come from one table of the days that occur."""
    offers = terms.offers
    n = len(rows)
    quantity = res.quantity[rows]
    lead = offers.lead[rows]
    cost = offers.unit_cost[rows]
    base = res.base[rows]
    spent = quantity * cost
    ordered = quantity.sum(axis=1)
    extra = np.where((base >= 0) & (ordered > 0),
                     spent.sum(axis=1) - ordered * cost[np.arange(n), np.maximum(base, 0)], 0)
    suggestion: list[tuple[Suggestion, ...]] = [()] * n
    some = np.flatnonzero(ordered > 0)
    if some.size:
        # Fastest first (modes of one lead time in MODES order).
        by_lead = np.argsort(lead[some], axis=1, kind="stable")
        arrives = _days(as_of, np.maximum(lead[some], 0))
        for k, modes, q, spend, when in zip(some.tolist(), by_lead.tolist(),
                                            quantity[some].tolist(), spent[some].tolist(),
                                            arrives, strict=True):
            suggestion[k] = tuple(Suggestion(MODES[m], q[m], when[m], spend[m])
                                  for m in modes if q[m] > 0)
    finite = stockout != np.inf
    cover = [round(v, 1) if f else None for v, f in zip(stockout.tolist(), finite.tolist(),
                                                          strict=True)]
    mode_or_none = [*MODES, None]   # base -1 (no supplier) reads the last: None
    modes = ModeFigures(as_of, offers.lead, offers.unit_cost, terms.freight, res.alone,
                        res.in_time, res.safety)
    row_list = rows.tolist()

    def pick(values: list[Any]) -> list[Any]:
        return [values[i] for i in row_list]

    columns: list[Any] = [
        cat.ids[rows].tolist(), pick(cat.skus), pick(cat.names), pick(terms.supplier),
        pick(terms.currency), abc[rows].tolist(), service[rows].tolist(),
        demand.level[rows].tolist(), demand.trend[rows].tolist(),
        map(tuple, demand.index[rows].tolist()), demand.week_sd[rows].tolist(),
        on_hand[rows].astype(np.int64).tolist(), transit[rows].astype(np.int64).tolist(),
        cover, _days(as_of, np.floor(np.nan_to_num(stockout, posinf=0.0)),
                     _has_day(stockout)),
        _days(as_of, np.floor(np.nan_to_num(order_by, posinf=0.0)), _has_day(order_by)),
        [mode_or_none[b] for b in base.tolist()], suggestion, extra.tolist(),
        res.saving[rows].tolist(), np.ceil(res.short_days[rows]).astype(np.int64).tolist(),
        [NEEDS[c] for c in need.tolist()], repeat(modes, n), offers.pack[rows].tolist(),
        offers.moq[rows].tolist(), row_list]
    return list(map(PlanLine, *columns))
