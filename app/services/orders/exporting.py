"""Orders as CSV for a spreadsheet, safe against formula injection."""

from __future__ import annotations

import io

from sqlalchemy.orm import Session

from app.money import to_decimal_text
from app.services.core.csv_out import SafeWriter, safe_cell
from app.services.orders.reads import order_detail

__all__ = ["EXPORT_HEADER", "export_orders_csv", "safe_cell"]

EXPORT_HEADER = ("Number", "Store", "Placed at (UTC)", "Status", "Customer", "Email",
                 "Ship name", "Street", "Street 2", "City", "Postcode", "Country", "Currency",
                 "Total", "SKUs", "Items", "Line totals")


def export_orders_csv(session: Session, order_ids: list[int]) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(EXPORT_HEADER)
    for start in range(0, len(order_ids), 500):
        for oid in order_ids[start:start + 500]:
            d = order_detail(session, oid)
            writer.writerow((
                d.number, d.store, d.placed_at.strftime("%Y-%m-%d %H:%M"), d.status,
                d.customer_name, d.customer_email, d.ship_to["name"], d.ship_to["street1"],
                d.ship_to["street2"], d.ship_to["city"], d.ship_to["postcode"],
                d.ship_to["country"], d.currency, to_decimal_text(d.total_minor, d.currency),
                " ".join(f"{ln.product_sku or ln.channel_sku}x{ln.quantity}" for ln in d.lines),
                sum(ln.quantity for ln in d.lines),
                # Each line as the store charged it: 1.29 for two is 1.29, not 2 x 0.65.
                " ".join(to_decimal_text(ln.line_total_minor, d.currency) for ln in d.lines)))
    return out.getvalue()
