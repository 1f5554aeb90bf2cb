"""Posting a count: never-scanned lines need a choice, the summary shows units and value on
and off with the recount flags, and a posting at or above the approval limit needs a
supervisor's PIN (checked by the service, who approved recorded)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEvent, StockCount, StockLevel
from app.services.core.errors import InvalidInput
from app.services.core.supervisors import PermissionDenied, set_pin
from app.services.counts import approval
from app.services.counts import counting as counts
from app.services.counts import posting as count_posting
from app.services.stock import ledger
from tests.unit.count_fixtures import OWNER, make_shop


def on_hand(session, product_id: int, location_id: int) -> int:
    return session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product_id, StockLevel.location_id == location_id)) or 0


def _a01_with_kc2_unscanned(session) -> tuple[dict[str, int], int]:
    """A-01 begun; KC-1 counted 8 of 10 (-2 at 2.50), KC-2 (4 at 5.00) never scanned."""
    ids = make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01", "B-01"], actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 8, actor=OWNER)
    return ids, made.id


def test_never_scanned_lines_are_named_and_posting_waits_for_a_choice(session) -> None:
    ids, count_id = _a01_with_kc2_unscanned(session)
    summary = count_posting.posting_summary(session, count_id)
    assert summary.needs_choice
    assert [(u.sku, u.bin, u.expected, u.units_off, u.value_minor, u.currency)
            for u in summary.unscanned] == [("KC-2", "A-01", 4, 4, 2000, "EUR")]
    # B-01 was never begun: it is not counted, not "never scanned".
    assert count_posting.review(session, count_id).lines[-1].status == "not counted"
    with pytest.raises(InvalidInput, match=r"KC-2 in A-01 \(4 expected, €20.00 at cost\)"), \
            session.begin_nested():
        count_posting.post_count(session, count_id, actor=OWNER)
    assert session.get(StockCount, count_id).status == "open"
    assert count_posting.count_moves(session, count_id) == 0
    assert on_hand(session, ids["KC-2"], ids["A-01"]) == 4
    with pytest.raises(InvalidInput, match="zero or leave-out"):
        count_posting.post_count(session, count_id, actor=OWNER, unscanned="skip")


def test_leave_out_keeps_their_stock_and_marks_them_not_counted(session) -> None:
    ids, count_id = _a01_with_kc2_unscanned(session)
    summary = count_posting.posting_summary(session, count_id, "leave-out")
    assert (summary.units_on, summary.units_off, summary.value_off) == (0, 2, {"EUR": 500})
    result = count_posting.post_count(session, count_id, actor=OWNER, unscanned="leave-out")
    assert (result.moves, result.units_out, result.left_out) == (1, 2, 1)
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 8
    assert on_hand(session, ids["KC-2"], ids["A-01"]) == 4            # stays as it was
    after = {r.sku: (r.status, r.difference) for r in count_posting.review(session, count_id)
             .lines if r.bin == "A-01"}
    assert after == {"KC-1": ("short", -2), "KC-2": ("not counted", 0)}
    count = session.get(StockCount, count_id)
    assert (count.status, count.unscanned, count.approved_by) == ("posted", "leave-out", None)
    assert ledger.check_ledger(session) == []


def test_count_as_zero_writes_them_off(session) -> None:
    ids, count_id = _a01_with_kc2_unscanned(session)
    summary = count_posting.posting_summary(session, count_id, "zero")
    assert (summary.units_off, summary.value_off, summary.lines_changed) == (
        6, {"EUR": 2 * 250 + 4 * 500}, 2)
    result = count_posting.post_count(session, count_id, actor=OWNER, unscanned="zero")
    assert (result.units_out, result.left_out) == (6, 0)
    assert on_hand(session, ids["KC-2"], ids["A-01"]) == 0
    assert session.get(StockCount, count_id).unscanned == "zero"
    statuses = {r.sku: r.status for r in count_posting.review(session, count_id).lines
                if r.bin == "A-01"}
    assert statuses == {"KC-1": "short", "KC-2": "not found"}


def test_summary_has_units_and_value_on_and_off_and_the_recount_flags(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "full", actor=OWNER)
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 3, actor=OWNER)    # -7: recount
    counts.set_counted(session, made.id, ids["A-01"], "KC-2", 5, actor=OWNER)    # +1
    counts.set_counted(session, made.id, ids["B-01"], "KC-3", 9, actor=OWNER)    # +2
    summary = count_posting.posting_summary(session, made.id, "zero")
    assert not summary.unscanned and not summary.needs_pin
    assert (summary.units_on, summary.units_off) == (3, 7)
    assert summary.value_on == {"EUR": 500 + 2 * 750}
    assert summary.value_off == {"EUR": 7 * 250}
    assert [(r.sku, r.bin, r.difference, r.value_minor) for r in summary.recount] == [
        ("KC-1", "A-01", -7, -1750)]
    assert summary.limits == {"EUR": 25000}
    assert summary.as_json()["value_on_minor"] == {"EUR": 2000}


def _found_worth(session, ids: dict[str, int], units: int) -> int:
    """B-01 counted with `units` more KC-3 (7.50 each) than expected."""
    made = counts.create_count(session, "bins", bins=["B-01"], actor=OWNER)
    there = on_hand(session, ids["KC-3"], ids["B-01"])
    counts.set_counted(session, made.id, ids["B-01"], "KC-3", there + units, actor=OWNER)
    return made.id


def test_a_posting_at_the_limit_needs_a_supervisors_pin(session) -> None:
    ids = make_shop(session)
    set_pin(session, "owner", "1111", role="owner")
    set_pin(session, "boss", "4321")
    set_pin(session, "pat", "1234", role="packer")
    below = _found_worth(session, ids, 33)                    # 247.50: no PIN
    assert not count_posting.posting_summary(session, below).needs_pin
    count_posting.post_count(session, below, actor=OWNER)
    at = _found_worth(session, ids, 34)                       # 255.00: a PIN
    summary = count_posting.posting_summary(session, at)
    assert summary.needs_pin and summary.over_limit == ["EUR"]
    with pytest.raises(PermissionDenied, match=r"€255.00 \(limit €250.00\)"), \
            session.begin_nested():
        count_posting.post_count(session, at, actor=OWNER)
    for wrong in ("9999", "1234", " "):                       # nobody's, a packer's, blank
        with pytest.raises(PermissionDenied), session.begin_nested():
            count_posting.post_count(session, at, actor=OWNER, pin=wrong)
    assert session.get(StockCount, at).status == "open"
    assert on_hand(session, ids["KC-3"], ids["B-01"]) == 40
    result = count_posting.post_count(session, at, actor=OWNER, pin="4321")
    assert result.approved_by == "boss"
    assert on_hand(session, ids["KC-3"], ids["B-01"]) == 74
    count = session.get(StockCount, at)
    assert (count.posted_by, count.approved_by) == ("owner", "boss")
    details = session.scalar(select(AuditEvent.details).where(
        AuditEvent.entity == "stock_count", AuditEvent.entity_id == at,
        AuditEvent.action == "posted"))
    assert '"approved_by": "boss"' in details and '"value_on": {"EUR": 25500}' in details


def test_writing_off_counts_against_the_limit_and_leaving_out_does_not(session) -> None:
    ids, count_id = _a01_with_kc2_unscanned(session)
    set_pin(session, "owner", "1111", role="owner")
    set_pin(session, "boss", "4321")
    approval.set_approval_limit(session, "20.00", "EUR", pin="4321", actor=OWNER)
    assert count_posting.posting_summary(session, count_id, "zero").needs_pin     # 25.00 off
    assert not count_posting.posting_summary(session, count_id, "leave-out").needs_pin
    with pytest.raises(PermissionDenied), session.begin_nested():
        count_posting.post_count(session, count_id, actor=OWNER, unscanned="zero")
    assert count_posting.post_count(session, count_id, actor=OWNER,
                                    unscanned="leave-out").approved_by is None


def test_setting_the_limit_needs_a_pin_and_a_real_amount(session) -> None:
    make_shop(session)
    set_pin(session, "boss", "4321")
    assert approval.approval_limits(session, ["EUR", "JPY"]) == {"EUR": 25000, "JPY": 250}
    with pytest.raises(PermissionDenied):
        approval.set_approval_limit(session, "100.00", "EUR", pin="0000", actor=OWNER)
    for amount in ("12.345", "NaN", "Infinity", "abc", "0", "-5", "1e20"):
        with pytest.raises(InvalidInput):
            approval.set_approval_limit(session, amount, "EUR", pin="4321", actor=OWNER)
    assert approval.set_approval_limit(session, "100", "eur", pin="4321", actor=OWNER) == "boss"
    approval.set_approval_limit(session, "120.50", "EUR", pin="4321", actor=OWNER)
    assert approval.approval_limits(session) == {"EUR": 12050}
