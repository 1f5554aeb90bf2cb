"""Bank statements stored and payouts found in them, on SQLite and PostgreSQL (db_url)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import Store
from app.models.payouts import BankLine, Payout, PayoutDeposit, PayoutProblem
from app.services.core.actor import Actor
from app.services.core.errors import FileProblem, NotFound
from app.services.importers.bank_statement import BankMapping
from app.services.reconciliation import bank, importing, problems
from app.services.reconciliation.demo_month import BANK_COLUMNS, BANK_LAYOUT, generate_demo_month

TODAY = datetime(2026, 11, 20, 12, tzinfo=UTC)
OWNER = Actor("owner", "office")
DEMO_BANK = BankMapping(columns=BANK_COLUMNS, day_first=True)


def _demo(session):
    month = generate_demo_month(session, TODAY)
    importing.import_payouts(session, OWNER, month.file_name, month.data, store="Demo Amazon")
    bank.save_mapping(session, OWNER, BANK_LAYOUT, DEMO_BANK)
    return month


def _open(session) -> list[str]:
    return sorted(session.scalars(select(PayoutProblem.kind).where(
        PayoutProblem.resolved_at.is_(None))))


def test_the_demo_month_is_found_in_the_bank_and_nothing_else_is_flagged(session):
    month = _demo(session)
    got = bank.import_statement(session, OWNER, month.bank_file_name, month.bank_data,
                                layout=BANK_LAYOUT)
    assert (got.new, got.unchanged, got.matched) == (3, 0, 1)
    (link,) = session.scalars(select(PayoutDeposit))
    assert link.matched_by == "amount+date+reference"
    problems.find_problems(session, None, now=TODAY)
    assert _open(session) == ["duplicate", "refund_no_return", "unpaid"]
    again = bank.import_statement(session, OWNER, month.bank_file_name, month.bank_data,
                                  layout=BANK_LAYOUT)
    assert (again.new, again.unchanged, again.matched) == (0, 3, 0)


def test_a_payout_never_deposited_and_a_deposit_with_no_payout(session):
    month = _demo(session)
    # The statement holds other money, not the settlement, and runs past the window.
    payout = session.scalar(select(Payout))
    day = payout.paid_on + timedelta(days=1)
    text = ("Booking date,Payee,Reference,Amount,Currency\r\n"
            f"{day:%d/%m/%Y},ETSY INC,DEP,77.10,USD\r\n"
            f"{day + timedelta(days=12):%d/%m/%Y},Rent,R,-800.00,USD\r\n")
    bank.import_statement(session, OWNER, "other.csv", text.encode(), layout=BANK_LAYOUT)
    problems.find_problems(session, None, now=TODAY)
    assert _open(session) == ["duplicate", "no_payout", "not_deposited", "refund_no_return",
                              "unpaid"]
    missing = session.scalar(select(PayoutProblem).where(PayoutProblem.kind == "not_deposited"))
    assert missing.payout_id == payout.id and missing.store_id == month.store_id
    stray = session.scalar(select(PayoutProblem).where(PayoutProblem.kind == "no_payout"))
    assert stray.store_id is None and stray.amount_minor == 7710
    # The settlement's deposit arrives in a later statement: both clear themselves.
    late = (f"Booking date,Payee,Reference,Amount,Currency\r\n{day:%d/%m/%Y},AMAZON,X,"
            f"{payout.total_minor / 100:.2f},USD\r\n")
    bank.import_statement(session, OWNER, "late.csv", late.encode(), layout=BANK_LAYOUT)
    problems.find_problems(session, None, now=TODAY)
    assert "not_deposited" not in _open(session)


def _payout(session, store, ext, total, day, source="shopify-payments"):
    p = Payout(store_id=store.id, source=source, external_id=ext, currency="USD",
               total_minor=total, paid_on=day)
    session.add(p)
    session.flush()
    return p


def _line(session, amount, day, words="DEPOSIT"):
    line = BankLine(account="b", external_id=f"{amount}:{day}:{words}", booked_on=day,
                    amount_minor=amount, currency="USD", description=words)
    session.add(line)
    session.flush()
    return line


def test_several_payouts_in_one_deposit_and_equal_payouts_are_offered_not_guessed(session):
    store = Store(name="S", kind="shopify", currency="USD")
    session.add(store)
    session.flush()
    day = datetime(2026, 6, 1, tzinfo=UTC)
    a = _payout(session, store, "2026-06-01", 10000, day)
    b = _payout(session, store, "2026-06-02", 2550, day + timedelta(days=1))
    both = _line(session, 12550, day + timedelta(days=3))
    # Two payouts of the same amount, two deposits of it: which is which is not guessed.
    c = _payout(session, store, "2026-06-10", 4000, day + timedelta(days=9))
    d = _payout(session, store, "2026-06-11", 4000, day + timedelta(days=10))
    first = _line(session, 4000, day + timedelta(days=11))
    _line(session, 4000, day + timedelta(days=12), "DEPOSIT 2")
    run = bank.match_deposits(session)
    links = {x.payout_id: (x.bank_line_id, x.matched_by)
             for x in session.scalars(select(PayoutDeposit))}
    assert links == {a.id: (both.id, "sum"), b.id: (both.id, "sum")}
    assert {pid for pid, _ in run.ambiguous} == {c.id, d.id}
    problems.find_problems(session, None, now=day + timedelta(days=40))
    assert _open(session) == ["deposit_ambiguous", "deposit_ambiguous"]
    bank.link(session, OWNER, c.id, first.id)
    problems.find_problems(session, None, now=day + timedelta(days=40))
    assert _open(session) == []  # d now has one deposit left, and takes it
    assert session.scalar(select(func.count(PayoutDeposit.id))) == 4


def test_the_reference_text_decides_between_equal_amounts(session):
    store = Store(name="E", kind="ebay", currency="USD")
    session.add(store)
    session.flush()
    day = datetime(2026, 6, 1, tzinfo=UTC)
    p = _payout(session, store, "6112345001", 5857, day, source="ebay")
    _line(session, 5857, day + timedelta(days=1), "PAYPAL TRANSFER")
    named = _line(session, 5857, day + timedelta(days=2), "EBAY COMMERCE INC 6112345001")
    bank.match_deposits(session)
    (link,) = session.scalars(select(PayoutDeposit))
    assert (link.payout_id, link.bank_line_id, link.matched_by) == (
        p.id, named.id, "amount+date+reference")


def test_a_bad_statement_and_an_unknown_layout_are_refused(session):
    _demo(session)
    with pytest.raises(FileProblem, match="x.csv, row 2, column 'Amount'"):
        bank.import_statement(session, OWNER, "x.csv",
                              b"Booking date,Payee,Reference,Amount,Currency\n"
                              b"01/02/2026,a,b,zz,USD\n", layout=BANK_LAYOUT)
    with pytest.raises(NotFound, match="no bank layout named 'Nope'; saved: Demo bank"):
        bank.import_statement(session, OWNER, "x.csv", b"", layout="Nope")
    assert session.scalar(select(func.count(BankLine.id))) == 0
