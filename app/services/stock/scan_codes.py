"""What a scanner sent: GTINs with their check digits, GS1 element strings, or plain text.

Pure: no database. A code whose GTIN/SSCC check digit is wrong is a `Misread` and must
be refused, never looked up: a misread digit can be another real product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.services.core.errors import BackroomError
from app.services.stock.barcodes import gtin_check_digit
from app.services.stock.gs1 import GS, ElementError, gs1_date, split_elements


class Misread(BackroomError):
    """The scanner read the code wrong (bad check digit, broken GS1 data): scan it again."""


@dataclass(frozen=True)
class ScanCode:
    """One scan, understood.

    kind: ean13 | ean8 | upca | upce | gtin14 | gs1 | text. `gtin` is the form barcodes are
    stored in (UPC-A and UPC-E as 0-prefixed GTIN-13, EAN-8 as 8 digits, cases as GTIN-14);
    `text` is what to look up for plain text (SKU, order number, bin, tracking, tote).
    `alt_gtins` holds a second reading when 8 digits are valid both as EAN-8 and UPC-E.
    """

    kind: str
    text: str
    gtin: str | None = None
    batch: str | None = None
    expiry: date | None = None
    serial: str | None = None
    count: int | None = None
    sscc: str | None = None
    raw: str = ""
    alt_gtins: tuple[str, ...] = ()

    @property
    def gtins(self) -> tuple[str, ...]:
        """Every stored-form GTIN this scan may stand for, best first."""
        return ((self.gtin,) if self.gtin else ()) + self.alt_gtins


# AIM symbology identifiers (ISO/IEC 15424) that scanners can put in front of the data.
_SYMBOLOGY = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_GS1_IDS = {"]C1", "]e0", "]d2", "]Q3", "]J1"}   # the data is a GS1 element string
_EAN_IDS = {"]E0", "]E1", "]E2", "]E3", "]E4"}   # EAN/UPC family


def _valid(digits: str) -> bool:
    return digits.isdigit() and len(digits) > 1 and gtin_check_digit(digits[:-1]) == digits[-1]


def upce_to_upca(upce: str) -> str:
    """The 12-digit UPC-A for an 8-digit UPC-E (number system, six digits, check digit)."""
    if len(upce) != 8 or not upce.isdigit() or upce[0] not in "01":
        raise ValueError(f"not a UPC-E: {upce!r}")
    ns, d, check = upce[0], upce[1:7], upce[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def stored_gtin(gtin: str) -> str:
    """The catalogue's stored form of any GTIN-8/12/13/14 (see app.services.stock.barcodes)."""
    if len(gtin) == 14:
        if gtin.startswith("000000"):
            return gtin[6:]
        return gtin[1:] if gtin.startswith("0") else gtin
    if len(gtin) == 12:
        return "0" + gtin
    return gtin


def _misread(digits: str, what: str) -> Misread:
    expected = gtin_check_digit(digits[:-1])
    return Misread(f"Misread: {digits} is not a valid {what} (check digit should be "
                   f"{expected}, not {digits[-1]}). Scan it again.")


def _upce_reading(digits: str) -> str | None:
    if digits[0] in "01":
        upca = upce_to_upca(digits)
        if _valid(upca):
            return "0" + upca
    return None


def _retail(digits: str, raw: str, symbology: str) -> ScanCode:
    n = len(digits)
    if n == 8:
        ean8 = _valid(digits) and symbology != "]E0"
        upce = _upce_reading(digits) if symbology != "]E4" else None
        if ean8:
            return ScanCode("ean8", digits, digits, raw=raw, alt_gtins=(upce,) if upce else ())
        if upce:
            return ScanCode("upce", upce, upce, raw=raw)
        raise Misread(f"Misread: {digits} is neither a valid EAN-8 nor UPC-E. Scan it again.")
    kind = {12: "upca", 13: "ean13", 14: "gtin14"}[n]
    if not _valid(digits):
        raise _misread(digits, kind.upper())
    gtin = stored_gtin(digits)
    return ScanCode(kind, gtin, gtin, raw=raw)


def _gs1(data: str, raw: str, today: date) -> ScanCode:
    try:
        elements = split_elements(data)
    except ElementError as exc:
        raise Misread(f"Misread: this GS1 code could not be read ({exc}). Scan it again.") \
            from exc
    gtin = batch = serial = sscc = None
    expiry: date | None = None
    count: int | None = None
    for ai, value in elements:
        if ai in ("01", "00") and not _valid(value):
            raise _misread(value, "GTIN" if ai == "01" else "SSCC")
        if ai == "01":
            gtin = stored_gtin(value)
        elif ai == "00":
            sscc = value
        elif ai == "10":
            batch = value
        elif ai == "21":
            serial = value
        elif ai == "17":
            try:
                expiry = gs1_date(value, today)
            except ElementError as exc:
                raise Misread(f"Misread: expiry {value} is not a date. Scan it again.") \
                    from exc
        elif ai == "37":
            if not value.isdigit():
                raise Misread(f"Misread: count {value!r} is not a number. Scan it again.")
            count = int(value)
    text = "".join(f"({ai}){value}" for ai, value in elements)
    return ScanCode("gs1", text, gtin=gtin, batch=batch, expiry=expiry, serial=serial,
                    count=count, sscc=sscc, raw=raw)


def _looks_gs1(data: str) -> bool:
    """Whether text sent without a symbology identifier is a GS1 element string."""
    if GS in data or data.startswith("(0"):
        return True
    if data[:2] == "01" and len(data) >= 16 and _valid(data[2:16]):
        return True
    return data[:2] == "00" and len(data) >= 20 and _valid(data[2:20])


def split_symbology(raw: str) -> tuple[str, str]:
    """(AIM symbology identifier or "", data) with the suffix (Enter, Tab, spaces) removed."""
    data = raw.strip(" \r\n\t")
    m = _SYMBOLOGY.match(data)
    if m:
        return m.group(0), data[m.end():]
    return "", data


def reference_text(raw: str) -> str:
    """The plain text of a scan for looking up an order, tracking number, tote or bin."""
    return split_symbology(raw)[1].replace(GS, "").strip()


def parse_scan(raw: str, *, today: date | None = None) -> ScanCode:
    """Understand one scan; raise Misread for a bad check digit or broken GS1 data."""
    today = today or date.today()
    symbology, data = split_symbology(raw)
    if not data.replace(GS, ""):
        raise Misread("Nothing was scanned.")
    if symbology in _GS1_IDS:
        return _gs1(data.lstrip(GS), raw, today)
    if symbology in _EAN_IDS:
        if not (data.isdigit() and len(data) in (8, 12, 13, 14)):
            raise Misread(f"Misread: {data!r} is not an EAN/UPC number. Scan it again.")
        return _retail(data, raw, symbology)
    if symbology:  # Code 128, Code 39, plain DataMatrix/QR: the text is the code
        return ScanCode("text", data.strip(), raw=raw)
    if data.isdigit() and len(data) in (8, 12, 13, 14):
        return _retail(data, raw, "")
    if _looks_gs1(data):
        try:
            return _gs1(data.lstrip(GS), raw, today)
        except Misread:
            if GS in data or data.startswith("("):
                raise
            # Only guessed from its digits: an internal code that merely starts like GS1.
    return ScanCode("text", data.strip(), raw=raw)
