"""Insights (issue 18): what the owner tells us that the orders do not — each store's
expected fee rate, what a parcel's label cost when the carrier labels did not say, ad spend,
monthly goals, exchange rates to the home currency — and the daily summary.

Profit is computed from orders, refunds, payouts and costs. The summary tables
(insights_order_facts, insights_daily) hold that computation's result, refreshed for the
days database triggers mark in insights_dirty (migration 0830), so it always equals a
fresh computation once caught up (tests/unit/insights/test_summary.py); insights_customers
sums the facts per customer, redone for the customers insights_customer_dirty marks
(migration 0860; tests/unit/insights/test_customer_summary.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
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


class InsightsDirty(Base):
    """A store's UTC day whose orders changed since the summary last caught up.

    Written by triggers (every writer, any process); `stamp` changes on every mark, so a
    catch-up deletes only the marks it read and a mark made meanwhile survives."""

    __tablename__ = "insights_dirty"

    store_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    utc_day: Mapped[date] = mapped_column(Date, primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger, default=0)


class InsightsOrderFacts(Base):
    """One counted (not cancelled) order's profit figures, as profit._facts computes them."""

    __tablename__ = "insights_order_facts"
    __table_args__ = (
        Index("ix_insights_order_facts_store_placed", "store_id", "placed_at"),
        Index("ix_insights_order_facts_store_day", "store_id", "local_day"),
        # Covers customer value's grouped read (migration 0850 says why).
        Index("ix_insights_order_facts_customer_values", "customer_id", "store_id",
              "local_day", "items", "shipping_charged", "discounts", "refunds", "fees",
              "cogs", "shipping_cost"),
    )

    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    local_day: Mapped[date] = mapped_column(Date)
    items: Mapped[int] = mapped_column(BigInteger)
    shipping_charged: Mapped[int] = mapped_column(BigInteger)
    discounts: Mapped[int] = mapped_column(BigInteger)
    refunds: Mapped[int] = mapped_column(BigInteger)
    fees: Mapped[int] = mapped_column(BigInteger)
    cogs: Mapped[int] = mapped_column(BigInteger)
    shipping_cost: Mapped[int] = mapped_column(BigInteger)
    estimated: Mapped[int] = mapped_column()


class InsightsDaily(Base):
    """A store's local day: the sums of its orders' facts (in the store's currency)."""

    __tablename__ = "insights_daily"

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    orders: Mapped[int] = mapped_column()
    items: Mapped[int] = mapped_column(BigInteger)
    shipping_charged: Mapped[int] = mapped_column(BigInteger)
    discounts: Mapped[int] = mapped_column(BigInteger)
    refunds: Mapped[int] = mapped_column(BigInteger)
    fees: Mapped[int] = mapped_column(BigInteger)
    cogs: Mapped[int] = mapped_column(BigInteger)
    shipping_cost: Mapped[int] = mapped_column(BigInteger)
    estimated: Mapped[int] = mapped_column()      # how many of the day's orders are estimates


class InsightsCustomer(Base):
    """A customer's figures over their counted orders, summed from insights_order_facts:
    `scope` 0 is every store (one row per currency), else one store's id (its currency).
    Kept current like the daily summary: the facts' triggers mark the customer in
    insights_customer_dirty (migration 0860), customer_summary.catch_up redoes the marked,
    and readers sum a marked customer from the facts instead."""

    __tablename__ = "insights_customers"
    __table_args__ = (
        Index("ix_insights_customers_customer", "customer_id"),
        # Tiers and counts read (last day, orders) pairs of one scope from this alone.
        Index("ix_insights_customers_recency", "scope", "last_day", "orders"),
        # Clustered by scope on SQLite: one scope's rows are read in one range, by customer.
        {"sqlite_with_rowid": False},
    )

    scope: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    orders: Mapped[int] = mapped_column()
    revenue: Mapped[int] = mapped_column(BigInteger)     # items + shipping charged
    profit: Mapped[int] = mapped_column(BigInteger)
    first_day: Mapped[date] = mapped_column(Date)        # local days of the first and last
    last_day: Mapped[date] = mapped_column(Date)         # order


class InsightsCustomerDirty(Base):
    """A customer whose order facts changed since their insights_customers rows were made
    (written by triggers on insights_order_facts; `stamp` as in InsightsDirty)."""

    __tablename__ = "insights_customer_dirty"

    customer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[int] = mapped_column(BigInteger, default=0)


class AdSpend(Base):
    """What one ad channel spent for a store on one day (per campaign and SKU when the
    report says), in the report's currency, with the clicks and orders it reported."""

    __tablename__ = "ad_spend"
    __table_args__ = (
        UniqueConstraint("store_id", "day", "channel", "campaign", "sku",
                         name="uq_ad_spend_row"),
        CheckConstraint("clicks >= 0", name="clicks_not_negative"),
        Index("ix_ad_spend_store_day", "store_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))          # amazon_sp, google, meta
    campaign: Mapped[str] = mapped_column(String(200), default="")
    sku: Mapped[str] = mapped_column(String(120), default="")
    spend_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    clicks: Mapped[int] = mapped_column(default=0)
    ad_orders: Mapped[int] = mapped_column(default=0)
    ad_sales_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    source_file: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoreGoal(Base):
    """What a store means to reach in one month (first day of the month), store currency."""

    __tablename__ = "store_goals"

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    revenue_minor: Mapped[int | None] = mapped_column(BigInteger)
    profit_minor: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HomeCurrency(Base):
    """The owner's home currency (one row, id 1): what the business totals are in."""

    __tablename__ = "home_currency"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    currency: Mapped[str] = mapped_column(String(3))


class ExchangeRate(Base):
    """1 `currency` = `rate` home currency, for a month, as the owner entered it (exact
    decimal text, e.g. "0.8542")."""

    __tablename__ = "exchange_rates"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    home: Mapped[str] = mapped_column(String(3))
    rate: Mapped[str] = mapped_column(String(32))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
