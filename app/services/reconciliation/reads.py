"""What the tab and `backroom reconcile` show: payouts with their counts, lines, problems.

Amounts leave here as integer minor units with their currency; `money_text` turns one into
the exact decimal string the JSON contract uses ("12.50 USD").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.models import Order, Store
from app.models.base import utcnow
from app.models.payouts import Payout, PayoutLine, PayoutProblem
from app.money import to_decimal_text
from app.services.core.errors import NotFound
from app.services.reconciliation.bank import DepositRow, deposit_rows
from app.services.reconciliation.settlement import Settlement, order_settlement


def money_text(minor: int, currency: str) -> str:
    return f"{to_decimal_text(minor, currency)} {currency}"


@dataclass(frozen=True)
class PayoutRow:
    id: int
    store_id: int
    store: str
    source: str
    external_id: str
    currency: str
    paid_on: datetime | None
    total_minor: int
    lines: int
    matched: int
    unmatched: int
    fees_minor: int
    refunds_minor: int
    lines_minor: int
    open_problems: int

    @property
    def difference_minor(self) -> int:
        """What the report's total leaves unexplained by its lines (0 when they agree)."""
        return self.total_minor - self.lines_minor


@dataclass(frozen=True)
class LineRow:
    id: int
    kind: str
    detail: str
    description: str
    order_ref: str
    order_id: int | None
    order_number: str
    match_state: str
    amount_minor: int
    currency: str
    posted_at: datetime | None


@dataclass(frozen=True)
class ProblemRow:
    id: int
    kind: str
    store: str
    payout_id: int | None
    order_id: int | None
    order_number: str
    amount_minor: int
    currency: str
    detail: str
    found_at: datetime
    resolved_at: datetime | None
    resolved_by: str
    note: str
    bank_line_id: int | None = None  # a problem about a bank deposit


def _day(value: date | None, end: bool = False) -> datetime | None:
    if value is None:
        return None
    return datetime.combine(value + timedelta(days=1) if end else value, time(),
                            tzinfo=utcnow().tzinfo)


def payouts(session: Session, store_id: int | None = None, date_from: date | None = None,
            date_to: date | None = None) -> list[PayoutRow]:
    """Newest first; the date filter is on the day paid (or the period's end)."""
    when = func.coalesce(Payout.paid_on, Payout.period_end)
    stats = select(
        PayoutLine.payout_id.label("pid"), func.count().label("n"),
        func.sum(case((PayoutLine.match_state == "matched", 1), else_=0)).label("m"),
        func.sum(case((PayoutLine.match_state.in_(("unmatched", "ambiguous")), 1),
                      else_=0)).label("u"),
        func.sum(case((PayoutLine.kind == "fee", PayoutLine.amount_minor), else_=0)).label("f"),
        func.sum(case((PayoutLine.kind == "refund", PayoutLine.amount_minor),
                      else_=0)).label("r"),
        func.sum(PayoutLine.amount_minor).label("s")).group_by(PayoutLine.payout_id).subquery()
    open_ = select(PayoutProblem.payout_id.label("pid"), func.count().label("o")).where(
        PayoutProblem.resolved_at.is_(None)).group_by(PayoutProblem.payout_id).subquery()
    q = select(Payout.id, Payout.store_id, Store.name, Payout.source, Payout.external_id,
               Payout.currency, Payout.paid_on, Payout.total_minor,
               func.coalesce(stats.c.n, 0), func.coalesce(stats.c.m, 0),
               func.coalesce(stats.c.u, 0), func.coalesce(stats.c.f, 0),
               func.coalesce(stats.c.r, 0), func.coalesce(stats.c.s, 0),
               func.coalesce(open_.c.o, 0)).join(Store, Store.id == Payout.store_id).outerjoin(
        stats, stats.c.pid == Payout.id).outerjoin(open_, open_.c.pid == Payout.id)
    if store_id is not None:
        q = q.where(Payout.store_id == store_id)
    if date_from is not None:
        q = q.where(when >= _day(date_from))
    if date_to is not None:
        q = q.where(when < _day(date_to, end=True))
    q = q.order_by(when.desc(), Payout.id.desc())
    # PostgreSQL sums come back as Decimal: counts and minor units are whole numbers.
    return [PayoutRow(*r[:7], *(int(v) for v in r[7:])) for r in session.execute(q)]


def payout_lines(session: Session, payout_id: int, *, after_id: int = 0,
                 limit: int | None = None) -> list[LineRow]:
    """A payout's lines in file order; `after_id`/`limit` page through big settlements."""
    if session.get(Payout, payout_id) is None:
        raise NotFound(f"no payout {payout_id}")
    # The page's ids first, from the (payout, ...) index alone; only those rows are read and
    # joined to their orders. Joining before the LIMIT read and joined every line of the
    # payout to sort them (0.45 s of the tab's first paint for a 100,000-line settlement).
    page = select(PayoutLine.id).where(PayoutLine.payout_id == payout_id,
                                       PayoutLine.id > after_id).order_by(PayoutLine.id)
    if limit is not None:
        page = page.limit(limit)
    q = select(PayoutLine.id, PayoutLine.kind, PayoutLine.detail, PayoutLine.description,
               PayoutLine.order_ref, PayoutLine.order_id, func.coalesce(Order.number, ""),
               PayoutLine.match_state, PayoutLine.amount_minor, PayoutLine.currency,
               PayoutLine.posted_at).outerjoin(Order, Order.id == PayoutLine.order_id).where(
        PayoutLine.id.in_(page.scalar_subquery())).order_by(PayoutLine.id)
    return [LineRow(*tuple(r)) for r in session.execute(q)]


def order_lines(session: Session, order_id: int) -> list[tuple[int, LineRow]]:
    """(payout id, line) for every payout line matched to the order: from order to payout."""
    q = select(PayoutLine.payout_id, PayoutLine.id, PayoutLine.kind, PayoutLine.detail,
               PayoutLine.description, PayoutLine.order_ref, PayoutLine.order_id,
               Order.number, PayoutLine.match_state, PayoutLine.amount_minor,
               PayoutLine.currency, PayoutLine.posted_at).join(
        Order, Order.id == PayoutLine.order_id).where(PayoutLine.order_id == order_id)
    return [(r[0], LineRow(*tuple(r)[1:])) for r in session.execute(q)]


def problems(session: Session, store_id: int | None = None, open_only: bool = True,  # noqa: PLR0913
             payout_id: int | None = None, *, after_id: int = 0,
             limit: int | None = None) -> list[ProblemRow]:
    q = select(PayoutProblem.id, PayoutProblem.kind, func.coalesce(Store.name, ""),
               PayoutProblem.payout_id,
               PayoutProblem.order_id, func.coalesce(Order.number, ""),
               PayoutProblem.amount_minor, PayoutProblem.currency, PayoutProblem.detail,
               PayoutProblem.found_at, PayoutProblem.resolved_at, PayoutProblem.resolved_by,
               PayoutProblem.note, PayoutProblem.bank_line_id).outerjoin(
        Store, Store.id == PayoutProblem.store_id).outerjoin(
        Order, Order.id == PayoutProblem.order_id)
    if store_id is not None:
        q = q.where(PayoutProblem.store_id == store_id)
    if open_only:
        q = q.where(PayoutProblem.resolved_at.is_(None))
    if payout_id is not None:
        q = q.where(PayoutProblem.payout_id == payout_id)
    q = q.where(PayoutProblem.id > after_id).order_by(PayoutProblem.id)
    if limit is not None:
        q = q.limit(limit)
    return [ProblemRow(*tuple(r)) for r in session.execute(q)]


def store_id_of(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    sid = session.scalar(select(Store.id).where(Store.name == name))
    if sid is None:
        raise NotFound(f"no store named '{name}'")
    return sid


def problem_json(p: ProblemRow) -> dict[str, object]:
    out: dict[str, object] = {"id": p.id, "kind": p.kind, "order": p.order_number or None,
                              "amount": money_text(p.amount_minor, p.currency),
                              "detail": p.detail}
    if p.bank_line_id is not None:
        out["bank_line"] = p.bank_line_id
    return out


def _deposit_json(d: DepositRow | None) -> dict[str, object] | None:
    if d is None or d.bank_line_id is None or d.deposit_minor is None:
        return None
    return {"bank_line": d.bank_line_id,
            "booked_on": d.booked_on.date().isoformat() if d.booked_on else None,
            "amount": money_text(d.deposit_minor, d.currency), "matched_by": d.matched_by}


def reconcile_report(session: Session, store: str | None = None,
                     date_from: date | None = None, date_to: date | None = None
                     ) -> dict[str, object]:
    """The `backroom reconcile --json` document (docs/cli-json.md)."""
    sid = store_id_of(session, store)
    rows = payouts(session, sid, date_from, date_to)
    open_problems = problems(session, sid)
    deposits = {d.payout_id: d for d in deposit_rows(session, sid)}
    per_payout: dict[int | None, list[ProblemRow]] = {}
    for p in open_problems:
        per_payout.setdefault(p.payout_id, []).append(p)
    return {
        "payouts": [{
            "id": r.id, "store": r.store, "source": r.source, "report_id": r.external_id,
            "paid_on": r.paid_on.date().isoformat() if r.paid_on else None,
            "paid_out": money_text(r.total_minor, r.currency), "lines": r.lines,
            "matched": r.matched, "unmatched": r.unmatched,
            "fees": money_text(r.fees_minor, r.currency),
            "refunds": money_text(r.refunds_minor, r.currency),
            "difference": money_text(r.difference_minor, r.currency),
            "reaches_bank": r.id in deposits,
            "deposit": _deposit_json(deposits.get(r.id)),
            "problems": [problem_json(p) for p in per_payout.get(r.id, [])]}
            for r in rows],
        # Problems of no single payout (an order never paid).
        "problems": [problem_json(p) for p in per_payout.get(None, [])],
    }


def settlement_json(session: Session, order_id: int) -> dict[str, object]:
    """The `settlement` object `backroom orders show N --json` carries."""
    s: Settlement = order_settlement(session, order_id)
    return {"expected": money_text(s.expected_minor, s.currency),
            "received": money_text(s.received_minor, s.currency),
            "fees": money_text(s.fees_minor, s.currency),
            "refunds": money_text(s.refunds_minor, s.currency), "status": s.status}


def stores(session: Session) -> list[tuple[int, str]]:
    """Stores that have payouts, then the others: (id, name)."""
    with_payouts = set(session.scalars(select(Payout.store_id).distinct()))
    rows = session.execute(select(Store.id, Store.name).order_by(Store.name)).all()
    return sorted(((i, n) for i, n in rows), key=lambda r: (r[0] not in with_payouts, r[1]))


def open_problem_count(session: Session, store_id: int | None = None) -> int:
    q = select(func.count(PayoutProblem.id)).where(PayoutProblem.resolved_at.is_(None))
    if store_id is not None:
        q = q.where(PayoutProblem.store_id == store_id)
    return int(session.scalar(q) or 0)
