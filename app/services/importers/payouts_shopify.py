"""Shopify Payments 'Payouts › Export transactions' CSV: one row per charge, refund, adjustment.

Rows are grouped into payouts by `Payout ID` when the export has it, else by payout date and
status (the transactions export names no payout id). A row is two lines: its amount (sale,
refund, ...) and, when charged, Shopify's fee; their sum is the row's `Net`.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from app.services.importers import csv_text
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

FORMAT = "shopify-payments"
REQUIRED = {"Transaction Date": ("Transaction Date",), "Type": ("Type",),
            "Order": ("Order",), "Payout Status": ("Payout Status",),
            "Payout Date": ("Payout Date",), "Amount": ("Amount",), "Fee": ("Fee",),
            "Net": ("Net",), "Currency": ("Currency",)}
SIGNATURE = ("Transaction Date", "Payout Status", "Payout Date", "Fee", "Net")
KINDS = {"charge": "sale", "refund": "refund", "adjustment": "adjustment",
         "chargeback": "chargeback", "chargeback won": "chargeback", "dispute": "chargeback",
         "reserve": "reserve", "reserved_funds": "reserve", "payout": "transfer",
         "payment_refund": "refund", "shop_cash_credit": "adjustment", "tax": "tax",
         "application_fee_refund": "fee", "risk_reversal": "adjustment",
         "risk_withdrawal": "adjustment", "transfer": "transfer"}


def parse(source: Source, *, tz: tzinfo = UTC) -> PayoutFile:
    return parse_table(csv_text.read_table(source), tz=tz)


def parse_table(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    rd = Reader(table, tz=tz)
    cols = rd.require(REQUIRED)
    if cols is None:
        return refuse(FORMAT, rd)
    payout_id = table.col("Payout ID")
    checkout = table.col("Checkout")
    groups: dict[str, tuple[str, list[PayoutLineRecord]]] = {}
    paid_on: dict[str, datetime | None] = {}
    seen: dict[str, int] = {}
    for row in table.rows:
        kind_text = rd.text(row, cols["Type"]).lower()
        kind = KINDS.get(kind_text)
        if kind is None:
            rd.problem(row, cols["Type"], f"'{kind_text}' is not a Shopify Payments "
                       "transaction type Backroom knows")
        currency = rd.currency(row, cols["Currency"])
        amount = rd.money(row, cols["Amount"], currency, required=True)
        fee = rd.money(row, cols["Fee"], currency)
        net = rd.money(row, cols["Net"], currency, required=True)
        if amount - fee != net:
            rd.problem(row, cols["Net"], "Net is not Amount − Fee")
        when = rd.when(row, cols["Transaction Date"])
        status = rd.text(row, cols["Payout Status"]).lower() or "pending"
        day = rd.text(row, cols["Payout Date"])
        key = rd.text(row, payout_id) or (day if status == "paid" else f"{status}:{day}")
        order = rd.bounded(row, cols["Order"], 64)
        ref = rd.text(row, checkout) or order
        base = f"{kind_text}:{when.isoformat() if when else row.number}:{ref}"
        seen[base] = seen.get(base, 0) + 1
        line_id = base if seen[base] == 1 else f"{base}:{seen[base]}"
        group = groups.setdefault(key, (currency, []))
        if group[0] != currency:
            rd.problem(row, cols["Currency"], f"payout {key} mixes {group[0]} and {currency}")
        group[1].append(PayoutLineRecord(line_id, kind or "adjustment", amount,
                                         detail=kind_text, order_ref=order,
                                         posted_at=when, source_row=row.number))
        if fee:
            group[1].append(PayoutLineRecord(line_id + ":fee", "fee", -fee,
                                             detail="payment processing", order_ref=order,
                                             posted_at=when, source_row=row.number))
        if day and key not in paid_on:
            paid_on[key] = rd.when(row, cols["Payout Date"])
    payouts = []
    for key, (currency, lines) in groups.items():
        start, end = span(lines)
        payouts.append(PayoutRecord(key, currency, sum(x.amount_minor for x in lines),
                                    tuple(lines), start, end, paid_on.get(key)))
    return done(FORMAT, rd, payouts, len(table.rows))
