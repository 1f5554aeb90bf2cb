"""Plain records a payout report parses into, and the reading steps every payout parser shares.

A parser returns a PayoutFile: the payouts it found (each with its lines) and every problem.
A file with any problem is refused whole (all-or-nothing), so a payout is never half stored.
Line amounts are signed minor units of the payout's currency: what the line added to (or took
from) the payout, so the lines of a payout add up to its total.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import NamedTuple

from app.services.importers import csv_text, dates, limits
from app.services.importers.csv_text import Row, Table
from app.services.importers.order_records import RowProblem


class PayoutLineRecord(NamedTuple):
    # A named tuple, not a frozen dataclass: a 100,000-line settlement spent most of a
    # second just building its frozen dataclasses.
    external_id: str  # the report's own id for the line, unique within its payout
    kind: str  # sale, shipping, tax, refund, fee, promotion, reserve, adjustment, ...
    amount_minor: int
    detail: str = ""  # which fee, which adjustment: the report's own word
    description: str = ""
    order_ref: str = ""  # the order as the report names it
    posted_at: datetime | None = None
    source_row: int = 0
    presented_minor: int | None = None  # the buyer's amount, when the report converted it
    presented_currency: str = ""


@dataclass(frozen=True)
class PayoutRecord:
    external_id: str  # the report's own id for the payout (settlement id, payout date, ...)
    currency: str
    total_minor: int
    lines: tuple[PayoutLineRecord, ...]
    period_start: datetime | None = None
    period_end: datetime | None = None
    paid_on: datetime | None = None
    # True when the report states the total; False when it is the sum of the lines.
    stated_total: bool = False
    # False for groupings Backroom made (an activity month, a pending balance): no bank
    # deposit is expected for them, so none is looked for.
    reaches_bank: bool = True


@dataclass(frozen=True)
class PayoutFile:
    format: str
    payouts: tuple[PayoutRecord, ...]
    problems: tuple[RowProblem, ...] = ()
    rows: int = 0
    # Rows that move no money (a failed card payment, a PayPal memo): (row, why).
    skipped: tuple[tuple[int, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


_PLAIN = re.compile(r"-?[0-9]{1,15}\.[0-9]{1,4}")


@functools.lru_cache(maxsize=64)
def _exponent(currency: str) -> int:
    """Digits after the point in the currency's minor unit (2 for USD, 0 for JPY)."""
    return len(str(csv_text.to_minor(Decimal(1), currency))) - 1


def plain_minor(text: str, currency: str) -> int | None:
    """Minor units of a plain amount with the currency's own digits ('-12.34' for USD), else
    None (then Reader.money reads it the long way, with a problem when it is no amount)."""
    if _PLAIN.fullmatch(text):
        whole, _, cents = text.partition(".")
        if len(cents) == _exponent(currency):
            return int(whole + cents)
    return None


@dataclass
class Reader:
    """Typed cells of one table; each bad cell is a RowProblem, never an exception."""

    table: Table
    tz: tzinfo = UTC
    date_formats: Sequence[str] = dates.ISO_FORMATS
    decimal_mark: str | None = "."
    problems: list[RowProblem] = field(default_factory=list)
    # A report repeats the same few dates on thousands of rows: each is parsed once.
    _dates: dict[str, datetime] = field(default_factory=dict)

    def problem(self, row: Row | None, col: int | None, reason: str) -> None:
        self.problems.append(RowProblem(self.table.name, row.number if row else None,
                                        self.table.column_name(col), reason))

    def require(self, columns: Mapping[str, tuple[str, ...]]) -> dict[str, int] | None:
        """Column positions by label, or None (and a problem each) when any is missing."""
        if not self.table.header:
            self.problems.append(RowProblem(self.table.name, None, None, "the file is empty"))
            return None
        found: dict[str, int] = {}
        for label, names in columns.items():
            col = self.table.col(*names)
            if col is None:
                self.problems.append(RowProblem(self.table.name, self.table.header_row, label,
                                                "this required column is missing from the header"))
            else:
                found[label] = col
        for number, col, why in self.table.problems:
            self.problems.append(RowProblem(self.table.name, number,
                                            self.table.column_name(col), why))
        return found if len(found) == len(columns) else None

    @staticmethod
    def text(row: Row, col: int | None) -> str:
        if col is None or col >= len(row.cells):
            return ""
        return row.cells[col].strip()

    def bounded(self, row: Row, col: int | None, length: int) -> str:
        value = self.text(row, col)
        why = limits.text_problem(value, length)
        if why is not None:
            self.problem(row, col, why)
            return value[:length]
        return value

    def money(self, row: Row, col: int | None, currency: str, required: bool = False) -> int:
        text = self.text(row, col)
        if not text:
            if required:
                self.problem(row, col, "the amount is empty")
            return 0
        # Most report amounts are plain '-12.34': read those without Decimal (a 100,000-row
        # settlement spends more time here than anywhere else).
        if self.decimal_mark == ".":
            plain = plain_minor(text, currency)
            if plain is not None:
                return plain
        try:
            minor, found = csv_text.parse_money(text, currency, self.decimal_mark)
        except ValueError as exc:
            self.problem(row, col, str(exc))
            return 0
        if found != currency:
            self.problem(row, col, f"amount is in {found} but the payout is in {currency}")
        return minor

    def currency(self, row: Row, col: int | None, default: str = "") -> str:
        code = self.text(row, col).upper() or default
        if len(code) != 3 or not code.isalpha() or not code.isascii():
            self.problem(row, col, f"'{limits.shown(code)}' is not a currency code like EUR "
                         "or USD")
            return "XXX"
        return code

    def when(self, row: Row, col: int | None, required: bool = True) -> datetime | None:
        text = self.text(row, col)
        if not text:
            if required:
                self.problem(row, col, "the date is empty")
            return None
        known = self._dates.get(text)
        if known is not None:
            return known
        try:
            value = dates.parse_datetime(text, self.tz, self.date_formats)
        except ValueError as exc:
            self.problem(row, col, str(exc))
            return None
        self._dates[text] = value
        return value


class LineBook:
    """The row loop's bookkeeping every per-row parser shares (PayPal, Stripe, eBay).

    Lines are kept per currency; rows that move no money are noted as skipped; a line id the
    report repeats (two rows with the same id, or no id at all) gets a counter, so importing
    the file again finds the same ids and adds nothing.
    """

    def __init__(self) -> None:
        self.per_currency: dict[str, list[PayoutLineRecord]] = {}
        self.skipped: list[tuple[int, str]] = []
        self._seen: dict[str, int] = {}

    def skip(self, row: Row, why: str) -> None:
        self.skipped.append((row.number, why))

    def unique(self, base: str, sep: str = "|") -> str:
        self._seen[base] = self._seen.get(base, 0) + 1
        count = self._seen[base]
        return base if count == 1 else f"{base}{sep}{count}"

    def add(self, currency: str, *lines: PayoutLineRecord) -> None:
        self.per_currency.setdefault(currency, []).extend(lines)

    def by_month(self, prefix: str) -> list[PayoutRecord]:
        """Payouts for reports that name none: one per currency and month (see by_month)."""
        return [p for currency, lines in self.per_currency.items()
                for p in by_month(lines, currency, prefix)]


def refuse(fmt: str, reader: Reader, rows: int = 0) -> PayoutFile:
    return PayoutFile(fmt, (), tuple(reader.problems), rows)


def done(fmt: str, reader: Reader, payouts: Sequence[PayoutRecord], rows: int,
         skipped: Sequence[tuple[int, str]] = ()) -> PayoutFile:
    """All-or-nothing: a file with any problem gives no payouts, only its problems."""
    if reader.problems:
        return refuse(fmt, reader, rows)
    return PayoutFile(fmt, tuple(payouts), (), rows, tuple(skipped))


def by_month(lines: Sequence[PayoutLineRecord], currency: str, prefix: str
             ) -> list[PayoutRecord]:
    """Payouts for reports that name none (activity, payments exports): one per month.

    The id is the month, so a later export of the same month adds its new lines to it.
    """
    months: dict[str, list[PayoutLineRecord]] = {}
    for line in lines:
        month = line.posted_at.strftime("%Y-%m") if line.posted_at else "undated"
        months.setdefault(month, []).append(line)
    out = []
    for month, group in sorted(months.items()):
        start, end = span(group)
        out.append(PayoutRecord(f"{prefix}:{currency}:{month}", currency,
                                sum(x.amount_minor for x in group), tuple(group), start, end,
                                end, reaches_bank=False))
    return out


def span(lines: Sequence[PayoutLineRecord]) -> tuple[datetime | None, datetime | None]:
    when = [x.posted_at for x in lines if x.posted_at is not None]
    return (min(when), max(when)) if when else (None, None)


def decimal_text(minor: int, currency: str) -> str:
    """'1234.50 EUR' for messages: exact, no float."""
    exp = len(str(csv_text.to_minor(Decimal(1), currency))) - 1  # 1 major unit = 10**exp
    return f"{Decimal(minor).scaleb(-exp):.{exp}f} {currency}"
