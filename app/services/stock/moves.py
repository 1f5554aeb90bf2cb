"""Moving stock between bins and adjusting it with a reason; who may adjust."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Location, Product
from app.models.stock import INTERNAL_KINDS
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import BackroomError, InvalidInput, NotFound, UnknownBarcode
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.core.permissions import check, requires
from app.services.stock import catalog, ledger

# Why stock was adjusted; damaged units go to scrap, the rest to/from the adjustment place.
ADJUST_REASONS = ("damaged", "found", "lost", "gift", "other")


class NotAllowed(BackroomError):
    """The person working may not do this (e.g. a packer adjusting stock)."""


@dataclass(frozen=True)
class MoveResult:
    move_ids: tuple[int, ...]
    units: int
    lines: tuple[tuple[str, int], ...]     # (sku, units)


def require_adjust_permission(session: Session, actor: Actor) -> None:
    """Adjusting stock (and posting counts) needs the `adjust_stock` permission.

    Whatever the owner set on the People screen decides, as for every other marked job: a
    store with no PINs yet is one person, the owner; once people sign in, a packer may adjust
    only if the owner gave the packer role that right.
    """
    check(session, actor, {"adjust_stock"}, refusal=NotAllowed)


def bin_id(session: Session, code: str) -> int:
    """The id of an internal location (bin, quarantine) by its code, as typed or scanned."""
    code = code.strip().upper()
    row = session.execute(select(Location.id, Location.kind).where(Location.code == code)).first()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "There is no bin {code!r}."), code=code)
    location_id, kind = row
    if kind not in INTERNAL_KINDS:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "{code} is not a bin."), code=code)
    return location_id


def product_for_code(session: Session, code: str) -> int:
    found = catalog.find_by_barcode(session, code)
    if found is None:
        raise UnknownBarcode(QT_TRANSLATE_NOOP("messages",
            "Unknown code {code!r}: no product has this barcode or SKU."), code=code.strip())
    return found


def _aggregate(session: Session, items: Sequence[tuple[str, int]]) -> dict[int, int]:
    units: dict[int, int] = defaultdict(int)
    for code, qty in items:
        if qty <= 0:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Quantity for {code} must be at least 1, not {qty}."), code=code, qty=qty)
        units[product_for_code(session, code)] += qty
    if not units:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "Scan at least one item to move."))
    return units


def _skus(session: Session, ids: Sequence[int]) -> dict[int, str]:
    return dict(session.execute(select(Product.id, Product.sku).where(Product.id.in_(ids))).all())


@requires("move_stock", refusal=NotAllowed)
def transfer(session: Session, from_bin: str, items: Sequence[tuple[str, int]], to_bin: str,
             *, actor: Actor) -> MoveResult:
    """Move scanned items (code, units) from one bin to another in one transaction."""
    src, dst = bin_id(session, from_bin), bin_id(session, to_bin)
    if src == dst:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "The from-bin and the to-bin are the same."))
    units = _aggregate(session, items)
    reference = f"{from_bin.strip().upper()} -> {to_bin.strip().upper()}"
    specs = [ledger.MoveSpec(pid, src, dst, qty, "transfer", reference=reference)
             for pid, qty in units.items()]
    ids = ledger.move_many(session, specs, actor=actor)
    skus = _skus(session, list(units))
    for pid, qty in units.items():
        audit.record(session, actor, "product", pid, "moved", units=qty,
                     from_bin=from_bin.upper(), to_bin=to_bin.upper())
    return MoveResult(tuple(ids), sum(units.values()),
                      tuple(sorted((skus[p], q) for p, q in units.items())))


@requires("adjust_stock", refusal=NotAllowed)
def adjust(session: Session, bin_code: str, code: str, change: int, reason: str, *,
           actor: Actor, note: str = "") -> MoveResult:
    """Add (change > 0) or remove (change < 0) units of a product in a bin, with a reason."""
    if reason not in ADJUST_REASONS:
        raise InvalidInput(f"Reason must be one of {', '.join(ADJUST_REASONS)}, not {reason!r}.")
    if change == 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "An adjustment needs a change other than 0."))
    if reason == "found" and change < 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Found stock is added: the change must be positive."))
    if reason in ("damaged", "lost", "gift") and change > 0:
        raise InvalidInput(f"{reason.capitalize()} stock is removed: the change must be negative.")
    require_adjust_permission(session, actor)
    location = bin_id(session, bin_code)
    product = product_for_code(session, code)
    outside = ledger.location_id(session, "SCRAP" if reason == "damaged" else "ADJUSTMENT")
    src, dst = (outside, location) if change > 0 else (location, outside)
    reference = f"adjust: {note}"[:120] if note else None
    ids = ledger.move_many(session, [ledger.MoveSpec(product, src, dst, abs(change), reason,
                                                     reference=reference)], actor=actor)
    audit.record(session, actor, "product", product, "adjusted", change=change, reason=reason,
                 bin=bin_code.upper(), note=note)
    sku = _skus(session, [product])[product]
    return MoveResult(tuple(ids), abs(change), ((sku, change),))
