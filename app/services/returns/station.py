"""What a scan at the returns station stands for, read without writing anything.

In this order: a return's barcode or return tracking; a location label (a bin, QUARANTINE,
SCRAP, SUPPLIER: where the next units go); a product; an order's slip, number or outbound
tracking. The screen then opens, chooses or receives; a refused scan has written nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product
from app.services.returns.lookup import find_orders, find_return, products_for_scan
from app.services.returns.receiving import Place, place_for_scan
from app.services.stock.scan_codes import Misread, reference_text


@dataclass(frozen=True)
class ScanMeaning:
    kind: str                      # return | place | product | order | unknown
    text: str                      # the code as read
    return_id: int | None = None
    place: Place | None = None
    product_ids: frozenset[int] = frozenset()
    sku: str = ""
    order_id: int | None = None


def read_code(session: Session, raw: str) -> ScanMeaning:
    text = reference_text(raw)
    found = find_return(session, raw)
    if found is not None:
        return ScanMeaning("return", text, return_id=found)
    place = place_for_scan(session, raw)
    if place is not None:
        return ScanMeaning("place", text, place=place)
    misread: Misread | None = None
    try:
        products = products_for_scan(session, raw)
    except Misread as exc:  # may still be an order's tracking number
        products, misread = set(), exc
    if products:
        sku = session.scalar(select(Product.sku).where(Product.id.in_(products))) or text
        return ScanMeaning("product", text, product_ids=frozenset(products), sku=sku)
    orders = find_orders(session, raw)
    if orders:
        return ScanMeaning("order", text, order_id=orders[0])
    if misread is not None:
        raise misread
    return ScanMeaning("unknown", text)
