"""What needs a look, found from the stored payouts and orders; resolved with a note.

Finding is idempotent: a problem is known by (kind, key) and found again it changes nothing.
An open problem whose cause is gone (the order got paid) is closed by Backroom with a note
saying so; one resolved by a person stays as that person left it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from sqlalchemy import ColumnElement, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from app.models import Order, Store
from app.models.base import utcnow
from app.models.packing import Shipment
from app.models.payouts import BANK_PROBLEM_KINDS, Payout, PayoutLine, PayoutProblem
from app.models.returns import Return
from app.money import format_money
from app.services.core import audit
from app.services.core.actor import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.reconciliation import bank
from app.services.reconciliation.settlement import GOODS, Settlement, settlements

UNPAID_AFTER_DAYS = 14
# A fee this many times the store's usual rate (and at least HIGH_FEE_MIN over it) is high.
HIGH_FEE_FACTOR = Fraction(3, 2)
HIGH_FEE_MIN = 100
_MIN_ORDERS_FOR_RATE = 5


@dataclass(frozen=True)
class Found:
    kind: str
    key: str
    store_id: int | None
    amount_minor: int
    currency: str
    detail: str
    order_id: int | None = None
    payout_id: int | None = None
    bank_line_id: int | None = None


@dataclass(frozen=True)
class ProblemScan:
    new: int
    open: int
    cleared: int


def find_problems(session: Session, store_id: int | None = None,
                  now: datetime | None = None,
                  unpaid_after_days: int = UNPAID_AFTER_DAYS) -> ProblemScan:
    now = now or utcnow()
    stores = [store_id] if store_id is not None else list(session.scalars(
        select(Payout.store_id).distinct()))
    found: list[Found] = []
    for sid in stores:
        found += _store_problems(session, sid, now - timedelta(days=unpaid_after_days))
    scan = _save(session, found, now, (PayoutProblem.store_id.in_(stores),
                                       PayoutProblem.kind.not_in(BANK_PROBLEM_KINDS)))
    # The bank serves every store: its problems are found (and cleared) all at once.
    banked = [Found(f.kind, f.key, f.store_id, f.amount_minor, f.currency, f.detail,
                    payout_id=f.payout_id, bank_line_id=f.bank_line_id)
              for f in bank.bank_findings(session)
              if store_id is None or f.store_id in (None, store_id)]
    more = _save(session, banked, now, (PayoutProblem.kind.in_(BANK_PROBLEM_KINDS),)
                 if store_id is None else (PayoutProblem.kind.in_(BANK_PROBLEM_KINDS), or_(
                     PayoutProblem.store_id.is_(None), PayoutProblem.store_id == store_id)))
    return ProblemScan(scan.new + more.new, scan.open + more.open,
                       scan.cleared + more.cleared)


def _store_problems(session: Session, sid: int, due: datetime) -> list[Found]:
    start = session.scalar(select(func.min(func.coalesce(Payout.period_start, Payout.paid_on)))
                           .where(Payout.store_id == sid))
    out: list[Found] = []
    out += _line_problems(session, sid)
    duplicates = _duplicates(session, sid)
    out += duplicates
    matched = list(session.scalars(select(PayoutLine.order_id).join(Payout).where(
        Payout.store_id == sid, PayoutLine.order_id.is_not(None)).distinct()))
    settled = settlements(session, [i for i in matched if i is not None])
    for s in settled.values():
        if s.status in ("partly", "overpaid") and s.received_minor:
            kind = "short_paid" if s.status == "partly" else "overpaid"
            out.append(Found(kind, f"order:{s.order_id}", sid,
                             s.received_minor - s.expected_minor, s.currency,
                             f"expected {format_money(s.expected_minor, s.currency)}, "
                             f"received {format_money(s.received_minor, s.currency)}",
                             s.order_id))
    out += _high_fees(sid, settled, {f.order_id for f in duplicates})
    out += _refunds_without_return(session, sid)
    if start is not None:
        out += _unpaid(session, sid, start, due)
    return out


def _line_problems(session: Session, sid: int) -> list[Found]:
    rows = session.execute(select(
        PayoutLine.payout_id, PayoutLine.order_ref, PayoutLine.match_state,
        func.sum(PayoutLine.amount_minor), func.min(PayoutLine.currency),
        func.count()).join(Payout).where(
        Payout.store_id == sid, PayoutLine.match_state.in_(("unmatched", "ambiguous")))
        .group_by(PayoutLine.payout_id, PayoutLine.order_ref, PayoutLine.match_state))
    out = []
    for payout_id, ref, state, amount, cur, count in rows:
        kind = "no_order" if state == "unmatched" else "ambiguous"
        words = (f"{count} line(s) name order '{ref}', which is not in Backroom"
                 if kind == "no_order" else
                 f"{count} line(s) name '{ref}', which fits several orders: pick one")
        out.append(Found(kind, f"{payout_id}:{ref}", sid, int(amount), cur, words,
                         payout_id=payout_id))
    return out


def _duplicates(session: Session, sid: int) -> list[Found]:
    """The same charge twice: one order, same kind, words, amount and moment."""
    rows = session.execute(select(
        PayoutLine.order_id, PayoutLine.kind, PayoutLine.detail, PayoutLine.description,
        PayoutLine.amount_minor, PayoutLine.posted_at, func.min(PayoutLine.currency),
        func.min(PayoutLine.payout_id), func.count()).join(Payout).where(
        Payout.store_id == sid, PayoutLine.order_id.is_not(None),
        PayoutLine.kind.in_(("sale", "fee", "refund"))).group_by(
        PayoutLine.order_id, PayoutLine.kind, PayoutLine.detail, PayoutLine.description,
        PayoutLine.amount_minor, PayoutLine.posted_at).having(func.count() > 1))
    out = []
    for oid, kind, detail, _desc, amount, posted, cur, payout_id, count in rows:
        when = posted.date().isoformat() if posted else ""
        out.append(Found("duplicate", f"{oid}:{kind}:{detail}:{amount}:{when}", sid,
                         amount * (count - 1), cur,
                         f"{kind} '{detail}' of {format_money(amount, cur)} appears {count} "
                         f"times{' on ' + when if when else ''}", oid, payout_id))
    return out


def _high_fees(sid: int, settled: dict[int, Settlement], skip: set[int | None]
               ) -> list[Found]:
    rates = {oid: Fraction(-s.fees_minor, s.received_minor - s.refunds_minor)
             for oid, s in settled.items()
             if s.received_minor - s.refunds_minor > 0 and s.fees_minor < 0}
    if len(rates) < _MIN_ORDERS_FOR_RATE:
        return []
    usual = statistics.median(rates.values())
    out = []
    for oid, rate in rates.items():
        s = settled[oid]
        gross = s.received_minor - s.refunds_minor
        over = -s.fees_minor - round(usual * gross)
        if oid in skip or rate <= usual * HIGH_FEE_FACTOR or over < HIGH_FEE_MIN:
            continue
        out.append(Found("high_fee", f"order:{oid}", sid, s.fees_minor, s.currency,
                         f"fees {format_money(-s.fees_minor, s.currency)} are "
                         f"{float(rate) * 100:.1f}% of the sale; usual "
                         f"{float(usual) * 100:.1f}%", oid))
    return out


def _refunds_without_return(session: Session, sid: int) -> list[Found]:
    rows = session.execute(select(
        PayoutLine.order_id, func.sum(PayoutLine.amount_minor), func.min(PayoutLine.currency),
        func.min(PayoutLine.payout_id)).join(Payout).where(
        Payout.store_id == sid, PayoutLine.kind == "refund", PayoutLine.order_id.is_not(None),
        ~exists().where(Return.order_id == PayoutLine.order_id))
        .group_by(PayoutLine.order_id))
    return [Found("refund_no_return", f"order:{oid}", sid, int(amount), cur,
                  f"refunded {format_money(-int(amount), cur)} with no return recorded",
                  oid, payout_id) for oid, amount, cur, payout_id in rows]


def _unpaid(session: Session, sid: int, start: datetime, due: datetime) -> list[Found]:
    shipped_at = select(func.min(Shipment.shipped_at)).where(
        Shipment.order_id == Order.id).scalar_subquery()
    when = func.coalesce(shipped_at, Order.placed_at)
    paid = exists().where(PayoutLine.order_id == Order.id, PayoutLine.kind.in_(GOODS))
    rows = session.execute(select(Order.id, Order.number, Order.total_minor, Order.currency,
                                  when).where(
        Order.store_id == sid, Order.status == "shipped", Order.placed_at >= start,
        when < due, ~paid))
    return [Found("unpaid", f"order:{oid}", sid, total, cur,
                  f"order {number} shipped {at.date().isoformat() if at else ''} and "
                  "no payout holds it", oid) for oid, number, total, cur, at in rows]


def _save(session: Session, found: list[Found], now: datetime,
          scope: tuple[ColumnElement[bool], ...]) -> ProblemScan:
    """Store what is new; close (as Backroom) the open problems in `scope` not found again."""
    existing = {(p.kind, p.key): p for p in session.scalars(select(PayoutProblem).where(
        *scope))}
    seen = set()
    rows = []
    for f in found:
        if (f.kind, f.key) in existing or (f.kind, f.key) in seen:
            seen.add((f.kind, f.key))
            continue
        seen.add((f.kind, f.key))
        rows.append({"kind": f.kind, "key": f.key[:160], "store_id": f.store_id,
                     "payout_id": f.payout_id, "order_id": f.order_id,
                     "bank_line_id": f.bank_line_id,
                     "amount_minor": f.amount_minor, "currency": f.currency,
                     "detail": f.detail, "found_at": now, "resolved_at": None,
                     "resolved_by": "", "note": ""})
    for i in range(0, len(rows), 2000):
        session.execute(insert(PayoutProblem), rows[i:i + 2000])
    new = len(rows)
    cleared = 0
    for k, p in existing.items():
        if k not in seen and p.resolved_at is None:
            p.resolved_at, p.resolved_by, p.note = now, "backroom", "no longer found"
            cleared += 1
    session.flush()
    still = sum(1 for k, p in existing.items() if k in seen and p.resolved_at is None)
    return ProblemScan(new, new + still, cleared)


def resolve_problem(session: Session, actor: Actor, problem_id: int, note: str
                    ) -> None:
    note = note.strip()
    if not note:
        raise InvalidInput("say in a note why this problem is resolved")
    problem = session.get(PayoutProblem, problem_id)
    if problem is None:
        raise NotFound(f"no reconciliation problem {problem_id}")
    if problem.resolved_at is not None and problem.resolved_by != "backroom":
        raise InvalidInput(f"problem {problem_id} was already resolved by "
                           f"{problem.resolved_by}")
    problem.resolved_at, problem.resolved_by, problem.note = utcnow(), actor.user, note[:2000]
    audit.record(session, actor, "payout_problem", problem_id, "problem resolved",
                 kind=problem.kind, note=note[:200])


def store_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Store.id, Store.name)).all())

