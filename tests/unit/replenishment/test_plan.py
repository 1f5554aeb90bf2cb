"""The plan on hand-made histories with known answers (issue 16's Done-when list)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.services.replenishment import drafts, plan, why
from app.services.suppliers import purchase_orders, shipments
from tests.unit.replenishment.world import AS_OF, OWNER, add_product, make_store, sell


def _plan(backend, **kw):
    return {ln.sku: ln for ln in backend.read(plan.make_plan, AS_OF, **kw).lines}


@pytest.fixture
def store(backend) -> int:
    return backend.run(make_store)


def test_plenty_of_cover_orders_nothing_now_and_says_by_when(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "PLENTY", on_hand=2000, offer={}), lambda d: 10)
    backend.run(setup)
    line = _plan(backend)["PLENTY"]
    assert line.daily_demand == pytest.approx(10)
    assert line.suggestion == ()
    assert line.cover_days == 200
    assert line.stockout == AS_OF + timedelta(days=200)
    # Sea takes 10 production + 35 transit days; constant sales need no safety stock.
    assert line.order_by == AS_OF + timedelta(days=155)
    assert line.need == "ok"
    # Ordering by sea in time saves (air - sea landed) on a review period's units.
    assert line.saving_minor == 300 * (200 - 110)


def test_cover_between_air_and_sea_splits_air_bridge_and_sea(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "SPLIT", on_hand=200, offer={}), lambda d: 10)
    backend.run(setup)
    line = _plan(backend)["SPLIT"]
    assert line.stockout == AS_OF + timedelta(days=20)
    got = [(x.mode, x.quantity, x.arrives) for x in line.suggestion]
    # Air lands on day 15 with 50 left; it bridges days 15..44 (300 - 50 = 250); sea lands
    # on day 45 and covers the 30-day review period (300).
    assert got == [("air", 250, AS_OF + timedelta(days=15)),
                   ("sea", 300, AS_OF + timedelta(days=45))]
    assert line.need == "air"
    assert line.extra_cost_minor == 250 * (200 - 110)
    assert [x.cost_minor for x in line.suggestion] == [250 * 200, 300 * 110]


def test_sea_in_time_is_chosen_alone(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "SEA", on_hand=450, offer={}), lambda d: 10)
    backend.run(setup)
    line = _plan(backend)["SEA"]
    assert [(x.mode, x.quantity) for x in line.suggestion] == [("sea", 300)]
    assert line.order_by == AS_OF
    assert line.extra_cost_minor == 0
    assert line.need == "now"


def test_no_sales_orders_nothing(backend, store):
    backend.run(lambda s: add_product(s, "QUIET", on_hand=3, offer={}))
    line = _plan(backend)["QUIET"]
    assert line.suggestion == ()
    assert line.need == "none"
    assert line.order_by is None and line.stockout is None


def test_weekday_index_finds_weekend_peaks(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "WEEKEND", on_hand=5000, offer={}),
             lambda d: 30 if d.weekday() >= 5 else 10, days=364)
    backend.run(setup)
    line = _plan(backend)["WEEKEND"]
    mean = 110 / 7
    assert line.weekday_index[:5] == pytest.approx([10 / mean] * 5, abs=0.01)
    assert line.weekday_index[5:] == pytest.approx([30 / mean] * 2, abs=0.01)
    assert line.daily_demand == pytest.approx(mean)


def test_pack_size_and_moq_are_respected(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "PACKED", on_hand=10, offer={"pack_size": 12,
                                                                   "moq": 100}),
             lambda d: 1)
    backend.run(setup)
    line = _plan(backend)["PACKED"]
    assert line.suggestion
    assert all(x.quantity % 12 == 0 for x in line.suggestion)
    assert sum(x.quantity for x in line.suggestion) >= 108  # 100 in whole cartons


def test_in_transit_after_the_stockout_does_not_cover_before_it_arrives(backend, store):
    def setup(s):
        pid = add_product(s, "LATE", on_hand=100, offer={})
        sell(s, store, pid, lambda d: 10)
        po = purchase_orders.create_po(s, "Ningbo", [purchase_orders.LineInput("LATE", 1000)],
                                       actor=OWNER)
        purchase_orders.send_po(s, po.id, actor=OWNER)
        shipments.ship(s, po.id, "sea", eta=AS_OF + timedelta(days=30), actor=OWNER)
    backend.run(setup)
    line = _plan(backend)["LATE"]
    assert line.in_transit == 1000
    assert line.stockout == AS_OF + timedelta(days=10)
    assert line.cover_days == 10


def test_in_transit_before_the_stockout_is_cover(backend, store):
    def setup(s):
        pid = add_product(s, "SOON", on_hand=100, offer={})
        sell(s, store, pid, lambda d: 10)
        po = purchase_orders.create_po(s, "Ningbo", [purchase_orders.LineInput("SOON", 1000)],
                                       actor=OWNER)
        purchase_orders.send_po(s, po.id, actor=OWNER)
        shipments.ship(s, po.id, "sea", eta=AS_OF + timedelta(days=5), actor=OWNER)
    backend.run(setup)
    assert _plan(backend)["SOON"].cover_days == 110


def test_cancelled_orders_and_returns_are_not_demand(backend, store):
    from app.models import Order, OrderLine
    from app.models.returns import Return, ReturnLine

    def setup(s):
        pid = add_product(s, "NET", on_hand=1000, offer={})
        sell(s, store, pid, lambda d: 10)
        sell(s, store, pid, lambda d: 50, status="cancelled")
        # Every order of the last 28 days sent back 2 of its 10 units.
        for order in s.query(Order).filter(Order.status == "shipped").all():
            if order.placed_at.date() >= AS_OF - timedelta(days=28):
                line = s.query(OrderLine).filter_by(order_id=order.id).one()
                ret = Return(number=f"R{order.id}", order_id=order.id, store_id=store,
                             currency="EUR", expected_by=order.placed_at)
                s.add(ret)
                s.flush()
                s.add(ReturnLine(return_id=ret.id, order_line_id=line.id, product_id=pid,
                                 quantity=2))
    backend.run(setup)
    assert _plan(backend)["NET"].daily_demand == pytest.approx(8)


def test_service_level_raises_safety_stock(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "NOISY", on_hand=300, offer={}),
             lambda d: 4 + 8 * (d.toordinal() % 3 == 0) + 3 * (d.toordinal() % 7 == 0))
    backend.run(setup)
    low = _plan(backend, service_level=0.8)["NOISY"]
    high = _plan(backend, service_level=0.99)["NOISY"]
    assert high.options[0].safety > low.options[0].safety > 0


def test_draft_pos_from_the_plan_then_nothing_is_suggested_twice(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "SPLIT", on_hand=200, offer={}), lambda d: 10)
    backend.run(setup)
    made = backend.read(plan.make_plan, AS_OF)
    picks = [drafts.Pick(ln.supplier, ln.sku, x.mode, x.quantity, x.arrives)
             for ln in made.lines for x in ln.suggestion]
    done = backend.run(drafts.draft_pos, picks, as_of=AS_OF, actor=OWNER)
    assert sorted((d.mode, d.units) for d in done) == [("air", 250), ("sea", 300)]
    shown = backend.read(purchase_orders.get_po, done[0].po.id)
    assert shown.status == "draft"
    again = _plan(backend)["SPLIT"]
    assert again.suggestion == ()
    assert again.in_transit == 550


def test_why_and_series_show_the_numbers(backend, store):
    def setup(s):
        sell(s, store, add_product(s, "SPLIT", on_hand=200, offer={}), lambda d: 10)
    backend.run(setup)
    made = backend.read(plan.make_plan, AS_OF)
    line = next(ln for ln in made.lines if ln.sku == "SPLIT")
    text = "\n".join(why.explain(line, made.review_days))
    assert "10.00 a day" in text and "Order 250 by air" in text and "too late" in text
    data = backend.read(why.series, line, AS_OF)
    assert len(data.history) == 182 and data.history[-1] == (AS_OF - timedelta(days=1), 10)
    assert data.forecast[0] == (AS_OF, pytest.approx(10))
