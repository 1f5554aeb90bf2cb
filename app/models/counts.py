"""Stock counts: the count, its scope, the bins begun (with their snapshot), its lines, and the
value above which posting one needs a supervisor's PIN."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

COUNT_KINDS = ("full", "bins", "products", "cycle")
COUNT_STATUSES = ("open", "posted", "reversed")
# What posting did with lines in begun bins that were never scanned: written off as counted
# zero, or left out (their stock kept, the line not counted).
UNSCANNED_CHOICES = ("zero", "leave-out")


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
    # The supervisor whose PIN allowed a posting above the approval limit.
    approved_by: Mapped[str | None] = mapped_column(String(64))
    unscanned: Mapped[str | None] = mapped_column(String(10))   # one of UNSCANNED_CHOICES
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
    """A bin whose counting has begun; what it held then is in CountBinLevel.

    `snapshot_move_id` (the highest move id when the bin was begun) is no longer read: with
    many writers on PostgreSQL a move with a lower id can commit after it was taken.
    Migration 0790 turned the open counts' marks into CountBinLevel rows.
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


class CountBinLevel(Base):
    """What a begun bin held of each product at that moment, read in one statement with the
    units count postings had put in (+) or taken out (-) of it by then.

    Posting takes what moved on the shelf since as (on hand now - `on_hand`) less (the count
    postings' units now - `corrections`). Each row of stock_levels is read whole and commits
    with its moves, so this holds however many stations write at once, in whatever order
    their ids were handed out.
    """

    __tablename__ = "count_bin_levels"

    count_id: Mapped[int] = mapped_column(
        ForeignKey("stock_counts.id", ondelete="CASCADE"), primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    on_hand: Mapped[int]
    corrections: Mapped[int] = mapped_column(default=0)


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


class CountApprovalLimit(Base):
    """Posting a count that writes on or off this much value at cost (in this currency) or
    more needs a supervisor's PIN. A currency without a row uses the default limit."""

    __tablename__ = "count_approval_limits"
    __table_args__ = (CheckConstraint("limit_minor > 0", name="limit_positive"),)

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    limit_minor: Mapped[int]
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by: Mapped[str] = mapped_column(String(64), default="")
