"""Hypothesis: whatever is counted and whatever moves meanwhile, posting keeps the ledger whole."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.models import StockLevel
from app.services.core.errors import InsufficientStock, InvalidInput
from app.services.core.supervisors import set_pin
from app.services.counts import counting as counts
from app.services.counts import posting as count_posting
from app.services.stock import ledger
from tests.unit.count_fixtures import OWNER, make_shop

PRODUCTS = ("KC-1", "KC-2", "KC-3")
BINS = ("A-01", "B-01", "C-01")

# One step of a working day during a count.
step = st.one_of(
    st.tuples(st.just("count"), st.sampled_from(BINS), st.sampled_from(PRODUCTS),
              st.integers(0, 15)),
    st.tuples(st.just("scan"), st.sampled_from(BINS), st.sampled_from(PRODUCTS),
              st.integers(1, 3)),
    st.tuples(st.just("pack"), st.sampled_from(BINS), st.sampled_from(PRODUCTS),
              st.integers(1, 4)),
    st.tuples(st.just("receive"), st.sampled_from(BINS), st.sampled_from(PRODUCTS),
              st.integers(1, 4)),
    st.tuples(st.just("transfer"), st.sampled_from(BINS), st.sampled_from(PRODUCTS),
              st.integers(1, 4)),
)


def level(session, product: int, location: int) -> int:
    return session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product, StockLevel.location_id == location)) or 0


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=25), kind=st.sampled_from(["full", "bins"]),
       unscanned=st.sampled_from(["zero", "leave-out"]))
def test_posting_any_count_keeps_on_hand_equal_to_the_moves(db, steps, kind,
                                                            unscanned) -> None:
    with db.sessions() as session, session.begin():
        ids = make_shop(session)
        set_pin(session, "owner", "2468", role="owner")
        made = counts.create_count(session, kind, bins=["A-01", "B-01"] if kind == "bins"
                                   else (), actor=OWNER)
        in_scope = BINS if kind == "full" else ("A-01", "B-01")
        for action, bin_code, sku, n in steps:
            loc, product = ids[bin_code], ids[sku]
            if action == "count" and bin_code in in_scope:
                counts.set_counted(session, made.id, loc, sku, n, actor=OWNER)
            elif action == "scan" and bin_code in in_scope:
                counts.scan_item(session, made.id, loc, sku, n, actor=OWNER)
            elif action == "pack" and level(session, product, loc) >= n:
                ledger.move(session, ledger.MoveSpec(product, loc, ids["CUSTOMER"], n, "pack"))
            elif action == "receive":
                ledger.move(session, ledger.MoveSpec(product, ids["SUPPLIER"], loc, n, "in"))
            elif action == "transfer" and level(session, product, loc) >= n:
                other = ids[BINS[(BINS.index(bin_code) + 1) % 3]]
                ledger.move(session, ledger.MoveSpec(product, loc, other, n, "transfer"))
        before = {r.line_id: r for r in count_posting.review(session, made.id).lines}
        levels_before = {(sku, b): level(session, ids[sku], ids[b])
                         for sku in PRODUCTS for b in BINS}
        if not any(r.status != "not counted" for r in before.values()):
            with pytest.raises(InvalidInput, match="Nothing has been counted"):
                count_posting.post_count(session, made.id, actor=OWNER,
                                         unscanned=unscanned)
            session.rollback()
            return
        summary = count_posting.posting_summary(session, made.id, unscanned)
        try:
            result = count_posting.post_count(session, made.id, actor=OWNER,
                                              unscanned=unscanned, pin="2468")
        except InsufficientStock:   # only reservations can refuse; none exist here
            raise AssertionError("posting refused without reservations") from None
        assert ledger.check_ledger(session) == []
        # The summary shown before posting is what the posting did.
        assert (result.units_in, result.units_out) == (summary.units_on, summary.units_off)
        assert result.approved_by == "owner"
        after = count_posting.review(session, made.id)
        for r in after.lines:
            b = before[r.line_id]
            left_out = (b.counted is None and b.status != "not counted"
                        and unscanned == "leave-out")
            if left_out:
                assert r.status == "not counted" and r.difference == 0
            if b.status == "not counted" or left_out:
                assert level(session, ids[r.sku], ids[r.bin]) == levels_before[(r.sku, r.bin)]
                continue
            # On the shelf now: what was counted plus what moved after the bin's snapshot.
            expect = max((b.counted or 0) + b.moves_since, 0)
            assert level(session, ids[r.sku], ids[r.bin]) == expect
            if (b.counted or 0) + b.moves_since >= 0:
                assert r.difference == b.difference     # = counted - expected
        session.rollback()
