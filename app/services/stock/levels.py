"""Read side of stock: levels per SKU and bin (movement history: stock_views)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Location, Product, StockLevel


@dataclass(frozen=True)
class StockRow:
    sku: str
    bin: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def as_json(self) -> dict[str, object]:
        """The documented `backroom stock --json` object."""
        return {"sku": self.sku, "bin": self.bin, "on_hand": self.on_hand,
                "reserved": self.reserved, "available": self.available}


def stock_levels(session: Session, skus: list[str] | None = None) -> list[StockRow]:
    query = (select(Product.sku, Location.code, StockLevel.on_hand, StockLevel.reserved)
             .join(Product, Product.id == StockLevel.product_id)
             .join(Location, Location.id == StockLevel.location_id)
             .where(or_(StockLevel.on_hand > 0, StockLevel.reserved > 0))
             .order_by(Product.sku, Location.code))
    if skus:
        query = query.where(Product.sku.in_(skus))
    return [StockRow(*row) for row in session.execute(query)]

