"""GS1 element strings (GS1-128, GS1 DataMatrix/QR): split into application identifiers."""

from __future__ import annotations

import calendar
import re
from datetime import date

GS = "\x1d"

# Element strings whose length is fixed by their first two digits (GS1 General
# Specifications, "predefined length" table): no FNC1 follows them. Lengths include the AI.
_PREDEFINED_LENGTH = {
    "00": 20, "01": 16, "02": 16, "03": 16, "04": 18, "11": 8, "12": 8, "13": 8, "14": 8,
    "15": 8, "16": 8, "17": 8, "18": 8, "19": 8, "20": 4, "31": 10, "32": 10, "33": 10,
    "34": 10, "35": 10, "36": 10, "41": 16,
}

# Bracketed human-readable form, as typed from a label: "(01)09501101530003(10)AB1".
_BRACKETED = re.compile(r"\((\d{2,4})\)([^()]*)")


class ElementError(ValueError):
    """The text is not a well-formed GS1 element string."""


def ai_length(digits: str) -> int:
    """How many digits the application identifier at the start of `digits` has."""
    head = digits[:2]
    if len(head) < 2 or not head.isdigit():
        raise ElementError(f"no application identifier at {digits[:6]!r}")
    n = int(head)
    if n <= 22 or n in (30, 37) or n >= 90:
        return 2
    if 23 <= n <= 29 or 40 <= n <= 42 or n == 71:
        return 3
    return 4  # 31-36, 39, 43, 70, 72+, 80-82 use four-digit identifiers


def split_elements(data: str) -> list[tuple[str, str]]:
    """[(ai, value), ...] for an element string with FNC1 sent as GS (or left off at the end)."""
    if data.startswith("("):
        pairs = _BRACKETED.findall(data)
        if "".join(f"({a}){v}" for a, v in pairs) != data:
            raise ElementError("brackets do not pair up application identifiers")
        return [(a, v) for a, v in pairs]
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(data):
        if data[pos] == GS:  # a leading or doubled FNC1 carries no data
            pos += 1
            continue
        ai = data[pos:pos + ai_length(data[pos:])]
        fixed = _PREDEFINED_LENGTH.get(ai[:2])
        if fixed is not None:
            end = pos + fixed
            if end > len(data) or GS in data[pos:end]:
                raise ElementError(f"({ai}) is cut short")
        else:
            gs_at = data.find(GS, pos)
            end = len(data) if gs_at < 0 else gs_at
        value = data[pos + len(ai):end]
        if not value:
            raise ElementError(f"({ai}) has no value")
        out.append((ai, value))
        pos = end
    if not out:
        raise ElementError("empty element string")
    return out


def gs1_date(yymmdd: str, today: date) -> date:
    """A GS1 YYMMDD date; DD 00 means the month's last day; the century by GS1's window."""
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        raise ElementError(f"date {yymmdd!r} is not YYMMDD")
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    # GS1 General Specifications 7.12: a year more than 50 years ahead is in the last
    # century, one 50 or more years back is in the next century.
    century = today.year // 100 * 100
    diff = yy - today.year % 100
    if diff >= 51:
        century -= 100
    elif diff <= -50:
        century += 100
    year = century + yy
    if not 1 <= mm <= 12:
        raise ElementError(f"date {yymmdd} has month {mm:02d}")
    last = calendar.monthrange(year, mm)[1]
    if dd == 0:
        dd = last
    if dd > last:
        raise ElementError(f"date {yymmdd} has day {dd:02d}")
    return date(year, mm, dd)
