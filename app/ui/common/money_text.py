"""Turning typed amounts into Money and back, for forms."""

from __future__ import annotations

from app.models.money import Money, to_decimal_text
from app.services.stock.catalog import amount_from_text


def parse_amount(text: str, currency: str, field: str) -> Money:
    """The typed amount; InvalidInput (never rounding) for 12.345 EUR, NaN or 1e309."""
    return amount_from_text(text, currency, field)


def amount_text(money: Money) -> str:
    return to_decimal_text(money.minor, money.currency)
