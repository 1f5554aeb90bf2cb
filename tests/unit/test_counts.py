"""The count lifecycle through the services: create, count by scan and hand, review, post."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.models import StockLevel
from app.services.core.errors import ImmutableRecord, InvalidInput, UnknownBarcode
from app.services.counts import counting as counts
from app.services.counts import posting as count_posting
from app.services.stock import ledger
from tests.unit.count_fixtures import OWNER, STATION_2, make_shop


def on_hand(session, product_id: int, location_id: int) -> int:
    return session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product_id, StockLevel.location_id == location_id)) or 0


def test_lifecycle_scan_review_post(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01", "B-01"], actor=OWNER)
    assert made.reference == f"CNT-{made.id:04d}" and made.lines == 3
    sheet = counts.begin_bin(session, made.id, "a-01", actor=OWNER)
    assert {(line.sku, line.expected) for line in sheet.lines} == {("KC-1", 10), ("KC-2", 4)}
    for _ in range(8):
        counts.scan_item(session, made.id, ids["A-01"], "2000000000011", actor=OWNER)
    found = counts.scan_item(session, made.id, ids["A-01"], "KC-3", 2, actor=OWNER)
    assert found.found_stock and found.line.counted == 2
    # KC-2 is never scanned in A-01: posting asks about it (here: count it as zero, so not
    # found). B-01 is never begun: it keeps its stock.
    review = count_posting.review(session, made.id)
    status = {(r.sku, r.bin): (r.status, r.difference) for r in review.lines}
    assert status == {("KC-1", "A-01"): ("short", -2), ("KC-2", "A-01"): ("not scanned", -4),
                      ("KC-3", "A-01"): ("found", 2), ("KC-3", "B-01"): ("not counted", 0)}
    assert review.net_units == -4
    assert review.net_value == {"EUR": -2 * 250 - 4 * 500 + 2 * 750}
    assert review.by_status["not scanned"] == (1, -4, {"EUR": -2000})
    result = count_posting.post_count(session, made.id, actor=OWNER, unscanned="zero")
    assert (result.moves, result.units_in, result.units_out) == (3, 2, 6)
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 8
    assert on_hand(session, ids["KC-2"], ids["A-01"]) == 0
    assert on_hand(session, ids["KC-3"], ids["A-01"]) == 2
    assert on_hand(session, ids["KC-3"], ids["B-01"]) == 7
    assert ledger.check_ledger(session) == []
    assert counts.count_summary(session, made.id).status == "posted"
    after = {r.sku: r.status for r in count_posting.review(session, made.id).lines
             if r.bin == "A-01"}
    assert after["KC-2"] == "not found"


def test_unknown_code_refused_and_changes_nothing(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "full", actor=OWNER)
    with pytest.raises(UnknownBarcode):
        counts.scan_item(session, made.id, ids["A-01"], "999999", actor=OWNER)
    assert counts.count_bins(session, made.id)[0][3] is False   # not even begun
    assert counts.count_summary(session, made.id).counted_lines == 0


def test_pack_between_bin_count_and_posting_is_kept(session) -> None:
    """10 on the shelf, counted 10, then one is packed: on hand 9 after posting, not 10."""
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 10, actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-2", 3, actor=OWNER)
    ledger.move(session, ledger.MoveSpec(ids["KC-1"], ids["A-01"], ids["CUSTOMER"], 1, "pack"))
    ledger.move(session, ledger.MoveSpec(ids["KC-2"], ids["A-01"], ids["CUSTOMER"], 2, "pack"))
    review = count_posting.review(session, made.id)
    assert {r.sku: (r.difference, r.moves_since) for r in review.lines} == {
        "KC-1": (0, -1), "KC-2": (-1, -2)}
    count_posting.post_count(session, made.id, actor=OWNER)
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 9      # the sale is not erased
    assert on_hand(session, ids["KC-2"], ids["A-01"]) == 1      # 3 counted - 2 packed
    assert ledger.check_ledger(session) == []


def test_pack_before_the_bin_is_counted_is_in_the_snapshot(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    ledger.move(session, ledger.MoveSpec(ids["KC-1"], ids["A-01"], ids["CUSTOMER"], 1, "pack"))
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 9, actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-2", 4, actor=OWNER)
    assert count_posting.post_count(session, made.id, actor=OWNER).moves == 0
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 9


def test_found_stock_after_moves_in_the_bin(session) -> None:
    """A product first scanned after units of it arrived post-snapshot: expected is as of then."""
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    counts.begin_bin(session, made.id, "A-01", actor=OWNER)
    ledger.move(session, ledger.MoveSpec(ids["KC-3"], ids["B-01"], ids["A-01"], 3, "transfer"))
    result = counts.scan_item(session, made.id, ids["A-01"], "KC-3", 5, actor=OWNER)
    assert result.line.expected == 0 and result.found_stock
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 10, actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-2", 4, actor=OWNER)
    count_posting.post_count(session, made.id, actor=OWNER)
    assert on_hand(session, ids["KC-3"], ids["A-01"]) == 8     # 5 counted + 3 moved in later


def test_posted_count_is_immutable_and_reversible(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 12, actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-2", 4, actor=OWNER)
    count_posting.post_count(session, made.id, actor=OWNER)
    line = count_posting.review(session, made.id).lines[0]
    with pytest.raises(ImmutableRecord):
        counts.scan_item(session, made.id, ids["A-01"], "KC-1", actor=OWNER)
    with pytest.raises(ImmutableRecord):
        counts.set_line(session, line.line_id, 1, actor=OWNER)
    with pytest.raises(ImmutableRecord):
        count_posting.post_count(session, made.id, actor=OWNER)
    # The database itself refuses to edit a posted count's lines.
    with pytest.raises(Exception, match="posted count cannot be changed"), \
            session.begin_nested():
        session.execute(text("UPDATE count_lines SET counted = 1 WHERE id = :id"),
                        {"id": line.line_id})
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 12
    undone = count_posting.reverse_count(session, made.id, actor=OWNER)
    assert undone.moves == 1
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 10
    assert counts.count_summary(session, made.id).status == "reversed"
    with pytest.raises(ImmutableRecord):
        count_posting.reverse_count(session, made.id, actor=OWNER)
    assert ledger.check_ledger(session) == []


def test_two_stations_count_different_bins(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "full", actor=OWNER)
    counts.scan_item(session, made.id, ids["A-01"], "KC-1", 10, actor=OWNER)
    counts.scan_item(session, made.id, ids["B-01"], "KC-3", 7, actor=STATION_2)
    counts.scan_item(session, made.id, ids["A-01"], "KC-2", 4, actor=OWNER)
    bins = {code: (n, c, begun) for code, n, c, begun in counts.count_bins(session, made.id)}
    assert bins == {"A-01": (2, 2, True), "B-01": (1, 1, True)}
    review = count_posting.review(session, made.id)
    assert all(r.status == "ok" for r in review.lines)


def test_scope_is_enforced(session) -> None:
    ids = make_shop(session)
    by_bin = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    with pytest.raises(InvalidInput, match="not part of"):
        counts.begin_bin(session, by_bin.id, "B-01", actor=OWNER)
    by_product = counts.create_count(session, "products", skus=["KC-1"], actor=OWNER)
    assert by_product.lines == 1
    with pytest.raises(InvalidInput, match="not one of the products"):
        counts.scan_item(session, by_product.id, ids["A-01"], "KC-2", actor=OWNER)
    sheet = counts.begin_bin(session, by_product.id, "A-01", actor=OWNER)
    assert [line.sku for line in sheet.lines] == ["KC-1"]


def test_blind_count_hides_expected(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01"], blind=True, assigned_to="ann",
                               actor=OWNER)
    sheet = counts.begin_bin(session, made.id, "A-01", actor=OWNER)
    assert all(line.expected is None for line in sheet.lines)
    result = counts.scan_item(session, made.id, ids["A-01"], "KC-1", actor=OWNER)
    assert result.line.expected is None and result.line.counted == 1
    assert counts.count_summary(session, made.id).assigned_to == "ann"


def test_recount_flag_and_clear(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    line = counts.set_counted(session, made.id, ids["A-01"], "KC-1", 1, actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-2", 4, actor=OWNER)
    flagged = {r.sku for r in count_posting.review(session, made.id).lines if r.flagged}
    assert flagged == {"KC-1"}     # 9 short
    assert counts.set_line(session, line.line_id, None, actor=OWNER).counted is None


def test_find_count_by_reference(session) -> None:
    make_shop(session)
    made = counts.create_count(session, "full", actor=OWNER)
    with pytest.raises(InvalidInput, match="Nothing has been counted"):
        count_posting.post_count(session, made.id, actor=OWNER)
    assert counts.find_count(session, made.reference) == made.id
    assert counts.find_count(session, str(made.id)) == made.id


def _order_line(session, product_id: int, quantity: int) -> int:
    from app.models import Order, OrderLine, Store
    from app.models.base import utcnow

    store = Store(name="Shop", kind="shopify", currency="EUR")
    session.add(store)
    session.flush()
    order = Order(store_id=store.id, external_id="1001", number="#1001", placed_at=utcnow(),
                  currency="EUR")
    order.lines.append(OrderLine(product_id=product_id, quantity=quantity))
    session.add(order)
    session.flush()
    return order.lines[0].id


def test_reserved_pack_between_bin_count_and_posting(session) -> None:
    """A reserved order line packed after its bin was counted: the sale and the count both hold."""
    ids = make_shop(session)
    line_id = _order_line(session, ids["KC-1"], 3)
    assert ledger.reserve(session, line_id, ids["KC-1"], 3) == 3
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 9, actor=OWNER)   # 1 missing
    counts.set_counted(session, made.id, ids["A-01"], "KC-2", 4, actor=OWNER)
    ledger.move(session, ledger.MoveSpec(ids["KC-1"], ids["A-01"], ids["CUSTOMER"], 3, "pack",
                                         order_line_id=line_id))
    count_posting.post_count(session, made.id, actor=OWNER)
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 6      # 9 counted - 3 packed
    assert ledger.reserved_for_line(session, line_id) == []
    assert ledger.check_ledger(session) == []


def test_posting_below_what_is_reserved_is_refused_and_changes_nothing(session) -> None:
    from app.services.core.errors import InsufficientStock

    ids = make_shop(session)
    line_id = _order_line(session, ids["KC-1"], 5)
    ledger.reserve(session, line_id, ids["KC-1"], 5)
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 2, actor=OWNER)
    with pytest.raises(InsufficientStock, match="5 are reserved"), session.begin_nested():
        count_posting.post_count(session, made.id, actor=OWNER, unscanned="leave-out")
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 10
    assert counts.count_summary(session, made.id).status == "open"
    assert count_posting.count_moves(session, made.id) == 0
