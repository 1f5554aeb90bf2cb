"""Suppliers, what they sell us, purchase orders, their shipments and what was received.

Stock ordered is not stock: a shipment moves its units SUPPLIER -> IN-TRANSIT (a real place
in the ledger, so `stock` can show what is incoming), and a receipt moves them IN-TRANSIT ->
bin (good) or -> QUARANTINE (damaged). Units a shipment said it carried but that never came
go back IN-TRANSIT -> SUPPLIER as short. Quantities here are units; a pack size says how many
units one carton holds. Money is integer minor units: unit costs in the supplier's currency,
landed extra (freight, duty, fees) and the PO's exchange rate towards the store's currency.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

SUPPLIER_CLASSES = ("strategic", "preferred", "backup", "trial")
INCOTERMS = ("EXW", "FCA", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP")
# How a shipment travels; sea is slow or fast (an express liner), the CLI says just "sea".
MODES = ("sea", "sea_fast", "air", "express")
FREIGHT_BASES = ("kg", "unit")
PO_STATUSES = ("draft", "sent", "partly_shipped", "shipped", "partly_received", "received",
               "closed", "cancelled")
SHIPMENT_STATUSES = ("in_transit", "received")
ALLOCATIONS = ("value", "weight", "quantity")


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    contact: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    currency: Mapped[str] = mapped_column(String(3))
    payment_terms: Mapped[str] = mapped_column(String(64), default="")
    incoterm: Mapped[str] = mapped_column(String(3), default="FOB")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The owner's own judgement: strategic / preferred / backup / trial.
    klass: Mapped[str] = mapped_column(String(12), default="trial")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SupplierProduct(Base):
    """One product as one supplier sells it: their SKU, price, pack, MOQ, lead times."""

    __tablename__ = "supplier_products"
    __table_args__ = (
        UniqueConstraint("supplier_id", "product_id", name="supplier_product"),
        CheckConstraint("unit_cost_minor >= 0", name="cost_not_negative"),
        CheckConstraint("pack_size >= 1 AND moq >= 0", name="pack_and_moq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    supplier_sku: Mapped[str] = mapped_column(String(64), default="")
    supplier_name: Mapped[str] = mapped_column(String(255), default="")
    # In the supplier's currency, per unit (not per carton).
    unit_cost_minor: Mapped[int] = mapped_column(default=0)
    pack_size: Mapped[int] = mapped_column(default=1)
    moq: Mapped[int] = mapped_column(default=0)
    production_days: Mapped[int] = mapped_column(default=0)
    sea_days: Mapped[int | None]
    sea_fast_days: Mapped[int | None]
    air_days: Mapped[int | None]
    express_days: Mapped[int | None]
    # Freight by mode in the supplier's currency, per kg or per unit (freight_basis).
    freight_basis: Mapped[str] = mapped_column(String(4), default="unit")
    sea_freight_minor: Mapped[int | None]
    sea_fast_freight_minor: Mapped[int | None]   # None: charged as slow sea (0870)
    air_freight_minor: Mapped[int | None]
    express_freight_minor: Mapped[int | None]
    preferred: Mapped[bool] = mapped_column(default=False)


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"
    __table_args__ = (
        Index("ix_purchase_orders_supplier_created", "supplier_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Printed as a barcode on the PO; scanning it at the receiving station opens it.
    number: Mapped[str] = mapped_column(String(24), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    currency: Mapped[str] = mapped_column(String(3))
    # Store currency and how many of it one unit of `currency` buys, as decimal text
    # ("0.9213"): exact, never a float.
    home_currency: Mapped[str] = mapped_column(String(3))
    fx_rate: Mapped[str] = mapped_column(String(24), default="1")
    incoterm: Mapped[str] = mapped_column(String(3), default="")
    # The date the supplier promised everything would arrive by (on-time rate).
    expected_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class POLine(Base):
    __tablename__ = "po_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_cost_minor >= 0", name="cost_not_negative"),
        CheckConstraint("shipped >= 0 AND received >= 0 AND damaged >= 0 AND short >= 0",
                        name="counts_not_negative"),
        Index("ix_po_lines_product_po", "product_id", "po_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    po_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]                       # units ordered
    pack_size: Mapped[int] = mapped_column(default=1)
    unit_cost_minor: Mapped[int]                # in the PO's currency
    # The supplier's price list when the PO was drafted (price variance against it).
    agreed_cost_minor: Mapped[int | None]
    shipped: Mapped[int] = mapped_column(default=0)
    received: Mapped[int] = mapped_column(default=0)    # good units put into a bin
    damaged: Mapped[int] = mapped_column(default=0)     # arrived broken -> quarantine
    short: Mapped[int] = mapped_column(default=0)       # shipped but never came


class POShipment(Base):
    __tablename__ = "po_shipments"
    __table_args__ = (
        CheckConstraint("freight_minor >= 0 AND duty_minor >= 0 AND fees_minor >= 0",
                        name="costs_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    po_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="in_transit")
    tracking: Mapped[str] = mapped_column(String(64), default="", index=True)
    # Container number by sea, air waybill (AWB) by air.
    container: Mapped[str] = mapped_column(String(64), default="")
    eta: Mapped[date | None] = mapped_column(Date)
    shipped_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Landed extra in the store's currency (the PO's home currency), spread at receipt.
    freight_minor: Mapped[int] = mapped_column(default=0)
    duty_minor: Mapped[int] = mapped_column(default=0)
    fees_minor: Mapped[int] = mapped_column(default=0)
    allocation: Mapped[str] = mapped_column(String(8), default="value")


class POShipmentLine(Base):
    __tablename__ = "po_shipment_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("received >= 0 AND damaged >= 0 AND short >= 0 "
                        "AND received + damaged + short <= quantity + over",
                        name="accounted_within"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("po_shipments.id"), index=True)
    po_line_id: Mapped[int] = mapped_column(ForeignKey("po_lines.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    received: Mapped[int] = mapped_column(default=0)
    damaged: Mapped[int] = mapped_column(default=0)
    short: Mapped[int] = mapped_column(default=0)
    # Units received beyond what was shipped, allowed with a reason (see POReceipt.over_reason).
    over: Mapped[int] = mapped_column(default=0)
    # Landed extra given to this line at receipt, in the store's currency.
    landed_extra_minor: Mapped[int] = mapped_column(default=0)


class POReceipt(Base):
    """One receiving of (part of) a shipment: one transaction, its moves and audit event."""

    __tablename__ = "po_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("po_shipments.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(64), default="")
    station: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    over_reason: Mapped[str] = mapped_column(String(120), default="")


class POReceiptLine(Base):
    __tablename__ = "po_receipt_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("po_receipts.id"), index=True)
    shipment_line_id: Mapped[int] = mapped_column(ForeignKey("po_shipment_lines.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    # good (into a bin), damaged (quarantine) or short (back to the supplier's books).
    kind: Mapped[str] = mapped_column(String(8))
    quantity: Mapped[int]
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    reason: Mapped[str] = mapped_column(String(120), default="")
    stock_move_id: Mapped[int] = mapped_column(ForeignKey("stock_moves.id"), unique=True)


class SupplierSetting(Base):
    """Scorecard weights and the warning threshold, which the owner edits."""

    __tablename__ = "supplier_settings"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))
