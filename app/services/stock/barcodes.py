"""Barcode values: GTIN check digits, EAN/UPC validation and the stored (canonical) form."""

from __future__ import annotations

from app.services.core.errors import InvalidInput


def gtin_check_digit(body: str) -> str:
    """The mod-10 check digit for the digits of a GTIN without its last digit."""
    if not body.isdigit():
        raise ValueError(f"not digits: {body!r}")
    total = 0
    # Weights 3,1,3,1... from the rightmost digit of the body.
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def is_valid_gtin(code: str) -> bool:
    return (code.isdigit() and len(code) in (8, 12, 13, 14)
            and gtin_check_digit(code[:-1]) == code[-1])


def classify(code: str) -> str:
    """ean13 / upca / ean8 / gtin14 for digit codes of those lengths, else internal."""
    if code.isdigit():
        return {13: "ean13", 12: "upca", 8: "ean8", 14: "gtin14"}.get(len(code), "internal")
    return "internal"


def normalise_barcode(raw: str) -> tuple[str, str]:
    """(stored code, kind) for a barcode typed or imported by a user.

    EAN/UPC lengths must carry a correct check digit; a UPC-A is stored as its 0-prefixed
    EAN-13 so that scanning either finds the same product. Other text is an internal code.
    """
    code = raw.strip()
    if not code:
        raise InvalidInput("A barcode cannot be empty.")
    if any(ch.isspace() for ch in code):
        raise InvalidInput(f"Barcode {code!r} contains spaces.")
    kind = classify(code)
    if kind == "internal":
        return code, kind
    if not is_valid_gtin(code):
        expected = gtin_check_digit(code[:-1])
        raise InvalidInput(
            f"{code} is not a valid {kind.upper()}: the check digit should be {expected}, "
            f"not {code[-1]}.")
    if kind == "upca":
        return "0" + code, kind
    return code, kind


def ean13_from_number(n: int, prefix: str = "200") -> str:
    """A valid EAN-13 in the in-store range (prefix 20-29) from a running number."""
    body = f"{prefix}{n:0{12 - len(prefix)}d}"
    if len(body) != 12:
        raise ValueError("number too large for an EAN-13 body")
    return body + gtin_check_digit(body)
