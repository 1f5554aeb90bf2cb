"""Etsy Payments: the 'Direct Checkout Payments' CSV and the 'Deposits' CSV.

Payments: one row per order payment; lines are the sale (Gross), Etsy's payment fee, any
deduction the row leaves unnamed (Net ≠ Gross − Fees), and,
when the payment was adjusted (a refund), the refund and the fee Etsy gave back, so a row's
lines add up to its Adjusted Net (else its Net). Payments are grouped into a payout by the
day their funds became available (`Funds Available`).
Deposits: one row per transfer to the bank; each is a payout of one transfer line. Etsy gives
deposits no id, so a deposit's id is its date and amount.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from app.services.importers import csv_text, dates
from app.services.importers.csv_text import Source, Table
from app.services.importers.payouts_records import (
    PayoutFile,
    PayoutLineRecord,
    PayoutRecord,
    Reader,
    done,
    refuse,
    span,
)

FORMAT = "etsy"
PAYMENTS = {"Payment ID": ("Payment ID",), "Order ID": ("Order ID",),
            "Gross Amount": ("Gross Amount",), "Fees": ("Fees",), "Net Amount": ("Net Amount",),
            "Currency": ("Currency",), "Funds Available": ("Funds Available",)}
DEPOSITS = {"Date": ("Date",), "Amount": ("Amount",), "Currency": ("Currency",),
            "Status": ("Status",)}
SIGNATURE = ("Payment ID", "Gross Amount", "Net Amount", "Funds Available")
DEPOSIT_SIGNATURE = ("Date", "Amount", "Currency", "Status", "Bank Account Ending Digits")


def parse(source: Source, *, tz: tzinfo = UTC) -> PayoutFile:
    table = csv_text.read_table(source)
    if table.col("Payment ID") is None and table.col("Bank Account Ending Digits") is not None:
        return parse_deposits(table, tz=tz)
    return parse_payments(table, tz=tz)


def parse_payments(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    rd = Reader(table, tz=tz, date_formats=dates.MONTH_FIRST)
    cols = rd.require(PAYMENTS)
    if cols is None:
        return refuse(FORMAT, rd)
    c = table.col
    adj_gross, adj_fees, adj_net = c("Adjusted Gross"), c("Adjusted Fees"), c("Adjusted Net")
    listing, listing_cur, buyer = c("Listing Amount"), c("Listing Currency"), c("Buyer")
    groups: dict[tuple[str, str], list[PayoutLineRecord]] = {}
    days: dict[tuple[str, str], datetime | None] = {}
    for row in table.rows:
        cur = rd.currency(row, cols["Currency"])
        pid = rd.bounded(row, cols["Payment ID"], 80)
        if not pid:
            rd.problem(row, cols["Payment ID"], "the payment id is empty")
        gross = rd.money(row, cols["Gross Amount"], cur, required=True)
        fees = rd.money(row, cols["Fees"], cur)
        net = rd.money(row, cols["Net Amount"], cur, required=True)
        day = rd.text(row, cols["Funds Available"])
        when = rd.when(row, cols["Funds Available"])
        order = rd.bounded(row, cols["Order ID"], 64)
        words = rd.bounded(row, buyer, 200)
        shown_cur = rd.text(row, listing_cur).upper()
        presented = rd.money(row, listing, shown_cur) if shown_cur and shown_cur != cur \
            and rd.text(row, listing) else None
        lines = groups.setdefault((day, cur), [])
        days.setdefault((day, cur), when)
        lines.append(PayoutLineRecord(f"{pid}:sale", "sale", gross, detail="payment",
                                      description=words, order_ref=order, posted_at=when,
                                      source_row=row.number, presented_minor=presented,
                                      presented_currency=shown_cur if presented else ""))
        if fees:
            lines.append(PayoutLineRecord(f"{pid}:fee", "fee", -fees,
                                          detail="payment processing", description=words,
                                          order_ref=order, posted_at=when,
                                          source_row=row.number))
        if gross - fees != net:
            # Real exports have this (27.12 − 1.13 written as 25.70): Etsy took something
            # the file does not name. Kept as its own line so the lines still add up to Net.
            lines.append(PayoutLineRecord(f"{pid}:other", "adjustment", net - gross + fees,
                                          detail="deduction the export does not name",
                                          description=words, order_ref=order,
                                          posted_at=when, source_row=row.number))
        if rd.text(row, adj_net):
            a_gross, a_fees = rd.money(row, adj_gross, cur), rd.money(row, adj_fees, cur)
            if a_gross - a_fees != rd.money(row, adj_net, cur):
                rd.problem(row, adj_net, "Adjusted Net is not Adjusted Gross − Adjusted Fees")
            if a_gross != gross:
                lines.append(PayoutLineRecord(f"{pid}:refund", "refund", a_gross - gross,
                                              detail="refund", description=words,
                                              order_ref=order, posted_at=when,
                                              source_row=row.number))
            if a_fees != fees:
                lines.append(PayoutLineRecord(f"{pid}:fee-refund", "fee", fees - a_fees,
                                              detail="payment processing refunded",
                                              description=words, order_ref=order,
                                              posted_at=when, source_row=row.number))
    payouts = []
    for (day, cur), lines in groups.items():
        start, end = span(lines)
        payouts.append(PayoutRecord(f"available:{day}", cur, sum(x.amount_minor for x in lines),
                                    tuple(lines), start, end, days[(day, cur)]))
    return done(FORMAT, rd, payouts, len(table.rows))


def parse_deposits(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    rd = Reader(table, tz=tz, date_formats=dates.NAMED_MONTH)
    cols = rd.require(DEPOSITS)
    if cols is None:
        return refuse(FORMAT, rd)
    bank = table.col("Bank Account Ending Digits")
    payouts = []
    for row in table.rows:
        cur = rd.currency(row, cols["Currency"])
        amount = rd.money(row, cols["Amount"], cur, required=True)
        when = rd.when(row, cols["Date"])
        day = when.date().isoformat() if when else str(row.number)
        key = f"deposit:{day}:{rd.text(row, cols['Amount'])}"
        line = PayoutLineRecord(key, "transfer", amount, detail="deposit to bank",
                                description=f"{rd.text(row, cols['Status'])} to the account "
                                f"ending {rd.text(row, bank)}".strip(),
                                posted_at=when, source_row=row.number)
        payouts.append(PayoutRecord(key, cur, amount, (line,), when, when, when,
                                    stated_total=True))
    return done(FORMAT + "-deposits", rd, payouts, len(table.rows))
