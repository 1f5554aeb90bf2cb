"""Read side of stock: levels per SKU and bin, and a product's movement history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from app.models import Location, Product, StockLevel, StockMove
from app.models.stock import INTERNAL_KINDS


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


@dataclass(frozen=True)
class HistoryRow:
    move_id: int
    at: datetime
    reason: str
    reference: str
    from_code: str
    to_code: str
    change: int      # + into our stock, - out of it, 0 for a bin-to-bin transfer
    balance: int     # on hand over all internal locations after this move
    user: str


def stock_levels(session: Session, skus: list[str] | None = None) -> list[StockRow]:
    query = (select(Product.sku, Location.code, StockLevel.on_hand, StockLevel.reserved)
             .join(Product, Product.id == StockLevel.product_id)
             .join(Location, Location.id == StockLevel.location_id)
             .where(or_(StockLevel.on_hand > 0, StockLevel.reserved > 0))
             .order_by(Product.sku, Location.code))
    if skus:
        query = query.where(Product.sku.in_(skus))
    return [StockRow(*row) for row in session.execute(query)]


def product_history(session: Session, product_id: int, *, limit: int = 5000) -> list[HistoryRow]:
    """Every move of a product, oldest first, with the running on-hand balance."""
    src, dst = aliased(Location), aliased(Location)
    query = (select(StockMove.id, StockMove.at, StockMove.reason, StockMove.reference,
                    src.code, src.kind, dst.code, dst.kind, StockMove.quantity, StockMove.user)
             .join(src, src.id == StockMove.from_location_id)
             .join(dst, dst.id == StockMove.to_location_id)
             .where(StockMove.product_id == product_id)
             .order_by(StockMove.at, StockMove.id))
    rows, balance = [], 0
    for mid, at, reason, ref, fcode, fkind, tcode, tkind, qty, user in session.execute(query):
        change = (qty if tkind in INTERNAL_KINDS else 0) - (qty if fkind in INTERNAL_KINDS else 0)
        balance += change
        rows.append(HistoryRow(mid, at, reason, ref or "", fcode, tcode, change, balance,
                               user or ""))
    return rows[-limit:]

