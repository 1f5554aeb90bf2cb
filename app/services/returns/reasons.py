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


def add_reason(session: Session, label: str) -> Reason:
    """A new reason at the end of the list; refused when one has this name already."""
    label = label.strip()
    code = _code(label)
    clash = session.scalar(select(ReturnReason).where(
        (ReturnReason.code == code) | (func.lower(ReturnReason.label) == label.lower())))
    if clash is not None:
        state = "" if clash.active else " (retired: restore it instead)"
        raise InvalidInput(f"There is a reason {clash.label!r} already{state}.")
    return save_reason(session, label)


def _row(session: Session, code: str) -> ReturnReason:
    row = session.scalar(select(ReturnReason).where(ReturnReason.code == code))
    if row is None:
        raise NotFound(f"No return reason {code!r}.")
    return row


def rename_reason(session: Session, code: str, label: str) -> Reason:
    """A new name for a reason. Its code stays, so statistics keep counting it as one;
    returns opened before keep the name they were opened with."""
    row = _row(session, code)
    label = label.strip()
    if not label:
        raise InvalidInput("A return reason needs a name.")
    clash = session.scalar(select(ReturnReason.label).where(
        func.lower(ReturnReason.label) == label.lower(), ReturnReason.code != code))
    if clash is not None:
        raise InvalidInput(f"There is a reason {clash!r} already.")
    return save_reason(session, label, code=code, active=row.active)


def retire_reason(session: Session, code: str, *, retired: bool = True) -> Reason:
    """Retire a reason (no new return can use it; old returns keep it) or restore it."""
    row = _row(session, code)
    if retired and row.active and session.scalar(select(func.count(ReturnReason.id)).where(
            ReturnReason.active.is_(True))) == 1:
        raise InvalidInput("Keep at least one reason: add another before retiring this one.")
    return save_reason(session, row.label, code=code, active=not retired)


def reason_labels(session: Session) -> dict[str, str]:
    """code -> the reason's current name, retired ones too (for statistics)."""
    return dict(session.execute(select(ReturnReason.code, ReturnReason.label)).all())
