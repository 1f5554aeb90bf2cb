"""Barcode values: GTIN check digits, EAN/UPC validation and the stored (canonical) form."""

from __future__ import annotations

from app.services.core.errors import InvalidInput


def plain_digits(text: str) -> bool:
    """Only the digits 0-9: not "²" or "٣", which str.isdigit() also accepts."""
    return text.isascii() and text.isdigit()


def odd_digit(text: str) -> str | None:
    """The first character that is a digit but not 0-9 (superscript, Arabic-Indic, ...)."""
    return next((ch for ch in text if ch.isdigit() and not ch.isascii()), None)


def gtin_check_digit(body: str) -> str:
    """The mod-10 check digit for the digits of a GTIN without its last digit."""
    if not plain_digits(body):
        raise ValueError(f"not digits: {body!r}")
    total = 0
    # Weights 3,1,3,1... from the rightmost digit of the body.
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def is_valid_gtin(code: str) -> bool:
    return (plain_digits(code) and len(code) in (8, 12, 13, 14)
            and gtin_check_digit(code[:-1]) == code[-1])


def classify(code: str) -> str:
    """ean13 / upca / ean8 / gtin14 for digit codes of those lengths, else internal."""
    if plain_digits(code):
        return {13: "ean13", 12: "upca", 8: "ean8", 14: "gtin14"}.get(len(code), "internal")
    return "internal"


def stored_gtin(gtin: str) -> str:
    """The catalogue's stored form of a GTIN of 8, 12, 13 or 14 digits (leading zeros kept
    or added as GS1 classifies it by its significant digits): GTIN-8 as 8 digits, GTIN-12
    (UPC-A) and GTIN-13 as 13, GTIN-14 as 14. So a UPC-A, its EAN-13 and its GTIN-14 in a
    GS1-128 all find the same product."""
    as14 = gtin.rjust(14, "0")
    significant = len(as14.lstrip("0"))
    if significant <= 8:
        return as14[6:]
    return as14 if significant == 14 else as14[1:]


def normalise_barcode(raw: str) -> tuple[str, str]:
    """(stored code, kind) for a barcode typed or imported by a user.

    EAN/UPC lengths must carry a correct check digit and are stored as `stored_gtin`
    says (a UPC-A as its 0-prefixed EAN-13), so that scanning any form finds the same
    product. Other text is an internal code. Digits other than 0-9 are refused: no scanner
    sends a superscript or Arabic-Indic digit, so such a barcode could never be scanned.
    """
    code = raw.strip()
    if not code:
        raise InvalidInput("A barcode cannot be empty.")
    if any(ch.isspace() for ch in code):
        raise InvalidInput(f"Barcode {code!r} contains spaces.")
    odd = odd_digit(code)
    if odd is not None:
        raise InvalidInput(
            f"Barcode {code!r} contains {odd!r} (U+{ord(odd):04X}), which is not a digit "
            "0-9: a scanner can never send it. Type the barcode with the digits 0-9.")
    kind = classify(code)
    if kind == "internal":
        return code, kind
    if not is_valid_gtin(code):
        expected = gtin_check_digit(code[:-1])
        raise InvalidInput(
            f"{code} is not a valid {kind.upper()}: the check digit should be {expected}, "
            f"not {code[-1]}.")
    return stored_gtin(code), kind


def ean13_from_number(n: int, prefix: str = "200") -> str:
    """A valid EAN-13 in the in-store range (prefix 20-29) from a running number."""
    body = f"{prefix}{n:0{12 - len(prefix)}d}"
    if len(body) != 12:
        raise ValueError("number too large for an EAN-13 body")
    return body + gtin_check_digit(body)
