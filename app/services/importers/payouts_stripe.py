"""Stripe 'Payments' export (and, told by its header, the balance reports: see
payouts_stripe_balance) (CSV, comma or semicolon): one row per payment.

A payment settles in the account's currency (`Converted Amount`/`Converted Currency`, at
Stripe's own rate) minus Stripe's `Fee` (in that currency too). Lines: the sale and the fee,
and a refund when the payment shows one (`Amount Refunded`, or status Refunded for the whole
amount). The export names no payout, so lines are grouped per currency and month.
Failed and uncaptured payments move no money: skipped.
"""

from __future__ import annotations

from datetime import UTC, tzinfo

from app.services.importers import csv_text, payouts_stripe_balance
from app.services.importers.csv_text import Source, Table
from app.services.importers.payouts_records import (
    LineBook,
    PayoutFile,
    PayoutLineRecord,
    Reader,
    done,
    refuse,
)

FORMAT = "stripe"
REQUIRED = {"Created date (UTC)": ("Created date (UTC)", "Created (UTC)", "created"),
            "Amount": ("Amount",), "Currency": ("Currency",), "Fee": ("Fee",),
            "Status": ("Status",)}
SIGNATURE = ("Created date (UTC)", "Amount", "Converted Amount", "Fee", "Status")
NO_MONEY = {"failed", "canceled", "cancelled", "blocked", "incomplete"}
# Metadata columns in which stores put their order number (WooCommerce, Shopify apps).
ORDER_COLUMNS = ("order_id (metadata)", "order_number (metadata)", "Order ID", "Order Number",
                 "Invoice Number")


def parse(source: Source, *, tz: tzinfo = UTC) -> PayoutFile:
    table = csv_text.read_table(source)
    if table.col("balance_transaction_id") is not None:
        return payouts_stripe_balance.parse_table(table, tz=tz)
    return parse_table(table, tz=tz)


def parse_table(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    rd = Reader(table, tz=tz)
    cols = rd.require(REQUIRED)
    if cols is None:
        return refuse(FORMAT, rd)
    c = table.col
    conv, conv_cur, captured = c("Converted Amount"), c("Converted Currency"), c("Captured")
    refunded_col, conv_refunded = c("Amount Refunded"), c("Converted Amount Refunded")
    ident, customer, tax_on_fee = c("id"), c("Customer ID"), c("Taxes On Fee")
    order_col = c(*ORDER_COLUMNS)
    rd.decimal_mark = csv_text.guess_decimal_mark(
        [rd.text(r, cols["Amount"]) for r in table.rows[:200]]) or "."
    book = LineBook()
    for row in table.rows:
        status = rd.text(row, cols["Status"])
        if status.lower() in NO_MONEY or rd.text(row, captured).lower() == "false":
            book.skip(row, f"{status or 'not captured'}: moves no money")
            continue
        buyer_cur = rd.currency(row, cols["Currency"])
        charged = rd.money(row, cols["Amount"], buyer_cur, required=True)
        settle_cur = rd.currency(row, conv_cur, buyer_cur) if rd.text(row, conv_cur) \
            else buyer_cur
        settled = rd.money(row, conv, settle_cur, required=True) if conv is not None and \
            rd.text(row, conv) else charged
        fee = rd.money(row, cols["Fee"], settle_cur)
        when = rd.when(row, cols["Created date (UTC)"])
        order = rd.bounded(row, order_col, 64)
        line_id = book.unique(rd.text(row, ident) or "|".join(
            (rd.text(row, cols["Created date (UTC)"]), order, rd.text(row, customer))))
        fee_words = f"Stripe fee (tax on fee {rd.text(row, tax_on_fee)})" \
            if rd.text(row, tax_on_fee) else "Stripe fee"
        book.add(settle_cur, PayoutLineRecord(
            line_id, "sale", settled, detail="charge", order_ref=order, posted_at=when,
            source_row=row.number, presented_minor=charged, presented_currency=buyer_cur))
        if fee:
            book.add(settle_cur, PayoutLineRecord(
                line_id + "|fee", "fee", -fee, detail=fee_words, order_ref=order,
                posted_at=when, source_row=row.number))
        refund, refund_settled = _refund(rd, row, status, charged, settled,
                                         buyer_cur=buyer_cur, settle_cur=settle_cur,
                                         refunded_col=refunded_col,
                                         conv_refunded=conv_refunded)
        if refund:
            book.add(settle_cur, PayoutLineRecord(
                line_id + "|refund", "refund", -refund_settled,
                detail=status.lower() or "refund", order_ref=order, posted_at=when,
                source_row=row.number, presented_minor=-refund, presented_currency=buyer_cur))
    return done(FORMAT, rd, book.by_month("payments"), len(table.rows), book.skipped)


def _refund(rd: Reader, row: csv_text.Row, status: str, charged: int, settled: int, *,
            buyer_cur: str, settle_cur: str, refunded_col: int | None,
            conv_refunded: int | None) -> tuple[int, int]:
    """(refunded in the buyer's currency, in the settlement currency)."""
    if refunded_col is not None and rd.text(row, refunded_col):
        refund = rd.money(row, refunded_col, buyer_cur)
        if conv_refunded is not None and rd.text(row, conv_refunded):
            return refund, rd.money(row, conv_refunded, settle_cur)
        if refund and refund != charged and buyer_cur != settle_cur:
            rd.problem(row, refunded_col, "a part refund in another currency needs the "
                       "'Converted Amount Refunded' column")
        return refund, settled if refund == charged else refund
    if status.lower() == "refunded":
        return charged, settled
    return 0, 0
