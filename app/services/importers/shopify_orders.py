"""Shopify 'Export orders' CSV: one row per line item, order fields on an order's first row."""

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
    street_lines,
)
from app.services.importers.csv_text import Row, Source, Table
from app.services.importers.order_records import (
    OrderLineRecord,
    OrderRecord,
    ParseResult,
    RowProblem,
)

FORMAT = "shopify"
REQUIRED = {"Name": ("Name",), "Created at": ("Created at",),
            "Lineitem quantity": ("Lineitem quantity",), "Lineitem name": ("Lineitem name",)}
# The columns whose presence marks a Shopify export (see detect.py).
SIGNATURE = ("Name", "Financial Status", "Lineitem quantity", "Lineitem sku")
FULFILLED = {"fulfilled"}


def parse(source: Source, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    return parse_table(csv_text.read_table(source), tz=tz, currency=currency)


def parse_table(table: Table, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    problems: list[RowProblem] = []
    if missing_columns(table, problems, REQUIRED):
        return finish(FORMAT, [], problems, [table])
    c = table.col
    money_cols = [c(n) for n in ("Subtotal", "Shipping", "Taxes", "Total", "Discount Amount",
                                 "Lineitem price")]
    sample = [r.cells[i] for r in table.head(500) for i in money_cols
              if i is not None and i < len(r.cells)]
    # Exports re-saved by a European Excel come back with decimal commas; the file decides.
    cells = Cells(table, problems, currency=currency, tz=tz,
                  decimal_mark=csv_text.guess_decimal_mark(sample) or ".")
    name, email = c("Name"), c("Email")
    fin, fstat, cur = c("Financial Status"), c("Fulfillment Status"), c("Currency")
    subtotal, shipping, taxes, total = c("Subtotal"), c("Shipping"), c("Taxes"), c("Total")
    discount, method, created = c("Discount Amount"), c("Shipping Method"), c("Created at")
    qty, lname, lprice, lsku = (c("Lineitem quantity"), c("Lineitem name"),
                                c("Lineitem price"), c("Lineitem sku"))
    bname, bphone, phone = c("Billing Name"), c("Billing Phone"), c("Phone")
    s_name, s_street, s_a1, s_a2 = (c("Shipping Name"), c("Shipping Street"),
                                    c("Shipping Address1"), c("Shipping Address2"))
    s_company, s_city, s_zip = c("Shipping Company"), c("Shipping City"), c("Shipping Zip")
    s_prov, s_country, s_phone = (c("Shipping Province"), c("Shipping Country"),
                                  c("Shipping Phone"))
    notes, cancelled_at, refunded_amt = c("Notes"), c("Cancelled at"), c("Refunded Amount")

    order_cols = (email, fin, fstat, cur, subtotal, shipping, taxes, total, discount, method,
                  created, bname, bphone, phone, s_name, s_street, s_a1, s_a2, s_company,
                  s_city, s_zip, s_prov, s_country, s_phone, notes, cancelled_at, refunded_amt)
    text = cells.text
    built = []
    for key, rows in group_rows(cells, table.rows, name, "the order name").items():
        got = cells.order_fields(rows, order_cols)

        def first(col: int | None, got: dict[int, tuple[Row, str]] = got) -> str:
            hit = got.get(col) if col is not None else None
            return hit[1] if hit else ""

        def money(col: int | None, code: str, got: dict[int, tuple[Row, str]] = got) -> int:
            hit = got.get(col) if col is not None else None
            return cells.money(hit[0], col, code) if hit else 0

        code = cells.currency_of(rows, cur, total, lprice)
        placed = got.get(created) if created is not None else None
        financial = first(fin).lower()
        lines = tuple([
            OrderLineRecord(text(r, lsku), text(r, lname), cells.quantity(r, qty),
                            cells.money(r, lprice, code), r.number)
            for r in rows])
        line1, line2 = street_lines(first(s_street), first(s_a1), first(s_a2))
        total_minor = money(total, code)
        refunded = financial == "refunded" or (
            financial == "partially_refunded" and money(refunded_amt, code) >= total_minor > 0)
        record = OrderRecord(
            # The order name is what every Shopify export version carries and is unique per
            # shop, so it is the stable key across old and new export layouts.
            external_id=key, number=key,
            placed_at=cells.when(placed[0] if placed else rows[0], created),
            currency=code, lines=lines,
            subtotal_minor=money(subtotal, code), shipping_minor=money(shipping, code),
            tax_minor=money(taxes, code), discount_minor=money(discount, code),
            total_minor=total_minor, financial_status=financial,
            cancelled=bool(first(cancelled_at)) or financial == "voided",
            refunded=refunded, fulfilled=first(fstat).lower() in FULFILLED,
            customer_name=first(bname) or first(s_name), bill_name=first(bname),
            customer_email=first(email).lower(),
            customer_phone=first(phone) or first(bphone),
            ship_name=first(s_name), ship_company=first(s_company),
            ship_street1=line1, ship_street2=line2, ship_city=first(s_city),
            ship_state=first(s_prov), ship_postcode=clean_postcode(first(s_zip)),
            ship_country=country(first(s_country)), ship_phone=first(s_phone),
            shipping_method=first(method), notes=first(notes),
            source_file=table.name, source_rows=tuple(r.number for r in rows))
        built.append((record, [(table.name, r) for r in rows]))
    return finish(FORMAT, built, problems, [table])
