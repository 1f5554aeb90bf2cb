"""How long a text and how big a number Backroom keeps, the same on SQLite and PostgreSQL.

SQLite stores a 10,000-character SKU in a VARCHAR(64) and PostgreSQL refuses it; PostgreSQL's
INTEGER is 32 bits where SQLite's holds 64. So every value from outside (a file, a form) is
checked here first, and refused with a message instead of being kept on one database and
crashing the other. Importers may not import the models, so the text lengths are written out
as `Limit("table.column", length)`; tests/unit/test_bad_input_limits.py checks each equals the
model's column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.services.core.messages import QT_TRANSLATE_NOOP, Message


@dataclass(frozen=True)
class Limit:
    column: str   # "table.column" of the model the value is stored in
    length: int


# Every money column (price, cost, order totals, line prices) is an INTEGER of minor units:
# 32 bits on PostgreSQL, at most 2,147,483,647. A billion minor units (10,000,000.00 EUR)
# leaves room for a line's quantity x price and an order's sums to fit as well.
MAX_MINOR = 1_000_000_000
# Units on one order line, one count line, in one bin, or a reorder point.
MAX_QUANTITY = 1_000_000
# A product's weight in grams (a tonne).
MAX_WEIGHT_G = 1_000_000
# Free text with no column length (order notes): the same cap on both databases.
MAX_NOTES = 10_000

# OrderRecord field -> where it is stored. Line titles and the payment status are left out on
# purpose: they only describe, and the order import keeps their first 255/24 characters.
ORDER_TEXT: dict[str, Limit] = {
    "external_id": Limit("orders.external_id", 64),
    "number": Limit("orders.number", 64),
    "currency": Limit("orders.currency", 3),
    "customer_name": Limit("customers.name", 200),
    "customer_email": Limit("customers.email", 254),
    "customer_phone": Limit("customers.phone", 40),
    "bill_name": Limit("orders.bill_name", 200),
    "ship_name": Limit("orders.ship_name", 200),
    "ship_company": Limit("orders.ship_company", 200),
    "ship_street1": Limit("orders.ship_street1", 200),
    "ship_street2": Limit("orders.ship_street2", 200),
    "ship_city": Limit("orders.ship_city", 120),
    "ship_state": Limit("orders.ship_state", 120),
    "ship_postcode": Limit("orders.ship_postcode", 20),
    "ship_phone": Limit("orders.ship_phone", 40),
    "shipping_method": Limit("orders.shipping_method", 120),
}
LINE_TEXT: dict[str, Limit] = {
    "channel_sku": Limit("order_lines.channel_sku", 120),
    "listing_id": Limit("order_lines.listing_id", 64),
    "variation": Limit("order_lines.variation", 200),
}

PRODUCT_TEXT: dict[str, Limit] = {
    "sku": Limit("products.sku", 64),
    "name": Limit("products.name", 255),
    "barcodes": Limit("barcodes.code", 64),   # each barcode
    "hs_code": Limit("products.hs_code", 16),
    "origin_country": Limit("products.origin_country", 2),
    "bin": Limit("locations.code", 64),
    "currency": Limit("products.currency", 3),
}

# Codes scanned or typed to find a product or bin (a count file's sku and bin columns).
MAX_CODE = 120

SHOWN = 40
# Unicode category Cc but tab, CR and LF (which notes and addresses may hold).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def shown(value: str) -> str:
    """A value cut for a message: a 10 MB cell is named by its first characters only."""
    value = value.replace("\x00", "\\0")
    return value if len(value) <= SHOWN else value[:SHOWN - 1] + "…"


def text_problem(value: str, length: int) -> str | None:
    """Why `value` cannot be stored in a column of `length` characters, or None if it can.

    Control characters other than tab and line breaks are refused too: PostgreSQL will not
    store a NUL at all, and none of them belongs in a name, SKU or address.
    """
    if len(value) > length:
        return Message(QT_TRANSLATE_NOOP("messages",
            "'{value}' is {length:,} characters long; at most {most:,} fit here"),
            value=shown(value), length=len(value), most=length)
    bad = CONTROL.search(value)
    if bad is not None:
        return Message(QT_TRANSLATE_NOOP("messages",
            "'{value}' holds a control character (U+{code:04X})"),
            value=shown(value), code=ord(bad.group()))
    return None


def amount_problem(minor: int, what: str | None = None) -> str | None:
    """Why a money amount in minor units is too big to keep, or None."""
    if abs(minor) > MAX_MINOR:
        return Message(QT_TRANSLATE_NOOP("messages",
            "{what} is more than Backroom keeps (at most {most:,} minor units)"),
            what=what or Message(QT_TRANSLATE_NOOP("messages", "the amount")), most=MAX_MINOR)
    return None
