"""Returns: what comes back from a customer, why, in what state, where it went, the refund.

Every unit received is one stock move out of CUSTOMER (to a bin, QUARANTINE, SCRAP or
SUPPLIER), recorded in `return_units` beside the move that did it; a unit later moved on out
of quarantine is one more row and one more move. Nothing here changes stock by itself.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

# expected: announced by the store's own returns file, nothing received yet; open: recorded
# here, nothing received yet; awaiting: on its way (return slip or tracking) or partly in;
# received: every expected unit is in; refunded: money given back; closed: done with.
RETURN_STATUSES = ("expected", "open", "awaiting", "received", "refunded", "closed")
CONDITIONS = ("new", "opened", "damaged", "wrong_item", "missing")
DISPOSITIONS = ("restock", "quarantine", "scrap", "supplier")
PAID_BY = ("store", "marketplace")


class ReturnReason(Base):
    """One reason on the list the owner edits (wrong item sent, damaged in transit, ...)."""

    __tablename__ = "return_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class Return(Base):
    __tablename__ = "returns"
    __table_args__ = (
        # The Returns list: newest first, filtered by status and/or store, paged by id.
        Index("ix_returns_created_id", "created_at", "id"),
        Index("ix_returns_status_created_id", "status", "created_at", "id"),
        Index("ix_returns_store_status_created_id", "store_id", "status", "created_at", "id"),
        # Migration 0880: a store filter without a status walks this one from the newest.
        Index("ix_returns_store_created_id", "store_id", "created_at", "id"),
        # The store's own return id (Amazon RMA, ...): one return each, so importing the same
        # file twice cannot open a return twice, even from two PCs at once. Manual returns
        # have none (NULLs never collide).
        Index("ix_returns_store_external", "store_id", "external_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Printed as a barcode on the return slip; scanning it opens the return at the station.
    number: Mapped[str] = mapped_column(String(24), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    status: Mapped[str] = mapped_column(String(12), default="open")
    reason_code: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    currency: Mapped[str] = mapped_column(String(3))
    # manual, or the store file it came from (amazon, shopify) with the store's own id
    # (its RMA id), unique per store.
    source: Mapped[str] = mapped_column(String(12), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(64))
    tracking: Mapped[str] = mapped_column(String(64), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    # After this it is overdue if nothing has arrived.
    expected_by: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exchange_order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))


class ReturnLine(Base):
    """Units of one order line coming back: how many expected, how many received."""

    __tablename__ = "return_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("received >= 0 AND received <= quantity", name="received_within"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int]
    received: Mapped[int] = mapped_column(default=0)


class ReturnUnit(Base):
    """Units of a return line with one condition and one disposition: one stock move."""

    __tablename__ = "return_units"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_line_id: Mapped[int] = mapped_column(ForeignKey("return_lines.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    condition: Mapped[str] = mapped_column(String(12))
    disposition: Mapped[str] = mapped_column(String(12))
    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    to_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    stock_move_id: Mapped[int] = mapped_column(ForeignKey("stock_moves.id"), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(64), default="")


class ReturnRefund(Base):
    """Money given back for a return, in the order's currency; partial refunds add up."""

    __tablename__ = "return_refunds"
    __table_args__ = (
        CheckConstraint("amount_minor >= 0 AND shipping_minor >= 0 AND fee_minor >= 0",
                        name="parts_not_negative"),
        CheckConstraint("total_minor = amount_minor + shipping_minor - fee_minor",
                        name="total_adds_up"),
        CheckConstraint("total_minor >= 0", name="total_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    amount_minor: Mapped[int]
    shipping_minor: Mapped[int] = mapped_column(default=0)
    fee_minor: Mapped[int] = mapped_column(default=0)
    total_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    # Who already paid the customer: the store itself, or the marketplace (Amazon, eBay).
    paid_by: Mapped[str] = mapped_column(String(12), default="store")
    external_ref: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(64), default="")
