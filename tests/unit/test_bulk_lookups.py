"""core.value_lists.one_of and core.bulk's hot-path writers, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select, text

from app.models import AuditEvent, Product
from app.services.core.bulk import insert_rows, mapped_reads, stored_datetime
from app.services.core.value_lists import one_of


def _products(backend, skus: list[str]) -> dict[str, int]:
    def job(session):
        session.add_all(Product(sku=s, name=f"Thing {s}", currency="EUR") for s in skus)
        session.flush()
        return dict(session.execute(select(Product.sku, Product.id)).all())

    return backend.run(job)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["A-1", "B-2", "C-3", "D-4", "nope", "it's", "Ünï"]),
                max_size=12))
def test_one_of_finds_exactly_the_listed_values(backend, wanted: list[str]) -> None:
    ids = backend.read(lambda s: dict(s.execute(select(Product.sku, Product.id))
                                      .all()))
    if not ids:
        ids = _products(backend, ["A-1", "B-2", "C-3", "D-4", "it's", "Ünï"])

    def read(session):
        by_sku = set(session.scalars(select(Product.sku).where(
            one_of(session, Product.sku, wanted))))
        by_id = set(session.scalars(select(Product.sku).where(
            one_of(session, Product.id, [ids[s] for s in wanted if s in ids]))))
        return by_sku, by_id

    by_sku, by_id = backend.read(read)
    expected = {s for s in wanted if s in ids}
    assert by_sku == expected and by_id == expected


def test_one_of_is_one_parameter_however_long_the_list(backend) -> None:
    """The point of it: 5,000 values are one bound value, one cached statement."""
    _products(backend, ["A-1"])
    sent: list[object] = []

    def job(session):
        engine = session.get_bind()

        def seen(_conn, _cursor, _statement, parameters, _context, _many):
            sent.append(parameters)

        event.listen(engine, "before_cursor_execute", seen)
        try:
            return session.scalar(select(func.count()).select_from(Product).where(
                one_of(session, Product.id, list(range(5000)))))
        finally:
            event.remove(engine, "before_cursor_execute", seen)

    assert backend.read(job) == 1
    assert [len(p) for p in sent if p] == [1]   # (pragmas and BEGIN take none)


def test_insert_rows_writes_the_tuples_as_given(backend) -> None:
    at = datetime(2026, 11, 30, 12, 5, tzinfo=UTC)

    def job(session):
        conn = session.connection()
        when = stored_datetime(at, conn.dialect.name == "sqlite")
        insert_rows(conn, AuditEvent, ("at", "user", "station", "entity", "entity_id",
                                       "action", "details", "sku", "order_number"),
                    [(when, "ann", "desk", "order", n, "reserved", "{}", "", "#1")
                     for n in (7, 8)])

    backend.run(job)
    got = backend.read(lambda s: [(e.at, e.user, e.entity_id, e.order_number)
                                  for e in s.scalars(select(AuditEvent)
                                                     .where(AuditEvent.user == "ann")
                                                     .order_by(AuditEvent.entity_id))])
    assert got == [(at, "ann", 7, "#1"), (at, "ann", 8, "#1")]


def test_mapped_reads_give_the_connection_back_as_it_was(backend) -> None:
    def job(session):
        conn = session.connection()
        if conn.dialect.name != "sqlite":
            with mapped_reads(conn):
                return None
        before = conn.execute(text("PRAGMA mmap_size")).scalar()
        with mapped_reads(conn):
            during = conn.execute(text("PRAGMA mmap_size")).scalar()
        after = conn.execute(text("PRAGMA mmap_size")).scalar()
        return before, during, after

    seen = backend.run(job)
    if seen is not None:
        before, during, after = seen
        assert during > 0 and after == before
