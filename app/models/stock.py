"""Locations, the append-only stock ledger, on-hand levels and reservations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

# Kinds of place. Only the internal ones hold stock that we count; the others are the
# outside world (where stock comes from and goes to), so the ledger always balances.
INTERNAL_KINDS = ("bin", "quarantine", "in_transit")
EXTERNAL_KINDS = ("supplier", "customer", "adjustment", "scrap")
LOCATION_KINDS = INTERNAL_KINDS + EXTERNAL_KINDS

# Codes of the virtual locations every database has.
VIRTUAL_LOCATIONS = {
    "SUPPLIER": ("supplier", "Suppliers"),
    "CUSTOMER": ("customer", "Customers"),
    "IN-TRANSIT": ("in_transit", "In transit"),
    "QUARANTINE": ("quarantine", "Quarantine"),
    "ADJUSTMENT": ("adjustment", "Count / adjustment"),
    "SCRAP": ("scrap", "Scrap"),
}


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(12))
    warehouse: Mapped[str] = mapped_column(String(64), default="Main")
    # Walking order through the warehouse for pick lists; bins sort by (path_order, code).
    path_order: Mapped[int] = mapped_column(default=0)

    @property
    def is_internal(self) -> bool:
        return self.kind in INTERNAL_KINDS


class StockMove(Base):
    """One movement of units of a product between two locations. Never edited or deleted."""

    __tablename__ = "stock_moves"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("from_location_id <> to_location_id", name="distinct_locations"),
        Index("ix_stock_moves_product_at", "product_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    to_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    quantity: Mapped[int]
    reason: Mapped[str] = mapped_column(String(24))
    reference: Mapped[str | None] = mapped_column(String(120), index=True)
    user: Mapped[str | None] = mapped_column(String(64))
    station: Mapped[str | None] = mapped_column(String(64))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("stock_moves.id"))


class StockLevel(Base):
    """On hand and reserved of a product in an internal location; rebuilt from the moves."""

    __tablename__ = "stock_levels"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
        Index("ix_stock_levels_location", "location_id"),
    )

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(default=0)
    reserved: Mapped[int] = mapped_column(default=0)


class Reservation(Base):
    """Units of a bin held for an order line; their sum per bin is StockLevel.reserved."""

    __tablename__ = "reservations"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    quantity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"eager_defaults": False}


Index("ix_reservations_product_location", Reservation.product_id, Reservation.location_id)
