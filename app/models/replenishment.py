"""Replenishment: where stock is sold from (destinations), what a marketplace warehouse
says it holds, and the owner's planning settings (issue 16).

Our own warehouse is always a destination (its stock is the bins); a marketplace warehouse
(e.g. Amazon FBA) is a row here with its own ledger location, where units sent to it wait
in transit until the marketplace's inventory report shows them. What the marketplace holds
is not in our ledger (the marketplace counts it); the last imported report is kept per
product in `marketplace_stock`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, String
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


class ProductDailySales(Base):
    """Units of one product sold on one local day of a store (its own time zone), apart
    for the orders the store ships itself and those the channel fulfils: order lines of
    orders not cancelled, and the units returned against them on the order's day.

    Derived from the orders: redone for the days triggers mark in product_sales_dirty
    (migration 0870), so once caught up it equals a count from the orders
    (tests/unit/replenishment/test_daily.py). Stored in key order (no rowid) so the plan
    reads a window of days as one range."""

    __tablename__ = "product_daily_sales"
    __table_args__ = ({"sqlite_with_rowid": False},)

    channel: Mapped[bool] = mapped_column(primary_key=True)   # fulfilled_by_channel
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    product_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sold: Mapped[int] = mapped_column(default=0)
    returned: Mapped[int] = mapped_column(default=0)


class ProductSalesDirty(Base):
    """A store's UTC day whose sales changed since product_daily_sales last caught up.

    Written by triggers in the writer's own transaction; `stamp` changes on every mark so
    a catch-up deletes only the marks it read."""

    __tablename__ = "product_sales_dirty"

    store_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    utc_day: Mapped[date] = mapped_column(Date, primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger, default=0)
