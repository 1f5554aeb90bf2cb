"""Read side of stock: levels per product and place, filtered movement history, CSV.

One read path per view: the Stock tab's Levels view and `backroom stock` both read
`level_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.models import Location, Product, StockLevel, StockMove
from app.models.stock import INTERNAL_KINDS
from app.services.core import csv_out


@dataclass(frozen=True)
class LevelRow:
    product_id: int
    sku: str
    name: str
    bin: str              # "" for a product with no stock in any bin
    on_hand: int
    reserved: int
    incoming: int         # units of the product in transit (e.g. shipped by a supplier)
    total_available: int  # over every bin, what the reorder point is compared with
    reorder_point: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def low(self) -> bool:
        return self.total_available <= self.reorder_point

    def as_json(self) -> dict[str, object]:
        """The documented `backroom stock --json` object (docs/cli-json.md)."""
        return {"sku": self.sku, "bin": self.bin, "on_hand": self.on_hand,
                "reserved": self.reserved, "available": self.available}


@dataclass(frozen=True)
class MovementRow:
    move_id: int
    at: datetime
    sku: str
    reason: str
    reference: str
    from_code: str
    to_code: str
    change: int       # + into what is looked at (the bin, or our stock), - out of it
    balance: int      # on hand of what is looked at after this move
    user: str


LEVEL_SORTS = ("sku", "name", "bin", "on_hand", "available")


def level_rows(session: Session, text: str = "", *, skus: Sequence[str] = (),
               low_only: bool = False, every_place: bool = False, offset: int = 0,
               limit: int | None = 200, sort: str = "sku", descending: bool = False
               ) -> list[LevelRow]:
    """A page of (product, bin) stock rows; products without stock show once, binless.

    `skus` picks products exactly; `every_place` also lists quarantine and in-transit stock
    as rows of their own (the Levels view shows in-transit units as `incoming` instead).
    """
    kinds = INTERNAL_KINDS if every_place else ("bin",)
    held = (select(StockLevel.product_id, StockLevel.location_id, StockLevel.on_hand,
                   StockLevel.reserved, Location.code)
            .join(Location, Location.id == StockLevel.location_id)
            .where(Location.kind.in_(kinds),
                   or_(StockLevel.on_hand > 0, StockLevel.reserved > 0)).subquery())
    # Correlated, so SQLite works them out only for the rows of the page it returns.
    available = (select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
                 .where(StockLevel.product_id == Product.id).scalar_subquery())
    transit = (select(func.coalesce(func.sum(StockLevel.on_hand), 0))
               .join(Location, Location.id == StockLevel.location_id)
               .where(StockLevel.product_id == Product.id, Location.kind == "in_transit")
               .scalar_subquery())
    query = (select(Product.id, Product.sku, Product.name, func.coalesce(held.c.code, ""),
                    func.coalesce(held.c.on_hand, 0), func.coalesce(held.c.reserved, 0),
                    transit, available, Product.reorder_point)
             .outerjoin(held, held.c.product_id == Product.id)
             .where(Product.active))
    if skus:
        query = query.where(Product.sku.in_(list(skus)))
    text = text.strip()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(or_(Product.sku.ilike(like), Product.name.ilike(like),
                                held.c.code.ilike(f"{text}%")))
    if low_only:
        query = query.where(available <= Product.reorder_point)
    keys = {"sku": Product.sku, "name": Product.name, "bin": held.c.code,
            "on_hand": held.c.on_hand, "available": held.c.on_hand - held.c.reserved}
    key = keys.get(sort, Product.sku)
    # Binless rows (NULLs) sort as SQLite puts them, on PostgreSQL too: first going up.
    ordered = key.desc().nulls_last() if descending else key.asc().nulls_first()
    query = query.order_by(ordered, Product.sku, held.c.code)
    return [LevelRow(*row) for row in session.execute(query.offset(offset).limit(limit))]


def reasons(session: Session) -> list[str]:
    return list(session.scalars(select(StockMove.reason).distinct().order_by(StockMove.reason)))


def movement_history(session: Session, *, product_id: int | None = None,
                     location_id: int | None = None, reasons: Sequence[str] = (),
                     since: datetime | None = None, until: datetime | None = None,
                     limit: int = 5000) -> list[MovementRow]:
    """Moves of a product, a bin, or a product in a bin, oldest first, with running balance.

    The balance runs over every move; the filters (reason, dates) only choose which rows
    are shown, so a shown balance is always the true on hand after that move.
    """
    if product_id is None and location_id is None:
        return []
    src, dst = aliased(Location), aliased(Location)
    query = (select(StockMove.id, StockMove.at, Product.sku, StockMove.reason,
                    StockMove.reference, src.id, src.code, src.kind, dst.id, dst.code, dst.kind,
                    StockMove.quantity, StockMove.user)
             .join(Product, Product.id == StockMove.product_id)
             .join(src, src.id == StockMove.from_location_id)
             .join(dst, dst.id == StockMove.to_location_id)
             .order_by(StockMove.id))
    if product_id is not None:
        query = query.where(StockMove.product_id == product_id)
    if location_id is not None:
        query = query.where(or_(StockMove.from_location_id == location_id,
                                StockMove.to_location_id == location_id))

    def counts_in(loc: int, kind: str) -> bool:
        return loc == location_id if location_id is not None else kind in INTERNAL_KINDS

    rows, balance, wanted = [], 0, set(reasons)
    for (mid, at, sku, reason, ref, sid, scode, skind, did, dcode, dkind, qty,
         user) in session.execute(query):
        change = (qty if counts_in(did, dkind) else 0) - (qty if counts_in(sid, skind) else 0)
        balance += change
        if ((wanted and reason not in wanted) or (since and at < since)
                or (until and at >= until)):
            continue
        rows.append(MovementRow(mid, at, sku, reason, ref or "", scode, dcode, change, balance,
                                user or ""))
    return rows[-limit:]


def history_csv(rows: Sequence[MovementRow]) -> str:
    return csv_out.csv_text(
        ["move", "at_utc", "sku", "reason", "reference", "from", "to", "change", "balance",
         "user"],
        ([r.move_id, r.at.isoformat(timespec="seconds"), r.sku, r.reason, r.reference,
          r.from_code, r.to_code, r.change, r.balance, r.user] for r in rows),
        lineterminator="\n")


def location_by_code(session: Session, code: str) -> int | None:
    return session.scalar(select(Location.id).where(
        and_(Location.code == code.strip().upper(), Location.kind.in_(INTERNAL_KINDS))))


def available_query(warehouse: str = "") -> Select[int, int]:
    """(product_id, units): available units (on hand - reserved) per product over the
    sellable bins, of one warehouse or all. What a store may sell, what Today calls low."""
    query = (select(StockLevel.product_id,
                    func.sum(StockLevel.on_hand - StockLevel.reserved).label("units"))
             .join(Location, Location.id == StockLevel.location_id)
             .where(Location.kind == "bin", StockLevel.on_hand > 0)
             .group_by(StockLevel.product_id))
    if warehouse:
        query = query.where(Location.warehouse == warehouse)
    return query
