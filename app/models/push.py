"""Pushing stock back to the stores: per-store push settings, buffer rules, saved file
layouts, what each store was last told, and the history of pushes (issue 20)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

PUSH_FORMATS = ("shopify-inventory", "amazon-quantity", "woocommerce", "ebay")


class PushSetting(Base):
    """How a store takes its stock file: the format, and which bins serve it."""

    __tablename__ = "push_settings"

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    # One of PUSH_FORMATS, or "mapped:NAME" for a saved generic layout.
    format: Mapped[str] = mapped_column(String(140))
    # Bins of this warehouse serve the store; "" = every sellable bin serves it.
    warehouse: Mapped[str] = mapped_column(String(64), default="")
    # Shopify's location name for the Location column.
    location: Mapped[str] = mapped_column(String(120), default="")


class BufferRule(Base):
    """Keep N back, show at most M, show P% — for a whole store (product_id NULL) or one
    product in it. A product's rule overrides the store's field by field."""

    __tablename__ = "push_buffers"
    __table_args__ = (
        UniqueConstraint("store_id", "product_id", name="uq_push_buffers_store_product"),
        CheckConstraint("keep IS NULL OR keep >= 0", name="keep_not_negative"),
        CheckConstraint("max_quantity IS NULL OR max_quantity >= 0", name="max_not_negative"),
        CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)",
                        name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    keep: Mapped[int | None]
    max_quantity: Mapped[int | None]
    percent: Mapped[int | None]


class PushMapping(Base):
    """A saved generic CSV layout: JSON list of [header, field] pairs, and the delimiter."""

    __tablename__ = "push_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    columns_json: Mapped[str] = mapped_column(Text)
    delimiter: Mapped[str] = mapped_column(String(1), default=",")


class StockPush(Base):
    """One push: a file written for a store."""

    __tablename__ = "stock_pushes"
    __table_args__ = (Index("ix_stock_pushes_store_at", "store_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(140))
    everything: Mapped[bool] = mapped_column(default=False)
    skus: Mapped[int]
    file_name: Mapped[str] = mapped_column(String(1000))


class PushedLevel(Base):
    """What a store was last told it may sell of one of its SKUs ("only what changed")."""

    __tablename__ = "pushed_levels"

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    channel_sku: Mapped[str] = mapped_column(String(120), primary_key=True)
    quantity: Mapped[int]
    push_id: Mapped[int] = mapped_column(ForeignKey("stock_pushes.id"), index=True)
