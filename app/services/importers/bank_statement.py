"""A bank statement CSV read through a column mapping the user sets up once and saves by name.

Banks write every layout there is: one signed Amount column or Credit and Debit columns,
day-first or month-first dates, decimal commas. The mapping says which column holds what;
everything else is guessed from the file (date order, decimal mark, delimiter) unless the
mapping fixes it. A pure parser: plain records and every bad cell by file, row and column;
a file with any problem gives no lines (all-or-nothing).
A line's id is the bank's own (a mapped `id` column) or one built from its date, amount,
text and reference, so importing an overlapping statement stores each line once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.services.importers import csv_text, dates
from app.services.importers.csv_text import Source
from app.services.importers.order_records import RowProblem
from app.services.importers.payouts_records import LineBook, Reader

FORMAT = "bank"
# Our field -> what it means, in the order a mapping dialog lists them.
FIELDS: dict[str, str] = {
    "date": "Booking date (required)", "amount": "Amount, signed (or Credit and Debit)",
    "credit": "Money in (Credit)", "debit": "Money out (Debit)",
    "description": "Description / payee", "reference": "Reference / memo",
    "currency": "Currency column", "id": "The bank's id for the line"}


@dataclass
class BankMapping:
    """Which of the statement's columns holds each field, and how to read its values.

    `columns` maps our field to the file's header text. `date_format` is a strptime format
    or 'auto'; `decimal_mark` '.', ',' or 'auto'; `currency` is used when no column says.
    """

    columns: dict[str, str] = field(default_factory=dict)
    currency: str = "USD"
    date_format: str = "auto"
    decimal_mark: str = "auto"
    day_first: bool = False
    timezone: str = "UTC"
    delimiter: str = "auto"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> BankMapping:
        data = json.loads(text)
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def check(self) -> list[str]:
        """What is wrong with the mapping itself, in words."""
        out = [f"'{k}' is not a bank statement field; one of: {', '.join(FIELDS)}"
               for k in self.columns if k not in FIELDS]
        if not self.columns.get("date"):
            out.append("say which column holds the booking date")
        if not self.columns.get("amount") and not (self.columns.get("credit")
                                                   or self.columns.get("debit")):
            out.append("say which column holds the amount (or the Credit and Debit columns)")
        if len(self.currency) != 3 or not self.currency.isalpha():
            out.append(f"'{self.currency}' is not a currency code like EUR or USD")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            out.append(f"'{self.timezone}' is not a time zone like Europe/Berlin")
        return out


@dataclass(frozen=True)
class BankLineRecord:
    external_id: str
    booked_on: datetime
    amount_minor: int  # positive: money in
    currency: str
    description: str = ""
    reference: str = ""
    source_row: int = 0


@dataclass(frozen=True)
class BankStatement:
    lines: tuple[BankLineRecord, ...]
    problems: tuple[RowProblem, ...] = ()
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def parse(source: Source, mapping: BankMapping) -> BankStatement:
    wrong = mapping.check()
    if wrong:
        return BankStatement((), tuple(RowProblem(source.name, None, None, w) for w in wrong))
    table = csv_text.read_table(source, None if mapping.delimiter == "auto"
                                else mapping.delimiter)
    rd = Reader(table, tz=ZoneInfo(mapping.timezone))
    wanted = {f: (name,) for f, name in mapping.columns.items() if name}
    cols = rd.require(wanted)
    if cols is None:
        return BankStatement((), tuple(rd.problems), len(table.rows))
    money_cols = [cols[f] for f in ("amount", "credit", "debit") if f in cols]
    if mapping.date_format != "auto":
        rd.date_formats = (mapping.date_format,)
    else:
        rd.date_formats = dates.guess_date_formats(
            [rd.text(r, cols["date"]) for r in table.rows], day_first=mapping.day_first)
    rd.decimal_mark = (mapping.decimal_mark if mapping.decimal_mark != "auto" else
                       csv_text.guess_decimal_mark([rd.text(r, c) for r in table.rows[:200]
                                                    for c in money_cols]) or ".")
    book = LineBook()
    out: list[BankLineRecord] = []
    for row in table.rows:
        currency = rd.currency(row, cols["currency"], mapping.currency.upper()) \
            if "currency" in cols else mapping.currency.upper()
        if "amount" in cols:
            amount = rd.money(row, cols["amount"], currency, required=True)
        else:
            credit = abs(rd.money(row, cols.get("credit"), currency))
            debit = abs(rd.money(row, cols.get("debit"), currency))
            if not rd.text(row, cols.get("credit")) and not rd.text(row, cols.get("debit")):
                rd.problem(row, cols.get("credit", cols.get("debit")),
                           "neither Credit nor Debit holds an amount")
            amount = credit - debit
        when = rd.when(row, cols["date"])
        words = rd.bounded(row, cols.get("description"), 300)
        reference = rd.bounded(row, cols.get("reference"), 140)
        own = rd.bounded(row, cols.get("id"), 96)
        if when is None:
            continue
        base = own or hashlib.sha1("\x1f".join(
            (when.date().isoformat(), str(amount), currency, words, reference)).encode(
            "utf-8")).hexdigest()[:24]
        out.append(BankLineRecord(book.unique(base, ":"), when, amount, currency,
                                  words, reference,
                                  row.number))
    if rd.problems:
        return BankStatement((), tuple(rd.problems), len(table.rows))
    return BankStatement(tuple(out), (), len(table.rows))


def header_of(source: Source) -> tuple[str, ...]:
    """The statement's column names, for a mapping dialog to offer."""
    return csv_text.read_table(source, max_rows=1).header


def guess(header: tuple[str, ...]) -> dict[str, str]:
    """A first mapping from the header's words (the person corrects it before saving)."""
    words = {"date": ("booking date", "date", "posting date", "transaction date",
                      "buchungstag", "datum"),
             "amount": ("amount", "betrag", "montant", "importe"),
             "credit": ("credit", "paid in", "money in", "deposit"),
             "debit": ("debit", "paid out", "money out", "withdrawal"),
             "description": ("description", "payee", "details", "name", "text",
                             "verwendungszweck"),
             "reference": ("reference", "memo", "ref"), "currency": ("currency", "waehrung")}
    low = {h.lower().strip(): h for h in header}
    out: dict[str, str] = {}
    for field_, names in words.items():
        hit = next((low[n] for n in names if n in low), None)
        if hit is not None and hit not in out.values():
            out[field_] = hit
    if "amount" in out:
        out.pop("credit", None)
        out.pop("debit", None)
    return out
