"""A reconciled payout as CSV for the accountant: every line, its order and its state."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models.money import to_decimal_text
from app.models.payouts import Payout
from app.services.core.csv_out import csv_text
from app.services.core.errors import NotFound
from app.services.reconciliation.reads import payout_lines

HEADER = ("payout", "posted", "kind", "detail", "order reference", "order", "match",
          "amount", "currency", "description")


def payout_csv(session: Session, payout_id: int) -> tuple[str, str]:
    """(suggested file name, CSV text); the last row is the payout's total."""
    payout = session.get(Payout, payout_id)
    if payout is None:
        raise NotFound(f"no payout {payout_id}")
    rows: list[tuple[object, ...]] = [
        (payout.external_id, x.posted_at.date().isoformat() if x.posted_at else "", x.kind,
         x.detail, x.order_ref, x.order_number, x.match_state,
         to_decimal_text(x.amount_minor, x.currency), x.currency, x.description)
        for x in payout_lines(session, payout_id)]
    rows.append((payout.external_id, payout.paid_on.date().isoformat() if payout.paid_on
                 else "", "total", "paid out", "", "", "",
                 to_decimal_text(payout.total_minor, payout.currency), payout.currency, ""))
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in payout.external_id)
    return f"payout-{payout.source}-{safe}.csv", csv_text(HEADER, rows)
