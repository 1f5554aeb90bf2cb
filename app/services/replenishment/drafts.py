"""Selected suggestions of a plan into draft purchase orders: one per supplier and mode,
through the purchase-order service (so pack sizes, prices and the audit are its rules).

A draft carries the date the mode would arrive as its expected date, so the next plan
counts its units as coming then and does not suggest them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.suppliers import PurchaseOrder, Supplier
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput
from app.services.suppliers.purchase_orders import CreatedPO, LineInput, create_po

MODE_WORDS = {"sea": "sea", "sea_fast": "fast sea", "air": "air", "express": "express"}


@dataclass(frozen=True)
class Pick:
    """One suggestion line chosen to order."""

    supplier: str
    sku: str
    mode: str
    quantity: int
    arrives: date


@dataclass(frozen=True)
class Drafted:
    supplier: str
    mode: str
    po: CreatedPO
    units: int


def _last_rate(session: Session, supplier: str) -> str | None:
    """The exchange rate of the supplier's latest PO, if any (a draft can be edited)."""
    return session.scalar(select(PurchaseOrder.fx_rate).join(
        Supplier, Supplier.id == PurchaseOrder.supplier_id).where(Supplier.name == supplier)
        .order_by(PurchaseOrder.id.desc()).limit(1))


def draft_pos(session: Session, picks: Sequence[Pick], *, as_of: date,
              fx_rates: dict[str, str] | None = None, actor: Actor) -> list[Drafted]:
    if not picks:
        raise InvalidInput("Select at least one suggestion to order.")
    groups: dict[tuple[str, str], list[Pick]] = {}
    for pick in picks:
        if not pick.supplier:
            raise InvalidInput(f"{pick.sku}: no supplier sells it; add one first.")
        if pick.quantity <= 0:
            raise InvalidInput(f"{pick.sku}: order at least 1 unit, not {pick.quantity}.")
        groups.setdefault((pick.supplier, pick.mode), []).append(pick)
    made = []
    for (supplier, mode), rows in sorted(groups.items()):
        rate = (fx_rates or {}).get(supplier) or _last_rate(session, supplier)
        note = (f"Replenishment plan of {as_of.isoformat()}: ship by "
                f"{MODE_WORDS.get(mode, mode)}.")
        po = create_po(session, supplier, [LineInput(p.sku, p.quantity) for p in rows],
                       expected=max(p.arrives for p in rows), fx_rate=rate, note=note,
                       actor=actor)
        made.append(Drafted(supplier, mode, po, sum(p.quantity for p in rows)))
    return made
