"""Pick lists, packing sessions (station claims, scans) and shipments with their parcels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class PackSession(Base):
    """An order open at a packing station: the claim (who, where, until when) and progress.

    One row per order at most, so two stations can never pack the same order; a claim whose
    `expires_at` has passed may be taken over.
    """

    __tablename__ = "pack_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"),
                                          unique=True)
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    current_parcel: Mapped[int] = mapped_column(default=1)
    carrier: Mapped[str] = mapped_column(String(40), default="")
    errors: Mapped[int] = mapped_column(default=0)


class PackScan(Base):
    """Units verified into a parcel by one scan (or a typed quantity); undo deletes the last."""

    __tablename__ = "pack_scans"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_session_id: Mapped[int] = mapped_column(
        ForeignKey("pack_sessions.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id",
                                                          ondelete="CASCADE"))
    quantity: Mapped[int]
    parcel_no: Mapped[int] = mapped_column(default=1)
    via: Mapped[str] = mapped_column(String(8), default="scan")  # scan | typed
    code: Mapped[str] = mapped_column(String(120), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PackParcel(Base):
    """A parcel being filled at the station: weight and tracking before completion."""

    __tablename__ = "pack_parcels"
    __table_args__ = (UniqueConstraint("pack_session_id", "number",
                                       name="uq_pack_parcels_session_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_session_id: Mapped[int] = mapped_column(
        ForeignKey("pack_sessions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    weight_g: Mapped[int | None]
    tracking: Mapped[str] = mapped_column(String(64), default="")


class Shipment(Base):
    """A packed order: who packed it where and how long it took; shipped when handed over."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    carrier: Mapped[str] = mapped_column(String(40), default="")
    packed_by: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    packed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    duration_s: Mapped[int] = mapped_column(default=0)
    items: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    override_by: Mapped[str | None] = mapped_column(String(64))
    override_reason: Mapped[str | None] = mapped_column(String(255))
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    shipped_by: Mapped[str | None] = mapped_column(String(64))


class Parcel(Base):
    __tablename__ = "parcels"
    __table_args__ = (UniqueConstraint("shipment_id", "number",
                                       name="uq_parcels_shipment_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"),
                                             index=True)
    number: Mapped[int]
    weight_g: Mapped[int | None]
    tracking: Mapped[str] = mapped_column(String(64), default="", index=True)


class ParcelItem(Base):
    __tablename__ = "parcel_items"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id", ondelete="CASCADE"),
                                           index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]


class PickList(Base):
    __tablename__ = "pick_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    strict_bins: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | done


class PickListOrder(Base):
    """An order on a pick list and the tote its units go into."""

    __tablename__ = "pick_list_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    pick_list_id: Mapped[int] = mapped_column(ForeignKey("pick_lists.id", ondelete="CASCADE"),
                                              index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    tote: Mapped[str] = mapped_column(String(32), index=True)


class PickItem(Base):
    """Units of one order line to take from one bin; what was picked, what was short."""

    __tablename__ = "pick_items"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),
                      Index("ix_pick_items_list_location", "pick_list_id", "location_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    pick_list_id: Mapped[int] = mapped_column(ForeignKey("pick_lists.id", ondelete="CASCADE"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    quantity: Mapped[int]
    picked: Mapped[int] = mapped_column(default=0)
    short: Mapped[int] = mapped_column(default=0)
