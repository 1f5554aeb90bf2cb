"""eBay transaction report, Stripe itemized payout reconciliation, and the bank statement:
every line of each test file classified, each payout adding up to the total the file states
(read here independently with the csv module and Decimal), bad cells named."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.payouts import LINE_KINDS
from app.services.importers import bank_statement, payouts_formats, payouts_paypal
from app.services.importers.bank_statement import BankMapping
from app.services.importers.csv_text import Source

DATA = Path(__file__).resolve().parents[2] / "data" / "payouts"


def _parse(name: str, fmt: str | None = None):
    return payouts_formats.parse(Source(name, (DATA / name).read_bytes()), fmt)


def _cents(value: str) -> int:
    return 0 if value in ("", "--") else int(Decimal(value) * 100)


def _check_lines(result) -> None:
    assert result.ok, result.problems
    for p in result.payouts:
        assert {x.kind for x in p.lines} <= set(LINE_KINDS)
        assert sum(x.amount_minor for x in p.lines) == p.total_minor, p.external_id
        ids = [x.external_id for x in p.lines]
        assert len(ids) == len(set(ids))


def test_ebay_transaction_report_built_from_the_documented_header():
    name = "ebay_transaction_report_docs.csv"
    result = _parse(name)
    assert result.format == "ebay"
    _check_lines(result)
    text = (DATA / name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text[text.index('"Transaction creation date"'):])))
    stated = {r["Payout ID"]: -_cents(r["Net amount"]) for r in rows if r["Type"] == "Payout"}
    nets: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["Type"] != "Payout":
            nets[r["Payout ID"] if r["Payout ID"] != "--" else "pending:USD"] += _cents(
                r["Net amount"])
    totals = {p.external_id: p.total_minor for p in result.payouts}
    assert totals == {**{k: v for k, v in nets.items()}}
    assert all(totals[k] == v for k, v in stated.items())
    # Every money row became lines; the two Payout rows are the payouts' totals.
    assert len(result.skipped) == 2 and result.rows == len(rows)
    paid = {p.external_id: p for p in result.payouts}
    assert paid["6112345001"].stated_total and paid["6112345001"].reaches_bank
    assert not paid["pending:USD"].reaches_bank
    kinds = {(x.kind, x.detail) for p in result.payouts for x in p.lines}
    assert ("fee", "Final Value Fee - variable") in kinds and ("refund",
                                                              "refund: item subtotal") in kinds
    assert ("tax", "eBay collected tax, remitted") in kinds


def test_ebay_payout_that_does_not_add_up_is_refused_with_its_row():
    text = (DATA / "ebay_transaction_report_docs.csv").read_text(encoding="utf-8")
    bad = text.replace('"Payout","--","--","--","--","--","--","--","--","-58.57"',
                       '"Payout","--","--","--","--","--","--","--","--","-58.58"')
    assert bad != text
    result = payouts_formats.parse(Source("ebay.csv", bad.encode()))
    assert not result.payouts
    (problem,) = result.problems
    assert problem.column == "Net amount" and "58.58" in problem.reason


def test_stripe_itemized_payout_reconciliation_built_from_the_documented_columns():
    name = "stripe_payout_reconciliation_itemized_docs.csv"
    result = _parse(name)
    assert result.format == "stripe"
    _check_lines(result)
    rows = list(csv.DictReader(io.StringIO((DATA / name).read_text(encoding="utf-8"))))
    nets: dict[str, int] = defaultdict(int)
    for r in rows:
        nets[r["automatic_payout_id"]] += _cents(r["net"])
    assert {p.external_id: p.total_minor for p in result.payouts} == nets
    lines = [x for p in result.payouts for x in p.lines]
    assert {x.kind for x in lines} == {"sale", "fee", "refund", "chargeback", "reserve"}
    converted = next(x for x in lines if x.order_ref == "1042" and x.kind == "sale")
    assert (converted.presented_minor, converted.presented_currency) == (10850, "EUR")
    assert all(p.reaches_bank and p.paid_on is not None for p in result.payouts)


def test_paypal_and_stripe_share_one_row_loop():
    # The PayPal and Stripe payments parsers keep lines, skipped rows and repeated ids in
    # the same LineBook: a repeated transaction id gets the same counter suffix in both.
    head = "Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net,Transaction ID\n"
    row = "01/02/2024,10:00:00,PST,A,Express Checkout Payment,Completed,USD,10.00,-0.59,9.41,T1\n"
    result = payouts_paypal.parse(Source("p.csv", (head + row + row).encode()))
    ids = [x.external_id for p in result.payouts for x in p.lines]
    assert ids == ["T1", "T1|fee", "T1|2", "T1|2|fee"]


MAPPING = BankMapping(columns={"date": "Booking date", "amount": "Amount",
                               "description": "Payee", "reference": "Reference"},
                      currency="EUR", day_first=True)


def test_bank_statement_through_a_mapping():
    name = "bank_statement_generic.csv"
    parsed = bank_statement.parse(Source(name, (DATA / name).read_bytes()), MAPPING)
    assert parsed.ok, parsed.problems
    rows = list(csv.DictReader(io.StringIO((DATA / name).read_text(encoding="utf-8")),
                               delimiter=";"))
    assert len(parsed.lines) == len(rows)
    assert [x.amount_minor for x in parsed.lines] == [
        int(Decimal(r["Amount"].replace(".", "").replace(",", ".")) * 100) for r in rows]
    assert parsed.lines[0].booked_on.month == 7  # 03/07/2024 read day first
    assert len({x.external_id for x in parsed.lines}) == len(rows)


def test_bank_statement_credit_and_debit_columns_and_a_bad_cell():
    text = "Date,Text,Credit,Debit\n2024-07-01,PAYPAL,12.50,\n2024-07-02,Rent,,400.00\n"
    mapping = BankMapping(columns={"date": "Date", "credit": "Credit", "debit": "Debit",
                                   "description": "Text"})
    parsed = bank_statement.parse(Source("b.csv", text.encode()), mapping)
    assert [x.amount_minor for x in parsed.lines] == [1250, -40000]
    bad = bank_statement.parse(Source("b.csv", text.replace("400.00", "4x0").encode()),
                               mapping)
    assert not bad.lines
    (problem,) = bad.problems
    assert (problem.file, problem.row, problem.column) == ("b.csv", 3, "Debit")


def test_a_mapping_naming_a_missing_column_is_refused_by_name():
    mapping = BankMapping(columns={"date": "Datum", "amount": "Betrag"})
    parsed = bank_statement.parse(Source("b.csv", b"Date,Amount\n2024-01-01,1.00\n"), mapping)
    assert {p.column for p in parsed.problems} == {"date", "amount"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-10**7, 10**7), st.integers(1, 28)), min_size=1,
                max_size=30))
def test_any_bank_statement_keeps_every_cent_and_each_line_once(lines):
    text = "Date,Amount,Payee\n" + "".join(
        f"2024-03-{day:02d},{Decimal(cents).scaleb(-2):.2f},x\n" for cents, day in lines)
    mapping = BankMapping(columns={"date": "Date", "amount": "Amount", "description": "Payee"})
    parsed = bank_statement.parse(Source("b.csv", text.encode()), mapping)
    assert [x.amount_minor for x in parsed.lines] == [c for c, _ in lines]
    assert len({x.external_id for x in parsed.lines}) == len(lines)
