"""eBay Seller Hub 'Payments › Reports › Transaction report' CSV: one row per order, refund,
fee, shipping label, hold or payout of the managed-payments balance.

The download starts with a few lines describing the report (its name, the dates asked for)
before the header; the header is the first record holding 'Transaction creation date'.
Each money row is split into lines that add up to its `Net amount`: the sale (Item subtotal),
shipping, tax the seller collected, each fee column eBay fills (Final Value Fee - fixed,
- variable, regulatory, international, ...), and for what the row leaves unnamed an
adjustment line (as the Etsy importer does). Rows are grouped into payouts by `Payout ID`;
a row of Type 'Payout' is the transfer to the bank itself and states the payout's total.
Rows not yet paid out (no Payout ID) form a pending group no bank deposit is expected for.
eBay writes '--' in cells that do not apply: read as empty.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from app.services.importers import csv_text, dates
from app.services.importers.csv_text import Row, Source, Table
from app.services.importers.payouts_records import (
    LineBook,
    PayoutFile,
    PayoutLineRecord,
    PayoutRecord,
    Reader,
    decimal_text,
    done,
    refuse,
    span,
)

FORMAT = "ebay"
HEADER_CELL = "Transaction creation date"
REQUIRED = {"Transaction creation date": ("Transaction creation date",),
            "Type": ("Type",), "Order number": ("Order number",),
            "Net amount": ("Net amount",), "Payout ID": ("Payout ID",),
            "Payout currency": ("Payout currency",)}
SIGNATURE = ("Transaction creation date", "Type", "Net amount", "Payout ID")
# Fee columns, in the report's order; each is signed as it moves the balance (negative).
FEE_COLUMNS = ("Final Value Fee - fixed", "Final Value Fee - variable",
               "Regulatory operating fee", 'Very high "item not as described" fee',
               "Below standard performance fee", "International fee", "Charity donation",
               "Deposit processing fee")
# The goods parts of a row's gross: (column, kind, detail).
PARTS = (("Item subtotal", "sale", "item subtotal"),
         ("Shipping and handling", "shipping", "shipping and handling"),
         ("Seller collected tax", "tax", "seller collected tax"))
KINDS = {"order": "sale", "refund": "refund", "other fee": "fee", "shipping label": "fee",
         "claim": "chargeback", "payment dispute": "chargeback", "hold": "reserve",
         "payout": "transfer", "transfer": "transfer", "charge": "adjustment",
         "adjustment": "adjustment", "credit": "adjustment", "reserve": "reserve"}
DATE_FORMATS = (*dates.NAMED_MONTH, *dates.ISO_FORMATS, *dates.MONTH_FIRST)
NOT_APPLICABLE = "--"


def find_header(table: Table) -> Table:
    """The table re-read below the report's preamble (unchanged when it has none)."""
    if table.col(HEADER_CELL) is not None:
        return table
    for i, row in enumerate(table.rows[:40]):
        cells = tuple(c.replace("\ufeff", "").strip() for c in row.cells)
        if HEADER_CELL.lower() in (c.lower() for c in cells):
            return Table(table.name, cells, row.number, table.rows[i + 1:], table.delimiter,
                         problems=[p for p in table.problems if p[0] > row.number])
    return table


def parse(source: Source, *, tz: tzinfo = UTC) -> PayoutFile:
    return parse_table(csv_text.read_table(source), tz=tz)


class _EbayReader(Reader):
    def money(self, row: Row, col: int | None, currency: str, required: bool = False) -> int:
        if self.text(row, col) == NOT_APPLICABLE:
            return 0
        return super().money(row, col, currency, required)


def parse_table(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    table = find_header(table)
    rd = _EbayReader(table, tz=tz, date_formats=DATE_FORMATS)
    cols = rd.require(REQUIRED)
    if cols is None:
        return refuse(FORMAT, rd)
    c = table.col
    fee_cols = [(name, col) for name in FEE_COLUMNS if (col := c(name)) is not None]
    part_cols = [(col, kind, detail) for name, kind, detail in PARTS
                 if (col := c(name)) is not None]
    gross_col, ebay_tax = c("Gross transaction amount"), c("eBay collected tax")
    payout_date, status_col = c("Payout date"), c("Payout status")
    txn, ref, desc_col, title = c("Transaction ID"), c("Reference ID"), c("Description"), c(
        "Item title")
    rd.decimal_mark = csv_text.guess_decimal_mark(
        [rd.text(r, cols["Net amount"]) for r in table.rows[:200]]) or "."
    book = LineBook()
    stated: dict[tuple[str, str], int] = {}  # (payout id, currency) -> its Payout row
    stated_row: dict[tuple[str, str], Row] = {}
    paid_on: dict[tuple[str, str], datetime | None] = {}
    groups: dict[tuple[str, str], list[PayoutLineRecord]] = {}
    for row in table.rows:
        type_text = rd.bounded(row, cols["Type"], 80)
        kind = KINDS.get(type_text.lower())
        if kind is None:
            rd.problem(row, cols["Type"], f"'{type_text}' is not an eBay transaction type "
                       "Backroom knows")
            continue
        currency = rd.currency(row, cols["Payout currency"])
        net = rd.money(row, cols["Net amount"], currency, required=True)
        when = rd.when(row, cols["Transaction creation date"])
        payout = rd.bounded(row, cols["Payout ID"], 64)
        if payout == NOT_APPLICABLE:
            payout = ""
        key = (payout or f"pending:{currency}", currency)
        if payout and payout_date is not None and rd.text(row, payout_date) not in (
                "", NOT_APPLICABLE) and key not in paid_on:
            paid_on[key] = rd.when(row, payout_date)
        if kind == "transfer" and type_text.lower() == "payout":
            # The payout itself: money leaving the eBay balance for the bank.
            if key in stated:
                rd.problem(row, cols["Payout ID"], f"payout {payout} is listed twice")
            stated[key], stated_row[key] = -net, row
            book.skip(row, "the payout to the bank: its total")
            continue
        order = rd.bounded(row, cols["Order number"], 64)
        if order == NOT_APPLICABLE:
            order = ""
        words = " — ".join(v for v in (_cell(rd, row, desc_col), _cell(rd, row, title))
                           if v)[:200]
        base = book.unique(":".join(v for v in (
            type_text.lower(), rd.text(row, txn), rd.text(row, ref), order,
            rd.text(row, cols["Transaction creation date"])) if v and v != NOT_APPLICABLE))

        def line(suffix: str, kind_: str, amount: int, detail: str, *,
                 _base: str = base, _order: str = order, _when: datetime | None = when,
                 _row: Row = row, _words: str = words) -> PayoutLineRecord:
            return PayoutLineRecord(f"{_base}{suffix}", kind_, amount, detail=detail,
                                    description=_words, order_ref=_order, posted_at=_when,
                                    source_row=_row.number)

        lines = _split(rd, row, kind=kind, type_text=type_text, net=net, currency=currency,
                       part_cols=part_cols,
                       fee_cols=fee_cols, gross_col=gross_col, ebay_tax=ebay_tax,
                       detail=_cell(rd, row, desc_col)[:80], line=line)
        groups.setdefault(key, []).extend(lines)
        book.add(currency, *lines)
        if status_col is not None and not payout:
            paid_on.setdefault(key, None)
    payouts = []
    for key in dict.fromkeys([*groups, *stated]):
        lines = groups.get(key, [])
        total = sum(x.amount_minor for x in lines)
        payout_id, currency = key
        if key in stated and stated[key] != total and not rd.problems:
            rd.problem(stated_row[key], cols["Net amount"],
                       f"payout {payout_id} is {decimal_text(stated[key], currency)} but its "
                       f"rows add up to {decimal_text(total, currency)}")
        start, end = span(lines)
        pending = payout_id.startswith("pending:")
        payouts.append(PayoutRecord(payout_id, currency, stated.get(key, total), tuple(lines),
                                    start, end, paid_on.get(key) or (None if pending else end),
                                    stated_total=key in stated, reaches_bank=not pending))
    return done(FORMAT, rd, payouts, len(table.rows), book.skipped)


def _cell(rd: Reader, row: Row, col: int | None) -> str:
    text = rd.text(row, col)
    return "" if text == NOT_APPLICABLE else text


def _split(rd: Reader, row: Row, *, kind: str, type_text: str, net: int, currency: str,  # noqa: PLR0913
           part_cols: list[tuple[int, str, str]], fee_cols: list[tuple[str, int]],
           gross_col: int | None, ebay_tax: int | None, detail: str,
           line: Callable[..., PayoutLineRecord]) -> list[PayoutLineRecord]:
    """One row's lines, adding up to its Net amount."""
    make = line  # a closure over the row: its id, order, moment and words
    out: list[PayoutLineRecord] = []
    fees = 0
    for name, col in fee_cols:
        amount = rd.money(row, col, currency)
        if amount:
            fees += amount
            out.append(make(f":fee:{name}", "fee", amount, name))
    if kind not in ("sale", "refund"):
        # A fee, label, hold or claim row is its Net amount (its fee columns are empty).
        rest = net - fees
        if rest:
            out.insert(0, make("", kind, rest, detail or type_text))
        return out
    gross = rd.money(row, gross_col, currency) if gross_col is not None else net - fees
    goods = []
    for col, part_kind, part in part_cols:
        amount = rd.money(row, col, currency)
        if amount:
            # A refund row's parts are written as positive amounts taken back.
            if kind == "refund":
                amount = -abs(amount) if gross < 0 else amount
                goods.append(make(f":{part}", "refund", amount, f"refund: {part}"))
            else:
                goods.append(make(f":{part}", part_kind, amount, part))
    parts = sum(x.amount_minor for x in goods)
    withheld = abs(rd.money(row, ebay_tax, currency)) if ebay_tax is not None else 0
    if withheld and gross - parts == withheld:
        # The gross holds tax eBay collected from the buyer (and remits itself, below).
        goods.append(make(":ebay-tax", "tax", withheld, "eBay collected tax"))
        parts += withheld
    if parts != gross or not goods:
        goods.append(make(":gross", kind, gross - parts,
                          "gross" if not goods else "part of the gross the report does not name"))
    left = net - gross - fees
    if left and withheld and left == -withheld:
        out.append(make(":ebay-tax-remitted", "tax", left, "eBay collected tax, remitted"))
    elif left:
        out.append(make(":other", "adjustment", left, "deduction the report does not name"))
    return goods + out
