"""Replenishment: where stock is sold from (destinations), what a marketplace warehouse
says it holds, and the owner's planning settings (issue 16).

Our own warehouse is always a destination (its stock is the bins); a marketplace warehouse
(e.g. Amazon FBA) is a row here with its own ledger location, where units sent to it wait
in transit until the marketplace's inventory report shows them. What the marketplace holds
is not in our ledger (the marketplace counts it); the last imported report is kept per
product in `marketplace_stock`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

DESTINATION_KINDS = ("warehouse", "marketplace")


class Destination(Base):
    __tablename__ = "replenishment_destinations"
    __table_args__ = (
        CheckConstraint("inbound_days >= 0", name="inbound_days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(12), default="marketplace")
    # Whose orders it fulfils: the channel-fulfilled orders of this store.
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"))
    # Units sent to it wait here (a place of kind in_transit) until its report shows them.
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    # Days from our door (or the supplier's arrival port) until units there can be sold.
    inbound_days: Mapped[int] = mapped_column(default=10)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MarketplaceStock(Base):
    """One product's line of the last inventory report imported for a destination."""

    __tablename__ = "marketplace_stock"
    __table_args__ = (
        CheckConstraint("fulfillable >= 0 AND inbound >= 0 AND reserved >= 0 "
                        "AND unsellable >= 0", name="counts_not_negative"),
    )

    destination_id: Mapped[int] = mapped_column(
        ForeignKey("replenishment_destinations.id", ondelete="CASCADE"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    fulfillable: Mapped[int] = mapped_column(default=0)
    inbound: Mapped[int] = mapped_column(default=0)
    reserved: Mapped[int] = mapped_column(default=0)
    unsellable: Mapped[int] = mapped_column(default=0)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReplenishmentSetting(Base):
    """Service level per ABC class, review period, history length: the owner edits them."""

    __tablename__ = "replenishment_settings"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))
