"""Ad spend reports as CSV: Amazon Sponsored Products (campaign, advertised product or search
term report), Google Ads (campaign report) and Meta Ads Manager exports. Pure: bytes in,
records (or problems naming file, row and column) out; knows nothing of the database.

One record per row: the day, the channel, the campaign and SKU when the report has them,
the spend (exact, in minor units) with its currency, clicks, the orders and sales the
channel attributes to its ads. A report for a range of days (Meta's "Reporting starts" /
"Reporting ends" when they differ, Amazon's Start/End Date) is refused: spend must be per
day to be set against a day's orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.services.importers import csv_text
from app.services.importers.csv_text import Source, Table
from app.services.importers.order_records import RowProblem

FORMATS = ("amazon-sp", "google-ads", "meta")

# Each format: the columns it is recognised by, and where each field may be found.
_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "amazon-sp": {
        "day": ("Date", "Start Date"), "end": ("End Date",),
        "campaign": ("Campaign Name", "Campaign Name (Informational only)"),
        "sku": ("Advertised SKU",), "spend": ("Spend", "Cost"), "currency": ("Currency",),
        "clicks": ("Clicks",),
        "orders": ("7 Day Total Orders (#)", "14 Day Total Orders (#)", "Orders"),
        "sales": ("7 Day Total Sales", "14 Day Total Sales", "Sales"),
    },
    "google-ads": {
        "day": ("Day", "Date"), "campaign": ("Campaign",), "sku": ("Item ID",),
        "spend": ("Cost",), "currency": ("Currency code", "Currency"), "clicks": ("Clicks",),
        "orders": ("Conversions",), "sales": ("Conv. value", "Conversion value"),
    },
    "meta": {
        "day": ("Reporting starts", "Day"), "end": ("Reporting ends",),
        "campaign": ("Campaign name",), "sku": (),
        "spend": ("Amount spent (EUR)", "Amount spent (USD)", "Amount spent (GBP)",
                  "Amount spent"),
        "currency": ("Currency",), "clicks": ("Link clicks", "Clicks (all)"),
        "orders": ("Purchases", "Results"), "sales": ("Purchases conversion value",),
    },
}
_SIGNATURE = {"amazon-sp": ("7 Day Total Sales", "Advertised SKU", "Spend"),
              "google-ads": ("Currency code", "Cost", "Conversions"),
              "meta": ("Reporting starts", "Amount spent")}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%b %d, %Y", "%d %b %Y",
                 "%b %d %Y")


@dataclass(frozen=True)
class AdRecord:
    row: int
    day: date
    channel: str
    campaign: str
    sku: str
    spend_minor: int
    currency: str
    clicks: int
    orders: int
    sales_minor: int


@dataclass(frozen=True)
class AdFile:
    name: str
    format: str
    records: list[AdRecord]
    problems: list[RowProblem]


def detect(table: Table) -> str | None:
    for fmt, names in _SIGNATURE.items():
        if all(any(csv_text.norm_header(h).startswith(csv_text.norm_header(n))
                   for h in table.header) for n in names):
            return fmt
    return None


def _skip_title_lines(source: Source) -> Table:
    """Google Ads puts the report's name and date range above the header: skip lines
    until one that names the columns."""
    table = csv_text.read_table(source)
    while table.rows and detect(table) is None and len(table.header) <= 2:
        text = csv_text.decode(source.data)
        lines = text.splitlines(keepends=True)
        skip = table.header_row
        source = Source(source.name, "".join(lines[skip:]).encode())
        table = csv_text.read_table(source)
    return table


def _day(text: str) -> date:
    s = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{s}' is not a date (YYYY-MM-DD)")


def _spend_currency(table: Table, spend_col: int) -> str | None:
    """Meta names the currency in the spend column's header: 'Amount spent (EUR)'."""
    header = table.header[spend_col]
    if "(" in header and header.endswith(")"):
        code = header.rsplit("(", 1)[1][:-1].strip().upper()
        if len(code) == 3 and code.isalpha():
            return code
    return None


def parse(source: Source, fmt: str | None = None, currency: str = "") -> AdFile:
    """`currency` is used when the report names none (Amazon's campaign report in the
    marketplace's currency, a Meta export with a plain 'Amount spent')."""
    table = _skip_title_lines(source)
    found = fmt or detect(table)
    if found not in _COLUMNS:
        return AdFile(source.name, fmt or "", [], [RowProblem(
            source.name, table.header_row or None, None,
            "not an ad spend report Backroom knows (Amazon Sponsored Products, Google Ads, "
            "Meta): its columns are " + ", ".join(table.header[:8]))])
    spec = _COLUMNS[found]
    cols = {k: table.col(*names) if names else None for k, names in spec.items()}
    problems: list[RowProblem] = []
    for need in ("day", "spend"):
        if cols[need] is None:
            problems.append(RowProblem(source.name, table.header_row, spec[need][0],
                                       "this column is missing"))
    if problems:
        return AdFile(source.name, found, [], problems)
    spend_col = cols["spend"]
    assert spend_col is not None and cols["day"] is not None
    header_currency = _spend_currency(table, spend_col)
    records: list[AdRecord] = []
    marks = csv_text.guess_decimal_mark([r.cells[spend_col] for r in table.rows
                                         if spend_col < len(r.cells)])

    def cell(row: csv_text.Row, key: str) -> str:
        col = cols.get(key)
        return row.cells[col].strip() if col is not None and col < len(row.cells) else ""

    for row in table.rows:
        def bad(key: str, why: str, row: csv_text.Row = row) -> None:
            problems.append(RowProblem(source.name, row.number,
                                       table.column_name(cols.get(key)), why))
        first = cell(row, "day")
        if first.lower().startswith("total"):
            continue                                # Google's and Meta's total lines
        try:
            day = _day(first)
            end = cell(row, "end")
            if end and _day(end) != day:
                bad("end", "the report covers several days in one row; export it by day")
                continue
        except ValueError as exc:
            bad("day", str(exc))
            continue
        cur = (cell(row, "currency") or header_currency or currency).upper()
        if len(cur) != 3 or not cur.isalpha():
            bad("currency", "no currency: the report names none, give --currency")
            continue
        try:
            amount, mark_cur = csv_text.split_currency(cell(row, "spend") or "0")
            spend = csv_text.to_minor(csv_text.parse_decimal(amount, marks), mark_cur or cur)
            sales_text, _ = csv_text.split_currency(cell(row, "sales") or "0")
            sales = csv_text.to_minor(csv_text.parse_decimal(sales_text, marks), cur)
        except ValueError as exc:
            bad("spend", str(exc))
            continue
        try:
            clicks = int(csv_text.parse_decimal(cell(row, "clicks") or "0"))
            orders = int(csv_text.parse_decimal(cell(row, "orders") or "0", ".")
                         .to_integral_value())
        except ValueError as exc:
            bad("clicks", str(exc))
            continue
        if spend < 0 or clicks < 0:
            bad("spend", "spend and clicks cannot be negative")
            continue
        records.append(AdRecord(row.number, day, found, cell(row, "campaign"),
                                cell(row, "sku"), spend, cur, clicks, orders, sales))
    return AdFile(source.name, found, records, problems)

