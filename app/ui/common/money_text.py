"""Turning typed amounts into Money and back, for forms."""

from __future__ import annotations

from app.models.money import Money, to_decimal_text
from app.services.core.errors import InvalidInput


def parse_amount(text: str, currency: str, field: str) -> Money:
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return Money(0, currency)
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return Money.of(cleaned, currency)
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not an amount.") from None


def amount_text(money: Money) -> str:
    return to_decimal_text(money.minor, money.currency)
