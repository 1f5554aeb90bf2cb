"""WooCommerce order exports: plugin layouts differ, so the header says which one this is.

- one row per order with lines packed in `line_item_N` cells (SkyVerge, WebToffee):
  woocommerce_line_items.py;
- WooCommerce's own Analytics › Orders › Download CSV: a sales summary with no SKUs or
  addresses, refused with a message that says so;
- anything else: one row per item, columns found by their usual names (mapped_orders.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, tzinfo

from app.services.importers import csv_text, woocommerce_line_items
from app.services.importers.csv_text import Source, Table, norm_header
from app.services.importers.mapped_orders import HEADER_NAMES as ALIASES
from app.services.importers.mapped_orders import ColumnMapping, parse_table
from app.services.importers.order_records import ParseResult, RowProblem

FORMAT = "woocommerce"

# Headers that, together, mark a one-row-per-item WooCommerce export (see detect.py).
SIGNATURE = ("Order Status", "Billing Email", "Shipping Postcode")
LINE_ITEMS_SIGNATURE = woocommerce_line_items.SIGNATURE
# WooCommerce › Analytics › Orders › Download CSV (formats.md).
ANALYTICS_SIGNATURE = ("Date", "Order #", "N. Revenue (formatted)", "Status", "Customer",
                       "Product(s)", "Items sold")
ANALYTICS_REFUSAL = (
    "this is WooCommerce's Analytics › Orders download (a sales summary): it has no SKUs, "
    "no quantities per product and no addresses, so its orders cannot be packed. Export the "
    "orders with an order export plugin (for example SkyVerge's Customer/Order CSV Export or "
    "WebToffee's Order Export), or use Analytics for sales figures only.")

LAYOUTS = ("woocommerce-line-items", "woocommerce-analytics", "woocommerce-columns")


def _has(header: Sequence[str], signature: Sequence[str]) -> bool:
    have = {norm_header(h) for h in header}
    return all(norm_header(s) in have for s in signature)


def layout(header: Sequence[str]) -> str | None:
    """Which WooCommerce export `header` belongs to (one of LAYOUTS), or None."""
    if _has(header, LINE_ITEMS_SIGNATURE):
        return "woocommerce-line-items"
    if _has(header, ANALYTICS_SIGNATURE):
        return "woocommerce-analytics"
    if _has(header, SIGNATURE):
        return "woocommerce-columns"
    return None


def mapping_for(table: Table, *, currency: str = "USD", tz_name: str = "UTC") -> ColumnMapping:
    columns = {}
    for fld, names in ALIASES.items():
        i = table.col(*names)
        if i is not None:
            columns[fld] = table.header[i]
    return ColumnMapping(columns=columns, currency=currency, timezone=tz_name)


def parse(source: Source, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    return parse_read(csv_text.read_table(source), tz=tz, currency=currency)


def parse_read(table: Table, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    """The orders of a read table (a whole file, or a batch of one: see order_stream)."""
    if not table.header:
        return ParseResult(FORMAT, (), (RowProblem(table.name, None, None, "the file is empty"),))
    kind = layout(table.header)
    if kind == "woocommerce-line-items":
        return woocommerce_line_items.parse_table(table, tz=tz, currency=currency)
    if kind == "woocommerce-analytics":
        return ParseResult(FORMAT, (), (RowProblem(table.name, table.header_row, None,
                                                   ANALYTICS_REFUSAL),))
    mapping = mapping_for(table, currency=currency)
    missing = [RowProblem(table.name, table.header_row, ALIASES[f][0],
                          "this required column is missing from the header (looked for "
                          + ", ".join(f"'{n}'" for n in ALIASES[f]) + ")")
               for f in ("order_id", "placed_at", "quantity") if f not in mapping.columns]
    if not (mapping.columns.get("sku") or mapping.columns.get("title")):
        missing.append(RowProblem(table.name, table.header_row, "SKU",
                                  "no column for the line SKU or product name (looked for "
                                  + ", ".join(f"'{n}'" for n in
                                              ALIASES["sku"] + ALIASES["title"]) + ")"))
    if missing:
        return ParseResult(FORMAT, (), tuple(missing))
    # WooCommerce writes dates in the shop's local time without an offset: `tz` is that zone.
    return parse_table(table, mapping, tz=tz, fmt=FORMAT)
