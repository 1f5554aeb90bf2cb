"""Cycle counts: ABC classes by 90 days of sales, stale bins, N bins a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.models import Order, OrderLine, Store
from app.services.core.errors import InvalidInput
from app.services.counts import counting as counts
from app.services.counts import cycle as count_cycle
from app.services.counts import posting as count_posting
from tests.unit.count_fixtures import OWNER, make_shop

TODAY = date(2026, 11, 23)


def sell(session, product_id: int, qty: int, price: int, days_ago: int) -> None:
    store = session.query(Store).first()
    if store is None:
        store = Store(name="Shop", kind="shopify", currency="EUR")
        session.add(store)
        session.flush()
    placed = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) - timedelta(days=days_ago)
    order = Order(store_id=store.id, external_id=f"x{product_id}-{days_ago}",
                  number=f"#x{product_id}-{days_ago}",
                  placed_at=placed, currency="EUR")
    order.lines.append(OrderLine(product_id=product_id, quantity=qty, unit_price_minor=price))
    session.add(order)
    session.flush()


def test_abc_by_sales_value_in_the_last_90_days(session) -> None:
    ids = make_shop(session)
    sell(session, ids["KC-1"], 10, 1000, 5)       # 10,000: A
    sell(session, ids["KC-2"], 1, 1000, 5)        # 1,000: B (it starts at 83 %)
    sell(session, ids["KC-3"], 100, 1000, 120)    # too old: C
    classes = count_cycle.abc_classes(session, today=TODAY)
    assert classes == {ids["KC-1"]: "A", ids["KC-2"]: "B", ids["KC-3"]: "C"}
    made = count_cycle.create_cycle_count(session, "abc", today=TODAY, actor=OWNER)
    assert made.kind == "cycle" and made.lines == 1 and "class A" in made.description


def test_stale_and_per_day_bins(session) -> None:
    ids = make_shop(session)
    first = count_cycle.create_cycle_count(session, "stale:30", today=TODAY, actor=OWNER)
    assert first.description.endswith("(3 bins)")
    counts.set_counted(session, first.id, ids["A-01"], "KC-1", 10, actor=OWNER)
    counts.set_counted(session, first.id, ids["A-01"], "KC-2", 4, actor=OWNER)
    count_posting.post_count(session, first.id, actor=OWNER)
    assert count_cycle.stale_bins(session, 30, today=date.today()) == ["B-01", "C-01"]
    assert count_cycle.bins_for_today(session, 2) == ["B-01", "C-01"]
    assert count_cycle.bins_for_today(session, 3) == ["A-01", "B-01", "C-01"]
    with pytest.raises(InvalidInput):
        count_cycle.create_cycle_count(session, "stale:x", actor=OWNER)
    with pytest.raises(InvalidInput):
        count_cycle.create_cycle_count(session, "weekly", actor=OWNER)
