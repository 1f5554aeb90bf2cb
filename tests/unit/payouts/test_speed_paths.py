"""The fast paths of issue 17's speed goals give what the careful paths give."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.importers import payouts_amazon
from app.services.importers.csv_text import Source
from app.services.reconciliation import importing, reads
from app.services.reconciliation.demo_month import generate_demo_month

DATA = Path(__file__).resolve().parents[2] / "data" / "payouts"
HEADER = payouts_amazon.HEADER


def _both(source: Source):
    """(column-at-a-time result, row-at-a-time result) of one settlement file."""
    fast = payouts_amazon.parse(source)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(payouts_amazon, "_columns_at_once", lambda *_args: None)
        slow = payouts_amazon.parse(source)
    return fast, slow


def test_the_documented_settlement_reads_the_same_column_at_a_time():
    path = DATA / "amazon_settlement_v2_docs.txt"
    fast, slow = _both(Source(path.name, path.read_bytes()))
    assert fast.ok and fast == slow


_CELL = st.sampled_from(["", "Order", "Refund", "ItemPrice", "ItemFees", "Principal",
                         "Commission", "Reserve", " Tax ", "a\x01b", "x" * 90])
_AMOUNT = st.sampled_from(["1.00", "-2.50", " 3.10 ", "", "4", "5,10", "1.234", "abc",
                           "-0.01"])
_DAY = st.sampled_from(["2026-10-20", "", "20.10.2026", "not a day", "2026-10-20 10:00:00 UTC"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL, _CELL, _AMOUNT, _DAY, _CELL,
                          st.sampled_from(["", "USD", "usd", "EUR"])),
                min_size=1, max_size=6))
def test_any_settlement_reads_the_same_column_at_a_time(rows):
    # Any cell only the careful path reads (a problem, a decimal comma, a bad date) sends
    # the whole file that way: lines and problems come out the same either way.
    lines, total = [], 0
    for ttype, atype, desc, amount, day, order, currency in rows:
        cells = dict.fromkeys(HEADER, "")
        cells.update({"settlement-id": "9", "currency": currency, "transaction-type": ttype,
                      "order-id": order, "amount-type": atype, "amount-description": desc,
                      "amount": amount, "posted-date": day})
        lines.append("\t".join(cells[h] for h in HEADER))
        plain = amount.strip()
        if plain.replace("-", "").replace(".", "").isdigit() and plain.count(".") == 1 \
                and len(plain.partition(".")[2]) == 2:
            total += int(plain.replace(".", ""))
    summary = dict.fromkeys(HEADER, "")
    sign, cents = ("-" if total < 0 else ""), abs(total)
    summary.update({"settlement-id": "9", "currency": "USD",
                    "total-amount": f"{sign}{cents // 100}.{cents % 100:02d}"})
    text = "\n".join(["\t".join(HEADER), "\t".join(summary[h] for h in HEADER), *lines])
    fast, slow = _both(Source("s.txt", text.encode()))
    assert fast == slow


def test_the_tab_reads_the_first_payouts_lines_once(qtbot, backend, tmp_path, monkeypatch):
    # Selecting the first payout loaded its lines twice (the signal, then a direct call):
    # one whole read more before the tab's first paint.
    from app.ui.reconciliation.tab import ReconciliationTab

    made = backend.run(generate_demo_month, datetime.now(UTC))
    backend.run(importing.import_payouts, backend.actor, made.file_name, made.data)
    calls = []
    real = reads.payout_lines

    def counted(*args, **kwargs):
        calls.append(kwargs.get("after_id", 0))
        return real(*args, **kwargs)

    monkeypatch.setattr(reads, "payout_lines", counted)
    tab = ReconciliationTab(backend)
    qtbot.addWidget(tab)
    assert calls == [0]
    assert tab.lines_model.rowCount() > 0


def test_paged_lines_are_every_line_in_file_order(backend):
    made = backend.run(generate_demo_month, datetime.now(UTC))
    backend.run(importing.import_payouts, backend.actor, made.file_name, made.data)
    (payout,) = backend.read(reads.payouts)
    whole = backend.read(reads.payout_lines, payout.id)
    paged, last = [], 0
    while page := backend.read(reads.payout_lines, payout.id, after_id=last, limit=7):
        paged += page
        last = page[-1].id
    assert paged == whole and [x.id for x in whole] == sorted(x.id for x in whole)
    assert len(whole) == payout.lines
