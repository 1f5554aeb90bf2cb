"""Turning typed amounts into Money and back, for forms."""

from __future__ import annotations

from app.money import Money, format_money, to_decimal_text


def parse_amount(text: str, currency: str, field: str) -> Money:
    """The typed amount; InvalidInput (never rounding) for 12.345 EUR, NaN or 1e309."""
    # Imported here: the catalogue's service is not needed to show amounts (issue 13).
    from app.services.stock.catalog import amount_from_text

    return amount_from_text(text, currency, field)


def amount_text(money: Money) -> str:
    return to_decimal_text(money.minor, money.currency)


def money_text(minor: int, currency: str) -> str:
    """An amount to show, with the chosen language's separators ('€1,234.50'; in a language
    that writes 1.234,50 so). Exact: Decimal from the minor units, never a float."""
    from PySide6.QtCore import QLocale

    text = format_money(minor, currency)
    locale = QLocale()
    group, point = locale.groupSeparator(), locale.decimalPoint()
    if (group, point) == (",", "."):
        return text
    swap: dict[str, str | int | None] = {",": group, ".": point}
    return text.translate(str.maketrans(swap))
