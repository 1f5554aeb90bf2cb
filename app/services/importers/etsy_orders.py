"""Etsy 'Sold Orders' + 'Sold Order Items' CSVs, joined on Order ID."""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import NamedTuple

from app.services.importers import csv_text
from app.services.importers.common import (
    Cells,
    clean_postcode,
    country,
    finish,
    group_rows,
    missing_columns,
)
from app.services.importers.csv_text import Row, Source, Table
from app.services.importers.order_records import (
    OrderLineRecord,
    OrderRecord,
    ParseResult,
    RowProblem,
)

FORMAT = "etsy"
ORDERS_SIGNATURE = ("Sale Date", "Order ID", "Number of Items", "Order Total")
ITEMS_SIGNATURE = ("Sale Date", "Item Name", "Transaction ID", "Listing ID", "Order ID")
ORDERS_REQUIRED = {"Order ID": ("Order ID",), "Sale Date": ("Sale Date",)}
ITEMS_REQUIRED = {"Order ID": ("Order ID",), "Quantity": ("Quantity",),
                  "Item Name": ("Item Name",)}
# Etsy writes US-style dates: 11/01/26.
DATE_FORMATS = ("%m/%d/%y", "%m/%d/%Y", "%m/%d/%y %H:%M", "%Y-%m-%d")


def parse(orders: Source, items: Source, *, tz: tzinfo = UTC, currency: str = "USD"
          ) -> ParseResult:
    return parse_tables(csv_text.read_table(orders), csv_text.read_table(items), tz=tz,
                        currency=currency)


def parse_tables(orders: Table, items: Table, *, tz: tzinfo = UTC, currency: str = "USD"
                 ) -> ParseResult:
    problems: list[RowProblem] = []
    missing = missing_columns(orders, problems, ORDERS_REQUIRED)
    missing = missing_columns(items, problems, ITEMS_REQUIRED) or missing
    if missing:
        return finish(FORMAT, [], problems, [orders, items])
    o = Cells(orders, problems, currency=currency, tz=tz, decimal_mark=".",
              date_formats=DATE_FORMATS)
    i = Cells(items, problems, currency=currency, tz=tz, decimal_mark=".",
              date_formats=DATE_FORMATS)
    oc, ic = orders.col, items.col
    item_groups = group_rows(i, items.rows, ic("Order ID"))
    i_cur = ic("Currency")
    cols = _ItemColumns(ic("Quantity"), ic("Item Name"), ic("Price"), ic("SKU"),
                        ic("Item Total"), ic("Listing ID"), ic("Variations"))
    built = []
    order_groups = group_rows(o, orders.rows, oc("Order ID"))
    for key, rows in order_groups.items():
        head = rows[0]
        if len(rows) > 1:
            o.problem(rows[1], oc("Order ID"), f"order {key} appears twice in Sold Orders")
        item_rows = item_groups.get(key, [])
        if not item_rows:
            o.problem(head, oc("Order ID"), f"order {key} has no lines in the Sold Order Items "
                                            "file")
        code = o.currency_of(rows, oc("Currency")) if oc("Currency") is not None else (
            i.currency_of(item_rows, i_cur))
        lines = tuple(_line(i, r, code, cols) for r in item_rows)
        # VAT Etsy collected from the buyer is on the item rows only (Sold Orders has no
        # column for it); Sales Tax is the tax the seller collected.
        vat = sum(i.money(r, ic("VAT Paid by Buyer"), code) for r in item_rows)
        status = o.text(head, oc("Status")).lower()
        full_name = o.text(head, oc("Full Name")) or " ".join(
            p for p in (o.text(head, oc("First Name")), o.text(head, oc("Last Name"))) if p)
        discount = (o.money(head, oc("Discount Amount"), code)
                    + o.money(head, oc("Shipping Discount"), code))
        subtotal_col = oc("Order Value")
        record = OrderRecord(
            external_id=key, number=key, placed_at=o.when(head, oc("Sale Date")),
            currency=code, lines=lines,
            subtotal_minor=(o.money(head, subtotal_col, code) if subtotal_col is not None
                            else sum(_amount(ln) for ln in lines)),
            shipping_minor=o.money(head, oc("Shipping"), code),
            tax_minor=o.money(head, oc("Sales Tax"), code) + vat,
            discount_minor=abs(discount),
            total_minor=o.money(head, oc("Order Total"), code),
            financial_status=status, cancelled="cancel" in status,
            refunded="refund" in status,
            fulfilled=bool(o.text(head, oc("Date Shipped"))),
            customer_name=full_name, bill_name=full_name,
            ship_name=i.first_text(item_rows, ic("Ship Name")) or o.text(head, oc("Full Name")),
            ship_street1=o.text(head, oc("Street 1")), ship_street2=o.text(head, oc("Street 2")),
            ship_city=o.text(head, oc("Ship City")), ship_state=o.text(head, oc("Ship State")),
            ship_postcode=clean_postcode(o.text(head, oc("Ship Zipcode"))),
            ship_country=country(o.text(head, oc("Ship Country"))),
            source_file=orders.name, source_rows=tuple(r.number for r in rows))
        built.append((record, [(orders.name, r) for r in rows]
                      + [(items.name, r) for r in item_rows]))
    for key, rows in item_groups.items():
        if key not in order_groups:
            for r in rows:
                i.problem(r, ic("Order ID"), f"order {key} is not in the Sold Orders file")
    return finish(FORMAT, built, problems, [orders, items])


class _ItemColumns(NamedTuple):
    qty: int | None
    name: int | None
    price: int | None
    sku: int | None
    total: int | None
    listing: int | None
    variations: int | None


def _line(i: Cells, r: Row, code: str, cols: _ItemColumns) -> OrderLineRecord:
    q = i.quantity(r, cols.qty)
    price = i.money(r, cols.price, code)
    # Item Total is the line's amount (Price x Quantity) before the order's discounts.
    total = i.money(r, cols.total, code) if i.text(r, cols.total) else None
    return OrderLineRecord(i.text(r, cols.sku), i.text(r, cols.name), q, price, r.number,
                           line_total_minor=total, listing_id=i.text(r, cols.listing),
                           variation=i.text(r, cols.variations))


def _amount(line: OrderLineRecord) -> int:
    if line.line_total_minor is not None:
        return line.line_total_minor
    return line.quantity * line.unit_price_minor
