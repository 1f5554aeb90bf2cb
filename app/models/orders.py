"""Customers, orders and order lines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow

# new -> reserved|backorder -> picking -> packed -> shipped; on_hold and cancelled aside.
ORDER_STATUSES = ("new", "reserved", "backorder", "picking", "packed", "shipped",
                  "on_hold", "cancelled")
OPEN_STATUSES = ("new", "reserved", "backorder", "picking", "on_hold")


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    postcode: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_customers_name_postcode", Customer.name, Customer.postcode)
# The Orders list sorted by customer walks customers in (name, id) order (migration 0303).
Index("ix_customers_name_id", Customer.name, Customer.id)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("store_id", "external_id", name="uq_orders_store_external"),
        Index("ix_orders_placed_at", "placed_at"),
        Index("ix_orders_status_placed_at", "status", "placed_at"),
        Index("ix_orders_store_placed_at", "store_id", "placed_at"),
        # Migration 0303: a status or store filter with any sort of the Orders list is one
        # index walk in sort order (the id last, so a page can seek past the previous one).
        Index("ix_orders_status_total_id", "status", "total_minor", "id"),
        Index("ix_orders_status_number_id", "status", "number", "id"),
        Index("ix_orders_store_total_id", "store_id", "total_minor", "id"),
        Index("ix_orders_store_number_id", "store_id", "number", "id"),
        Index("ix_orders_store_status_placed_id", "store_id", "status", "placed_at", "id"),
        # Migration 0700: within a store an order number is one order.
        Index("uq_orders_store_number", "store_id", "number", unique=True),
        # Migration 0700: sorting by customer walks the order's own name (bill_name).
        Index("ix_orders_bill_name_id", "bill_name", "id"),
        Index("ix_orders_status_bill_name_id", "status", "bill_name", "id"),
        Index("ix_orders_store_bill_name_id", "store_id", "bill_name", "id"),
        # Migration 0700: a name search reads both of an order's names in one index scan.
        Index("ix_orders_ship_name_bill_name", "ship_name", "bill_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    external_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(64), index=True)
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="new")
    financial_status: Mapped[str | None] = mapped_column(String(24))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    subtotal_minor: Mapped[int] = mapped_column(default=0)
    shipping_minor: Mapped[int] = mapped_column(default=0)
    tax_minor: Mapped[int] = mapped_column(default=0)
    discount_minor: Mapped[int] = mapped_column(default=0)
    total_minor: Mapped[int] = mapped_column(default=0)
    # The name the order is shown, sorted and found under: its own bill-to name, else its
    # ship-to name. Never the customer record's (shared by everyone using one email).
    bill_name: Mapped[str] = mapped_column(String(200), default="")
    ship_name: Mapped[str] = mapped_column(String(200), default="")
    ship_company: Mapped[str] = mapped_column(String(200), default="")
    ship_street1: Mapped[str] = mapped_column(String(200), default="")
    ship_street2: Mapped[str] = mapped_column(String(200), default="")
    ship_city: Mapped[str] = mapped_column(String(120), default="")
    ship_state: Mapped[str] = mapped_column(String(120), default="")
    ship_postcode: Mapped[str] = mapped_column(String(20), default="")
    ship_country: Mapped[str] = mapped_column(String(2), default="")
    ship_phone: Mapped[str] = mapped_column(String(40), default="")
    shipping_method: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Higher goes first when stock is reserved; ties go oldest first.
    priority: Mapped[int] = mapped_column(default=0)
    # Amazon FBA and the like: the channel ships it, we never pack it.
    fulfilled_by_channel: Mapped[bool] = mapped_column(default=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id")


def _line_total(context: DefaultExecutionContext) -> int:
    """A line stored without its total (tests, older callers) costs quantity x unit price."""
    values = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return int(values.get("quantity") or 0) * int(values.get("unit_price_minor") or 0)


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"),
                                          index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True)
    # What the channel called it; kept even when matched, so a re-link is always possible.
    channel_sku: Mapped[str] = mapped_column(String(120), default="", index=True)
    title: Mapped[str] = mapped_column(String(255), default="")
    quantity: Mapped[int]
    unit_price_minor: Mapped[int] = mapped_column(default=0)
    # What the store charged for the whole line (1.29 for two is 129, not 2 x 65).
    line_total_minor: Mapped[int] = mapped_column(default=_line_total)
    # What a store gives instead of a SKU (Etsy's listing id, "Size: M"), for linking.
    listing_id: Mapped[str] = mapped_column(String(64), default="")
    variation: Mapped[str] = mapped_column(String(200), default="")

    order: Mapped[Order] = relationship(back_populates="lines")


class OrdersBulk(Base):
    """Orders being stored in bulk, for the length of that one transaction: those with an
    id above `after_id`, and their lines.

    The insights and daily-sales triggers on new orders and order lines (migration 0900)
    skip those rows, and the import marks their store-days once, set-based, before it
    deletes its row again in the same transaction: no other writer ever sees a row here,
    and every other insert still marks its day itself.
    """

    __tablename__ = "orders_bulk"

    # Its own key, not after_id: two PostgreSQL imports that start at the same highest id
    # would otherwise wait on each other's uncommitted row.
    id: Mapped[int] = mapped_column(primary_key=True)
    after_id: Mapped[int]
