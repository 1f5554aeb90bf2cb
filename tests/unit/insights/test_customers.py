"""Customer values, tiers and cohorts, read set-based from the order facts, equal a plain
computation over the same facts for any history: customers in several stores and
currencies, refunds, cancellations, orders without a customer, any store filter, any top
and any number of cohort months."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.db import open_database
from app.models import Customer
from app.models.catalog import Store
from app.models.insights import InsightsOrderFacts
from app.services.insights import customers, summary
from tests.unit.insights import world

_COUNTER = itertools.count()
START = datetime(2024, 6, 1, 12, tzinfo=UTC)
TODAY = date(2026, 3, 1)
# (currency, time zone) of the three stores: two of them share a currency.
SHOPS = (("EUR", "Europe/Berlin"), ("EUR", "UTC"), ("GBP", "Europe/London"))

an_order = st.tuples(st.integers(0, 5),            # customer (5 = none)
                     st.integers(0, 2),            # store
                     st.integers(0, 640),          # days after START
                     st.integers(1, 20000),        # line total
                     st.integers(0, 3000),         # refund
                     st.booleans())                # cancelled


def _plain(session, today, top, lifespan, months, store):
    """The definitions, one customer at a time (what customers.py's docstring says)."""
    f = InsightsOrderFacts
    currency = {s.id: s.currency for s in session.scalars(select(Store))}
    names = {s.id: s.name for s in session.scalars(select(Store))}
    groups: dict[tuple[int, str], list[InsightsOrderFacts]] = defaultdict(list)
    for fact in session.scalars(select(f).where(f.customer_id.is_not(None))):
        if not store or names[fact.store_id] == store:
            groups[(fact.customer_id, currency[fact.store_id])].append(fact)
    if not groups:
        return None
    firsts = {key: min(x.local_day for x in facts) for key, facts in groups.items()}
    years = max(Decimal((today - min(firsts.values())).days + 1) / Decimal("365.25"),
                Decimal(1) / 12)
    people = {cid for cid, _ in groups}
    orders = sum(len(v) for v in groups.values())
    frequency = (Decimal(orders) / Decimal(len(people)) / years).quantize(Decimal("0.001"))
    rows, tiers = [], dict.fromkeys(customers.TIERS, 0)
    for (cid, cur), facts in groups.items():
        n = len(facts)
        revenue = sum(x.items + x.shipping_charged for x in facts)
        prof = sum(x.items + x.shipping_charged - x.discounts - x.refunds - x.fees - x.cogs
                   - x.shipping_cost for x in facts)
        first, last = firsts[(cid, cur)], max(x.local_day for x in facts)
        tier = customers._tier(n, (today - last).days)
        tiers[tier] += 1
        interval = ((Decimal((last - first).days) / (n - 1)).quantize(Decimal("0.1"))
                    if n > 1 else None)
        predicted = prof if tier == "lost" else int(
            (Decimal(prof) / n * frequency * lifespan).quantize(Decimal(1), ROUND_HALF_EVEN))
        who = session.get(Customer, cid)
        rows.append(customers.CustomerValue(cid, who.email, who.name, cur, n, revenue, prof,
                                            first, last, interval, predicted, tier))
    rows.sort(key=lambda v: (-v.revenue_minor, v.customer_id, v.currency))
    repeat = (Decimal(sum(v.orders >= 2 for v in rows)) * 100 / len(rows)).quantize(
        Decimal("0.1"))
    # Cohorts: a customer's first month over all their currencies; who ordered k months on.
    start: dict[int, date] = {}
    active: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for (cid, _cur), facts in groups.items():
        start[cid] = min(start.get(cid, date.max), firsts[(cid, _cur)])
        active[cid].update((x.local_day.year, x.local_day.month) for x in facts)
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for cid, seen in active.items():
        for y, m in seen:
            k = (y - start[cid].year) * 12 + m - start[cid].month
            if k < months:
                counts[f"{start[cid]:%Y-%m}"][k] += 1
    cohorts = [customers.Cohort(month, counts[month][0], [
        (Decimal(counts[month].get(k, 0)) * 100 / counts[month][0]).quantize(Decimal("0.1"))
        for k in range(max(counts[month]) + 1)]) for month in sorted(counts)[-months:]] \
        if months > 0 else []
    return customers.Customers(today, len(people), repeat, frequency, lifespan,
                               rows[:top] if top else rows, tiers, cohorts)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(orders=st.lists(an_order, max_size=40), top=st.sampled_from([None, 1, 3, 100]),
       months=st.integers(0, 14), store=st.integers(0, 3),
       lifespan=st.sampled_from([Decimal(3), Decimal("1.5")]))
def test_customer_values_equal_the_plain_computation(db_url, orders, top, months, store,
                                                     lifespan):
    db = open_database(db_url)
    try:
        with db.sessions() as session, session.begin():
            run = next(_COUNTER)
            shops = [world.store(session, f"C{run} {i}", cur, tz)
                     for i, (cur, tz) in enumerate(SHOPS)]
            people = [Customer(name=f"P{i}", email=f"p{i}-{run}@x") for i in range(5)]
            session.add_all(people)
            session.flush()
            for n, (who, shop, day, total, refund, cancelled) in enumerate(orders):
                o = world.order(session, shops[shop], f"C{run}-{n}",
                                START + timedelta(days=day, hours=n % 13), [(None, 1, total)],
                                shipping=n % 3 * 100,
                                status="cancelled" if cancelled else "shipped")
                o.customer_id = people[who].id if who < 5 else None
                if refund:
                    world.refund(session, o, refund)
            session.flush()
            summary.catch_up(session)
            name = shops[store].name if store < 3 else ""
            found = customers.customer_values(session, TODAY, top=top, lifespan_years=lifespan,
                                              months=months, store=name)
            expected = _plain(session, TODAY, top, lifespan, months, name)
            if expected is None:
                assert found.customers == 0 and found.top == [] and found.cohorts == []
            else:
                assert found == expected
    finally:
        db.dispose()
