"""Per store and day (and week, month, store) sums equal the sum of their orders."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import open_database
from app.services.insights import costs, profit
from app.services.insights.figures import Figures
from app.services.insights.profit import ProfitFilter, period_start
from tests.unit.insights import world

_COUNTER = itertools.count()
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland")
START = datetime(2026, 3, 20, tzinfo=UTC)

an_order = st.fixed_dictionaries({
    "minutes": st.integers(0, 60 * 24 * 20),       # spans a summer-time change
    "lines": st.lists(st.tuples(st.booleans(), st.integers(1, 5), st.integers(0, 50_000)),
                      min_size=1, max_size=3),
    "shipping": st.integers(0, 2000), "discount": st.integers(0, 3000),
    "refund": st.integers(0, 5000), "fees": st.none() | st.lists(st.integers(0, 900),
                                                                  max_size=3),
    "label": st.none() | st.integers(0, 1500),
    "cancelled": st.booleans(),
})


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES), orders=st.lists(an_order, max_size=12),
       rate=st.integers(0, 1500))
def test_group_sums_equal_the_sum_of_their_orders(db_url, zone, orders, rate):
    db = open_database(db_url)
    try:
        with db.sessions() as session, session.begin():
            name = f"Shop {next(_COUNTER)}"
            shop = world.store(session, name, "EUR", zone)
            costs.set_fee_rate(session, name, f"{rate / 100:.2f}", "0.25")
            known = world.product(session, f"K{name}", 321)
            for n, spec in enumerate(orders):
                lines = [(known if k else None, q, t) for k, q, t in spec["lines"]]
                o = world.order(session, shop, f"{name}-{n}",
                                START + timedelta(minutes=spec["minutes"]), lines,
                                shipping=spec["shipping"], discount=spec["discount"],
                                status="cancelled" if spec["cancelled"] else "shipped")
                if spec["refund"]:
                    world.refund(session, o, spec["refund"])
                if spec["fees"] is not None:
                    world.payout(session, o, 1, spec["fees"])
                if spec["label"] is not None:
                    costs.set_shipping_cost(session, o.id, f"{spec['label'] / 100:.2f}")
            flt = ProfitFilter(store=name)
            per_order = profit.order_profits(session, flt)
            assert len(per_order) == sum(not s["cancelled"] for s in orders)
            for period in ("day", "week", "month"):
                expected: dict[object, Figures] = defaultdict(lambda: Figures("EUR"))
                for r in per_order:
                    key = period_start(r.day, period)
                    expected[key] = expected[key] + r.figures
                got = {p.start: p.figures for p in profit.profit_by_period(session, flt, period)}
                assert got == dict(expected)
            [total] = profit.profit_by_store(session, flt)
            assert total.figures == sum((r.figures for r in per_order), Figures("EUR"))
    finally:
        db.dispose()
