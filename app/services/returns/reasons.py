"""The list of return reasons the owner edits (migration 0730 seeds the usual ones)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.returns import ReturnReason
from app.services.core.errors import InvalidInput, NotFound

DEFAULT_REASONS = (("wrong_item", "Wrong item sent"), ("damaged", "Damaged in transit"),
                   ("not_as_described", "Not as described"), ("changed_mind", "Changed mind"),
                   ("doesnt_fit", "Doesn't fit"), ("defective", "Defective"),
                   ("late", "Arrived too late"), ("other", "Other"))


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    active: bool


def _code(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower().replace("'", "")).strip("_")[:32]


def list_reasons(session: Session, *, include_inactive: bool = False) -> list[Reason]:
    q = select(ReturnReason).order_by(ReturnReason.position, ReturnReason.id)
    if not include_inactive:
        q = q.where(ReturnReason.active.is_(True))
    return [Reason(r.code, r.label, r.active) for r in session.scalars(q)]


def save_reason(session: Session, label: str, *, code: str = "", active: bool = True) -> Reason:
    """Add a reason, or rename / (de)activate the one with this code."""
    label = label.strip()
    if not label:
        raise InvalidInput("A return reason needs a name.")
    code = _code(code or label)
    if not code:
        raise InvalidInput(f"{label!r} is not a usable reason name.")
    row = session.scalar(select(ReturnReason).where(ReturnReason.code == code))
    if row is None:
        last = session.scalar(select(func.max(ReturnReason.position))) or 0
        row = ReturnReason(code=code, label=label[:120], active=active, position=last + 1)
        session.add(row)
    else:
        row.label, row.active = label[:120], active
    session.flush()
    return Reason(row.code, row.label, row.active)


def find_reason(session: Session, text: str) -> Reason:
    """A reason by its code or its label, as typed ("damaged", "Damaged in transit")."""
    wanted = text.strip()
    if not wanted:
        raise InvalidInput("A return needs a reason.")
    row = session.scalar(select(ReturnReason).where(ReturnReason.code == _code(wanted)))
    if row is None:
        row = session.scalar(select(ReturnReason).where(
            func.lower(ReturnReason.label) == wanted.lower()))
    if row is None or not row.active:
        known = ", ".join(r.code for r in list_reasons(session))
        raise NotFound(f"No return reason {wanted!r}; use one of: {known}.")
    return Reason(row.code, row.label, row.active)
