"""Demand from sales history, for every product at once: a weekday weight index, a recent
level and trend, and the spread of weekly sales. Pure numpy; no database.

The history comes as per-product sums (`SalesStats`) that SQL or a test builds:
- `weekday`: units sold on each weekday (Monday first) over whole weeks of history;
- `weeks`: units sold in each of the last RECENT_WEEKS whole weeks (oldest first, the last
  one ending the day before the plan's date);
- `first_day`: days before the plan's date of the product's first sale (how much history
  it has; a new product is not judged on weeks it was not yet sold).

Sums over whole weeks carry every weekday equally often, so a weekly rate needs no
deseasonalising; the weekday index then spreads a week's demand over its days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

RECENT_WEEKS = 13       # spread and trend are read from the last quarter
LEVEL_WEEKS = 4         # the level: the last four weeks
TREND_DAYS_CAP = 60     # a trend is followed this far ahead, then held
# Pseudo-units of the store-wide weekday pattern mixed into each product's own: a product
# with a few sales gets the store's pattern, one with hundreds gets its own.
WEEKDAY_PRIOR_UNITS = 14.0

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class SalesStats:
    weekday: Floats       # (P, 7)
    weeks: Floats         # (P, RECENT_WEEKS)
    first_day: Floats     # (P,) days of history the product has (inf: never sold)


@dataclass(frozen=True)
class Demand:
    index: Floats         # (P, 7) weekday weights, mean 1 (Monday first)
    level: Floats         # (P,) units per day now (deseasonalised)
    trend: Floats         # (P,) change of the level per day
    week_sd: Floats       # (P,) standard deviation of weekly units


def weekday_index(weekday: Floats) -> Floats:
    """Each product's weekday weights (mean 1), shrunk toward the store's pattern."""
    totals = weekday.sum(axis=1, keepdims=True)
    store = weekday.sum(axis=0)
    store_share = store / store.sum() if store.sum() > 0 else np.full(7, 1 / 7)
    share = (weekday + WEEKDAY_PRIOR_UNITS * store_share) / (totals + WEEKDAY_PRIOR_UNITS)
    return np.asarray(7.0 * share, dtype=np.float64)


def learn(stats: SalesStats) -> Demand:
    weeks = np.asarray(stats.weeks, dtype=np.float64)
    n = weeks.shape[1]
    # Weeks before the first sale are not zeros of a slow seller, just not yet on sale.
    known = np.clip(np.ceil(np.asarray(stats.first_day, dtype=np.float64) / 7), 1, n)
    col = np.arange(n)[None, :]
    seen = col >= (n - known[:, None])
    seen_weeks = seen.sum(axis=1)
    recent = np.minimum(seen_weeks, LEVEL_WEEKS)
    in_level = col >= (n - recent[:, None])
    level = (weeks * in_level).sum(axis=1) / (7.0 * recent)
    # Trend: least-squares slope of the seen weeks' totals, in units/day per day.
    x = np.where(seen, col, 0).astype(np.float64)
    x_mean = x.sum(axis=1) / seen_weeks
    y_mean = (weeks * seen).sum(axis=1) / seen_weeks
    dx = np.where(seen, col - x_mean[:, None], 0.0)
    sxx = (dx * dx).sum(axis=1)
    slope_week = np.divide((dx * (weeks - y_mean[:, None])).sum(axis=1), sxx,
                           out=np.zeros_like(sxx), where=sxx > 0)
    trend = slope_week / 49.0  # (units/week per week) -> (units/day per day)
    dev = np.where(seen, weeks - y_mean[:, None], 0.0)
    var = np.divide((dev * dev).sum(axis=1), seen_weeks - 1, out=np.zeros_like(sxx),
                    where=seen_weeks > 1)
    never = ~np.isfinite(np.asarray(stats.first_day, dtype=np.float64))
    level[never] = 0.0
    trend[never] = 0.0
    return Demand(weekday_index(np.asarray(stats.weekday, dtype=np.float64)), level, trend,
                  np.sqrt(var))


def daily_forecast(demand: Demand, rows: slice, first_weekday: int, days: int
                   ) -> NDArray[np.float32]:
    """Units expected on each of the next `days` days for the products in `rows`
    (the first day is a `first_weekday`, Monday = 0)."""
    level = demand.level[rows, None]
    index = demand.index[rows]
    weekday = (first_weekday + np.arange(days)) % 7
    # The trend moves the level for TREND_DAYS_CAP days; after that each weekday repeats
    # the same figure, so only the first weeks are worked out day by day.
    head = min(days, TREND_DAYS_CAP + 1)
    t = np.arange(head, dtype=np.float64)[None, :]
    # The trend may bend the level, never below half or above twice what sells now.
    rate = np.clip(level + demand.trend[rows, None] * t, 0.5 * level, 2.0 * level)
    out = np.empty((level.shape[0], days), dtype=np.float32)
    out[:, :head] = rate * index[:, weekday[:head]]
    if days > head:
        week = (rate[:, -1:] * index).astype(np.float32)
        out[:, head:] = week[:, weekday[head:]]
    return out
