"""Exact money: integer minor units with an ISO 4217 currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# Currencies whose minor unit is not 1/100. Everything else uses two decimals.
_EXPONENTS = {"JPY": 0, "KRW": 0, "HUF": 2, "ISK": 0, "CLP": 0, "VND": 0, "BHD": 3,
              "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3}

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "CHF": "CHF ", "CAD": "CA$",
           "AUD": "A$", "SEK": "kr ", "PLN": "zł "}


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency.upper(), 2)


@dataclass(frozen=True, order=True)
class Money:
    """An amount in minor units (cents) of one currency. Never a float."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError(f"Money needs integer minor units, got {self.minor!r}")
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise ValueError(f"not an ISO 4217 currency code: {self.currency!r}")
        object.__setattr__(self, "currency", self.currency.upper())

    @classmethod
    def of(cls, amount: Decimal | str | int, currency: str) -> Money:
        """Money from a decimal amount in major units ("12.50" EUR)."""
        try:
            value = Decimal(str(amount))
        except InvalidOperation as exc:
            raise ValueError(f"not an amount: {amount!r}") from exc
        scaled = (value * (10 ** exponent(currency))).quantize(Decimal(1), ROUND_HALF_EVEN)
        return cls(int(scaled), currency)

    @property
    def amount(self) -> Decimal:
        return Decimal(self.minor).scaleb(-exponent(self.currency))

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __mul__(self, factor: int) -> Money:
        if not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an integer quantity")
        return Money(self.minor * factor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __str__(self) -> str:
        return format_money(self.minor, self.currency)


def format_money(minor: int, currency: str) -> str:
    """'€12.50', '-£3.99', 'JPY' without decimals; plain and locale-neutral."""
    exp = exponent(currency)
    sign = "-" if minor < 0 else ""
    value = Decimal(abs(minor)).scaleb(-exp)
    text = f"{value:,.{exp}f}"
    return f"{sign}{SYMBOLS.get(currency, currency + ' ')}{text}"


def to_decimal_text(minor: int, currency: str) -> str:
    """Plain decimal text for files: 1234.50 (no symbol, no thousands separator)."""
    exp = exponent(currency)
    return f"{Decimal(minor).scaleb(-exp):.{exp}f}"
