"""Settings both PCs share (issue 19): the carriers and services the station offers, and
each store's choices that have no other home (the shipment confirmation file it takes).

What belongs to one PC (printers it uses, scanner, sounds, language) is kept in QSettings
on that PC, not here."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

# "" = follow the store's kind (Amazon's flat file for Amazon, the generic CSV otherwise).
CONFIRMATION_FORMATS = ("", "amazon", "csv")


class CarrierService(Base):
    """A carrier, or one of its services ("" = the carrier itself), offered at the station."""

    __tablename__ = "carrier_services"
    __table_args__ = (UniqueConstraint("carrier", "service",
                                       name="uq_carrier_services_carrier_service"),
                      CheckConstraint("carrier <> ''", name="carrier_named"))

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier: Mapped[str] = mapped_column(String(40))
    service: Mapped[str] = mapped_column(String(80), default="")
    position: Mapped[int] = mapped_column(default=0)


class StorePreference(Base):
    __tablename__ = "store_preferences"
    __table_args__ = (CheckConstraint("confirmation_format IN ('', 'amazon', 'csv')",
                                      name="confirmation_format_known"),)

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    confirmation_format: Mapped[str] = mapped_column(String(10), default="")
