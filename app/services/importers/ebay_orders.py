"""eBay Seller Hub orders report CSV: blank first line, summary lines after the data."""

from __future__ import annotations

from datetime import UTC, tzinfo

from app.services.importers import csv_text, dates
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

FORMAT = "ebay"
SIGNATURE = ("Sales Record Number", "Order Number", "Buyer Username", "Custom Label")
REQUIRED = {"Order Number": ("Order Number", "Sales Record Number"),
            "Quantity": ("Quantity",), "Sale Date": ("Sale Date",)}
DATE_FORMATS = (*dates.NAMED_MONTH, "%b-%d-%y %H:%M", *dates.ISO_FORMATS,
                *dates.MONTH_FIRST)


def parse(source: Source, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    return parse_table(csv_text.read_table(source), tz=tz, currency=currency)


def _is_trailer(cells: Cells, row: Row, value_cols: tuple[int | None, ...]) -> bool:
    # 'N record(s) downloaded…', 'Seller ID: …': a line or two of text, no date, no amounts.
    return sum(1 for c in row.cells if c.strip()) <= 2 and not any(
        cells.text(row, k) for k in value_cols)


def parse_table(table: Table, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    problems: list[RowProblem] = []
    if missing_columns(table, problems, REQUIRED):
        return finish(FORMAT, [], problems, [table])
    c = table.col
    cells = Cells(table, problems, currency=currency, tz=tz, decimal_mark=".",
                  date_formats=DATE_FORMATS)
    order_no, record_no = c("Order Number"), c("Sales Record Number")
    item_no, title, sku = c("Item Number"), c("Item Title"), c("Custom Label")
    qty, sold_for, ship, total = (c("Quantity"), c("Sold For"), c("Shipping And Handling"),
                                  c("Total Price"))
    key_col = order_no if order_no is not None else record_no
    rows = [r for r in table.rows
            if not _is_trailer(cells, r, (qty, total, c("Sale Date"), item_no))]
    built = []
    for key, group in group_rows(cells, rows, key_col, "the order number").items():
        # An order summary row (multi-item orders in some report versions) names no item.
        items = [r for r in group if any(cells.text(r, k) for k in (item_no, title, sku))]
        summary = [r for r in group if r not in items]
        code = cells.currency_of(group, None, total, sold_for, ship)
        lines = tuple(OrderLineRecord(cells.text(r, sku), cells.text(r, title),
                                      cells.quantity(r, qty), cells.money(r, sold_for, code),
                                      r.number) for r in items)
        if not items:
            cells.problem(group[0], title, "this order has no item rows")
        totals_from = summary or items
        shipping = sum(cells.money(r, ship, code) for r in totals_from)
        grand = sum(cells.money(r, total, code) for r in totals_from)
        subtotal = sum(ln.quantity * ln.unit_price_minor for ln in lines)
        first = cells.first_text
        shipped = first(group, c("Shipped On Date"))
        record = OrderRecord(
            external_id=key, number=first(group, record_no) or key,
            placed_at=cells.when(cells.first(group, c("Sale Date"))[0] or group[0],
                                 c("Sale Date")),
            currency=code, lines=lines, subtotal_minor=subtotal, shipping_minor=shipping,
            # eBay's Total Price includes collected tax where eBay collects it.
            tax_minor=max(grand - subtotal - shipping, 0) if grand else 0,
            total_minor=grand or subtotal + shipping,
            financial_status="paid" if first(group, c("Paid On Date")) else "pending",
            fulfilled=bool(shipped),
            customer_name=first(group, c("Buyer Name")),
            customer_email=first(group, c("Buyer Email")).lower(),
            ship_name=first(group, c("Ship To Name")), ship_phone=first(group, c("Ship To Phone")),
            customer_phone=first(group, c("Ship To Phone")),
            ship_street1=first(group, c("Ship To Address 1")),
            ship_street2=first(group, c("Ship To Address 2")),
            ship_city=first(group, c("Ship To City")), ship_state=first(group, c("Ship To State")),
            ship_postcode=clean_postcode(first(group, c("Ship To Zip"))),
            ship_country=country(first(group, c("Ship To Country"))),
            shipping_method=first(group, c("Shipping Service")),
            notes=first(group, c("Buyer Note")),
            tracking_number=first(group, c("Tracking Number")),
            source_file=table.name, source_rows=tuple(r.number for r in group))
        built.append((record, [(table.name, r) for r in group]))
    return finish(FORMAT, built, problems, [table])
