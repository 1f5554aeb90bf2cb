"""Stripe's balance-transaction reports: 'Itemized payout reconciliation'
(payout_reconciliation.itemized.5) and 'Balance change from activity' (itemized).

One row per balance transaction with `gross`, `fee` and `net` (= gross − fee) in the
account's currency, in major units, and Stripe's `reporting_category`. A row is its gross
line (sale, refund, dispute, ...) and, when Stripe charged one, a fee line; they add up to net.
Rows are grouped by `automatic_payout_id` (the payout the bank receives, due on
`automatic_payout_effective_at`); a report without that column (balance change from
activity) names no payout, so lines are grouped per currency and month like the payments
export. Orders are named by the store in payment metadata (`payment_metadata[order_id]`).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from app.services.importers import csv_text
from app.services.importers.csv_text import Table
from app.services.importers.payouts_records import (
    LineBook,
    PayoutFile,
    PayoutLineRecord,
    PayoutRecord,
    Reader,
    done,
    refuse,
    span,
)

FORMAT = "stripe"
REQUIRED = {"balance_transaction_id": ("balance_transaction_id",),
            "created_utc": ("created_utc", "created"), "currency": ("currency",),
            "gross": ("gross",), "fee": ("fee",), "net": ("net",),
            "reporting_category": ("reporting_category",)}
SIGNATURE = ("balance_transaction_id", "reporting_category", "gross", "net")
ORDER_COLUMNS = ("payment_metadata[order_id]", "payment_metadata[order_number]",
                 "payment_metadata[order]", "order_id", "invoice_number")
# Stripe's reporting categories (docs.stripe.com/reports/reporting-categories) -> kind.
CATEGORIES = {"charge": "sale", "refund": "refund", "dispute": "chargeback",
              "dispute_reversal": "chargeback", "fee": "fee", "network_cost": "fee",
              "tax": "fee", "payout": "transfer", "payout_reversal": "transfer",
              "transfer": "transfer", "transfer_reversal": "transfer", "topup": "transfer",
              "topup_reversal": "transfer", "connect_reserved_funds": "reserve",
              "risk_reserved_funds": "reserve", "platform_earning": "adjustment",
              "platform_earning_refund": "adjustment", "partial_capture_reversal": "adjustment",
              "refund_failure": "refund", "charge_failure": "adjustment",
              "other_adjustment": "adjustment"}


def parse_table(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    rd = Reader(table, tz=tz)
    cols = rd.require(REQUIRED)
    if cols is None:
        return refuse(FORMAT, rd)
    c = table.col
    payout_col, due_col = c("automatic_payout_id"), c("automatic_payout_effective_at_utc",
                                                      "automatic_payout_effective_at")
    shown_amount, shown_cur = c("customer_facing_amount"), c("customer_facing_currency")
    desc_col, source_col = c("description"), c("source_id")
    order_col = c(*ORDER_COLUMNS)
    rd.decimal_mark = csv_text.guess_decimal_mark(
        [rd.text(r, cols["gross"]) for r in table.rows[:200]]) or "."
    book = LineBook()
    groups: dict[tuple[str, str], list[PayoutLineRecord]] = {}
    due: dict[tuple[str, str], datetime | None] = {}
    for row in table.rows:
        category = rd.text(row, cols["reporting_category"]).lower()
        kind = CATEGORIES.get(category, "adjustment")
        currency = rd.currency(row, cols["currency"])
        gross = rd.money(row, cols["gross"], currency, required=True)
        fee = rd.money(row, cols["fee"], currency)
        net = rd.money(row, cols["net"], currency, required=True)
        if gross - fee != net:
            rd.problem(row, cols["net"], "net is not gross − fee")
        when = rd.when(row, cols["created_utc"])
        order = rd.bounded(row, order_col, 64)
        words = " — ".join(v for v in (rd.text(row, desc_col), rd.text(row, source_col))
                           if v)[:200]
        line_id = book.unique(rd.text(row, cols["balance_transaction_id"]) or
                              f"row{row.number}")
        presented, presented_cur = None, ""
        buyer_cur = rd.text(row, shown_cur).upper()
        if buyer_cur and buyer_cur != currency and rd.text(row, shown_amount):
            # Stripe writes the buyer's amount unsigned; it takes the line's sign.
            presented = abs(rd.money(row, shown_amount, buyer_cur)) * (-1 if gross < 0 else 1)
            presented_cur = buyer_cur
        # A fee-only row (a dispute fee: gross 0) is its fee line alone.
        lines = [] if gross == 0 and fee else [PayoutLineRecord(
            line_id, kind, gross, detail=category, description=words, order_ref=order,
            posted_at=when, source_row=row.number, presented_minor=presented,
            presented_currency=presented_cur)]
        if fee:
            lines.append(PayoutLineRecord(line_id + "|fee", "fee", -fee, detail="Stripe fee",
                                          description=words, order_ref=order, posted_at=when,
                                          source_row=row.number))
        payout = rd.bounded(row, payout_col, 64)
        if payout_col is None:
            book.add(currency, *lines)
            continue
        key = (payout or f"pending:{currency}", currency)
        groups.setdefault(key, []).extend(lines)
        if key not in due:
            due[key] = rd.when(row, due_col, required=False) if payout else None
    if payout_col is None:
        return done(FORMAT, rd, book.by_month("balance"), len(table.rows), book.skipped)
    payouts = []
    for (payout_id, currency), lines in groups.items():
        start, end = span(lines)
        pending = payout_id.startswith("pending:")
        payouts.append(PayoutRecord(payout_id, currency, sum(x.amount_minor for x in lines),
                                    tuple(lines), start, end, due[(payout_id, currency)],
                                    reaches_bank=not pending))
    return done(FORMAT, rd, payouts, len(table.rows))
