"""Today's "Low stock" line is asked of the database in one query (issue 13): it counts the
same products as reading every product's available units would (push.quantities'
available_by_product: on hand - reserved over the sellable bins) and names the first five
by product id."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.db import open_database
from app.models import Location, Product, StockLevel
from app.services.insights import today
from app.services.push.quantities import available_by_product

KINDS = ("bin", "bin", "receiving", "virtual")
# A product: its reorder point, active or not, and its levels (location, on hand, reserved).
a_level = st.tuples(st.integers(0, 3), st.integers(0, 12), st.integers(0, 12))
a_product = st.tuples(st.sampled_from([0, 0, 1, 5, 10]), st.booleans(),
                      st.lists(a_level, max_size=3, unique_by=lambda lv: lv[0]))


def _expected(session) -> tuple[int, list[str]]:
    """The definition read the slow way: every product's available units in Python."""
    available = available_by_product(session)
    low = [sku for pid, sku, point in session.execute(
        select(Product.id, Product.sku, Product.reorder_point)
        .where(Product.reorder_point > 0, Product.active.is_(True)).order_by(Product.id))
        if available.get(pid, 0) <= point]
    return len(low), low[:5]


@settings(max_examples=15 if os.environ.get("BACKROOM_TEST_PG") else 40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(products=st.lists(a_product, max_size=12))
def test_the_low_stock_line_counts_what_available_by_product_says(db_url, products):
    db = open_database(db_url)
    try:
        with db.sessions() as session, session.begin():
            # Hypothesis's examples share the database: each starts from no stock.
            session.execute(delete(StockLevel))
            session.execute(delete(Product))
            session.execute(delete(Location).where(Location.code.like("T-%")))
            places = [Location(code=f"T-{i}", name="", kind=kind, warehouse="Main")
                      for i, kind in enumerate(KINDS)]
            session.add_all(places)
            session.flush()
            for n, (point, active, levels) in enumerate(products):
                product = Product(sku=f"S{n:02}", name=f"P{n}", currency="EUR",
                                  reorder_point=point, active=active)
                session.add(product)
                session.flush()
                session.add_all(StockLevel(product_id=product.id, location_id=places[at].id,
                                           on_hand=on_hand, reserved=min(reserved, on_hand))
                                for at, on_hand, reserved in levels)
            session.flush()
            count, first = _expected(session)
            line = next(i for i in today.today_view(session, tz="UTC").items
                        if i.key == "low_stock")
            assert (line.value, line.attention, line.detail) == (
                str(count), count > 0, ", ".join(first))
    finally:
        db.dispose()
