"""What the fast push (issue 20's 2 s goal) must keep: the buffer rules worked out in SQL give
what Rule.allow gives, the column-at-a-time file writing gives what row-at-a-time csv.writer
gives, and a push reports its steps and can be cancelled with nothing written."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models.push import PushedLevel, StockPush
from app.services.core.csv_out import safe_cell
from app.services.core.errors import Cancelled
from app.services.push import buffers, pushing
from app.services.push.buffers import NO_RULE, Rule
from app.services.push.files import FileOptions, handle, handles, render
from app.services.push.quantities import Listing
from tests.unit.push.helpers import ACTOR, add_product, store

HAVE = (0, 1, 3, 7, 10, 33, 100)
PRODUCT_RULES = (None, Rule(keep=2), Rule(max_quantity=4), Rule(percent=50),
                 Rule(keep=1, percent=30), Rule(keep=0, max_quantity=0, percent=100),
                 Rule(max_quantity=5, percent=75))


@pytest.mark.parametrize("store_rule", [
    NO_RULE, Rule(keep=3), Rule(max_quantity=6), Rule(percent=40),
    Rule(keep=1, max_quantity=20, percent=90)])
def test_sql_buffer_rules_give_what_rule_allow_gives(backend, store_rule):
    """Every product rule over every store rule, over stock from none to plenty."""
    expected = {}

    def world(session):
        store(session, "Web", "woocommerce")
        for i, have in enumerate(HAVE):
            for j, rule in enumerate(PRODUCT_RULES):
                sku = f"P{i}-{j}"
                add_product(session, sku, have)
                expected[sku] = (have, rule)
    backend.run(world)
    if store_rule != NO_RULE:
        backend.run(buffers.set_buffer, "Web", keep=store_rule.keep,
                    max_quantity=store_rule.max_quantity, percent=store_rule.percent)
    for sku, (_have, rule) in expected.items():
        if rule is not None:
            backend.run(buffers.set_buffer, "Web", sku, keep=rule.keep,
                        max_quantity=rule.max_quantity, percent=rule.percent)
    plan = backend.read(pushing.plan_push, "Web", everything=True)
    got = {r.channel_sku: (r.available, r.buffer, r.quantity) for r in plan.rows}
    want = {}
    for sku, (have, rule) in expected.items():
        allowed = (rule.over(store_rule) if rule else store_rule).allow(have)
        want[sku] = (have, have - allowed, allowed)
    assert got == want
    assert [r.channel_sku for r in plan.rows] == sorted(want)


@given(st.lists(st.text(max_size=25), max_size=8))
def test_handles_of_many_names_are_each_names_handle(names):
    assert handles(names) == [handle(n) for n in names]


CELL = st.text(max_size=12)


@given(st.lists(st.tuples(CELL, CELL, CELL, st.text(max_size=3), st.integers(0, 99),
                          st.integers(0, 9)), min_size=1, max_size=6),
       st.text(min_size=1, max_size=10).filter(str.strip))
def test_shopify_file_of_many_rows_is_what_csv_writer_writes(cells, location):
    rows = [Listing(sku or "S", 1, sku or "S", name, q + 1, 1, q, c, False, "", hs, coo)
            for name, sku, hs, coo, q, c in cells]
    made = render("shopify-inventory", rows, FileOptions(location=location)).text
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(render("shopify-inventory", [], FileOptions(location=location))
                    .text.rstrip("\r\n").split(","))
    for r in rows:
        writer.writerow([handle(r.name), safe_cell(r.name), "", "", "", "", "", "",
                         safe_cell(r.channel_sku), safe_cell(r.hs_code), safe_cell(r.origin),
                         safe_cell(location.strip()), "", "", "", r.committed, r.quantity, "",
                         r.quantity + r.committed])
    assert made == out.getvalue()


@given(st.lists(st.tuples(CELL, st.integers(0, 9), st.booleans(), CELL), max_size=6))
def test_other_files_of_many_rows_are_what_csv_writer_writes(cells):
    rows = [Listing(sku, 1, sku, "n", q, 0, q, 0, fba, listing, "", "")
            for sku, q, fba, listing in cells]
    for fmt, delimiter, end, cells_of in (
            ("woocommerce", ",", "\r\n",
             lambda r: [safe_cell(r.channel_sku), 1 if r.quantity > 0 else 0, r.quantity]),
            ("amazon-quantity", "\t", "\n",
             lambda r: [safe_cell(r.channel_sku), "", "", "", r.quantity, "", "DEFAULT"]),
            ("ebay", ",", "\r\n",
             lambda r: ["Revise", safe_cell(r.listing_id), safe_cell(r.channel_sku),
                        r.quantity])):
        made = render(fmt, rows, FileOptions()).text
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator=end)
        kept = [r for r in rows if not (fmt == "amazon-quantity" and r.channel_fulfilled)]
        writer.writerows(cells_of(r) for r in kept)
        assert made.split(end, 1)[1] == out.getvalue()


def test_a_push_reports_its_steps_and_stops_when_cancelled(backend, tmp_path):
    backend.run(lambda s: (add_product(s, "MUG", 4), store(s, "Web", "woocommerce")))
    out = tmp_path / "out"
    out.mkdir()
    steps: list[tuple[int, int]] = []

    def cancel_after_planning() -> bool:
        return len(steps) >= pushing.PLAN_STEPS + 1   # once the plan is made
    with pytest.raises(Cancelled):
        backend.run(pushing.push_stock, "Web", out / "x.csv", actor=ACTOR,
                    progress=lambda done, total: steps.append((done, total)),
                    cancelled=cancel_after_planning)
    assert list(out.iterdir()) == []   # no file, not even a half-written temporary one
    assert backend.read(lambda s: (s.scalar(select(func.count()).select_from(StockPush)),
                                   s.scalar(select(func.count()).select_from(PushedLevel)))
                        ) == (0, 0)
    steps.clear()
    result = backend.run(pushing.push_stock, "Web", out / "x.csv", actor=ACTOR,
                         progress=lambda done, total: steps.append((done, total)),
                         cancelled=lambda: False)
    assert result.skus == 1 and (out / "x.csv").exists()
    total = pushing.PUSH_STEPS
    assert steps == [(n, total) for n in range(total + 1)]
