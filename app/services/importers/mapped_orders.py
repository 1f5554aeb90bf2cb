"""Any order CSV read through a column mapping the user sets up once and saves per store."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.services.core.messages import QT_TRANSLATE_NOOP, Message
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
    unit_price_of,
)

FORMAT = "mapped"

# Our field -> what it means; the mapping dialog lists these in this order (and shows them
# in its language: Message(FIELDS[f]) or translate("messages", ...)).
FIELDS: dict[str, str] = {
    "order_id": QT_TRANSLATE_NOOP("messages", "Order id (required)"),
    "number": QT_TRANSLATE_NOOP("messages", "Order number as the store shows it"),
    "placed_at": QT_TRANSLATE_NOOP("messages", "Order date (required)"),
    "status": QT_TRANSLATE_NOOP("messages", "Order status"),
    "financial_status": QT_TRANSLATE_NOOP("messages", "Payment status"),
    "currency": QT_TRANSLATE_NOOP("messages", "Currency"),
    "subtotal": QT_TRANSLATE_NOOP("messages", "Subtotal"),
    "shipping": QT_TRANSLATE_NOOP("messages", "Shipping"),
    "tax": QT_TRANSLATE_NOOP("messages", "Tax"),
    "discount": QT_TRANSLATE_NOOP("messages", "Discount"),
    "total": QT_TRANSLATE_NOOP("messages", "Order total"),
    "customer_name": QT_TRANSLATE_NOOP("messages", "Customer name"),
    "customer_first_name": QT_TRANSLATE_NOOP("messages", "Customer first name"),
    "customer_last_name": QT_TRANSLATE_NOOP("messages", "Customer last name"),
    "customer_email": QT_TRANSLATE_NOOP("messages", "Customer email"),
    "customer_phone": QT_TRANSLATE_NOOP("messages", "Customer phone"),
    "ship_name": QT_TRANSLATE_NOOP("messages", "Ship-to name"),
    "ship_first_name": QT_TRANSLATE_NOOP("messages", "Ship-to first name"),
    "ship_last_name": QT_TRANSLATE_NOOP("messages", "Ship-to last name"),
    "ship_company": QT_TRANSLATE_NOOP("messages", "Ship-to company"),
    "ship_street1": QT_TRANSLATE_NOOP("messages", "Ship-to street"),
    "ship_street2": QT_TRANSLATE_NOOP("messages", "Ship-to street, line 2"),
    "ship_city": QT_TRANSLATE_NOOP("messages", "Ship-to city"),
    "ship_state": QT_TRANSLATE_NOOP("messages", "Ship-to state/province"),
    "ship_postcode": QT_TRANSLATE_NOOP("messages", "Ship-to postcode"),
    "ship_country": QT_TRANSLATE_NOOP("messages", "Ship-to country"),
    "ship_phone": QT_TRANSLATE_NOOP("messages", "Ship-to phone"),
    "shipping_method": QT_TRANSLATE_NOOP("messages", "Shipping method"),
    "notes": QT_TRANSLATE_NOOP("messages", "Notes"),
    "tracking_number": QT_TRANSLATE_NOOP("messages", "Tracking number"),
    "sku": QT_TRANSLATE_NOOP("messages", "Line SKU"),
    "title": QT_TRANSLATE_NOOP("messages", "Line product name"),
    "quantity": QT_TRANSLATE_NOOP("messages", "Line quantity (required)"),
    "unit_price": QT_TRANSLATE_NOOP("messages", "Line unit price"),
    "line_total": QT_TRANSLATE_NOOP("messages", "Line total"),
    "listing_id": QT_TRANSLATE_NOOP("messages", "Line listing or product id"),
    "variation": QT_TRANSLATE_NOOP("messages", "Line variation (size, colour…)"),
}
REQUIRED_FIELDS = ("order_id", "placed_at", "quantity")
CANCELLED_WORDS = ("cancel", "void", "failed")
FULFILLED_WORDS = ("complete", "shipped", "fulfilled", "delivered", "dispatched")


@dataclass
class ColumnMapping:
    """Which of the file's columns holds each of our fields, plus how to read its values.

    `date_format` is a strptime format or 'auto'; `decimal_mark` is '.', ',' or 'auto';
    `timezone` (IANA name) applies to dates written without an offset.
    """

    columns: dict[str, str] = field(default_factory=dict)
    date_format: str = "auto"
    decimal_mark: str = "auto"
    timezone: str = "UTC"
    currency: str = "USD"
    delimiter: str = "auto"
    day_first: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        data = json.loads(text)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def check(self) -> list[Message]:
        """What is wrong with the mapping itself, in words for the mapping dialog."""
        errors = [Message(QT_TRANSLATE_NOOP("messages", "'{field}' needs a column"),
                          field=Message(FIELDS[f]))
                  for f in REQUIRED_FIELDS if not self.columns.get(f)]
        if not (self.columns.get("sku") or self.columns.get("title")):
            errors.append(Message(QT_TRANSLATE_NOOP("messages",
                "Map the line SKU or the line product name")))
        unknown = sorted(set(self.columns) - set(FIELDS))
        errors += [Message(QT_TRANSLATE_NOOP("messages", "unknown field '{field}'"), field=u)
                   for u in unknown]
        if self.decimal_mark not in ("auto", ".", ","):
            errors.append(Message(QT_TRANSLATE_NOOP("messages",
                "The decimal mark must be '.', ',' or auto")))
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(Message(QT_TRANSLATE_NOOP("messages",
                "'{zone}' is not a time zone name like Europe/Berlin"), zone=self.timezone))
        return errors


# The headers each field commonly goes by (WooCommerce's export plugins among them).
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "order_id": ("Order ID", "Order Id", "order_id", "Order Number", "Order No", "Order"),
    "number": ("Order Number", "Order Number Formatted", "Order No"),
    "placed_at": ("Order Date", "Date Created", "Order Created", "Date", "Created at"),
    "status": ("Order Status", "Status"),
    "financial_status": ("Payment Status",),
    "currency": ("Order Currency", "Currency"),
    "subtotal": ("Order Subtotal Amount", "Order Subtotal", "Subtotal", "Cart Subtotal"),
    "shipping": ("Order Shipping Amount", "Shipping Total", "Order Shipping", "Shipping Cost",
                 "Shipping"),
    "tax": ("Order Total Tax Amount", "Tax Total", "Order Tax", "Total Tax", "Tax"),
    "discount": ("Cart Discount Amount", "Discount Total", "Cart Discount",
                 "Order Discount", "Discount"),
    "total": ("Order Total Amount", "Order Total", "Total"),
    "customer_name": ("Customer Name", "Billing Full Name", "Billing Name", "Customer"),
    "customer_first_name": ("Billing First Name", "First Name (Billing)"),
    "customer_last_name": ("Billing Last Name", "Last Name (Billing)"),
    "customer_email": ("Billing Email", "Billing Email Address", "Customer Email", "Email"),
    "customer_phone": ("Billing Phone", "Phone (Billing)", "Customer Phone", "Phone"),
    "ship_name": ("Shipping Full Name", "Shipping Name", "Ship To Name"),
    "ship_first_name": ("Shipping First Name", "First Name (Shipping)"),
    "ship_last_name": ("Shipping Last Name", "Last Name (Shipping)"),
    "ship_company": ("Shipping Company", "Company (Shipping)"),
    "ship_street1": ("Shipping Address 1", "Shipping Address1", "Address 1&2 (Shipping)",
                     "Shipping Street", "Address", "Street"),
    "ship_street2": ("Shipping Address 2", "Shipping Address2"),
    "ship_city": ("Shipping City", "City (Shipping)", "City"),
    "ship_state": ("Shipping State", "State Code (Shipping)", "Shipping Province", "State"),
    "ship_postcode": ("Shipping Postcode", "Postcode (Shipping)", "Shipping Zip",
                      "Postcode", "Zip", "Postal Code"),
    "ship_country": ("Shipping Country", "Country Code (Shipping)", "Country"),
    "ship_phone": ("Shipping Phone", "Phone (Shipping)"),
    "shipping_method": ("Shipping Method", "Shipping Method Title"),
    "notes": ("Customer Note", "Customer Provided Note", "Order Notes", "Notes", "Note"),
    "tracking_number": ("Tracking Number", "Tracking"),
    "sku": ("SKU", "Item SKU", "Product SKU", "Lineitem SKU"),
    "title": ("Item Name", "Product Name", "Item", "Product", "Title"),
    "quantity": ("Quantity", "Qty", "Item Quantity", "Quantity (- Refund)"),
    "unit_price": ("Item Cost", "Item Price", "Unit Price", "Price"),
    "line_total": ("Item Total", "Line Total", "Order Line Total"),
    "listing_id": ("Listing ID", "Product ID", "Item Number"),
    "variation": ("Variation", "Variations", "Variation Details", "Variant"),
}


def guess_mapping(header: list[str] | tuple[str, ...]) -> ColumnMapping:
    """A first mapping for the dialog: each field mapped to a header that names it plainly."""
    table = Table("", tuple(header), 1, [])
    columns = {}
    for fld, names in HEADER_NAMES.items():
        i = table.col(*names)
        if i is not None:
            columns[fld] = table.header[i]
    return ColumnMapping(columns=columns)


def parse(source: Source, mapping: ColumnMapping, *, tz: tzinfo | None = None,
          fmt: str = FORMAT, max_rows: int | None = None) -> ParseResult:
    delimiter = None if mapping.delimiter == "auto" else mapping.delimiter
    table = csv_text.read_table(source, delimiter, max_rows=max_rows)
    return parse_table(table, mapping, tz=tz, fmt=fmt)


def parse_table(table: Table, mapping: ColumnMapping, *, tz: tzinfo | None = None,
                fmt: str = FORMAT) -> ParseResult:
    problems: list[RowProblem] = []
    problems += [RowProblem(table.name, None, None, e) for e in mapping.check()]
    if problems:
        return finish(fmt, [], problems, [table])
    cols = {f: mapping.columns.get(f, "") for f in FIELDS}
    required = {cols[f]: (cols[f],) for f in REQUIRED_FIELDS}
    if missing_columns(table, problems, required):
        return finish(fmt, [], problems, [table])
    idx = {f: table.col(h) if h else None for f, h in cols.items()}
    zone = tz or ZoneInfo(mapping.timezone)
    money_idx = [i for f in ("subtotal", "shipping", "tax", "discount", "total",
                             "unit_price", "line_total") if (i := idx[f]) is not None]
    if mapping.decimal_mark == "auto":
        sample = [r.cells[i] for r in table.head(500) for i in money_idx if i < len(r.cells)]
        mark = csv_text.guess_decimal_mark(sample) or (
            "," if table.delimiter == ";" else ".")
    else:
        mark = mapping.decimal_mark
    if mapping.date_format == "auto":
        pi = idx["placed_at"]
        samples = [r.cells[pi] for r in table.head(200) if pi is not None and pi < len(r.cells)]
        formats = dates.guess_date_formats(samples, day_first=mapping.day_first or mark == ",")
    else:
        formats = (mapping.date_format,)
    cells = Cells(table, problems, currency=mapping.currency, tz=zone, decimal_mark=mark,
                  date_formats=formats)
    built = [(_order(cells, idx, key, rows), [(table.name, r) for r in rows])
             for key, rows in group_rows(cells, table.rows, idx["order_id"]).items()]
    return finish(fmt, built, problems, [table])


def _order(cells: Cells, idx: dict[str, int | None], key: str, rows: list[Row]
           ) -> OrderRecord:
    def first(f: str) -> str:
        return cells.first_text(rows, idx[f])

    def name(full: str, first_f: str, last_f: str) -> str:
        return first(full) or " ".join(p for p in (first(first_f), first(last_f)) if p)

    code = cells.currency_of(rows, idx["currency"], idx["total"], idx["unit_price"])
    lines = []
    for r in rows:
        q = cells.quantity(r, idx["quantity"])
        line_total = (cells.money(r, idx["line_total"], code)
                      if cells.text(r, idx["line_total"]) else None)
        if idx["unit_price"] is not None:
            unit = cells.money(r, idx["unit_price"], code)
        else:
            unit = unit_price_of(line_total or 0, q)
        lines.append(OrderLineRecord(cells.text(r, idx["sku"]), cells.text(r, idx["title"]),
                                     q, unit, r.number, line_total_minor=line_total,
                                     listing_id=cells.text(r, idx["listing_id"]),
                                     variation=cells.text(r, idx["variation"])))
    status = first("status").lower()
    financial = first("financial_status").lower() or status
    subtotal = (cells.first_money(rows, idx["subtotal"], code) if idx["subtotal"] is not None
                else sum(ln.quantity * ln.unit_price_minor if ln.line_total_minor is None
                         else ln.line_total_minor for ln in lines))
    shipping = cells.first_money(rows, idx["shipping"], code)
    tax = cells.first_money(rows, idx["tax"], code)
    discount = abs(cells.first_money(rows, idx["discount"], code))
    total = (cells.first_money(rows, idx["total"], code) if idx["total"] is not None
             else subtotal + shipping + tax - discount)
    head, _ = cells.first(rows, idx["placed_at"])
    return OrderRecord(
        external_id=key, number=first("number") or key,
        placed_at=cells.when(head or rows[0], idx["placed_at"]), currency=code,
        lines=tuple(lines), subtotal_minor=subtotal, shipping_minor=shipping, tax_minor=tax,
        discount_minor=discount, total_minor=total, financial_status=financial,
        cancelled=any(w in status for w in CANCELLED_WORDS),
        refunded="refund" in status or "refund" in financial,
        fulfilled=any(w in status for w in FULFILLED_WORDS),
        customer_name=name("customer_name", "customer_first_name", "customer_last_name"),
        bill_name=name("customer_name", "customer_first_name", "customer_last_name"),
        customer_email=first("customer_email").lower(), customer_phone=first("customer_phone"),
        ship_name=name("ship_name", "ship_first_name", "ship_last_name"),
        ship_company=first("ship_company"), ship_street1=first("ship_street1"),
        ship_street2=first("ship_street2"), ship_city=first("ship_city"),
        ship_state=first("ship_state"), ship_postcode=clean_postcode(first("ship_postcode")),
        ship_country=country(first("ship_country")), ship_phone=first("ship_phone"),
        shipping_method=first("shipping_method"), notes=first("notes"),
        tracking_number=first("tracking_number"), source_file=cells.table.name,
        source_rows=tuple(r.number for r in rows))
