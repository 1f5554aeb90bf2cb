"""A return's status from what happened to it: closed, refunded, received, awaiting, open,
expected."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import utcnow
from app.models.returns import Return, ReturnLine


def settle(session: Session, ret: Return, *,
           totals: tuple[int, int] | None = None) -> tuple[str, int]:
    """Set the status (a closed return stays closed); (status, units still to arrive).
    `totals`: the return's (units expected, units received), when the caller knows them."""
    expected, received = totals if totals is not None else session.execute(
        select(func.coalesce(func.sum(ReturnLine.quantity), 0),
               func.coalesce(func.sum(ReturnLine.received), 0))
        .where(ReturnLine.return_id == ret.id)).one()
    remaining = int(expected) - int(received)
    if ret.status == "closed":
        return ret.status, remaining
    if ret.refunded_at is not None:  # set by every refund
        ret.status = "refunded"
    elif expected and received >= expected:
        ret.status = "received"
    elif not received and ret.status == "expected":
        pass  # announced by the store, nothing here yet: still expected
    elif received or ret.tracking:
        ret.status = "awaiting"
    else:
        ret.status = "open"
    if expected and received >= expected and ret.received_at is None:
        ret.received_at = utcnow()
    return ret.status, remaining
