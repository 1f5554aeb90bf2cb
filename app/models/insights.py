"""Insights (issue 18): what the owner tells us that the orders do not — each store's
expected fee rate, and what a parcel's label cost when the carrier labels did not say.

Profit itself is never stored: it is computed from orders, refunds, payouts and costs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

SHIPPING_COST_SOURCES = ("manual", "carrier")


class StoreFeeRate(Base):
    """Marketplace and payment fees a store usually takes from an order, until a payout
    says what it really took: a percentage (in basis points, 2.9% = 290) plus a fixed part."""

    __tablename__ = "store_fee_rates"
    __table_args__ = (
        CheckConstraint("percent_bp >= 0 AND percent_bp <= 10000", name="percent_in_range"),
        CheckConstraint("fixed_minor >= 0", name="fixed_not_negative"),
    )

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    percent_bp: Mapped[int] = mapped_column(default=0)
    fixed_minor: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OrderShippingCost(Base):
    """What shipping an order cost us (its labels), in the order's currency."""

    __tablename__ = "order_shipping_costs"
    __table_args__ = (CheckConstraint("amount_minor >= 0", name="amount_not_negative"),)

    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True)
    amount_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(String(12), default="manual")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
