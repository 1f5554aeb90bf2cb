"""The daily sales table (product_daily_sales) equals a count from the orders after any
edits, caught up or not; days are the store's local days."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from app.models import Order, OrderLine, Product, Store
from app.models.replenishment import ProductDailySales
from app.models.returns import Return, ReturnLine
from app.services.replenishment import daily, history, plan
from tests.unit.replenishment.world import AS_OF, add_product, make_store, sell

# Orders around Europe's and the USA's summer-time changes and both ends of the date line.
ZONES = ("UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati",
         "Pacific/Pago_Pago")
FIRST = datetime(2026, 3, 27, tzinfo=UTC)
WINDOW = (date(2026, 3, 28), date(2026, 4, 2))     # local days 28 March .. 1 April
_numbers = count(1)


def _stores(session) -> list[int]:
    return list(session.scalars(select(Store.id).order_by(Store.id)))


def _setup(session) -> None:
    make_store(session)
    session.add(Store(name="Far", kind="amazon", currency="EUR", timezone="Pacific/Kiritimati"))
    for sku in ("A", "B", "C"):
        session.add(Product(sku=sku, name=sku, currency="EUR", price_minor=100))
    session.flush()


def _nth(session, model, k: int):
    ids = list(session.scalars(select(model.id).order_by(model.id)))
    return session.get(model, ids[k % len(ids)]) if ids else None


def _apply(session, op: tuple) -> None:  # noqa: C901, PLR0912  (one branch per kind of edit)
    kind, k, a, b = op
    products = list(session.scalars(select(Product.id).order_by(Product.id)))
    stores = _stores(session)
    if kind == "add":
        n = next(_numbers)
        order = Order(store_id=stores[k % len(stores)], external_id=f"X{n}", number=f"X{n}",
                      placed_at=FIRST + timedelta(minutes=a), status=("shipped", "cancelled",
                                                                      "new")[b % 3],
                      currency="EUR", fulfilled_by_channel=bool(b & 4))
        session.add(order)
        session.flush()
        for j in range(1 + b % 2):
            session.add(OrderLine(order_id=order.id, product_id=products[(k + j) % 3],
                                  channel_sku="x", quantity=1 + (a + j) % 4,
                                  unit_price_minor=100))
        return
    if kind == "tz":
        session.execute(update(Store).where(Store.id == stores[k % len(stores)])
                        .values(timezone=ZONES[a % len(ZONES)]))
        return
    if kind == "catch":
        daily.catch_up(session, max_runs=1 + k % 3, run_days=1 + a % 3)
        return
    order = _nth(session, Order, k)
    line = _nth(session, OrderLine, k)
    if kind == "cancel" and order:
        order.status = "cancelled" if order.status != "cancelled" else "shipped"
    elif kind == "move" and order:
        order.placed_at = FIRST + timedelta(minutes=a)
    elif kind == "store" and order:
        order.store_id = stores[a % len(stores)]
    elif kind == "channel" and order:
        order.fulfilled_by_channel = not order.fulfilled_by_channel
    elif kind == "qty" and line:
        line.quantity = 1 + a % 5
    elif kind == "product" and line:
        line.product_id = products[a % 3]
    elif kind == "del_line" and line:
        session.execute(delete(ReturnLine).where(ReturnLine.order_line_id == line.id))
        session.delete(line)
    elif kind == "return" and line:
        owner = session.get(Order, line.order_id)
        ret = Return(number=f"R{next(_numbers)}", order_id=owner.id, store_id=owner.store_id,
                     currency="EUR", expected_by=FIRST)
        session.add(ret)
        session.flush()
        session.add(ReturnLine(return_id=ret.id, order_line_id=line.id,
                               product_id=line.product_id or products[0],
                               quantity=1 + a % line.quantity))
    elif kind == "del_return":
        ret = _nth(session, Return, k)
        if ret:
            session.execute(delete(ReturnLine).where(ReturnLine.return_id == ret.id))
            session.delete(ret)
    session.flush()


def _both(session) -> list[tuple[object, object]]:
    out = []
    for stores, channel in ((None, False), (None, True), *(([s], True) for s in
                                                           _stores(session))):
        got = daily.sales(session, stores, channel, *WINDOW).per_product_day()
        fresh = daily.sales(session, stores, channel, *WINDOW, fresh=True).per_product_day()
        out.append((got, fresh))
    return out


EDITS = st.tuples(
    st.sampled_from(("add", "add", "add", "cancel", "move", "store", "channel", "qty",
                     "product", "del_line", "return", "return", "del_return", "tz", "catch",
                     "catch")),
    st.integers(0, 50), st.integers(0, 9 * 24 * 60), st.integers(0, 7))


@settings(max_examples=8 if os.environ.get("BACKROOM_TEST_PG") else 20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(edits=st.lists(EDITS, min_size=1, max_size=12))
def test_table_and_marked_days_equal_a_count_from_the_orders(backend, edits):
    if not backend.read(_stores):
        backend.run(_setup)
    for edit in edits:
        backend.run(_apply, edit)
        for got, fresh in backend.read(_both):
            assert got == fresh
    backend.run(daily.catch_up)
    assert backend.read(daily.marked_days) == 0
    for got, fresh in backend.read(_both):
        assert got == fresh


def test_a_sale_counts_on_the_stores_local_day(backend):
    def setup(s):
        make_store(s)
        store = s.scalar(select(Store))
        store.timezone = "America/Los_Angeles"
        pid = add_product(s, "LATE")
        # 03:00 UTC on 2 June is still 1 June, 20:00, in Los Angeles.
        s.add(Order(store_id=store.id, external_id="L1", number="L1", status="shipped",
                    placed_at=datetime.combine(date(2026, 6, 2), time(3), UTC),
                    currency="EUR"))
        s.flush()
        order = s.scalar(select(Order))
        s.add(OrderLine(order_id=order.id, product_id=pid, channel_sku="x", quantity=3,
                        unit_price_minor=100))
    backend.run(setup)
    window = (date(2026, 6, 1), date(2026, 6, 3))
    for _caught_up in (False, True):
        got = backend.read(daily.sales, None, False, *window).per_product_day()
        assert list(got.values()) == [(3, 0)]
        assert [day for _pid, day in got] == [0]        # 1 June, not 2 June
        backend.run(daily.catch_up)
    days = backend.read(lambda s: list(s.scalars(select(ProductDailySales.day))))
    assert days == [date(2026, 6, 1)]


def test_plan_from_the_table_equals_the_plan_from_the_orders(backend):
    def setup(s):
        store = make_store(s)
        sell(s, store, add_product(s, "STEADY", on_hand=50, offer={}), lambda d: 3)
        sell(s, store, add_product(s, "WEEKEND", offer={}),
             lambda d: 9 if d.weekday() >= 5 else 1)
        sell(s, store, add_product(s, "GONE", offer={}), lambda d: 2, status="cancelled")
    backend.run(setup)
    backend.run(daily.catch_up)

    def stats(session, fresh):
        where = plan.place(session, None)
        got, year = history.sales_stats(session, where, AS_OF,
                                        history.catalogue(session).ids, fresh=fresh)
        return got.weekday.tolist(), got.weeks.tolist(), got.first_day.tolist(), year.tolist()
    assert backend.read(stats, False) == backend.read(stats, True)
    assert backend.read(lambda s: s.scalar(select(func.count()).select_from(
        ProductDailySales))) > 0


@pytest.mark.parametrize("step_seconds", [0.0, 10.0])
def test_catch_up_in_steps_empties_the_marks(backend, step_seconds):
    def setup(s):
        store = make_store(s)
        sell(s, store, add_product(s, "ONE"), lambda d: 1, days=200)
    backend.run(setup)
    assert backend.read(daily.marked_days) == 200
    assert daily.catch_up_in_steps(backend, step_seconds=step_seconds) == 0
    assert backend.read(daily.marked_days) == 0
    assert backend.read(lambda s: s.scalar(select(func.sum(ProductDailySales.sold)))) == 200
