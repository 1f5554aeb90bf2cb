"""Stock counts: the count, its scope, the bins begun (with their snapshot) and its lines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

COUNT_KINDS = ("full", "bins", "products", "cycle")
COUNT_STATUSES = ("open", "posted", "reversed")


class StockCount(Base):
    __tablename__ = "stock_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    # What the scope was made from, in words ("cycle ABC class A", "bins A-01-1, A-01-2").
    description: Mapped[str] = mapped_column(String(200), default="")
    # Cycle counts over products count only those products in each bin; others every product.
    by_product: Mapped[bool] = mapped_column(default=False)
    blind: Mapped[bool] = mapped_column(default=False)
    assigned_to: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    posted_by: Mapped[str | None] = mapped_column(String(64))
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reversed_by: Mapped[str | None] = mapped_column(String(64))


class CountScope(Base):
    """One bin or one product the count covers (a full count has no scope rows)."""

    __tablename__ = "count_scopes"
    __table_args__ = (
        CheckConstraint("(location_id IS NULL) <> (product_id IS NULL)", name="bin_or_product"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(
        ForeignKey("stock_counts.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))


class CountBin(Base):
    """A bin whose counting has begun: the ledger position its expected quantities are from.

    Moves with an id above `snapshot_move_id` happened after the bin was counted, so the
    posting adds them to what was counted instead of overwriting them.
    """

    __tablename__ = "count_bins"
    __table_args__ = (UniqueConstraint("count_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_counts.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    snapshot_move_id: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_by: Mapped[str] = mapped_column(String(64), default="")
    station: Mapped[str] = mapped_column(String(64), default="")


class CountLine(Base):
    """A product in a bin: expected at the bin's snapshot, counted, and what was posted."""

    __tablename__ = "count_lines"
    __table_args__ = (
        UniqueConstraint("count_id", "location_id", "product_id"),
        CheckConstraint("counted IS NULL OR counted >= 0", name="counted_not_negative"),
        Index("ix_count_lines_count_location", "count_id", "location_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_counts.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    expected: Mapped[int | None]            # None until the bin is begun
    counted: Mapped[int | None]             # None until scanned, typed or imported
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counted_by: Mapped[str | None] = mapped_column(String(64))
    station: Mapped[str | None] = mapped_column(String(64))
    # Net units moved in/out of the bin after its snapshot, accounted at posting.
    moves_since: Mapped[int] = mapped_column(default=0)
    adjustment: Mapped[int | None]          # units posted (+ found, - missing)
