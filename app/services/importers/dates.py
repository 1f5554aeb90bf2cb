"""Dates as stores write them (ISO with offsets, US and European styles, named months)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from app.services.importers.limits import shown

_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EST": -5,
                  "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
                  "AEST": 10, "AEDT": 11}
_TRAILING_ZONE = re.compile(r"\s+([A-Z]{1,4})$")
ISO_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z",
               "%Y-%m-%d %H:%M %z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S",
               "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M:%S",
             "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d/%m/%y", "%d.%m.%y", "%d-%m-%Y")
MONTH_FIRST = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
               "%m/%d/%y", "%m-%d-%Y")
NAMED_MONTH = ("%b-%d-%y", "%b-%d-%Y", "%d-%b-%y", "%d-%b-%Y", "%b %d, %Y", "%d %b %Y",
               "%b-%d-%y %H:%M:%S", "%d %B %Y", "%B %d, %Y")


# An order or a count outside these years is a typing or export mistake ("0001-01-01", a
# spreadsheet's 9999-12-31); refusing it also keeps clear of the ends of Python's datetime,
# where converting to UTC overflows.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

_FAST_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})"
                       r" ?([+-])([0-9]{2}):?([0-9]{2})")
_OFFSETS: dict[tuple[str, str, str], timezone] = {}


def parse_datetime(text: str, tz: tzinfo = UTC, formats: Sequence[str] = ISO_FORMATS) -> datetime:
    """An aware UTC datetime; text without an offset is read in `tz` (the store's zone).

    Raises ValueError for text that is no date, and for dates before 1970 or from 2100 on.
    """
    try:
        value = _parse(text, tz, formats)
    except OverflowError:
        value = None
    if value is None or not EARLIEST <= value < LATEST:
        raise ValueError(f"'{shown(text.strip())}' is not a date between "
                         f"{EARLIEST.year} and {LATEST.year - 1}")
    return value


def _parse(text: str, tz: tzinfo, formats: Sequence[str]) -> datetime:
    s = text.strip()
    fast = _FAST_ISO.fullmatch(s) if formats is ISO_FORMATS else None
    if fast is not None:  # '2026-11-01 10:00:00 +0100' (Shopify), without strptime's cost
        y, mo, d, h, mi, sec, sign, oh, om = fast.groups()
        offset = _OFFSETS.get((sign, oh, om))
        if offset is None:
            delta = timedelta(hours=int(oh), minutes=int(om))
            offset = _OFFSETS[(sign, oh, om)] = timezone(-delta if sign == "-" else delta)
        try:
            value = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), tzinfo=offset)
        except ValueError:
            raise ValueError(f"'{shown(s)}' is not a real date") from None
        return value.astimezone(UTC)
    if not s:
        raise ValueError("the date is empty")
    zone: tzinfo = tz
    if s.endswith("Z") and s[-2:-1].isdigit():
        s = s[:-1] + "+0000"
    m = _TRAILING_ZONE.search(s)
    if m and m.group(1) in _ABBREVIATIONS:
        zone = timezone(timedelta(hours=_ABBREVIATIONS[m.group(1)]))
        s = s[: m.start()]
    for fmt in formats:
        try:
            value = datetime.strptime(s, fmt)
        except ValueError:
            continue
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    try:  # ISO 8601 variants strptime does not spell out (offsets with colons, fractions)
        value = datetime.fromisoformat(s)
    except ValueError:
        raise ValueError(f"'{shown(text.strip())}' is not a date in a format this file uses"
                         ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def guess_date_formats(values: Sequence[str], day_first: bool = False) -> tuple[str, ...]:
    """Formats to read a column of dates with: the first family that reads every sample."""
    families = [ISO_FORMATS, DAY_FIRST if day_first else MONTH_FIRST,
                MONTH_FIRST if day_first else DAY_FIRST, NAMED_MONTH]
    samples = [v for v in values if v.strip()][:200]
    for family in families:
        ok = True
        for v in samples:
            try:
                parse_datetime(v, UTC, family)
            except ValueError:
                ok = False
                break
        if ok:
            return family
    return ISO_FORMATS + families[1] + NAMED_MONTH
