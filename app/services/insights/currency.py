"""The owner's home currency and the monthly rates stores' figures are converted at.

A rate says 1 unit of a store's currency is `rate` home currency in that month; the owner
enters it (or imports a CSV: month,currency,rate). Converting is exact: the minor units
times the rate as a Decimal, rounded half to even once per converted figure, and every
converted figure carries the rate and month used so the screen and the JSON can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.insights import ExchangeRate, HomeCurrency
from app.money import exponent
from app.services.core.errors import InvalidInput
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.importers import csv_text
from app.services.importers.csv_text import Source
from app.services.insights.figures import Figures


@dataclass(frozen=True)
class Rate:
    month: date
    currency: str
    home: str
    rate: Decimal


@dataclass(frozen=True)
class Converted:
    """A figure in the home currency, and how it got there."""

    home: str
    minor: int
    source_currency: str
    source_minor: int
    rate: Decimal | None            # None when no conversion was needed
    month: date

    @property
    def note(self) -> str:
        if self.rate is None:
            return ""
        return (f"converted from {self.source_currency} at 1 {self.source_currency} = "
                f"{self.rate} {self.home} ({self.month:%Y-%m})")


class MissingRate(InvalidInput):
    pass


def _code(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput(f"A currency is a three-letter code such as EUR, not {text!r}.")
    return code


def parse_month(text: str) -> date:
    try:
        year, month = text.strip()[:7].split("-")
        return date(int(year), int(month), 1)
    except ValueError as exc:
        raise InvalidInput(f"A month is YYYY-MM, not {text!r}.") from exc


def home_currency(session: Session) -> str | None:
    row = session.get(HomeCurrency, 1)
    return row.currency if row else None


def set_home_currency(session: Session, currency: str) -> str:
    code = _code(currency)
    row = session.get(HomeCurrency, 1) or HomeCurrency(id=1)
    row.currency = code
    session.add(row)
    session.flush()
    return code


def set_rate(session: Session, month: str | date, currency: str, rate: str) -> Rate:
    home = home_currency(session)
    if home is None:
        raise InvalidInput("Set the home currency first.")
    first = month.replace(day=1) if isinstance(month, date) else parse_month(month)
    code = _code(currency)
    if code == home:
        raise InvalidInput(f"{code} is the home currency: it needs no rate.")
    try:
        value = Decimal(rate.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise InvalidInput(f"A rate is a number such as 0.8542, not {rate!r}.") from exc
    if not value.is_finite() or value <= 0:
        raise InvalidInput(f"A rate is a positive number, not {rate!r}.")
    row = session.get(ExchangeRate, (first, code)) or ExchangeRate(month=first, currency=code)
    row.home, row.rate, row.entered_at = home, str(value), utcnow()
    session.add(row)
    session.flush()
    return Rate(first, code, home, value)


def import_rates(session: Session, name: str, data: bytes) -> list[Rate]:
    """A CSV with columns month (YYYY-MM), currency, rate; all or nothing."""
    table = csv_text.read_table(Source(name, data))
    cols = [table.col(c) for c in ("month", "currency", "rate")]
    missing = [n for n, c in zip(("month", "currency", "rate"), cols, strict=True) if c is None]
    if missing:
        raise InvalidInput(f"{name}: the columns {', '.join(missing)} are missing.")
    out = []
    for row in table.rows:
        cells = [row.cells[c] if c is not None and c < len(row.cells) else "" for c in cols]
        try:
            out.append(set_rate(session, cells[0], cells[1], cells[2]))
        except InvalidInput as exc:
            raise InvalidInput(f"{name}, row {row.number}: {exc}") from exc
    return out


def rates(session: Session) -> list[Rate]:
    return [Rate(r.month, r.currency, r.home, Decimal(r.rate)) for r in session.scalars(
        select(ExchangeRate).order_by(ExchangeRate.month.desc(), ExchangeRate.currency))]


class Converter:
    """Converts figures of any month to the home currency with the rates of one read."""

    def __init__(self, session: Session) -> None:
        self.home = home_currency(session)
        self._rates = {(r.month, r.currency): r.rate for r in rates(session)
                       if r.home == self.home}

    def rate(self, currency: str, month: date) -> Decimal | None:
        if currency == self.home:
            return None
        found = self._rates.get((month.replace(day=1), currency))
        if found is None:
            raise MissingRate(QT_TRANSLATE_NOOP(
                "messages", "No {currency} to {home} rate for {month}: enter one (Insights > "
                "Currency, or `backroom insights rates set`)."),
                currency=currency, home=self.home, month=f"{month:%Y-%m}")
        return found

    def convert(self, minor: int, currency: str, month: date) -> Converted:
        if self.home is None:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages", "No home currency is set."))
        rate = self.rate(currency, month)
        if rate is None:
            return Converted(self.home, minor, currency, minor, None, month.replace(day=1))
        value = Decimal(minor).scaleb(-exponent(currency)) * rate
        home_minor = int(value.scaleb(exponent(self.home)).quantize(Decimal(1),
                                                                    ROUND_HALF_EVEN))
        return Converted(self.home, home_minor, currency, minor, rate, month.replace(day=1))

    def figures(self, f: Figures, month: date) -> tuple[Figures, Decimal | None]:
        """Every field of a month's figures converted (each rounded once)."""
        def c(minor: int) -> int:
            return self.convert(minor, f.currency, month).minor
        assert self.home is not None or f.currency == self.home
        rate = self.rate(f.currency, month)
        return Figures(self.home or f.currency, f.orders, c(f.items_minor),
                       c(f.shipping_charged_minor), c(f.discounts_minor), c(f.refunds_minor),
                       c(f.fees_minor), c(f.cogs_minor), c(f.shipping_cost_minor),
                       c(f.ads_minor), f.estimated), rate
