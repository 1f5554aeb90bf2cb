"""PayPal 'Activity download' CSV: one row per transaction, with Gross, Fee and Net.

PayPal names no payout, so lines are grouped per currency and month (see `by_month`).
Older or trimmed downloads have a single `Amount` column and no fee. A row is its gross line
(sale, refund, transfer, ...) and, when PayPal charged one, a fee line; they add up to Net.
Rows PayPal marks as memos (Balance Impact 'Memo') or that failed move no money: skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from app.services.importers import csv_text, dates
from app.services.importers.csv_text import Source, Table
from app.services.importers.payouts_records import (
    LineBook,
    PayoutFile,
    PayoutLineRecord,
    Reader,
    done,
    refuse,
)

FORMAT = "paypal"
REQUIRED = {"Date": ("Date",), "Time": ("Time",), "Type": ("Type",), "Status": ("Status",),
            "Currency": ("Currency",), "Gross": ("Gross", "Amount")}
SIGNATURE = ("Date", "Time", "TimeZone", "Type", "Status", "Currency")
NO_MONEY = {"denied", "failed", "canceled", "cancelled", "removed", "unclaimed"}
# (word in PayPal's Type, kind) in order: the first that fits wins.
_TYPES = (("currency conversion", "transfer"), ("refund", "refund"),
          ("chargeback", "chargeback"), ("dispute", "chargeback"), ("reversal", "chargeback"),
          ("hold", "reserve"), ("reserve", "reserve"), ("fee", "fee"),
          ("withdrawal", "transfer"), ("deposit", "transfer"), ("transfer", "transfer"),
          ("bank", "transfer"), ("payment", "sale"))


def classify(paypal_type: str, gross: int) -> str:
    t = paypal_type.lower()
    for word, kind in _TYPES:
        if word in t:
            # A payment the account sent (a purchase) is no sale of ours.
            return "adjustment" if kind == "sale" and gross < 0 else kind
    return "adjustment"


def parse(source: Source, *, tz: tzinfo = UTC) -> PayoutFile:
    return parse_table(csv_text.read_table(source), tz=tz)


def parse_table(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    rd = Reader(table, tz=tz)
    cols = rd.require(REQUIRED)
    if cols is None:
        return refuse(FORMAT, rd)
    c = table.col
    zone, fee_col, net_col = c("TimeZone"), c("Fee"), c("Net")
    txn, invoice, name, title = c("Transaction ID"), c("Invoice Number"), c("Name"), c(
        "Item Title")
    impact = c("Balance Impact")
    rd.date_formats = dates.guess_date_formats([rd.text(r, cols["Date"]) for r in table.rows])
    rd.decimal_mark = csv_text.guess_decimal_mark(
        [rd.text(r, cols["Gross"]) for r in table.rows[:200]]) or "."
    book = LineBook()
    for row in table.rows:
        status = rd.text(row, cols["Status"])
        if status.lower() in NO_MONEY or rd.text(row, impact).lower() == "memo":
            book.skip(row, f"{status or 'memo'}: moves no money")
            continue
        currency = rd.currency(row, cols["Currency"])
        gross = rd.money(row, cols["Gross"], currency, required=True)
        fee = rd.money(row, fee_col, currency)
        if net_col is not None and rd.text(row, net_col):
            net = rd.money(row, net_col, currency)
            if gross + fee != net:
                rd.problem(row, net_col, "Net is not Gross + Fee")
        stamp = " ".join(v for v in (rd.text(row, cols["Date"]), rd.text(row, cols["Time"]),
                                     rd.text(row, zone)) if v)
        when = _when(rd, row, cols["Date"], stamp)
        kind_text = rd.bounded(row, cols["Type"], 80)
        line_id = book.unique(
            rd.text(row, txn) or f"{stamp}|{kind_text}|{rd.text(row, cols['Gross'])}")
        order = rd.bounded(row, invoice, 64)
        words = " — ".join(v for v in (rd.text(row, name), rd.text(row, title)) if v)[:200]
        book.add(currency, PayoutLineRecord(
            line_id, classify(kind_text, gross), gross, detail=kind_text, description=words,
            order_ref=order, posted_at=when, source_row=row.number))
        if fee:
            book.add(currency, PayoutLineRecord(
                line_id + "|fee", "fee", fee, detail="PayPal fee", description=words,
                order_ref=order, posted_at=when, source_row=row.number))
    return done(FORMAT, rd, book.by_month("activity"), len(table.rows), book.skipped)


def _when(rd: Reader, row: csv_text.Row, col: int, stamp: str) -> datetime | None:
    formats = tuple(f"{f} %H:%M:%S" for f in rd.date_formats if "%M" not in f)
    try:
        return dates.parse_datetime(stamp, rd.tz, formats + tuple(rd.date_formats))
    except ValueError as exc:
        rd.problem(row, col, str(exc))
        return None
