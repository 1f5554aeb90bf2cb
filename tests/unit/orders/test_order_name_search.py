"""Searching orders by a part of a name: the trigram index (migration 0780) finds exactly the
orders the plain LIKE/ILIKE scan found, and kept in step as orders are added, renamed and
deleted; fragments too short for a trigram still work."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import and_, delete, event, or_, select, update

from app.models import Order, Store
from app.services.orders import search as order_search
from app.services.orders.reads import OrderFilter, list_orders

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Letters (ASCII and not, in both cases), a space and the characters LIKE and FTS treat
# specially; no digits or "@", which make a term a number or an email instead of a name.
LETTERS = "abcABCmüÜßéÉ '\"%_\\*-"
NAMES = st.text(alphabet=LETTERS, max_size=12)


def _plain_like_ids(session, term: str) -> set[int]:
    """What the search found before the index: a LIKE (SQLite) / ILIKE (PostgreSQL) scan."""
    pattern = f"%{order_search._like(term.strip())}%"
    sqlite = session.get_bind().dialect.name == "sqlite"
    bill, ship = ((c.like(pattern, escape="\\") if sqlite else c.ilike(pattern, escape="\\"))
                  for c in (Order.bill_name, Order.ship_name))
    named = or_(bill, and_(Order.ship_name != Order.bill_name, ship))
    return set(session.scalars(select(Order.id).where(named)))


def _searched_ids(session, term: str) -> set[int]:
    return set(session.scalars(select(Order.id).where(
        order_search.search_condition(session, term))))


def _add(session, names: list[tuple[str, str]]) -> None:
    store = session.scalar(select(Store).where(Store.name == "S"))
    if store is None:
        store = Store(name="S", kind="manual", currency="EUR")
        session.add(store)
        session.flush()
    start = session.scalar(select(Order.id).order_by(Order.id.desc()).limit(1)) or 0
    session.add_all(Order(store_id=store.id, external_id=str(start + i),
                          number=str(100000 + start + i), placed_at=T0 + timedelta(hours=i),
                          currency="EUR", bill_name=bill, ship_name=ship)
                    for i, (bill, ship) in enumerate(names, 1))
    session.flush()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.tuples(NAMES, NAMES), min_size=1, max_size=8),
       data=st.data())
def test_the_name_search_finds_exactly_what_the_plain_scan_found(session, names, data):
    nested = session.begin_nested()
    try:
        _add(session, names)
        # A piece of a stored name (found), or any text (mostly not found).
        bill, ship = data.draw(st.sampled_from(names))
        source = data.draw(st.sampled_from([bill, ship, bill.upper(), ship.swapcase()]))
        start = data.draw(st.integers(0, len(source)))
        piece = source[start:start + data.draw(st.integers(1, 6))]
        term = data.draw(st.one_of(st.just(piece), NAMES))
        if not term.strip() or "@" in term:
            return
        assert _searched_ids(session, term) == _plain_like_ids(session, term)
    finally:
        nested.rollback()


def test_fragments_of_one_and_two_characters_still_find_names(session):
    _add(session, [("Zoë Müller", "Zoë Müller"), ("Ann Ek", "Ola Ek"), ("Bo", "")])
    found = {term: sorted(session.scalars(select(Order.bill_name).where(
        order_search.search_condition(session, term)))) for term in ("ü", "ek", "Bo", "ol")}
    assert found == {"ü": ["Zoë Müller"], "ek": ["Ann Ek"], "Bo": ["Bo"], "ol": ["Ann Ek"]}


def test_the_index_follows_new_renamed_and_deleted_orders(session):
    _add(session, [("Quentin Blake", "Quentin Blake"), ("Ada Lovelace", "Ada Lovelace")])
    assert len(_searched_ids(session, "quentin")) == 1
    session.execute(update(Order).where(Order.bill_name == "Quentin Blake")
                    .values(bill_name="Roald Dahl", ship_name="Roald Dahl"))
    assert _searched_ids(session, "quentin") == set()
    assert len(_searched_ids(session, "dahl")) == 1
    session.execute(update(Order).where(Order.bill_name == "Ada Lovelace")
                    .values(status="shipped"))  # not a name: the index is not touched
    assert len(_searched_ids(session, "lovelace")) == 1
    session.execute(delete(Order).where(Order.bill_name == "Ada Lovelace"))
    assert _searched_ids(session, "lovelace") == set()
    _add(session, [("", "Lovelace Ltd")])
    assert len(_searched_ids(session, "lovelace")) == 1


def test_the_orders_list_finds_a_name_part_through_the_index(backend):
    def job(session):
        _add(session, [("Zoë Müller", "Zoë Müller"), ("Mia Adams", "Zoë Adams")])

    backend.run(job)
    found = {r.customer for r in backend.read(list_orders, OrderFilter(search="ADAM"))}
    assert found == {"Mia Adams"}
    found = {r.customer for r in backend.read(list_orders, OrderFilter(search="Mül"))}
    assert found == {"Zoë Müller"}


def test_on_sqlite_a_name_part_is_looked_up_in_the_index_not_by_reading_every_order(db):
    if db.engine.dialect.name != "sqlite":
        return  # PostgreSQL's ILIKE picks its pg_trgm index itself, when the table is big
    statements: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, params, _context, _many):
        if "bill_name" in statement:
            statements.append((statement, params))

    with db.sessions() as session:
        _add(session, [("Zoë Müller", "Zoë Müller")])
        conn = session.connection()
        event.listen(conn, "before_cursor_execute", note)
        try:
            order_search.search_condition(session, "Müll")
        finally:
            event.remove(conn, "before_cursor_execute", note)
        seen = [" / ".join(str(row[-1]) for row in conn.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", params).all())
            for statement, params in statements]
    assert seen and all("orders_name_search VIRTUAL TABLE" in p for p in seen), seen
    assert not any(re.search(r"SCAN orders\b(?!_)", p) for p in seen), seen  # no full read
