"""Orders as CSV for a spreadsheet, safe against formula injection."""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from app.models.money import to_decimal_text
from app.services.orders.reads import order_detail

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


EXPORT_HEADER = ("Number", "Store", "Placed at (UTC)", "Status", "Customer", "Email",
                 "Ship name", "Street", "Street 2", "City", "Postcode", "Country", "Currency",
                 "Total", "SKUs", "Items")


def export_orders_csv(session: Session, order_ids: list[int]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    for start in range(0, len(order_ids), 500):
        for oid in order_ids[start:start + 500]:
            d = order_detail(session, oid)
            writer.writerow([safe_cell(v) for v in (
                d.number, d.store, d.placed_at.strftime("%Y-%m-%d %H:%M"), d.status,
                d.customer_name, d.customer_email, d.ship_to["name"], d.ship_to["street1"],
                d.ship_to["street2"], d.ship_to["city"], d.ship_to["postcode"],
                d.ship_to["country"], d.currency, to_decimal_text(d.total_minor, d.currency),
                " ".join(f"{ln.product_sku or ln.channel_sku}x{ln.quantity}" for ln in d.lines),
                sum(ln.quantity for ln in d.lines))])
    return out.getvalue()
