"""Amazon Seller Central order reports (tab-separated): 'All Orders' and 'Unshipped Orders'."""

from __future__ import annotations

from datetime import UTC, tzinfo

from app.services.importers import csv_text
from app.services.importers.common import (
    Cells,
    clean_postcode,
    country,
    finish,
    group_rows,
    missing_columns,
)
from app.services.importers.csv_text import Source, Table
from app.services.importers.order_records import (
    OrderLineRecord,
    OrderRecord,
    ParseResult,
    RowProblem,
    unit_price_of,
)

FORMAT = "amazon"
SIGNATURE = ("purchase-date", "sku", "ship-postal-code")
REQUIRED = {"amazon-order-id": ("amazon-order-id", "order-id"),
            "purchase-date": ("purchase-date",),
            "quantity": ("quantity", "quantity-purchased"), "sku": ("sku",)}
CANCELLED = {"cancelled", "canceled"}


def parse(source: Source, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    return parse_table(csv_text.read_table(source, "\t"), tz=tz, currency=currency)


def parse_table(table: Table, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    problems: list[RowProblem] = []
    if missing_columns(table, problems, REQUIRED):
        return finish(FORMAT, [], problems, [table])
    c = table.col
    cells = Cells(table, problems, currency=currency, tz=tz, decimal_mark=".")
    oid, qty, sku, name = (c("amazon-order-id", "order-id"),
                           c("quantity", "quantity-purchased"), c("sku"), c("product-name"))
    price, item_tax, ship_price, ship_tax = (c("item-price"), c("item-tax"),
                                             c("shipping-price"), c("shipping-tax"))
    wrap, wrap_tax = c("gift-wrap-price"), c("gift-wrap-tax")
    promo_item, promo_ship = c("item-promotion-discount"), c("ship-promotion-discount")
    status_col, item_status, channel = c("order-status"), c("item-status"), c("fulfillment-channel")
    asin = c("asin")
    built = []
    for key, rows in group_rows(cells, table.rows, oid).items():
        code = cells.currency_of(rows, c("currency"))
        status = cells.first_text(rows, status_col).lower()
        cancelled = status in CANCELLED
        lines = []
        amounts = {"sub": 0, "ship": 0, "tax": 0, "disc": 0}
        for r in rows:
            q_text = cells.text(r, qty)
            # Cancelled items come with quantity 0; they are part of the order's history only.
            if q_text == "0" and (cancelled or cells.text(r, item_status).lower() in CANCELLED):
                continue
            q = cells.quantity(r, qty)
            # item-price is the price of the whole line (unit price x quantity).
            line_price = cells.money(r, price, code)
            amounts["sub"] += line_price + cells.money(r, wrap, code)
            amounts["ship"] += cells.money(r, ship_price, code)
            amounts["tax"] += sum(cells.money(r, col, code) for col in (item_tax, ship_tax,
                                                                        wrap_tax))
            amounts["disc"] += sum(abs(cells.money(r, col, code)) for col in (promo_item,
                                                                              promo_ship))
            # 1.29 for two units: the unit price shown is 0.65, the line stays exactly 1.29.
            lines.append(OrderLineRecord(cells.text(r, sku), cells.text(r, name), q,
                                         unit_price_of(line_price, q), r.number,
                                         line_total_minor=line_price,
                                         listing_id=cells.text(r, asin)))
        if not lines and not cancelled:
            cells.problem(rows[0], qty, "this order has no items with a quantity")
        first = cells.first_text
        street = [first(rows, c(f"ship-address-{n}")) for n in (1, 2, 3)]
        placed_row, _ = cells.first(rows, c("purchase-date"))
        record = OrderRecord(
            external_id=key, number=key,
            placed_at=cells.when(placed_row or rows[0], c("purchase-date")), currency=code,
            lines=tuple(lines), subtotal_minor=amounts["sub"], shipping_minor=amounts["ship"],
            tax_minor=amounts["tax"], discount_minor=amounts["disc"],
            total_minor=amounts["sub"] + amounts["ship"] + amounts["tax"] - amounts["disc"],
            financial_status=status, cancelled=cancelled,
            fulfilled=status == "shipped",
            customer_name=first(rows, c("buyer-name")), bill_name=first(rows, c("buyer-name")),
            customer_email=first(rows, c("buyer-email")).lower(),
            customer_phone=first(rows, c("buyer-phone-number")),
            ship_name=first(rows, c("recipient-name")), ship_street1=street[0],
            ship_street2=", ".join(s for s in street[1:] if s),
            ship_city=first(rows, c("ship-city")), ship_state=first(rows, c("ship-state")),
            ship_postcode=clean_postcode(first(rows, c("ship-postal-code"))),
            ship_country=country(first(rows, c("ship-country"))),
            ship_phone=first(rows, c("ship-phone-number")),
            shipping_method=first(rows, c("ship-service-level")),
            fulfilled_by_channel=first(rows, channel).lower() in ("amazon", "afn"),
            source_file=table.name, source_rows=tuple(r.number for r in rows))
        built.append((record, [(table.name, r) for r in rows]))
    return finish(FORMAT, built, problems, [table])
