"""Shopify: refunds in the orders export (Orders › Export), one row per line item.

Shopify has no returns report of its own; its orders export says, on an order's first row,
"Financial Status" (refunded, partially_refunded, ...) and "Refunded Amount". A fully
refunded order that was shipped is a return of every line: one expected return per order,
keyed "refund:<order name>". A partly refunded order does not say which items the refund was
for, so it is left out with that reason (open its return by hand); so is an order refunded
before it shipped (nothing comes back) and one with a line without a SKU.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services.importers import csv_text
from app.services.importers.csv_text import Row, Table
from app.services.importers.payouts_records import Reader
from app.services.importers.returns_records import ReturnFile, ReturnRecord

FORMAT = "shopify-refunds"
COLUMNS = {"Name": ("Name",), "Financial Status": ("Financial Status",),
           "Refunded Amount": ("Refunded Amount",), "Lineitem quantity": ("Lineitem quantity",),
           "Lineitem sku": ("Lineitem sku",)}


def parse_table(table: Table) -> ReturnFile:
    rd = Reader(table)
    cols = rd.require(COLUMNS)
    if cols is None:
        return ReturnFile(FORMAT, "shopify", (), tuple(rd.problems), len(table.rows))
    orders: dict[str, list[Row]] = {}
    for row in table.rows:
        name = rd.text(row, cols["Name"])
        if not name:
            rd.problem(row, cols["Name"], "the order name is empty")
            continue
        orders.setdefault(name, []).append(row)
    fulfilled_col = table.col("Fulfillment Status")
    currency_col = table.col("Currency")
    refunded_col = table.col("Refunded at", "Cancelled at")
    records, skipped = [], []
    for name, rows in orders.items():
        first = rows[0]
        status = rd.text(first, cols["Financial Status"]).lower()
        if status not in ("refunded", "partially_refunded"):
            continue
        numbers = [r.number for r in rows]
        currency = rd.text(first, currency_col).upper() or "XXX"
        amount = rd.text(first, cols["Refunded Amount"])
        if status == "partially_refunded":
            skipped += [(n, f"order {name} is partly refunded ({amount} {currency}) and the "
                         "export does not say for which items: open its return by hand")
                        for n in numbers]
            continue
        if rd.text(first, fulfilled_col).lower() in ("unfulfilled", ""):
            if fulfilled_col is not None:
                skipped += [(n, f"order {name} was refunded before it shipped: nothing "
                             "comes back") for n in numbers]
                continue
        lines = []
        for row in rows:
            sku = rd.bounded(row, cols["Lineitem sku"], 64)
            qty_text = rd.text(row, cols["Lineitem quantity"])
            try:
                qty = csv_text.parse_quantity(qty_text)
            except ValueError as exc:
                rd.problem(row, cols["Lineitem quantity"], str(exc))
                continue
            if sku and qty > 0:
                lines.append((row, sku, qty))
            elif qty > 0:
                lines = []
                skipped += [(n, f"order {name} has a line without a SKU: open its return "
                             "by hand") for n in numbers]
                break
        when = rd.when(first, refunded_col, required=False)
        records += [ReturnRecord(f"refund:{name}"[:64], name, sku, qty, "other",
                                 store_reason=f"Shopify: refunded {amount} {currency}",
                                 requested_at=when, source_row=row.number)
                    for row, sku, qty in lines]
    if rd.problems:  # all or nothing
        return ReturnFile(FORMAT, "shopify", (), tuple(rd.problems), len(table.rows))
    return ReturnFile(FORMAT, "shopify", tuple(records), (), len(table.rows), tuple(skipped))


PARSERS: tuple[tuple[str, tuple[str, ...], Callable[[Table], ReturnFile]], ...] = (
    (FORMAT, ("Financial Status", "Lineitem sku"), parse_table),
)
