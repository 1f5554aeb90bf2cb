"""GS1 element strings (GS1-128, DataMatrix, QR, DataBar) and Digital Link URIs, read by biip.

biip knows every application identifier (AI), its length and its character set; on top of
it we keep our own rules: an element string must be read to its last character, a
variable-length field that is not the last one must end with FNC1 (sent as GS), an unknown
AI or a field longer than its AI allows is refused, never guessed around.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString

GS = "\x1d"

# Bracketed human-readable form, as typed from a label: "(01)09501101530003(10)AB1".
_BRACKETED = re.compile(r"\((\d{2,4})\)([^()]*)")
_LENGTH = re.compile(r"[A-Z]\.\.(\d+)|[A-Z](\d+)")


class ElementError(ValueError):
    """The text is not a well-formed GS1 element string."""


@dataclass(frozen=True)
class Element:
    """One application identifier and its value, with what biip made of the value."""

    ai: str
    value: str
    title: str = ""                 # GS1's short data title: GTIN, BATCH/LOT, USE BY, ...
    date: date | None = None
    datetime: datetime | None = None
    decimal: Decimal | None = None


def _ai(data: str) -> GS1ApplicationIdentifier:
    try:
        return GS1ApplicationIdentifier.extract(data)
    except ParseError as exc:
        head = data[:4] if data[:4].isascii() else data[:4].encode("unicode_escape").decode()
        raise ElementError(f"unknown application identifier at {head!r}") from exc


def _max_length(ai: GS1ApplicationIdentifier) -> int:
    """Longest value the AI allows, from GS1's format text ('N2+X..20' -> 20, 'N2+N14' ->
    14); exact for the fixed-length AIs, a guide for a message otherwise."""
    parts = ai.format.split("+")[1:]
    return sum(int(m.group(1) or m.group(2)) for p in parts if (m := _LENGTH.search(p)))


def _element(ai: GS1ApplicationIdentifier, value: str) -> Element:
    """Parse one AI + value exactly (the whole value must fit the AI's pattern)."""
    if not value:
        raise ElementError(f"({ai.ai}) has no value")
    if not value.isascii() or not value.isprintable():
        raise ElementError(f"({ai.ai}) {value!r} has characters a GS1 code cannot hold")
    try:
        es = GS1ElementString.parse(ai.ai + value)
    except ParseError as exc:
        if len(value) > _max_length(ai):
            raise ElementError(f"({ai.ai}) {ai.data_title} is {len(value)} characters long; "
                               f"at most {_max_length(ai)} are allowed") from exc
        if "date" in str(exc):
            raise ElementError(f"({ai.ai}) {value} is not a date") from exc
        raise ElementError(f"({ai.ai}) {value!r} does not fit {ai.data_title} "
                           f"({ai.format})") from exc
    return Element(ai.ai, es.value, ai.data_title, es.date, es.datetime, es.decimal)


def _split_transmitted(data: str) -> list[Element]:
    out: list[Element] = []
    pos = 0
    while pos < len(data):
        if data[pos] == GS:  # a leading or doubled FNC1 carries no data
            pos += 1
            continue
        ai = _ai(data[pos:])
        start = pos + len(ai.ai)
        if ai.separator_required:
            gs_at = data.find(GS, start)
            end = len(data) if gs_at < 0 else gs_at
        else:
            end = start + _max_length(ai)
            if end > len(data) or GS in data[start:end]:
                raise ElementError(f"({ai.ai}) {ai.data_title} is cut short")
        out.append(_element(ai, data[start:end]))
        pos = end
    return out


def _split_bracketed(data: str) -> list[Element]:
    text = "".join(data.split())  # "(10)123456   (17)…" as printed under a label
    pairs = _BRACKETED.findall(text)
    if not pairs or "".join(f"({a}){v}" for a, v in pairs) != text:
        raise ElementError("brackets do not pair up application identifiers")
    out: list[Element] = []
    for code, value in pairs:
        ai = _ai(code + value)
        if ai.ai != code:
            raise ElementError(f"unknown application identifier ({code})")
        out.append(_element(ai, value))
    return out


def read_elements(data: str) -> list[Element]:
    """The elements of a GS1 element string, sent with FNC1 as GS or typed with brackets."""
    if data.startswith("("):
        out = _split_bracketed(data)
    else:
        out = _split_transmitted(data)
    if not out:
        raise ElementError("empty element string")
    seen: dict[str, str] = {}
    for e in out:
        if seen.setdefault(e.ai, e.value) != e.value:
            raise ElementError(f"({e.ai}) appears twice with different values")
    return out


def split_elements(data: str) -> list[tuple[str, str]]:
    """[(ai, value), ...] for an element string with FNC1 sent as GS (or left off at the end)."""
    return [(e.ai, e.value) for e in read_elements(data)]


def is_digital_link(text: str) -> bool:
    """Whether text is a web address that may be a GS1 Digital Link (http or https).

    The scheme is matched as the Digital Link standard writes it, all lower or all upper
    case: QR encoders upper-case whole URIs to save space, but "HtTps" is not one."""
    scheme = text.split(":", 1)[0] if ":" in text else ""
    return scheme in ("http", "https", "HTTP", "HTTPS") and text[len(scheme):][:3] == "://"


def read_digital_link(uri: str) -> list[Element]:
    """The elements of a GS1 Digital Link URI (…/01/GTIN/10/BATCH?17=YYMMDD)."""
    if not is_digital_link(uri):
        raise ElementError("not an http(s) address")
    if not uri.isascii() or any(ch.isspace() for ch in uri):
        raise ElementError("a web address cannot hold spaces or non-ASCII characters")
    try:
        dl = GS1DigitalLinkURI.parse(uri)
    except (ParseError, ValueError) as exc:
        raise ElementError(f"not a GS1 Digital Link ({exc})") from exc
    host = urlsplit(uri).hostname or ""
    if not host:
        raise ElementError("the address has no host")
    return [_element(_ai(es.ai.ai + es.value), es.value) for es in dl.element_strings]


def gs1_date(yymmdd: str, today: date) -> date:
    """A GS1 YYMMDD date; DD 00 means the month's last day; the century by GS1's window."""
    if len(yymmdd) != 6 or not (yymmdd.isascii() and yymmdd.isdigit()):
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
