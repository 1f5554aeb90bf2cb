"""The daily summary always equals the figures computed from the orders themselves, after
any history of imports, edits, cancellations, refunds, payouts, label costs, fee-rate and
cost changes — whether it has caught up or not (readers compute marked days afresh)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from app.db import open_database
from app.models import Order, Product
from app.models.insights import InsightsDaily, InsightsDirty
from app.services.insights import costs, profit, summary
from app.services.insights.profit import ProfitFilter
from tests.unit.insights import world

_COUNTER = itertools.count()
START = datetime(2026, 3, 25, tzinfo=UTC)
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland")

a_step = st.one_of(
    st.tuples(st.just("order"), st.integers(0, 60 * 24 * 8), st.integers(1, 3),
              st.integers(0, 9000), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
    st.tuples(st.just("uncancel"), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(-3000, 3000)),
    st.tuples(st.just("edit_line"), st.integers(0, 50), st.integers(1, 9000)),
    st.tuples(st.just("add_line"), st.integers(0, 50), st.integers(1, 9000)),
    st.tuples(st.just("refund"), st.integers(0, 50), st.integers(1, 4000)),
    st.tuples(st.just("unrefund"), st.integers(0, 50)),
    st.tuples(st.just("payout"), st.integers(0, 50), st.integers(0, 500)),
    st.tuples(st.just("label"), st.integers(0, 50), st.integers(0, 900)),
    st.tuples(st.just("rate"), st.integers(0, 900)),
    st.tuples(st.just("cost"), st.integers(0, 700)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("catch_up"), st.integers(0, 3)),
)


def _equal_to_raw(session, name):
    flt = ProfitFilter(store=name)
    assert profit.daily_profits(session, flt) == profit.raw_daily_profits(session, flt)


@pytest.mark.timeout(900)   # 30 histories of up to 25 steps; shrinking a failure takes long
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES), steps=st.lists(a_step, max_size=25))
def test_summary_equals_the_orders_after_any_history(db_url, zone, steps):
    db = open_database(db_url)
    try:
        with db.sessions() as session, session.begin():
            name = f"Shop {next(_COUNTER)}"
            shop = world.store(session, name, "EUR", zone)
            mug = world.product(session, f"M{name}", 300)
            orders: list[Order] = []

            def pick(n: int) -> Order | None:
                # `is o`: SQLite gives a deleted order's id to the next order, so the
                # id alone would take the deleted one for alive.
                live = [o for o in orders if session.get(Order, o.id) is o]
                return live[n % len(live)] if live else None

            for step in steps:
                kind = step[0]
                if kind == "order":
                    _, minutes, qty, total, known = step
                    orders.append(world.order(
                        session, shop, f"{name}-{len(orders)}",
                        START + timedelta(minutes=minutes),
                        [(mug if known else None, qty, total)], shipping=395))
                    continue
                if kind == "rate":
                    costs.set_fee_rate(session, name, f"{step[1] / 100:.2f}", "0.20")
                    continue
                if kind == "cost":
                    session.execute(update(Product).where(Product.id == mug.id)
                                    .values(cost_minor=step[1]))
                    continue
                if kind == "catch_up":
                    summary.catch_up(session, max_runs=step[1] or None)
                    _equal_to_raw(session, name)
                    continue
                o = pick(step[1])
                if o is None:
                    continue
                world.order_step(session, o, kind, *step[2:], move=timedelta(minutes=1))
                session.flush()
            # Before catching up: stale days are computed from the orders.
            _equal_to_raw(session, name)
            summary.catch_up(session)
            assert session.scalar(select(InsightsDirty.store_id).where(
                InsightsDirty.store_id == shop.id)) is None
            # Caught up: the summary rows alone are the figures.
            flt = ProfitFilter(store=name)
            raw = profit.raw_daily_profits(session, flt)
            rows = session.scalars(select(InsightsDaily).where(
                InsightsDaily.store_id == shop.id).order_by(InsightsDaily.day)).all()
            assert [(str(r.day), r.orders, r.items, r.fees, r.refunds, r.cogs,
                     r.shipping_cost, r.estimated > 0) for r in rows] == [
                (str(r.start), r.figures.orders, r.figures.items_minor, r.figures.fees_minor,
                 r.figures.refunds_minor, r.figures.cogs_minor,
                 r.figures.shipping_cost_minor, r.figures.estimated) for r in raw]
            _equal_to_raw(session, name)
    finally:
        db.dispose()


def test_a_mark_renewed_during_a_catch_up_survives_it(session):
    """The catch-up deletes only the marks it read (same stamp): a writer's later change to
    the same day leaves its mark for the next catch-up."""
    shop = world.store(session, "Stamp", "EUR")
    o = world.order(session, shop, "S1", START, [(None, 1, 1000)])
    mark = session.scalars(select(InsightsDirty)).one()
    read_stamp = mark.stamp
    # What another writer does between the catch-up's read and its delete:
    o.shipping_minor = 100
    session.flush()
    session.expire_all()
    renewed = session.scalars(select(InsightsDirty)).one()
    assert renewed.stamp != read_stamp
    session.execute(delete(InsightsDirty).where(InsightsDirty.stamp == read_stamp))
    assert session.scalars(select(InsightsDirty)).one().stamp == renewed.stamp


def test_packing_an_order_does_not_mark_its_day(session):
    shop = world.store(session, "Packer", "EUR")
    o = world.order(session, shop, "P1", START, [(None, 1, 1000)], status="reserved")
    summary.catch_up(session)
    o.status = "packed"
    session.flush()
    assert summary.pending(session) == []
    o.status = "cancelled"
    session.flush()
    assert summary.pending(session) == [summary.Run(shop.id, START.date(), START.date())]


def test_rebuild_from_nothing_equals_the_orders(demo_backend):
    demo_backend.run(summary.rebuild)
    flt = ProfitFilter()
    assert demo_backend.read(profit.daily_profits, flt) == demo_backend.read(
        profit.raw_daily_profits, flt)
    assert demo_backend.read(summary.pending) == []
