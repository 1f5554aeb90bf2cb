"""Shared parsing steps: typed cell reads that record problems, grouping, result assembly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime, tzinfo
from operator import attrgetter, gt, itemgetter

from app.services.importers import csv_text, dates, limits
from app.services.importers.countries import to_iso2
from app.services.importers.csv_text import Row, Table
from app.services.importers.order_records import (
    OrderLineRecord,
    OrderRecord,
    ParseResult,
    RejectedRows,
    RowProblem,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Cells:
    """Reads typed cells of one table; each bad cell becomes a RowProblem, never an exception."""

    def __init__(self, table: Table, problems: list[RowProblem], *, currency: str,
                 tz: tzinfo = UTC, decimal_mark: str | None = None,
                 date_formats: Sequence[str] = dates.ISO_FORMATS) -> None:
        self.table, self.problems = table, problems
        self.currency, self.tz, self.date_formats = currency, tz, date_formats
        self.decimal_mark = decimal_mark

    def problem(self, row: Row | None, col: int | None, reason: str) -> None:
        self.problems.append(RowProblem(self.table.name, row.number if row else None,
                                        self.table.column_name(col), reason))

    @staticmethod
    def text(row: Row, col: int | None) -> str:
        if col is None or col >= len(row.cells):
            return ""
        return row.cells[col].strip()

    def first(self, rows: Iterable[Row], col: int | None) -> tuple[Row | None, str]:
        """The first non-blank value of a column among an order's rows (order fields repeat)."""
        if col is not None:
            for r in rows:
                v = self.text(r, col)
                if v:
                    return r, v
        return None, ""

    @staticmethod
    def order_fields(rows: Sequence[Row], cols: Sequence[int | None]
                     ) -> dict[int, tuple[Row, str]]:
        """Column -> (row, value): the first non-blank value of each order-level column.

        One pass over an order's rows instead of one per column; for big files.
        """
        out: dict[int, tuple[Row, str]] = {}
        missing = [c for c in cols if c is not None]
        for r in rows:
            if not missing:
                break
            cells = r.cells
            if len(cells) <= max(missing):
                cells = cells + ("",) * (max(missing) + 1 - len(cells))
            values = itemgetter(*missing)(cells) if len(missing) > 1 else (cells[missing[0]],)
            if not any(values):  # an order's later rows: its own fields are all blank
                continue
            still = []
            for c, v in zip(missing, map(str.strip, values)):  # noqa: B905 - same length
                if v:
                    out[c] = (r, v)
                else:
                    still.append(c)
            missing = still
        return out

    def first_text(self, rows: Iterable[Row], col: int | None) -> str:
        return self.first(rows, col)[1]

    def money(self, row: Row | None, col: int | None, currency: str | None = None) -> int:
        if row is None or col is None:
            return 0
        text = self.text(row, col)
        if not text:
            return 0
        cur = currency or self.currency
        try:
            minor, found = csv_text.parse_money(text, cur, self.decimal_mark)
        except ValueError as exc:
            self.problem(row, col, str(exc))
            return 0
        if found != cur:
            self.problem(row, col, f"amount is in {found} but the order is in {cur}")
        return minor

    def first_money(self, rows: Sequence[Row], col: int | None, currency: str | None = None
                    ) -> int:
        row, _ = self.first(rows, col)
        return self.money(row, col, currency)

    def currency_of(self, rows: Sequence[Row], col: int | None, *money_cols: int | None) -> str:
        """The order's currency: its currency column, else a symbol on an amount, else default."""
        row, code = self.first(rows, col)
        if code:
            code = code.upper()
            if len(code) != 3 or not code.isalpha():
                self.problem(row, col, f"'{limits.shown(code)}' is not a currency code "
                             "like EUR or USD")
                return self.currency
            return code
        for c in money_cols:
            for r in rows:
                found = csv_text.split_currency(self.text(r, c))[1]
                if found:
                    return self.currency if found == "USD" and self.currency in (
                        "CAD", "AUD", "NZD") else found
        return self.currency

    def quantity(self, row: Row, col: int | None) -> int:
        text = self.text(row, col)
        if not text:
            self.problem(row, col, "the quantity is empty")
            return 0
        try:
            q = csv_text.parse_quantity(text)
        except ValueError as exc:
            self.problem(row, col, str(exc))
            return 0
        if q <= 0:
            self.problem(row, col, f"the quantity must be at least 1, not {q}")
        return q

    def when(self, row: Row | None, col: int | None, required: bool = True) -> datetime:
        text = self.text(row, col) if row is not None else ""
        if not text:
            if required:
                self.problem(row, col, "the date is empty")
            return EPOCH
        try:
            return dates.parse_datetime(text, self.tz, self.date_formats)
        except ValueError as exc:
            self.problem(row, col, str(exc))
            return EPOCH


def missing_columns(table: Table, problems: list[RowProblem],
                    required: Mapping[str, tuple[str, ...]]) -> bool:
    """Record a problem for each required column the header lacks; True if any is missing."""
    missing = False
    if not table.header:
        problems.append(RowProblem(table.name, None, None, "the file is empty"))
        return True
    for label, names in required.items():
        if table.col(*names) is None:
            problems.append(RowProblem(table.name, table.header_row, label,
                                       "this required column is missing from the header"))
            missing = True
    return missing


def group_rows(cells: Cells, rows: Iterable[Row], key_col: int | None,
               label: str = "the order id") -> dict[str, list[Row]]:
    """Rows grouped by order key, in first-seen order; rows without a key are problems."""
    groups: dict[str, list[Row]] = {}
    for r in rows:
        key = cells.text(r, key_col)
        if not key:
            cells.problem(r, key_col, f"{label} is empty")
            continue
        groups.setdefault(key, []).append(r)
    return groups


def country(value: str) -> str:
    return to_iso2(value)


def street_lines(street: str, line1: str, line2: str) -> tuple[str, str]:
    """Address1/Address2 when the export has them, else the combined Street column."""
    if line1 or line2:
        return line1, line2
    return street, ""


def clean_postcode(value: str) -> str:
    # Shopify writes US ZIPs as '02134 with a leading apostrophe so Excel keeps the zero.
    return value.lstrip("'").strip()


def finish(fmt: str, built: Sequence[tuple[OrderRecord, Sequence[tuple[str, Row]]]],
           problems: list[RowProblem], tables: Sequence[Table]) -> ParseResult:
    """Keep orders none of whose rows has a problem; every other order's rows are rejected.

    A problem not tied to a row (a missing column, an empty file) rejects the whole file.
    """
    for t in tables:
        problems += [RowProblem(t.name, r, t.column_name(c), why) for r, c, why in t.problems]
    by_name = {t.name: t for t in tables}
    for record, rows in built:
        problems += record_problems(record, rows, by_name)
    file_level = any(p.row is None or p.row == _header_row(tables, p.file) for p in problems)
    bad = {(p.file, p.row) for p in problems}
    orders: list[OrderRecord] = []
    rejected: dict[str, list[tuple[int, tuple[str, ...]]]] = {t.name: [] for t in tables}
    rejected_keys: set[tuple[str, int]] = set()
    for record, rows in built:
        if file_level or any((f, r.number) in bad for f, r in rows):
            for f, r in rows:
                rejected[f].append((r.number, r.cells))
                rejected_keys.add((f, r.number))
        else:
            orders.append(record)
    # Rows that never made it into an order (no order id, orphan items) are rejected too.
    by_number: dict[str, dict[int, Row]] = {}
    for p in problems:
        if p.row is None or (p.file, p.row) in rejected_keys or p.file not in rejected:
            continue
        if p.file not in by_number:
            table = next(t for t in tables if t.name == p.file)
            by_number[p.file] = {r.number: r for r in table.rows}
        hit = by_number[p.file].get(p.row)
        if hit is not None:
            rejected[p.file].append((hit.number, hit.cells))
            rejected_keys.add((p.file, p.row))
    parts = tuple(RejectedRows(t.name, t.header, tuple(sorted(rejected[t.name])))
                  for t in tables if rejected[t.name])
    if file_level:
        orders = []
    ordered = sorted(problems, key=lambda p: (p.file, p.row or 0))
    return ParseResult(fmt, tuple(orders), tuple(ordered), parts)


def _header_row(tables: Sequence[Table], name: str) -> int | None:
    for t in tables:
        if t.name == name:
            return t.header_row
    return None


# Text fields of the records, checked for control characters; lengths come from limits.
_ORDER_STR = tuple(f.name for f in fields(OrderRecord) if f.type == "str"
                   and f.name != "source_file")
_LINE_STR = tuple(f.name for f in fields(OrderLineRecord) if f.type == "str")
_ORDER_MONEY = ("subtotal_minor", "shipping_minor", "tax_minor", "discount_minor",
                "total_minor")
# For the quick pass over every record: each text field with its longest allowed length.
_NO_LIMIT = 1 << 62
_ORDER_GET = attrgetter(*_ORDER_STR)
_ORDER_LEN = tuple(limits.MAX_NOTES if n == "notes" else
                   limits.ORDER_TEXT[n].length if n in limits.ORDER_TEXT else _NO_LIMIT
                   for n in _ORDER_STR)
_LINE_GET = attrgetter(*_LINE_STR)
_LINE_LEN = tuple(limits.LINE_TEXT[n].length if n in limits.LINE_TEXT else _NO_LIMIT
                  for n in _LINE_STR)
_MONEY_GET = attrgetter(*_ORDER_MONEY)


def _fits(record: OrderRecord) -> bool:
    """True for a record with nothing to report: one quick pass, for 100,000-order files."""
    top = limits.MAX_MINOR
    texts: list[str] = list(_ORDER_GET(record))
    if any(map(gt, map(len, texts), _ORDER_LEN)):
        return False
    if any(abs(m) > top for m in _MONEY_GET(record)):
        return False
    for ln in record.lines:
        values = _LINE_GET(ln)
        if any(map(gt, map(len, values), _LINE_LEN)):
            return False
        texts += values
        total = ln.line_total_minor if ln.line_total_minor is not None else (
            ln.quantity * ln.unit_price_minor)
        if (abs(ln.quantity) > limits.MAX_QUANTITY or abs(ln.unit_price_minor) > top
                or abs(total) > top):
            return False
    return limits.CONTROL.search("".join(texts)) is None


def record_problems(record: OrderRecord, rows: Sequence[tuple[str, Row]],
                    tables: Mapping[str, Table]) -> list[RowProblem]:
    """What of a parsed order the database could not keep as it is, the same on SQLite and
    PostgreSQL: text longer than its column, control characters (NUL), amounts and
    quantities beyond the integer columns. Each problem names the cell the value came from.
    """
    if _fits(record):
        return []
    found: list[RowProblem] = []

    def report(value: str, label: str, reason: str, source_row: int = 0) -> None:
        file, row, column = _locate(value, rows, tables, source_row)
        found.append(RowProblem(file, row, column or label, reason))

    for name, limit in limits.ORDER_TEXT.items():
        value = getattr(record, name)
        if len(value) > limit.length:
            report(value, name, limits.text_problem(value, limit.length) or "")
    if len(record.notes) > limits.MAX_NOTES:
        report(record.notes, "notes", limits.text_problem(record.notes, limits.MAX_NOTES) or "")
    texts = [getattr(record, n) for n in _ORDER_STR]
    if limits.CONTROL.search("".join(texts)):
        for name, value in zip(_ORDER_STR, texts, strict=True):
            if limits.CONTROL.search(value):
                report(value, name, limits.text_problem(value, len(value)) or "")
    for name in _ORDER_MONEY:
        minor = getattr(record, name)
        if abs(minor) > limits.MAX_MINOR:
            report("", name, limits.amount_problem(minor, f"{minor:,} minor units") or "")
    for ln in record.lines:
        found += _line_problems(ln, rows, tables)
    return found


def _line_problems(ln: OrderLineRecord, rows: Sequence[tuple[str, Row]],
                   tables: Mapping[str, Table]) -> list[RowProblem]:
    found: list[RowProblem] = []

    def report(value: str, label: str, reason: str) -> None:
        file, row, column = _locate(value, rows, tables, ln.source_row)
        found.append(RowProblem(file, row, column or label, reason))

    for name, limit in limits.LINE_TEXT.items():
        value = getattr(ln, name)
        if len(value) > limit.length:
            report(value, name, limits.text_problem(value, limit.length) or "")
    texts = [getattr(ln, n) for n in _LINE_STR]
    if limits.CONTROL.search("".join(texts)):
        for name, value in zip(_LINE_STR, texts, strict=True):
            if limits.CONTROL.search(value):
                report(value, name, limits.text_problem(value, len(value)) or "")
    if abs(ln.quantity) > limits.MAX_QUANTITY:
        report("", "quantity",
               f"{ln.quantity:,} units is more than one line holds (at most "
               f"{limits.MAX_QUANTITY:,})")
    line_total = ln.line_total_minor if ln.line_total_minor is not None else (
        ln.quantity * ln.unit_price_minor)
    for label, minor in (("unit price", ln.unit_price_minor), ("line total", line_total)):
        if abs(minor) > limits.MAX_MINOR:
            report("", label, limits.amount_problem(
                minor, f"the {label} ({minor:,} minor units)") or "")
    return found


def _locate(value: str, rows: Sequence[tuple[str, Row]], tables: Mapping[str, Table],
            source_row: int = 0) -> tuple[str, int | None, str | None]:
    """(file, row, column) of the cell a record's value was read from; the row alone (or the
    order's first row) when the value was put together from several cells."""
    if not rows:
        return "", None, None
    ordered = sorted(rows, key=lambda fr: fr[1].number != source_row)
    if value:
        for exact in (True, False):
            for file, row in ordered:
                for i, cell in enumerate(row.cells):
                    if (cell.strip() == value) if exact else (value in cell):
                        table = tables.get(file)
                        return file, row.number, table.column_name(i) if table else None
    file, row = ordered[0]
    return file, row.number, None
