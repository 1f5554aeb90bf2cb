"""Remembered links from a store's SKUs to our products, and saved column mappings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow
from app.models.orders import Order

# Searching by the store's own order id (eBay's '12-34567-89012', a Shopify Id) across all
# stores: the (store_id, external_id) unique index cannot serve that.
Index("ix_orders_external_id", Order.external_id)
# Sorting the Orders list by total over a million orders without a full sort.
Index("ix_orders_total_minor", Order.total_minor)


class SkuLink(Base):
    """'This store's SKU X is our product P', set once by the user and reused on every import."""

    __tablename__ = "sku_links"
    __table_args__ = (UniqueConstraint("store_id", "channel_sku", name="uq_sku_links_store_sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    channel_sku: Mapped[str] = mapped_column(String(120))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ListingLink(Base):
    """'This store's listing (+ variation), or title + variation, is our product P'.

    For lines that come without a SKU (Etsy, some Shopify shops). With a listing id the key
    is (listing_id, variation) and title is "" (titles get edited); without one it is
    (title, variation) and listing_id is "".
    """

    __tablename__ = "listing_links"
    __table_args__ = (UniqueConstraint("store_id", "listing_id", "title", "variation",
                                       name="uq_listing_links_store_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    listing_id: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(String(255), default="")
    variation: Mapped[str] = mapped_column(String(200), default="")
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ColumnMappingRecord(Base):
    """A named column mapping (JSON of importers.mapped_orders.ColumnMapping) for one store."""

    __tablename__ = "column_mappings"
    __table_args__ = (UniqueConstraint("name", name="uq_column_mappings_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"),
                                                 index=True)
    mapping_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
