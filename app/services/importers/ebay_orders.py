"""eBay order reports (CSV): Seller Hub's Orders report and Selling Manager's SalesHistory.csv.

Both put blank (or all-comma) lines before the header and summary lines after the data
(`N record(s) downloaded, from …`, `Seller ID: …`). They name the same things differently:

- Seller Hub "Orders report" (current): `Sales Record Number, Order Number, Buyer Username,
  Buyer Name, … Ship To Name, Ship To Address 1 …, Item Number, Item Title, Custom Label,
  Quantity, Sold For, Shipping And Handling, [Seller Collected Tax, eBay Collected Tax,]
  Total Price …, Variation Details`; multi-item orders may add an order summary row.
- Selling Manager `SalesHistory.csv` (2010s): `Sales Record Number, User Id, Buyer Fullname,
  Buyer Phone Number, Buyer Email, Buyer Address 1 … (the ship-to address), Item Number,
  Item Title, Custom Label, Quantity, Sale Price, Shipping and Handling, US Tax, Insurance,
  Cash on delivery fee, Total Price, … Order ID, Variation Details`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, tzinfo

from app.services.importers import csv_text, dates
from app.services.importers.common import (
    Cells,
    clean_postcode,
    country,
    finish,
    missing_columns,
)
from app.services.importers.csv_text import Row, Source, Table, norm_header
from app.services.importers.order_records import (
    OrderLineRecord,
    OrderRecord,
    ParseResult,
    RowProblem,
)

FORMAT = "ebay"
# Columns both layouts have (see detect.py).
SIGNATURE = ("Sales Record Number", "Item Number", "Custom Label", "Total Price")
SELLER_HUB = ("Order Number", "Buyer Username", "Sold For")
SELLING_MANAGER = ("User Id", "Buyer Fullname", "Sale Price")
LAYOUTS = ("ebay-seller-hub", "ebay-selling-manager")
REQUIRED = {"Sales Record Number": ("Sales Record Number", "Order Number"),
            "Quantity": ("Quantity",), "Sale Date": ("Sale Date",),
            "Sold For": ("Sold For", "Sale Price")}
DATE_FORMATS = (*dates.NAMED_MONTH, "%b-%d-%y %H:%M", *dates.ISO_FORMATS,
                *dates.MONTH_FIRST)
# The summary lines eBay writes after the data.
_TRAILER = re.compile(r"record\(s\)\s+downloaded|^\s*seller\s+id\s*:", re.IGNORECASE)


def layout(header: Sequence[str]) -> str | None:
    """'ebay-seller-hub' or 'ebay-selling-manager' for an eBay order report's header."""
    have = {norm_header(h) for h in header}
    if not all(norm_header(s) in have for s in SIGNATURE):
        return None
    if all(norm_header(s) in have for s in SELLING_MANAGER):
        return "ebay-selling-manager"
    return "ebay-seller-hub"


def parse(source: Source, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    return parse_table(csv_text.read_table(source), tz=tz, currency=currency)


def _is_trailer(cells: Cells, row: Row, value_cols: tuple[int | None, ...]) -> bool:
    if any(_TRAILER.search(c) for c in row.cells[:3]):
        return True
    # Any other line of one or two words with no quantity, amount, date or item: a note.
    return sum(1 for c in row.cells if c.strip()) <= 2 and not any(
        cells.text(row, k) for k in value_cols)


def parse_table(table: Table, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    problems: list[RowProblem] = []
    if missing_columns(table, problems, REQUIRED):
        return finish(FORMAT, [], problems, [table])
    c = table.col
    cells = Cells(table, problems, currency=currency, tz=tz, decimal_mark=".",
                  date_formats=DATE_FORMATS)
    order_no, order_id, record_no = c("Order Number"), c("Order ID"), c("Sales Record Number")
    item_no, title, sku = c("Item Number"), c("Item Title"), c("Custom Label")
    qty, price, ship, total = (c("Quantity"), c("Sold For", "Sale Price"),
                               c("Shipping And Handling"), c("Total Price"))
    tax_cols = [i for i in (c("Seller Collected Tax"), c("eBay Collected Tax"), c("US Tax"))
                if i is not None]
    extra_cols = [i for i in (c("Insurance"), c("Cash on delivery fee")) if i is not None]
    variation = c("Variation Details")
    rows = [r for r in table.rows
            if not _is_trailer(cells, r, (qty, total, c("Sale Date"), item_no))]
    groups: dict[str, list[Row]] = {}
    for r in rows:
        # Seller Hub: every row has the order number. Selling Manager: Order ID is filled
        # for combined (multi-item) orders only; a single sale is its own sales record.
        key = cells.text(r, order_no) or cells.text(r, order_id) or cells.text(r, record_no)
        if not key:
            cells.problem(r, order_no if order_no is not None else record_no,
                          "the order number is empty")
            continue
        groups.setdefault(key, []).append(r)
    built = []
    for key, group in groups.items():
        # An order summary row (multi-item orders in some report versions) names no item.
        items = [r for r in group if any(cells.text(r, k) for k in (item_no, title, sku))]
        summary = [r for r in group if r not in items]
        code = cells.currency_of(group, None, total, price, ship)
        lines = tuple(OrderLineRecord(
            cells.text(r, sku), cells.text(r, title), cells.quantity(r, qty),
            cells.money(r, price, code), r.number, listing_id=cells.text(r, item_no),
            variation=_variation(cells.text(r, variation))) for r in items)
        if not items:
            cells.problem(group[0], title, "this order has no item rows")
        totals_from = summary or items
        shipping = sum(cells.money(r, k, code) for r in totals_from for k in (ship, *extra_cols))
        grand = sum(cells.money(r, total, code) for r in totals_from)
        subtotal = sum(ln.quantity * ln.unit_price_minor for ln in lines)
        if tax_cols:
            tax = sum(cells.money(r, k, code) for r in totals_from for k in tax_cols)
        else:
            # The documented Seller Hub columns name no tax: what Total Price holds beyond the
            # items and the postage is the tax eBay collected.
            tax = max(grand - subtotal - shipping, 0) if grand else 0
        first = cells.first_text
        buyer = first(group, c("Buyer Name", "Buyer Fullname"))
        shipped = first(group, c("Shipped On Date"))
        record = OrderRecord(
            external_id=key, number=first(group, record_no) or key,
            placed_at=cells.when(cells.first(group, c("Sale Date"))[0] or group[0],
                                 c("Sale Date")),
            currency=code, lines=lines, subtotal_minor=subtotal, shipping_minor=shipping,
            tax_minor=tax, total_minor=grand or subtotal + shipping + tax,
            financial_status="paid" if first(group, c("Paid On Date")) else "pending",
            fulfilled=bool(shipped),
            customer_name=buyer, bill_name=buyer,
            customer_email=first(group, c("Buyer Email")).lower(),
            customer_phone=first(group, c("Buyer Phone Number", "Ship To Phone")),
            ship_name=first(group, c("Ship To Name")) or buyer,
            ship_phone=first(group, c("Ship To Phone", "Buyer Phone Number")),
            ship_street1=first(group, c("Ship To Address 1", "Buyer Address 1")),
            ship_street2=first(group, c("Ship To Address 2", "Buyer Address 2")),
            ship_city=first(group, c("Ship To City", "Buyer City")),
            ship_state=first(group, c("Ship To State", "Buyer State")),
            ship_postcode=clean_postcode(first(group, c("Ship To Zip", "Buyer Zip"))),
            ship_country=country(first(group, c("Ship To Country", "Buyer Country"))),
            shipping_method=first(group, c("Shipping Service")),
            notes=first(group, c("Buyer Note")),
            tracking_number=first(group, c("Tracking Number")),
            source_file=table.name, source_rows=tuple(r.number for r in group))
        built.append((record, [(table.name, r) for r in group]))
    return finish(FORMAT, built, problems, [table])


def _variation(text: str) -> str:
    # Selling Manager wraps the details in brackets: "[Size:M,Colour:Red]".
    if text.startswith("[") and text.endswith("]"):
        return text[1:-1].strip()
    return text
