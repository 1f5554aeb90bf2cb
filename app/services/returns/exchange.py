"""What the station's exchange screen needs: the product a scan or typed SKU stands for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product
from app.services.core.errors import NotFound
from app.services.returns.lookup import products_for_scan
from app.services.stock.scan_codes import reference_text


@dataclass(frozen=True)
class Replacement:
    product_id: int
    sku: str
    name: str


def replacement_for(session: Session, raw: str) -> Replacement:
    """The product a scanned barcode or typed SKU names; refused when none does."""
    found = sorted(products_for_scan(session, raw))
    if not found:
        raise NotFound(f"Unknown SKU or barcode {reference_text(raw)!r}.")
    row = session.execute(select(Product.id, Product.sku, Product.name)
                          .where(Product.id == found[0])).one()
    return Replacement(row.id, row.sku, row.name)
