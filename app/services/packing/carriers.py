"""The carriers (and their services) the packing station offers, shared by every PC: the
owner keeps the list in Settings; the station's carrier box shows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models.settings import CarrierService
from app.services.core.errors import InvalidInput

# Offered as a start in Settings (the owner keeps the ones they use).
COMMON_CARRIERS = ("DHL", "DPD", "UPS", "FedEx", "USPS", "Royal Mail", "Evri", "GLS",
                   "PostNL", "Deutsche Post", "La Poste", "China Post", "SF Express", "YunExpress")


@dataclass(frozen=True)
class Carrier:
    carrier: str
    service: str = ""      # "" = the carrier itself

    @property
    def title(self) -> str:
        """What the station's carrier box shows (and what a shipment records)."""
        return f"{self.carrier} {self.service}" if self.service else self.carrier


def list_carriers(session: Session) -> list[Carrier]:
    return [Carrier(c, s) for c, s in session.execute(
        select(CarrierService.carrier, CarrierService.service)
        .order_by(CarrierService.position, CarrierService.id))]


def carrier_titles(session: Session) -> list[str]:
    return [c.title for c in list_carriers(session)]


def save_carriers(session: Session, carriers: Sequence[Carrier]) -> int:
    """Keep exactly this list, in this order; returns how many there are."""
    cleaned: list[Carrier] = []
    for number, item in enumerate(carriers, start=1):
        carrier, service = item.carrier.strip(), item.service.strip()
        if not carrier:
            raise InvalidInput(f"Row {number}: a carrier needs a name.")
        if len(carrier) > 40 or len(service) > 80:
            raise InvalidInput(f"Row {number}: a carrier name is at most 40 characters, "
                               "a service at most 80.")
        found = Carrier(carrier, service)
        if found in cleaned:
            raise InvalidInput(f"Row {number}: {found.title} is in the list twice.")
        cleaned.append(found)
    session.execute(delete(CarrierService))
    session.add_all(CarrierService(carrier=c.carrier, service=c.service, position=i)
                    for i, c in enumerate(cleaned))
    session.flush()
    return len(cleaned)
