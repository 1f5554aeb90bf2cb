"""What a scanner sent: GTINs with their check digits, GS1 element strings and Digital Link
URIs, SSCCs, or plain text (a SKU, order number, bin, tote or tracking number).

biip does the reading (symbology identifiers, GTIN/UPC-E/SSCC, element strings, Digital
Link); the rules on top are ours. Pure: no database. A code whose GTIN/SSCC check digit is
wrong, or a GS1 code that is broken (unknown AI, a field too long, a bad date), is a
`Misread` and must be refused, never looked up: a misread digit can be another real product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from biip import ParseError
from biip.symbology import SymbologyIdentifier
from biip.upc import Upc

from app.services.core.errors import BackroomError
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.stock.barcodes import gtin_check_digit, odd_digit, plain_digits, stored_gtin
from app.services.stock.gs1 import (
    GS,
    Element,
    ElementError,
    gs1_date,
    is_digital_link,
    read_digital_link,
    read_elements,
)


class Misread(BackroomError):
    """The scanner read the code wrong (bad check digit, broken GS1 data): scan it again."""


@dataclass(frozen=True)
class ScanCode:
    """One scan, understood.

    kind: ean13 | ean8 | upca | upce | gtin14 | sscc | gs1 | digital_link | text. `gtin` is
    the form barcodes are stored in (see barcodes.stored_gtin); `text` is what to look up
    for plain text (SKU, order number, bin, tracking, tote) and a readable form otherwise.
    `alt_gtins` holds other readings: 8 digits valid both as EAN-8 and UPC-E, and the digits
    themselves for a 6/7-digit UPC-E (it may as well be an internal code).
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
    symbology: str = ""                     # the AIM identifier sent, e.g. "]C1", or ""
    elements: tuple[Element, ...] = ()      # GS1 application identifiers and values

    @property
    def gtins(self) -> tuple[str, ...]:
        """Every stored-form GTIN this scan may stand for, best first."""
        return ((self.gtin,) if self.gtin else ()) + self.alt_gtins

    @property
    def also_text(self) -> bool:
        """Whether `text` may as well be a SKU or order number: 6 or 7 digits read as a
        UPC-E carry no check digit, so when no barcode matches, look the digits up as text."""
        return self.kind == "upce" and len(self.text) in (6, 7)


# AIM symbology identifiers (ISO/IEC 15424) whose data is a GS1 element string, and the
# EAN/UPC family; ]I1 is ITF-14 (a GTIN on cartons); ]Q1/]d1/]J0 plain QR/DataMatrix/
# DotCode, where a GS1 Digital Link URI may be.
_GS1_IDS = {"]C1", "]e0", "]d2", "]Q3", "]J1"}
_EAN_IDS = {"]E0", "]E1", "]E2", "]E3", "]E4"}
_URI_IDS = {"]Q1", "]Q3", "]d1", "]d2", "]J0", "]J1"}
_SYMBOLOGY = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_KEYS = ("00", "01", "02")   # SSCC, GTIN, GTIN of the contents: check digits to verify


def _valid(digits: str) -> bool:
    return plain_digits(digits) and len(digits) > 1 and \
        gtin_check_digit(digits[:-1]) == digits[-1]


def upce_to_upca(upce: str) -> str:
    """The 12-digit UPC-A for an 8-digit UPC-E (number system, six digits, check digit)."""
    if len(upce) != 8 or not plain_digits(upce) or upce[0] not in "01":
        raise ValueError(f"not a UPC-E: {upce!r}")
    try:
        return Upc.parse(upce[:7]).as_upc_a()[:-1] + upce[7]
    except ParseError as exc:  # pragma: no cover - 7 digits with NS 0/1 always expand
        raise ValueError(str(exc)) from exc


def _misread(digits: str, what: str) -> Misread:
    expected = gtin_check_digit(digits[:-1])
    return Misread(QT_TRANSLATE_NOOP("messages",
        "Misread: {digits} is not a valid {what} (check digit should be {expected}, not "
        "{last}). Scan it again."), digits=digits, what=what, expected=expected, last=digits[-1])


def _upce_reading(digits: str) -> str | None:
    if digits[0] in "01":
        upca = upce_to_upca(digits)
        if _valid(upca):
            return stored_gtin(upca)
    return None


def _short_upce(digits: str, raw: str, symbology: str) -> ScanCode | None:
    """6 or 7 digits: a UPC-E sent without its number system and/or check digit (a common
    scanner setting). It carries no check digit to test, so its digits stay a candidate."""
    if len(digits) == 7 and digits[0] not in "01":
        return None
    try:
        upca = Upc.parse(digits).as_upc_a()
    except ParseError:
        return None
    gtin = stored_gtin(upca)
    return ScanCode("upce", digits, gtin, raw=raw, alt_gtins=(digits,), symbology=symbology)


def _retail(digits: str, raw: str, symbology: str) -> ScanCode:
    n = len(digits)
    if n == 8:
        ean8 = _valid(digits) and symbology != "]E0"
        upce = _upce_reading(digits) if symbology != "]E4" else None
        if ean8:
            return ScanCode("ean8", digits, digits, raw=raw, alt_gtins=(upce,) if upce else (),
                            symbology=symbology)
        if upce:
            return ScanCode("upce", upce, upce, raw=raw, symbology=symbology)
        raise Misread(QT_TRANSLATE_NOOP("messages",
            "Misread: {digits} is neither a valid EAN-8 nor UPC-E. Scan it again."),
            digits=digits)
    kind = {12: "upca", 13: "ean13", 14: "gtin14"}[n]
    if not _valid(digits):
        raise _misread(digits, kind.upper())
    gtin = stored_gtin(digits)
    return ScanCode(kind, gtin, gtin, raw=raw, symbology=symbology)


def _ean_upc(data: str, raw: str, symbology: str) -> ScanCode:
    """Data under an EAN/UPC identifier: ]E0 EAN-13/UPC-A/UPC-E, ]E4 EAN-8, ]E3 with add-on."""
    if not plain_digits(data):
        raise Misread(QT_TRANSLATE_NOOP("messages",
            "Misread: {data!r} is not an EAN/UPC number. Scan it again."), data=data)
    n = len(data)
    if symbology == "]E3" and n in (10, 13, 15, 18):  # the add-on (2 or 5 digits) is dropped
        data = data[:13] if n in (15, 18) else data[:8]
        n = len(data)
    if symbology == "]E4" and n != 8:
        raise Misread(QT_TRANSLATE_NOOP("messages",
            "Misread: an EAN-8 has 8 digits, not {count}. Scan it again."), count=n)
    if symbology == "]E0" and n in (6, 7):
        found = _short_upce(data, raw, symbology)
        if found is not None:
            return found
    if n not in (8, 12, 13):
        raise Misread(QT_TRANSLATE_NOOP("messages",
            "Misread: {data} is not an EAN/UPC number ({count} digits). Scan it again."),
            data=data, count=n)
    return _retail(data, raw, symbology)


def _from_elements(elements: list[Element], raw: str, today: date, symbology: str,
                   kind: str = "gs1") -> ScanCode:
    gtin = batch = serial = sscc = None
    expiry: date | None = None
    count: int | None = None
    for e in elements:
        if e.ai in _KEYS and not _valid(e.value):
            raise _misread(e.value, {"00": "SSCC", "01": "GTIN", "02": "GTIN"}[e.ai])
        if e.ai == "01":
            gtin = stored_gtin(e.value)
        elif e.ai == "02" and gtin is None:
            # The GTIN of the trade items inside a logistic unit (with (37) their count).
            gtin = stored_gtin(e.value)
        elif e.ai == "00":
            sscc = e.value
        elif e.ai == "10":
            batch = e.value
        elif e.ai == "21":
            serial = e.value
        elif e.ai == "17":
            try:
                expiry = gs1_date(e.value, today)
            except ElementError as exc:
                raise Misread(f"Misread: expiry {e.value} is not a date. Scan it again.") \
                    from exc
        elif e.ai == "37":
            count = int(e.value)
    text = "".join(f"({e.ai}){e.value}" for e in elements)
    return ScanCode(kind, text, gtin=gtin, batch=batch, expiry=expiry, serial=serial,
                    count=count, sscc=sscc, raw=raw, symbology=symbology,
                    elements=tuple(elements))


def _gs1(data: str, raw: str, today: date, symbology: str) -> ScanCode:
    try:
        elements = read_elements(data.lstrip(GS))
    except ElementError as exc:
        raise Misread(f"Misread: this GS1 code could not be read ({exc}). Scan it again.") \
            from exc
    return _from_elements(elements, raw, today, symbology)


def _digital_link(data: str, raw: str, today: date, symbology: str) -> ScanCode | None:
    """A GS1 Digital Link URI, or None for any other web address (it stays text)."""
    try:
        elements = read_digital_link(data)
    except ElementError as exc:
        if "check digit" in str(exc).lower() or "not a date" in str(exc):
            raise Misread(f"Misread: this Digital Link could not be read ({exc}). "
                          "Scan it again.") from exc
        return None
    return _from_elements(elements, raw, today, symbology, kind="digital_link")


def _guess_gs1(data: str, raw: str, today: date) -> ScanCode | None:
    """Text sent without a symbology identifier that is a GS1 element string: a GS (FNC1)
    in it, brackets, a key (SSCC, GTIN, contents GTIN) with a valid check digit first, or
    two or more elements (a logistics label's (15)…(10)… line). Else None: plain text."""
    clearly = GS in data or (data[:1] == "(" and data[1:2].isdigit())
    key_end = 20 if data[:2] == "00" else 16
    keyed = data[:2] in _KEYS and len(data) >= key_end and _valid(data[2:key_end])
    try:
        elements = read_elements(data.lstrip(GS))
    except ElementError as exc:
        if clearly or keyed:
            raise Misread(f"Misread: this GS1 code could not be read ({exc}). "
                          "Scan it again.") from exc
        return None
    if not (clearly or keyed or len(elements) >= 2):
        return None
    try:
        return _from_elements(elements, raw, today, "")
    except Misread:
        if clearly:
            raise
        return None  # only guessed from its digits: an internal code that starts like GS1


# What the identifiers a packer's scanner is likely to send stand for (ISO/IEC 15424).
_SYMBOLOGY_NAMES = {
    "]C0": "Code 128", "]C1": "GS1-128", "]E0": "EAN-13, UPC-A or UPC-E", "]E3":
    "EAN/UPC with add-on", "]E4": "EAN-8", "]I0": "Interleaved 2 of 5", "]I1": "ITF-14",
    "]A0": "Code 39", "]G0": "Code 93", "]Q1": "QR Code", "]Q3": "GS1 QR Code",
    "]d1": "Data Matrix", "]d2": "GS1 DataMatrix", "]e0": "GS1 DataBar", "]J0": "DotCode",
    "]J1": "GS1 DotCode", "]L0": "PDF417", "]z0": "Aztec", "]F0": "Codabar",
}


def symbology_name(identifier: str) -> str:
    """'GS1-128' for ]C1; the symbology family for identifiers not in the short list."""
    if identifier in _SYMBOLOGY_NAMES:
        return _SYMBOLOGY_NAMES[identifier]
    try:
        family = SymbologyIdentifier.extract(identifier).iso_symbology.name
    except (ParseError, ValueError, IndexError):
        return "unknown symbology"
    return family.replace("_", " ").title().replace("Ean Upc", "EAN/UPC")


def split_symbology(raw: str) -> tuple[str, str]:
    """(AIM symbology identifier or "", data) with the suffix (Enter, Tab, spaces) removed."""
    data = raw.strip(" \r\n\t")
    if data.startswith("]") and len(data) >= 3:
        try:
            ident = SymbologyIdentifier.extract(data).value
        except (ParseError, ValueError, IndexError):
            # Letters biip does not know yet (]J DotCode): "]", a letter, one modifier.
            m = _SYMBOLOGY.match(data)
            ident = m.group(0) if m else ""
        if ident and len(data) >= len(ident):
            return ident, data[len(ident):]
    return "", data


def reference_text(raw: str) -> str:
    """The plain text of a scan for looking up an order, tracking number, tote or bin."""
    return split_symbology(raw)[1].replace(GS, "").strip()


def _composite(data: str) -> tuple[str, str]:
    """(linear part, 2D part) of a GS1 Composite sent as "primary|]e0elements"."""
    head, sep, tail = data.partition("|]e")
    if not sep or len(tail) < 1:
        return data, ""
    return head, tail[1:]


def parse_scan(raw: str, *, today: date | None = None) -> ScanCode:
    """Understand one scan; raise Misread for a bad check digit or broken GS1 data."""
    today = today or date.today()
    symbology, data = split_symbology(raw)
    if not data.replace(GS, "").strip():
        raise Misread("Nothing was scanned.")
    odd = odd_digit(data)
    if odd is not None:
        raise Misread(f"Misread: {odd!r} is not a digit 0-9 (no barcode holds it); check the "
                      "scanner's keyboard layout, or type the code with the digits 0-9.")
    if not symbology and data.startswith("]"):
        raise Misread(f"Misread: {data!r} starts like a symbology identifier but is not one. "
                      "Scan it again.")
    linear, extra = _composite(data) if symbology in _EAN_IDS | {"]C1", "]e0"} else (data, "")
    if extra:
        primary = parse_scan(symbology + linear, today=today)
        more = _gs1(extra, raw, today, "]e0")
        return ScanCode(primary.kind, primary.text, primary.gtin, more.batch, more.expiry,
                        more.serial, more.count, more.sscc, raw, primary.alt_gtins, symbology,
                        more.elements)
    if symbology in _URI_IDS and is_digital_link(data):
        found = _digital_link(data, raw, today, symbology)
        if found is not None:
            return found
    if symbology in _GS1_IDS:
        return _gs1(data, raw, today, symbology)
    if symbology in _EAN_IDS:
        return _ean_upc(data, raw, symbology)
    if symbology == "]I1" and plain_digits(data) and len(data) == 14:
        return _retail(data, raw, symbology)  # ITF-14: a GTIN-14 on an outer carton
    if symbology:  # Code 128, Code 39, plain DataMatrix/QR: the text is the code
        return ScanCode("text", data.strip(), raw=raw, symbology=symbology)
    return _unprefixed(data, raw, today)


def _unprefixed(data: str, raw: str, today: date) -> ScanCode:
    """A scan without a symbology identifier (most wedge scanners' default)."""
    if plain_digits(data):
        n = len(data)
        if n in (6, 7):
            found = _short_upce(data, raw, "")
            if found is not None:
                return found
        if n in (8, 12, 13, 14):
            return _retail(data, raw, "")
        if n == 18 and _valid(data):
            return ScanCode("sscc", data, sscc=data, raw=raw)  # a bare SSCC (pallet label)
    if is_digital_link(data):
        found = _digital_link(data, raw, today, "")
        if found is not None:
            return found
    guessed = _guess_gs1(data, raw, today)
    if guessed is not None:
        return guessed
    return ScanCode("text", data.strip(), raw=raw)
