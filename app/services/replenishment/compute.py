"""The plan's arithmetic for every product at once (numpy, in chunks of rows): projected
stock day by day, the stockout, safety stock, and for each freight mode the arrival, the
quantity and the cost; then the choice. Pure: arrays in, arrays out; no database.

Days are counted from the plan's date (day 0). Stock at the end of day t is what is salable
now, plus what arrives on days 0..t, minus the forecast demand of days 0..t. An arrival
counts from its day, never before: stock in transit whose ETA is after the stockout does not
prevent it. A mode ordered today arrives on day `lead` (production + transit + the
destination's inbound days) and must cover demand until the next order could arrive
(`review_days` later) plus its safety stock.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from app.services.replenishment.forecast import Demand, daily_forecast

MODES = ("sea", "sea_fast", "air", "express")
SEA, SEA_FAST, AIR, EXPRESS = range(4)
HORIZON = 365       # days projected day by day; beyond it, stock runs down at the level
CHUNK = 8192        # rows per block: 8192 x 365 float32 is 12 MB a matrix
EPS = 1e-6

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Offers:
    """What each product's supplier offers, per mode (columns in MODES order)."""

    lead: Ints            # (P, 4) days from order to sellable; -1 where not offered
    unit_cost: Ints       # (P, 4) landed cost per unit, minor units of the supplier
    pack: Ints            # (P,)
    moq: Ints             # (P,)


@dataclass(frozen=True)
class Stock:
    salable: Floats       # (P,) now
    arrivals_row: Ints    # (K,) row of the product
    arrivals_day: Ints    # (K,) day it can be sold from (0 = today; earlier is today)
    arrivals_units: Floats  # (K,)


@dataclass(frozen=True)
class Result:
    stockout: Floats      # (P,) day of the first unmet demand; inf: none in sight
    order_by: Floats      # (P,) last day to order by the base mode; inf: never needed
    base: Ints            # (P,) the base mode (sea if offered, else the cheapest); -1 none
    safety: Floats        # (P, 4) safety stock per mode
    quantity: Ints        # (P, 4) units ordered today per mode (the plan, 0 = not used)
    alone: Ints           # (P, 4) units each mode alone would need (for "why")
    in_time: Bools        # (P, 4)
    short_days: Floats    # (P,) days of stockout no mode can prevent
    saving: Ints          # (P,) ordering by the base mode by order_by vs by air later


def round_up(quantity: Floats, pack: Ints, moq: Ints) -> Ints:
    """Whole packs, at least the minimum order (itself in whole packs); 0 stays 0."""
    packs = np.ceil(np.maximum(quantity, 0.0) / pack - 1e-9).astype(np.int64)
    units = packs * pack
    least = -(-moq // pack) * pack
    return np.where(units > 0, np.maximum(units, least), 0)


def _pack_only(quantity: Floats, pack: Ints) -> Ints:
    return np.ceil(np.maximum(quantity, 0.0) / pack - 1e-9).astype(np.int64) * pack


def _through(matrix: NDArray[np.float32], day: Ints, start: Floats | None = None) -> Floats:
    """matrix[:, day - 1] (what has happened before `day`), `start` (or 0) for day 0."""
    rows = np.arange(matrix.shape[0])
    idx = np.clip(day - 1, 0, matrix.shape[1] - 1)
    out = matrix[rows, idx].astype(np.float64)
    return np.where(day <= 0, 0.0 if start is None else start, out)


def _first_below(net: NDArray[np.float32], limit: Floats, level: Floats) -> Floats:
    """First day whose end stock is below `limit`; past the horizon, extrapolated at the
    level (inf when nothing sells)."""
    below = net < limit[:, None].astype(np.float32)
    at = below.argmax(axis=1)    # the first True, or 0 when there is none
    hit = below[np.arange(below.shape[0]), at]
    first = at.astype(np.float64)
    left = net[:, -1].astype(np.float64) - limit
    later = np.divide(left, level, out=np.full_like(left, np.inf), where=level > EPS)
    return np.asarray(np.where(hit, first, net.shape[1] + np.maximum(later, 0.0)),
                      dtype=np.float64)


def compute(demand: Demand, stock: Stock, offers: Offers, *, z: Floats, review_days: int,
            first_weekday: int) -> Result:
    n = demand.level.shape[0]
    out = {name: np.zeros((n, 4) if name in ("safety", "quantity", "alone", "in_time")
                          else n, dtype=dtype)
           for name, dtype in (("stockout", np.float64), ("order_by", np.float64),
                               ("base", np.int64), ("safety", np.float64),
                               ("quantity", np.int64), ("alone", np.int64),
                               ("in_time", np.bool_), ("short_days", np.float64),
                               ("saving", np.int64))}
    order = np.argsort(stock.arrivals_row, kind="stable")
    a_row = stock.arrivals_row[order]
    a_day = stock.arrivals_day[order]
    a_units = stock.arrivals_units[order]
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        i, j = np.searchsorted(a_row, [lo, hi])
        part = _chunk(demand, slice(lo, hi), stock.salable[lo:hi],
                      (a_row[i:j] - lo, a_day[i:j], a_units[i:j]),
                      Offers(offers.lead[lo:hi], offers.unit_cost[lo:hi], offers.pack[lo:hi],
                             offers.moq[lo:hi]), z=z[lo:hi], review=review_days,
                      first_weekday=first_weekday)
        for name, values in part.items():
            out[name][lo:hi] = values
    return Result(**out)  # type: ignore[arg-type]  # the arrays made above, by name


def _chunk(demand: Demand, rows: slice, salable: Floats,
           arrivals: tuple[Ints, Ints, Floats], offers: Offers, *, z: Floats, review: int,
           first_weekday: int) -> dict[str, NDArray[np.generic]]:
    n = salable.shape[0]
    level = demand.level[rows]
    sd_week = demand.week_sd[rows]
    cum_demand = np.cumsum(daily_forecast(demand, rows, first_weekday, HORIZON), axis=1)
    incoming = np.zeros((n, HORIZON), dtype=np.float32)
    r, d, u = arrivals
    soon = d < HORIZON
    np.add.at(incoming, (r[soon], np.maximum(d[soon], 0)), u[soon].astype(np.float32))
    # Most blocks have nothing coming: the zeros need no running sum.
    cum_in = np.cumsum(incoming, axis=1) if soon.any() else incoming
    net = salable[:, None].astype(np.float32) + cum_in - cum_demand
    stockout = _first_below(net, np.full(n, -EPS), level)
    stockout[level <= EPS] = np.inf

    lead = offers.lead
    offered = lead >= 0
    cost = offers.unit_cost
    cheapest = np.where(offered, cost, np.iinfo(np.int64).max).argmin(axis=1)
    base = np.where(offered[:, SEA], SEA, cheapest)
    base = np.where(offered.any(axis=1), base, -1)

    safety = np.zeros((n, 4))
    alone = np.zeros((n, 4), dtype=np.int64)
    order_by = np.full((n, 4), np.inf)
    left_at = np.zeros((n, 4))
    for m in range(4):
        lead_m = np.where(offered[:, m], lead[:, m], 0)
        safety[:, m] = z * sd_week * np.sqrt((lead_m + review) / 7.0)
        end = np.minimum(lead_m + review, HORIZON)
        left = np.maximum(_through(net, lead_m, salable), 0.0)
        arriving = _through(cum_in, end) - _through(cum_in, lead_m)
        wanted = _through(cum_demand, end) - _through(cum_demand, lead_m)
        # Past the horizon the window runs on at the level.
        wanted += np.maximum(lead_m + review - HORIZON, 0) * level
        alone[:, m] = round_up(wanted + safety[:, m] - left - arriving, offers.pack,
                               offers.moq)
        order_by[:, m] = _first_below(net, safety[:, m], level) - lead_m
        left_at[:, m] = left
    in_time = offered & (lead <= stockout[:, None])
    rows_n = np.arange(n)
    has_base = base >= 0
    base_i = np.maximum(base, 0)
    base_order_by = np.where(has_base & (level > EPS), order_by[rows_n, base_i], np.inf)
    need = base_order_by <= 0

    # The choice: the cheapest mode that arrives in time.
    big = np.iinfo(np.int64).max // 4
    key = np.where(in_time, cost * 1024 + np.where(offered, lead, 0), big)
    pick = key.argmin(axis=1)
    any_in_time = in_time.any(axis=1)
    fastest = np.where(offered, lead, big).argmin(axis=1)
    # A bridge when the cheapest in time (or, if none is, the fastest) is dearer and faster
    # than the base mode: just enough by it until a base-mode order placed today arrives.
    bridge_mode = np.where(any_in_time, pick, fastest)
    lead_b = lead[rows_n, base_i]
    lead_f = lead[rows_n, bridge_mode]
    split = need & has_base & (bridge_mode != base) & (lead_f < lead_b) & ~in_time[rows_n,
                                                                                   base_i]
    single = need & ~split & has_base
    quantity = np.zeros((n, 4), dtype=np.int64)
    chosen = np.where(any_in_time, pick, base_i)
    quantity[rows_n[single], chosen[single]] = alone[rows_n[single], chosen[single]]

    if split.any():
        s = rows_n[split]
        lf, lb = lead_f[s], lead_b[s]
        gap = (_through(cum_demand[s], lb) - _through(cum_demand[s], lf))
        came = _through(cum_in[s], lb) - _through(cum_in[s], lf)
        left_f = left_at[s, bridge_mode[s]]
        bridge_safety = z[s] * sd_week[s] * np.sqrt(np.maximum(lb - lf, 0) / 7.0)
        bridge = _pack_only(gap - left_f - came + bridge_safety, offers.pack[s])
        left_b = np.maximum(bridge + left_f + came - gap, 0.0)
        end = np.minimum(lb + review, HORIZON)
        wanted = (_through(cum_demand[s], end) - _through(cum_demand[s], lb)
                  + np.maximum(lb + review - HORIZON, 0) * level[s])
        arriving = _through(cum_in[s], end) - _through(cum_in[s], lb)
        sea = _pack_only(wanted + safety[s, base[s]] - left_b - arriving, offers.pack[s])
        least = -(-offers.moq[s] // offers.pack[s]) * offers.pack[s]
        sea = np.where(bridge + sea < least, least - bridge, sea)
        quantity[s, bridge_mode[s]] = bridge
        quantity[s, base[s]] = sea

    short = np.where(need & ~any_in_time & offered.any(axis=1),
                     np.maximum(np.where(offered, lead, big).min(axis=1) - stockout, 0.0), 0.0)
    # Planning now: what ordering by the base mode by its order-by date saves against
    # sending the same units by the fastest mode once it is too late for the base mode.
    # The units are one review period's demand plus the base mode's safety stock.
    usual = round_up(level * review + safety[rows_n, base_i], offers.pack, offers.moq)
    saving = np.where(has_base & ~need & np.isfinite(base_order_by),
                      usual * np.maximum(cost[rows_n, fastest] - cost[rows_n, base_i], 0), 0)
    return {"stockout": stockout, "order_by": base_order_by, "base": base, "safety": safety,
            "quantity": quantity, "alone": alone, "in_time": in_time, "short_days": short,
            "saving": saving}
