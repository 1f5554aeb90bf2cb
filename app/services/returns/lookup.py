"""Finding what a scan or a typed text stands for: an order, a return, a product."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Barcode, Order, Store
from app.models.packing import Parcel, Shipment
from app.models.returns import Return
from app.services.core.errors import InvalidInput, NotFound
from app.services.stock.catalog import find_by_barcode
from app.services.stock.scan_codes import parse_scan, reference_text


def find_orders(session: Session, raw: str, *, store: str = "") -> list[int]:
    """Orders a scanned slip or typed text stands for: number (#1001 or 1001), the store's
    own id, or the tracking number of one of its parcels; newest first."""
    text = reference_text(raw)
    if not text:
        return []
    bare = text.lstrip("#")
    numbers = {text, bare, f"#{bare}"}
    q = select(Order.id).where(or_(Order.number.in_(numbers), Order.external_id.in_(numbers)))
    if store:
        q = q.join(Store, Store.id == Order.store_id).where(Store.name == store)
    ids = list(session.scalars(q.order_by(Order.placed_at.desc())))
    if ids or store:
        return ids
    return list(session.scalars(select(Shipment.order_id).join(Parcel).where(
        Parcel.tracking == text).order_by(Shipment.id.desc())))


def one_order(session: Session, raw: str, *, store: str = "") -> int:
    ids = find_orders(session, raw, store=store)
    if not ids:
        where = f" in store {store!r}" if store else ""
        raise NotFound(f"No order {reference_text(raw)!r}{where}.")
    if len(ids) > 1 and not store:
        stores = sorted(set(session.scalars(select(Store.name).join(
            Order, Order.store_id == Store.id).where(Order.id.in_(ids)))))
        if len(stores) > 1:
            raise InvalidInput(f"Order {reference_text(raw)} is in several stores "
                               f"({', '.join(stores)}); name the store.")
    return ids[0]


def find_return(session: Session, raw: str) -> int | None:
    """A return by its number (the barcode on its slip) or its return tracking number."""
    text = reference_text(raw)
    if not text:
        return None
    # One query for both (each side by its index); the number wins over a tracking match.
    number = text.upper()
    rows = session.execute(select(Return.id, Return.number).where(
        or_(Return.number == number, Return.tracking == text))
        .order_by(Return.id.desc()).limit(20)).all()
    return next((r.id for r in rows if r.number == number), rows[0].id if rows else None)


def products_for_scan(session: Session, raw: str) -> set[int]:
    """Products a scanned barcode (any GTIN form) or a typed SKU stands for."""
    code = parse_scan(raw)
    if code.gtins:
        by_gtin = set(session.scalars(select(Barcode.product_id).where(
            Barcode.code.in_(code.gtins))))
        if by_gtin or not code.also_text:
            return by_gtin
    found = find_by_barcode(session, code.text)
    return {found} if found is not None else set()
