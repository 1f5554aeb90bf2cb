"""Keyset paging of the orders list returns exactly what OFFSET paging returns, ties included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from app.models import Customer, Order, OrderLine, Store
from app.services.core.errors import InvalidInput
from app.services.orders import paging as order_pages
from app.services.orders import reads as orders
from app.services.orders import search as order_search
from app.services.orders.reads import OrderFilter
from app.services.orders.sorts import SORT_NAMES

T0 = datetime(2026, 11, 1, tzinfo=UTC)
# Few distinct values everywhere, so every sort has many ties to break.
order_st = st.tuples(
    st.integers(0, 2),                          # store
    st.one_of(st.none(), st.integers(0, 4)),    # customer (None: no customer)
    st.sampled_from(("#1", "#2", "A-7", "b")),  # number
    st.integers(0, 3),                          # placed_at, in hours after T0
    st.integers(0, 3),                          # total
    st.sampled_from(("new", "shipped", "on_hold")),
)


def _fill(session, rows) -> None:
    for table in (OrderLine, Order, Customer, Store):
        session.execute(delete(table))
    # Names out of id order, so sorting by id would be visibly wrong.
    stores = [Store(name=n, kind="manual", currency="EUR") for n in ("Zed", "Alpha", "Mid")]
    # Two customers share a name; one has an empty name.
    customers = [Customer(name=n, email=f"c{i}@example.com")
                 for i, n in enumerate(("Ola", "ann", "Ola", "", "Bea"))]
    session.add_all(stores + customers)
    session.flush()
    taken = set()
    for i, (store, cust, drawn, hours, total, status) in enumerate(rows):
        # Within a store a number is one order.
        number = drawn if (store, drawn) not in taken else f"{drawn}-{i}"
        taken.add((store, number))
        # The order's own names; some share a customer record, one has none at all.
        bill = ("Ola", "ann", "", "Bea")[i % 4] if cust is not None else ""
        session.add(Order(store_id=stores[store].id, external_id=f"x{i}", number=number,
                          placed_at=T0 + timedelta(hours=hours), status=status,
                          customer_id=None if cust is None else customers[cust].id,
                          currency="EUR", total_minor=total, ship_name=f"ship {i % 3}",
                          bill_name=bill or f"ship {i % 3}"))
    session.flush()


def _filter(session, which: str) -> OrderFilter:
    if which == "status":
        return OrderFilter(statuses=("shipped",))
    if which == "open":
        return OrderFilter(statuses=("new", "on_hold"))
    if which == "store":
        return OrderFilter(store_id=session.query(Store.id).filter_by(name="Mid").scalar())
    if which == "dates":
        return OrderFilter(placed_from=T0 + timedelta(hours=1),
                           placed_to=T0 + timedelta(hours=3))
    if which == "search":
        return OrderFilter(search="Ola")
    return OrderFilter()


# Every example builds a store and reads it under every sort: about 1 s each, so the test
# gets more than the suite's 120 s when the machine is busy.
@pytest.mark.timeout(360)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(order_st, max_size=30), page=st.integers(1, 7),
       which=st.sampled_from(("none", "status", "open", "store", "dates", "search")),
       dense=st.sampled_from((0, 3, 10_000)))
def test_keyset_pages_equal_offset_pages_for_every_sort(session, monkeypatch, rows, page,
                                                        which, dense):
    # Both plans: matches sorted by the database, or an index walked with row filters
    # (a search takes the second when it finds more than SEARCH_CAP orders).
    monkeypatch.setattr(order_pages, "DENSE", dense)
    monkeypatch.setattr(order_search, "SEARCH_CAP", 5000 if dense else 0)
    _fill(session, rows)
    flt = _filter(session, which)
    for sort in SORT_NAMES:
        for descending in (False, True):
            everything = orders.list_orders(session, flt, 0, 1000, sort=sort,
                                            descending=descending)
            by_offset, by_key, cursor = [], [], None
            for offset in range(0, len(everything) + page, page):
                by_offset += orders.list_orders(session, flt, offset, page, sort=sort,
                                                descending=descending)
                got = order_pages.page_after(session, flt, cursor, page, sort=sort,
                                             descending=descending)
                by_key += got.rows
                cursor = got.cursor
            assert by_key == by_offset == everything, (sort, descending)
            for offset in range(1, len(everything) + 2):
                # Jumping to a position (one OFFSET walk) then seeking gives the same page.
                jump = order_pages.cursor_at(session, flt, offset, sort=sort,
                                             descending=descending)
                assert (jump is None) == (offset > len(everything))
                if jump is not None:
                    assert order_pages.page_after(
                        session, flt, jump, page, sort=sort, descending=descending
                    ).rows == tuple(everything[offset:offset + page])
            assert len({r.id for r in by_key}) == len(by_key) == orders.count_orders(
                session, flt)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(order_st, min_size=1, max_size=30))
def test_store_and_customer_sort_by_what_the_column_shows(session, rows):
    _fill(session, rows)
    for descending in (False, True):
        shown = [r.store for r in orders.list_orders(session, None, 0, 1000, sort="store",
                                                      descending=descending)]
        assert shown == sorted(shown, reverse=descending)
        listed = orders.list_orders(session, None, 0, 1000, sort="customer",
                                    descending=descending)
        # By the order's own name, as the column shows it, whatever its customer record.
        shown = [r.customer for r in listed]
        assert shown == sorted(shown, reverse=descending)


def test_a_cursor_is_refused_for_another_sort(session):
    _fill(session, [(0, 0, "#1", 0, 1, "new"), (1, 1, "#2", 1, 2, "new")])
    page = order_pages.page_after(session, None, None, 1, sort="total")
    assert len(page.rows) == 1
    with pytest.raises(InvalidInput):
        order_pages.page_after(session, None, page.cursor, 1, sort="number")
    with pytest.raises(InvalidInput):
        order_pages.page_after(session, None, None, 1, sort="nonsense")
