"""A settlement's lines mark the insights summary once, set-based (migration 0890): the marks
are exactly the days the per-line trigger would have marked, and every other writer's lines
still mark their own day."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.db import open_database
from app.models.insights import InsightsDirty
from app.models.payouts import Payout, PayoutLine, PayoutLinesBulk
from app.services.core.actor import Actor
from app.services.importers.payouts_amazon import HEADER
from app.services.insights import profit, summary
from app.services.insights.profit import ProfitFilter
from app.services.reconciliation import importing
from app.services.reconciliation.bulk_marks import marked_at_once
from tests.unit.insights import world

_COUNTER = itertools.count()
START = datetime(2026, 3, 25, 22, tzinfo=UTC)  # near midnight: days differ by the minute


def _settlement(lines: list[tuple[str, int]], settlement: str = "55") -> bytes:
    """An Amazon settlement crediting each (order reference, cents) line."""
    rows = []
    for n, (ref, cents) in enumerate(lines):
        cells = dict.fromkeys(HEADER, "")
        cells.update({"settlement-id": settlement, "currency": "EUR",
                      "transaction-type": "Order", "order-id": ref,
                      "amount-type": "ItemPrice", "amount-description": "Principal",
                      "amount": f"{cents // 100}.{cents % 100:02d}",
                      "posted-date": "2026-04-02", "order-item-code": str(n)})
        rows.append("\t".join(cells[h] for h in HEADER))
    total = sum(c for _, c in lines)
    summary_row = dict.fromkeys(HEADER, "")
    summary_row.update({"settlement-id": settlement, "currency": "EUR",
                        "total-amount": f"{total // 100}.{total % 100:02d}"})
    return ("\n".join(["\t".join(HEADER), "\t".join(summary_row[h] for h in HEADER), *rows])
            + "\n").encode()


def _marks(session, store_id: int) -> set:
    return {(s, d) for s, d in session.execute(select(
        InsightsDirty.store_id, InsightsDirty.utc_day).where(
        InsightsDirty.store_id == store_id))}


@pytest.mark.timeout(600)
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.lists(st.integers(0, 60 * 24 * 5), min_size=1, max_size=12),
       first=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 5000)), max_size=15),
       more=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 5000)), max_size=8))
def test_an_imported_settlement_marks_exactly_the_days_of_its_orders(db_url, minutes, first,
                                                                    more):
    # n < len(orders) names an order; n past the end names one this store does not have.
    db = open_database(db_url)
    try:
        with db.sessions() as session, session.begin():
            name = f"Amazon {next(_COUNTER)}"
            shop = world.store(session, name, "EUR")
            orders = [world.order(session, shop, f"{name}-{i}", START + timedelta(minutes=m),
                                  [(None, 1, 2000)]) for i, m in enumerate(minutes)]

            def ref(n: int) -> str:
                return orders[n].number if n < len(orders) else f"{name}-missing-{n}"

            def days(picks: list[tuple[int, int]]) -> set:
                return {(shop.id, orders[n].placed_at.astimezone(UTC).date())
                        for n, _ in picks if n < len(orders)}

            summary.catch_up(session)
            assert _marks(session, shop.id) == set()
            lines = [(ref(n), cents) for n, cents in first]
            importing.import_payouts(session, Actor(), "s.txt", _settlement(lines), store=name)
            assert _marks(session, shop.id) == days(first)
            assert session.scalar(select(func.count()).select_from(PayoutLinesBulk)) == 0
            summary.catch_up(session)
            # The same settlement exported again later with more lines: only theirs mark.
            lines += [(ref(n), cents) for n, cents in more]
            importing.import_payouts(session, Actor(), "s.txt", _settlement(lines), store=name)
            assert _marks(session, shop.id) == days(more)
            flt = ProfitFilter(store=name)
            assert profit.daily_profits(session, flt) == profit.raw_daily_profits(session, flt)
            summary.catch_up(session)
            assert profit.daily_profits(session, flt) == profit.raw_daily_profits(session, flt)
    finally:
        db.dispose()


def test_only_the_named_payouts_lines_wait_for_the_set_based_mark(session):
    shop = world.store(session, "Named", "EUR")
    a = world.order(session, shop, "A1", START, [(None, 1, 1000)])
    b = world.order(session, shop, "B1", START + timedelta(days=2), [(None, 1, 1000)])
    summary.catch_up(session)
    bulk, other = (Payout(store_id=shop.id, source="test", external_id=x, currency="EUR")
                   for x in ("bulk", "other"))
    session.add_all([bulk, other])
    session.flush()

    def line(payout: Payout, o, n: int) -> PayoutLine:
        return PayoutLine(payout_id=payout.id, external_id=str(n), kind="sale",
                          order_ref=o.number, order_id=o.id, match_state="matched",
                          amount_minor=1000, currency="EUR")

    with marked_at_once(session.connection(), bulk.id):
        session.add(line(bulk, a, 1))
        session.flush()
        assert _marks(session, shop.id) == set()  # left to the end of the block
        session.add(line(other, b, 2))  # another payout's line marks its day itself
        session.flush()
        assert _marks(session, shop.id) == {(shop.id, b.placed_at.date())}
    assert _marks(session, shop.id) == {(shop.id, a.placed_at.date()),
                                        (shop.id, b.placed_at.date())}
    summary.catch_up(session)
    session.add(line(bulk, b, 3))  # after the block, the bulk payout's lines mark again
    session.flush()
    assert _marks(session, shop.id) == {(shop.id, b.placed_at.date())}


def test_a_failed_bulk_insert_leaves_no_payout_named(session):
    shop = world.store(session, "Failing", "EUR")
    payout = Payout(store_id=shop.id, source="test", external_id="x", currency="EUR")
    session.add(payout)
    session.flush()
    with pytest.raises(RuntimeError), marked_at_once(session.connection(), payout.id):
        raise RuntimeError("the insert failed")
    assert session.scalar(select(func.count()).select_from(PayoutLinesBulk)) == 0
