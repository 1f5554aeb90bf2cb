"""The approval limit: posting a count that writes on or off this much value at cost needs a
supervisor's PIN. One limit per currency; a currency without one uses DEFAULT_LIMIT."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import utcnow
from app.models.counts import CountApprovalLimit
from app.money import Money, exponent, format_money
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput
from app.services.core.supervisors import supervisor_for_pin

DEFAULT_LIMIT = Decimal("250.00")     # in major units of each currency
_MAX_MINOR = 2**31 - 1                # what the column holds on both databases


def default_limit_minor(currency: str) -> int:
    return int(DEFAULT_LIMIT.scaleb(exponent(currency)))


def approval_limits(session: Session, currencies: Iterable[str] = ()) -> dict[str, int]:
    """Currency -> limit in minor units: every limit set, plus the default for `currencies`."""
    limits = {cur: default_limit_minor(cur) for cur in currencies}
    limits.update(dict(session.execute(select(CountApprovalLimit.currency,
                                              CountApprovalLimit.limit_minor)).all()))
    return limits


def set_approval_limit(session: Session, amount: str, currency: str, *, pin: str,
                       actor: Actor) -> str:
    """Set the limit for one currency ("300.00", "EUR"); a supervisor's PIN allows it (else
    anyone could lift the limit they are held to). Returns who approved."""
    currency = currency.strip().upper()
    try:
        money = Money.of(amount.strip(), currency)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise InvalidInput(f"Write the limit as an amount and a currency, e.g. 250.00 EUR "
                           f"(not {amount!r} {currency!r}).") from exc
    if money.amount != Decimal(amount.strip()):
        raise InvalidInput(f"{amount} has more decimals than {currency} has.")
    if not 0 < money.minor <= _MAX_MINOR:
        raise InvalidInput(f"The limit must be above zero and at most "
                           f"{format_money(_MAX_MINOR, currency)}.")
    approver = supervisor_for_pin(session, pin)
    row = session.get(CountApprovalLimit, currency)
    if row is None:
        session.add(CountApprovalLimit(currency=currency, limit_minor=money.minor,
                                       set_by=approver))
    else:
        row.limit_minor, row.set_at, row.set_by = money.minor, utcnow(), approver
    session.flush()
    audit.record(session, actor, "count_approval_limit", 0, "set", currency=currency,
                 limit_minor=money.minor, approved_by=approver)
    return approver
