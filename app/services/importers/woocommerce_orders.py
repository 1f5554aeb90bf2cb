"""WooCommerce order exports: plugin layouts differ, so columns are found by their usual names."""

from __future__ import annotations

from datetime import UTC, tzinfo

from app.services.importers import csv_text
from app.services.importers.csv_text import Source, Table
from app.services.importers.mapped_orders import ColumnMapping, parse_table
from app.services.importers.order_records import ParseResult

FORMAT = "woocommerce"

# Our field -> the names the common export plugins (and hand-made sheets) give that column.
ALIASES: dict[str, tuple[str, ...]] = {
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
}
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
