"""WooCommerce order exports: plugin layouts differ, so columns are found by their usual names."""

from __future__ import annotations

from datetime import UTC, tzinfo

from app.services.importers import csv_text
from app.services.importers.csv_text import Source, Table
from app.services.importers.mapped_orders import HEADER_NAMES as ALIASES
from app.services.importers.mapped_orders import ColumnMapping, parse_table
from app.services.importers.order_records import ParseResult

FORMAT = "woocommerce"

# Headers that, together, mark a WooCommerce export (see detect.py).
SIGNATURE = ("Order Status", "Billing Email", "Shipping Postcode")


def mapping_for(table: Table, *, currency: str = "USD", tz_name: str = "UTC") -> ColumnMapping:
    columns = {}
    for fld, names in ALIASES.items():
        i = table.col(*names)
        if i is not None:
            columns[fld] = table.header[i]
    return ColumnMapping(columns=columns, currency=currency, timezone=tz_name)


def parse(source: Source, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    table = csv_text.read_table(source)
    # WooCommerce writes dates in the shop's local time without an offset: `tz` is that zone.
    return parse_table(table, mapping_for(table, currency=currency), tz=tz, fmt=FORMAT)
