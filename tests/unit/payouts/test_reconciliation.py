"""Storing, matching, settling and finding problems, on SQLite and PostgreSQL (db_url)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Order, Store
from app.models.payouts import PayoutLine, PayoutProblem
from app.services.core.actor import Actor
from app.services.core.errors import FileProblem, InvalidInput
from app.services.reconciliation import importing, problems, reads, settlement
from app.services.reconciliation.demo_month import generate_demo_month

DATA = Path(__file__).resolve().parents[2] / "data" / "payouts"
TODAY = datetime(2026, 11, 20, 12, tzinfo=UTC)
OWNER = Actor("owner", "office")


def _demo(session):
    month = generate_demo_month(session, TODAY)
    got = importing.import_payouts(session, OWNER, month.file_name, month.data,
                                   store="Demo Amazon")
    return month, got


def _open(session) -> set[tuple[str, str]]:
    rows = session.execute(select(PayoutProblem.kind, Order.number).outerjoin(
        Order, Order.id == PayoutProblem.order_id).where(PayoutProblem.resolved_at.is_(None)))
    return {(k, n or "") for k, n in rows}


def test_the_demo_month_finds_every_planted_problem_and_nothing_else(session):
    month, got = _demo(session)
    assert (got.new, got.unchanged, got.matched) == (1, 0, got.lines - 1)
    scan = problems.find_problems(session, month.store_id, now=TODAY)
    assert _open(session) == {("unpaid", month.unpaid), ("duplicate", month.double_fee),
                              ("refund_no_return", month.refund_no_return)}
    assert scan.new == 3
    # Finding again changes nothing.
    assert problems.find_problems(session, month.store_id, now=TODAY).new == 0
    assert session.scalar(select(func.count(PayoutProblem.id))) == 3


def test_importing_the_same_file_twice_changes_nothing(session):
    month, first = _demo(session)
    lines = session.scalar(select(func.count(PayoutLine.id)))
    again = importing.import_payouts(session, OWNER, month.file_name, month.data,
                                     store="Demo Amazon")
    assert (again.new, again.unchanged, again.lines) == (0, 1, 0)
    assert session.scalar(select(func.count(PayoutLine.id))) == lines == first.lines


def test_settlement_per_order(session):
    month, _ = _demo(session)
    by_number = dict(session.execute(select(Order.number, Order.id)).all())
    paid = settlement.order_settlement(session, by_number[month.refund_no_return])
    order = session.get(Order, by_number[month.refund_no_return])
    assert paid.status == "settled" and paid.refunds_minor == -order.subtotal_minor
    assert paid.expected_minor == order.total_minor - order.subtotal_minor
    assert paid.received_minor == paid.expected_minor
    assert settlement.order_settlement(session, by_number[month.unpaid]).status == "unpaid"
    double = settlement.order_settlement(session, by_number[month.double_fee])
    assert double.status == "settled"
    assert double.fees_minor == -2 * (session.get(Order, by_number[month.double_fee])
                                      .subtotal_minor * 15 // 100)


def test_resolving_a_problem_needs_a_note_and_is_audited(session):
    month, _ = _demo(session)
    problems.find_problems(session, month.store_id, now=TODAY)
    pid = session.scalar(select(PayoutProblem.id).where(PayoutProblem.kind == "unpaid"))
    with pytest.raises(InvalidInput):
        problems.resolve_problem(session, OWNER, pid, "  ")
    problems.resolve_problem(session, OWNER, pid, "paid by Amazon in the next settlement")
    row = session.get(PayoutProblem, pid)
    assert row.resolved_by == "owner" and row.note.startswith("paid by Amazon")
    assert session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.entity == "payout_problem", AuditEvent.entity_id == pid)) == 1
    # Resolved by hand, it stays resolved when the problems are looked for again.
    problems.find_problems(session, month.store_id, now=TODAY)
    assert session.get(PayoutProblem, pid).resolved_by == "owner"


def test_lines_naming_no_order_and_a_bad_file(session):
    session.add(Store(name="Dave's", kind="shopify", currency="USD"))
    session.flush()
    name = "shopify_payments_transactions_DaveSprague.csv"
    got = importing.import_payouts(session, OWNER, name, (DATA / name).read_bytes())
    assert (got.new, got.matched) == (29, 0) and got.lines == 1593 + 1576
    problems.find_problems(session, now=TODAY)
    kinds = {k for k, _ in _open(session)}
    assert kinds == {"no_order"}
    with pytest.raises(FileProblem, match=r"row 2, column 'Amount'"):
        importing.import_payouts(session, OWNER, "x.csv", b"Transaction Date,Type,Order,"
                                 b"Payout Status,Payout Date,Amount,Fee,Net,Currency\n"
                                 b"2025-06-30 10:00:00 -0400,charge,#1,paid,2025-07-02,"
                                 b"x,0,0,USD\n")


def test_the_reconcile_report_per_payout(session):
    month, _ = _demo(session)
    problems.find_problems(session, month.store_id, now=TODAY)
    report = reads.reconcile_report(session)
    (payout,) = report["payouts"]
    assert payout["store"] == "Demo Amazon" and payout["difference"] == "0.00 USD"
    assert payout["unmatched"] == 0 and payout["matched"] == payout["lines"] - 1
    kinds = sorted(p["kind"] for p in payout["problems"])
    assert kinds == ["duplicate", "refund_no_return"]
    assert [p["kind"] for p in report["problems"]] == ["unpaid"]
