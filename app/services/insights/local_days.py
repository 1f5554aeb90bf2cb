"""A store's local calendar day of a UTC time, computed inside SQL.

A time zone's offset is constant between its transitions, so over a range the local day is
date(placed_at + offset) with one offset per stretch: a CASE over those stretches, one per
store. This keeps the grouping in the database (one pass) and exact across summer time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, String, case, cast, func, literal_column
from sqlalchemy.sql.elements import ColumnElement

# One stretch: from this UTC instant (inclusive) the offset is this many minutes.
Stretch = tuple[datetime, int]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _offset(tz: ZoneInfo, at: datetime) -> int:
    delta = at.astimezone(tz).utcoffset() or timedelta(0)
    return int(delta.total_seconds()) // 60


def stretches(tz: ZoneInfo, start: datetime, end: datetime) -> list[Stretch]:
    """The constant-offset stretches of `tz` covering [start, end) (UTC, aware)."""
    out: list[Stretch] = [(start, _offset(tz, start))]
    day = start
    while day < end:
        nxt = min(day + timedelta(days=1), end)
        if _offset(tz, nxt) != out[-1][1]:
            # Find the change to the quarter hour (every zone changes on one).
            t = day
            while t < nxt and _offset(tz, t) == out[-1][1]:
                t += timedelta(minutes=15)
            out.append((t, _offset(tz, t)))
        day = nxt
    return out


def shifted_date(col: ColumnElement[datetime], minutes: int,
                 dialect: str) -> ColumnElement[object]:
    if dialect == "sqlite":
        return func.date(col, f"{minutes:+d} minutes")
    return cast(col + literal_column(f"interval '{minutes} minutes'"), Date)


def local_day_expr(store_col: ColumnElement[int], time_col: ColumnElement[datetime],
                   zones: dict[int, ZoneInfo], span: tuple[datetime, datetime],
                   dialect: str) -> ColumnElement[object]:
    whens: list[tuple[ColumnElement[bool], ColumnElement[object]]] = []
    for store_id, tz in zones.items():
        parts = stretches(tz, *span)
        for (_, minutes), (until, _) in zip(parts, parts[1:], strict=False):
            whens.append(((store_col == store_id) & (time_col < until),
                          shifted_date(time_col, minutes, dialect)))
        whens.append((store_col == store_id, shifted_date(time_col, parts[-1][1], dialect)))
    if not whens:
        return cast(literal_column("NULL"), String)
    return case(*whens, else_=shifted_date(time_col, 0, dialect))


def as_date(value: object) -> date:
    """SQLite hands back 'YYYY-MM-DD' text, PostgreSQL a date."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def local_day(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


def utc_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """A UTC window wide enough for local days first..last in any zone (±14 h)."""
    lo = (datetime.combine(first, datetime.min.time(), UTC) - timedelta(hours=15)
          if first else None)
    hi = (datetime.combine(last, datetime.min.time(), UTC) + timedelta(hours=39)
          if last else None)
    return lo, hi
