"""Printing: printer profiles, print-job history, per-store template settings, and the pages
of imported carrier labels linked to their orders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

PRINTER_KINDS = ("pdf", "zpl")
TEMPLATES = ("shipping", "packing-slip", "product", "bin", "pick-list")


class PrinterProfile(Base):
    __tablename__ = "printer_profiles"
    __table_args__ = (CheckConstraint("kind IN ('pdf', 'zpl')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    # tcp://host[:port], cups:QUEUE, windows:QUEUE, a folder, or "" for the system dialog.
    address: Mapped[str] = mapped_column(String(255), default="")
    media: Mapped[str] = mapped_column(String(40), default="4x6")
    dpi: Mapped[int] = mapped_column(default=203)
    # Tenths of a millimetre, so that a profile round-trips exactly.
    offset_x_dmm: Mapped[int] = mapped_column(default=0)
    offset_y_dmm: Mapped[int] = mapped_column(default=0)
    darkness: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PrintJob(Base):
    """What was printed, so it can be printed again: the template and the items by reference."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(64), default="")
    station: Mapped[str] = mapped_column(String(64), default="")
    template: Mapped[str] = mapped_column(String(20))
    size: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(10))     # orders | products | bins
    # JSON list of [reference, quantity]: order numbers, SKUs or bin codes.
    items: Mapped[str] = mapped_column(Text)
    copies: Mapped[int] = mapped_column(default=1)
    skip: Mapped[int] = mapped_column(default=0)
    output: Mapped[str] = mapped_column(String(8))       # pdf | zpl
    destination: Mapped[str] = mapped_column(String(255), default="")
    labels: Mapped[int] = mapped_column(default=0)
    reprint_of: Mapped[int | None] = mapped_column(ForeignKey("print_jobs.id"))


class TemplateSettings(Base):
    """A store's choices for its labels and slips."""

    __tablename__ = "label_template_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"),
                                          unique=True)
    # Comma-separated optional fields left off: contents, method, bin.
    hidden_fields: Mapped[str] = mapped_column(String(200), default="")
    logo_path: Mapped[str] = mapped_column(String(500), default="")
    return_name: Mapped[str] = mapped_column(String(200), default="")
    return_address: Mapped[str] = mapped_column(Text, default="")     # one line per line
    return_instructions: Mapped[str] = mapped_column(Text, default="")
    font_size: Mapped[int] = mapped_column(default=10)


class CarrierLabelPage(Base):
    """One page of an imported carrier-label PDF, and the order it belongs to (once known)."""

    __tablename__ = "carrier_label_pages"
    __table_args__ = (UniqueConstraint("file_sha1", "page_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha1: Mapped[str] = mapped_column(String(40))
    page_index: Mapped[int]
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text, default="")
    tracking: Mapped[str] = mapped_column(String(64), default="", index=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    matched_by: Mapped[str] = mapped_column(String(10), default="")  # tracking|name|hand
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
