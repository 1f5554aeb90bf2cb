"""A month of one store's (or every store's) reconciliation, gathered for an export: the
payouts paid in the month with the bank line each arrived in, and the problems about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from app.services.core.errors import InvalidInput
from app.services.reconciliation import bank
from app.services.reconciliation.bank import DepositRow
from app.services.reconciliation.reads import (
    PayoutRow,
    ProblemRow,
    payouts,
    problems,
    store_id_of,
)


@dataclass(frozen=True)
class MonthReport:
    title: str
    month: str  # YYYY-MM
    store: str  # "" for all stores
    payouts: tuple[tuple[PayoutRow, DepositRow | None], ...]
    problems: tuple[ProblemRow, ...]  # open and resolved, with their notes

    def totals(self) -> dict[str, tuple[int, int, int, int]]:
        """Per currency: paid out, fees, refunds, deposited."""
        out: dict[str, tuple[int, int, int, int]] = {}
        for p, d in self.payouts:
            paid, fees, refunds, banked = out.get(p.currency, (0, 0, 0, 0))
            out[p.currency] = (paid + p.total_minor, fees + p.fees_minor,
                               refunds + p.refunds_minor,
                               banked + (p.total_minor if d and d.bank_line_id else 0))
        return out


def _month_bounds(month: str) -> tuple[date, date]:
    try:
        first = datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise InvalidInput(f"'{month}' is not a month like 2026-10") from None
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def month_report(session: Session, month: str, store: str | None = None) -> MonthReport:
    first, last = _month_bounds(month)
    sid = store_id_of(session, store)
    rows = payouts(session, sid, first, last)
    deposits = {d.payout_id: d for d in bank.deposit_rows(session, sid)}
    ids = {r.id for r in rows}
    found = [p for p in problems(session, sid, open_only=False)
             if p.payout_id in ids or (p.payout_id is None and (
                 p.resolved_at is None or p.resolved_at.date() >= first))]
    title = f"Reconciliation {month}" + (f" — {store}" if store else " — all stores")
    return MonthReport(title, month, store or "",
                       tuple((r, deposits.get(r.id)) for r in reversed(rows)), tuple(found))
