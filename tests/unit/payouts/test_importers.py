"""Every payout report test file: every line classified, each payout's lines adding up to its
total to the cent, and that total equal to what the file itself says (read independently here
with the csv module and Decimal)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.payouts import LINE_KINDS
from app.services.core.errors import FileProblem
from app.services.importers import payouts_formats
from app.services.importers.csv_text import Source

DATA = Path(__file__).resolve().parents[2] / "data" / "payouts"


def _parse(name: str, fmt: str | None = None):
    path = DATA / name
    return payouts_formats.parse(Source(name, path.read_bytes()), fmt)


def _rows(name: str, delimiter: str = ",") -> list[dict[str, str]]:
    text = (DATA / name).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _cents(value: str) -> int:
    return int(Decimal(value or "0") * 100)


def _check_lines(result) -> None:
    assert result.ok, result.problems
    for p in result.payouts:
        assert {x.kind for x in p.lines} <= set(LINE_KINDS)
        assert sum(x.amount_minor for x in p.lines) == p.total_minor, p.external_id
        ids = [x.external_id for x in p.lines]
        assert len(ids) == len(set(ids)), "line ids are unique within a payout"


def test_shopify_payments_transactions_real_file():
    name = "shopify_payments_transactions_DaveSprague.csv"
    result = _parse(name)
    assert result.format == "shopify-payments"
    _check_lines(result)
    expected: dict[str, int] = defaultdict(int)
    for r in _rows(name):
        expected[r["Payout Date"]] += _cents(r["Net"])
    assert {p.external_id: p.total_minor for p in result.payouts} == expected
    assert len(result.payouts) == 29
    assert sum(1 for p in result.payouts for x in p.lines if x.kind == "refund") == 17
    assert sum(1 for p in result.payouts for x in p.lines if x.kind == "sale") == 1576


def test_amazon_settlement_v2_built_from_the_documented_header():
    name = "amazon_settlement_v2_docs.txt"
    result = _parse(name)
    assert result.format == "amazon-settlement"
    _check_lines(result)
    rows = _rows(name, "\t")
    (payout,) = result.payouts
    assert payout.external_id == "11877470321"
    assert payout.total_minor == _cents(rows[0]["total-amount"]) == sum(
        _cents(r["amount"]) for r in rows[1:])
    assert len(payout.lines) == len(rows) - 1
    kinds = [x.kind for x in payout.lines]
    assert kinds.count("fee") == 10 and kinds.count("reserve") == 2
    assert kinds.count("refund") == 1 and kinds.count("promotion") == 1


def test_paypal_activity_real_files():
    result = _parse("paypal_activity_ejbest_Download.CSV")
    assert result.format == "paypal"
    _check_lines(result)
    (payout,) = result.payouts
    assert payout.total_minor == sum(_cents(r["Amount"]) for r in
                                     _rows("paypal_activity_ejbest_Download.CSV"))
    # Money paid to merchants is no sale; the card top-ups that paid for it are transfers.
    assert {x.kind for x in payout.lines} == {"adjustment", "transfer"}
    header_only = _parse("paypal_activity_plutov_Download.CSV")
    assert header_only.ok and header_only.payouts == ()


def test_stripe_payments_real_file():
    name = "stripe_payments.csv"
    result = _parse(name)
    assert result.format == "stripe"
    _check_lines(result)
    expected: dict[str, int] = defaultdict(int)
    for r in _rows(name, ";"):
        expected[r["Created date (UTC)"][:7]] += _cents(r["Converted Amount"]) - _cents(r["Fee"])
    assert {p.external_id.rsplit(":", 1)[1]: p.total_minor for p in result.payouts} == expected
    assert {p.currency for p in result.payouts} == {"THB"}
    sale = result.payouts[-1].lines[0]
    assert sale.presented_currency in {"USD", "EUR", "MXN"} and sale.presented_minor


def test_etsy_payments_and_deposits_real_files():
    name = "etsy_extantra_EtsyDirectCheckoutPayments2025.csv"
    result = _parse(name)
    _check_lines(result)
    expected: dict[str, int] = defaultdict(int)
    for r in _rows(name):
        expected[r["Funds Available"]] += _cents(r["Adjusted Net"] or r["Net Amount"])
    assert {p.external_id.split(":", 1)[1]: p.total_minor for p in result.payouts} == expected
    lines = [x for p in result.payouts for x in p.lines]
    assert [x.amount_minor for x in lines if x.kind == "refund"] == [-5425]
    # 27.12 − 1.13 is written as 25.70: the unnamed 0.29 is a line of its own.
    assert [x.amount_minor for x in lines if x.kind == "adjustment"] == [-29]
    deposits = _parse("etsy_extantra_EtsyDeposits2025.csv")
    _check_lines(deposits)
    assert [p.total_minor for p in deposits.payouts] == [
        _cents(r["Amount"]) for r in _rows("etsy_extantra_EtsyDeposits2025.csv")]


def _bad(text: str, name: str = "bad.csv") -> tuple:
    return payouts_formats.parse(Source(name, text.encode()), None).problems


def test_a_bad_cell_is_named_by_file_row_and_column_and_nothing_is_kept():
    head = ("Transaction Date,Type,Order,Payout Status,Payout Date,Amount,Fee,Net,Currency\n")
    good = "2025-06-30 10:00:00 -0400,charge,#1,paid,2025-07-02,10.00,0.59,9.41,USD\n"
    problems = _bad(head + good + "2025-06-30 11:00:00 -0400,charge,#2,paid,2025-07-02,"
                    "ten,0.59,9.41,USD\n")
    assert [str(p) for p in problems] == [
        "bad.csv, row 3, column 'Amount': 'ten' is not a number",
        "bad.csv, row 3, column 'Net': Net is not Amount − Fee"]
    result = payouts_formats.parse(Source("x.csv", (head + good + good.replace(
        "#1", "#3").replace("USD", "EU1")).encode()))
    assert not result.ok and result.payouts == ()


def test_a_missing_column_and_an_unknown_file_are_refused_with_their_names():
    problems = _bad("settlement-id\ttotal-amount\tamount-type\tamount-description\n1\t2\t\t\n",
                    "s.txt")
    assert {p.column for p in problems} >= {"currency", "amount", "posted-date"}
    with pytest.raises(FileProblem, match="not a payout report"):
        payouts_formats.parse(Source("x.csv", b"a,b\n1,2\n"))


def test_amazon_rows_that_do_not_add_up_to_the_total_are_refused():
    path = DATA / "amazon_settlement_v2_docs.txt"
    text = path.read_text().replace("\t-0.75\t", "\t-0.74\t", 1)
    result = payouts_formats.parse(Source("s.txt", text.encode()))
    assert [(p.row, p.column) for p in result.problems] == [(2, "total-amount")]
    assert "add up to -0.75 USD, not the total-amount -0.74 USD" in result.problems[0].reason


_TX = st.tuples(st.sampled_from(["charge", "refund", "adjustment", "chargeback"]),
                st.integers(-10**7, 10**7), st.integers(0, 10**5),
                st.sampled_from(["2025-07-01", "2025-07-02", "2025-07-03"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(_TX, min_size=1, max_size=40))
def test_any_shopify_payout_file_adds_up_to_the_cent(rows):
    head = "Transaction Date,Type,Order,Payout Status,Payout Date,Amount,Fee,Net,Currency\n"
    body = "".join(
        f"2025-06-30 10:{i // 60:02d}:{i % 60:02d} -0400,{kind},#{i},paid,{day},"
        f"{Decimal(amount).scaleb(-2)},{Decimal(fee).scaleb(-2)},"
        f"{Decimal(amount - fee).scaleb(-2)},USD\n"
        for i, (kind, amount, fee, day) in enumerate(rows))
    result = payouts_formats.parse(Source("p.csv", (head + body).encode()))
    _check_lines(result)
    expected: dict[str, int] = defaultdict(int)
    for _kind, amount, fee, day in rows:
        expected[day] += amount - fee
    assert {p.external_id: p.total_minor for p in result.payouts} == expected
