"""Within a store an order number is one order: a clashing import matches, stops or replaces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import IntegrityError

from app.db import _alembic_config, open_database
from app.models import AuditEvent, Order, OrderLine, Store
from app.services.importers.order_records import (
    OrderLineRecord,
    OrderRecord,
    ParseResult,
    RowProblem,
)
from app.services.orders import actions as order_actions
from app.services.orders import reads as orders
from app.services.orders.actions import ManualLine
from app.services.orders.importing import import_into_store
from app.services.orders.setup import resolve_store
from app.services.stock import ledger
from tests.unit.orders.helpers import ACTOR, add_product

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _record(ext: str, number: str, total: int = 2500, sku: str = "MUG", qty: int = 1,
            placed: datetime = T0) -> OrderRecord:
    return OrderRecord(ext, number, placed, "EUR", (OrderLineRecord(sku, "Mug", qty, total),),
                       subtotal_minor=total, total_minor=total, customer_name="Ann Example",
                       source_file="export.csv", source_rows=(2,))


def _import(backend, *records, store="Shop", replace=False, problems=()):
    result = ParseResult("shopify", tuple(records), tuple(problems))
    return backend.run(import_into_store, result, store, "shopify", actor=ACTOR,
                       replace=replace)


def _typed_in(session, number, qty=1):
    store = resolve_store(session, "Shop", "shopify", currency="EUR")
    return order_actions.create_manual_order(session, store.id, [ManualLine("MUG", qty)],
                                             actor=ACTOR, number=number, placed_at=T0)


def _orders(backend):
    return backend.run(lambda s: sorted(tuple(r) for r in s.execute(
        select(Order.number, Order.external_id))))


@pytest.fixture
def typed(backend):
    """A store with #1060 typed in by hand (external id '#1060'), stock held for it."""
    backend.run(add_product, "MUG", 5)
    backend.run(_typed_in, "#1060", 2)
    return backend


def test_an_export_with_a_number_the_store_has_is_refused_whole(typed):
    summary = _import(typed, _record("5012", "#1060"), _record("5013", "#1061"))
    assert summary.refused and summary.new == 0
    assert [(c.number, c.existing_external_id, c.existing_status) for c in summary.clashes] == [
        ("#1060", "#1060", "reserved")]
    assert "already has other orders with 1 of these numbers: #1060 (reserved)" in (
        summary.message())
    assert "another store, or replace" in summary.message()
    assert _orders(typed) == [("#1060", "#1060")]          # all or nothing: #1061 too
    # So `orders show "#1060" --store Shop` keeps finding exactly one order.
    assert typed.run(orders.find_order, "#1060") > 0


def test_another_export_of_the_same_order_matches_it(typed):
    # Another export of #1060 with the store's own id: same money, same day.
    first = _import(typed, _record("5012", "#1060", total=2 * 1000, qty=2,
                                   placed=T0 + timedelta(hours=5)))
    assert not first.refused and (first.new, first.unchanged) == (0, 1)
    assert _orders(typed) == [("#1060", "#1060")]


def test_the_same_numbers_go_into_another_store(typed):
    summary = _import(typed, _record("5012", "#1060"), store="Shop 2")
    assert not summary.refused and summary.new == 1
    assert len(_orders(typed)) == 2


def test_replace_deletes_the_open_order_and_gives_its_stock_back(typed):
    summary = _import(typed, _record("5012", "#1060", qty=3), _record("5013", "#1061"),
                      replace=True)
    assert not summary.refused and (summary.new, summary.replaced) == (2, 1)
    assert "1 replaced" in summary.message()
    assert _orders(typed) == [("#1060", "5012"), ("#1061", "5013")]
    assert typed.run(ledger.check_ledger) == []
    events = typed.run(lambda s: s.scalars(select(AuditEvent.action).where(
        AuditEvent.action == "replaced by import")).all())
    assert events == ["replaced by import"]
    # The new #1060 holds its 3 units; the old one's 2 came back first.
    line = typed.run(lambda s: s.scalar(select(OrderLine.id).join(Order).where(
        Order.external_id == "5012")))
    assert sum(q for _loc, q in typed.run(ledger.reserved_for_line, line)) == 3


@pytest.mark.parametrize("status", ["picking", "packed", "shipped"])
def test_replace_refuses_orders_already_in_hand_and_lists_them(typed, status):
    typed.run(lambda s: s.execute(sa.update(Order).values(status=status)))
    summary = _import(typed, _record("5012", "#1060"), _record("5013", "#1061"), replace=True)
    assert summary.refused and [c.number for c in summary.blocked] == ["#1060"]
    assert f"#1060 ({status})" in summary.message() and "cannot be replaced" in (
        summary.message())
    assert _orders(typed) == [("#1060", "#1060")]


def test_two_orders_with_one_number_in_one_file_are_refused(backend):
    summary = _import(backend, _record("1", "#7"), _record("2", "#7", total=10))
    assert summary.refused and _orders(backend) == []
    assert "is in the file twice, or another order of the file has its number" in str(
        summary.problems[0])
    assert backend.run(lambda s: s.scalar(select(func.count(Store.id)))) == 0


def test_the_database_refuses_a_second_order_with_a_number(session):
    store = Store(name="Shop", kind="shopify", currency="EUR")
    session.add(store)
    session.flush()
    for ext in ("a", "b"):
        session.add(Order(store_id=store.id, external_id=ext, number="#1060", placed_at=T0,
                          currency="EUR"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_refused_import_does_not_create_its_store(backend):
    bad = RowProblem("export.csv", 3, "Total", "not an amount")
    summary = _import(backend, _record("1", "#1"), store="Brand new", problems=[bad])
    assert summary.refused and summary.store == "Brand new"
    assert backend.run(lambda s: s.scalar(select(func.count(Store.id)))) == 0
    # The same file, accepted, does create it.
    assert not _import(backend, _record("1", "#1"), store="Brand new").refused
    assert backend.run(lambda s: s.scalars(select(Store.name)).all()) == ["Brand new"]


def _fill_row(conn, table: str, values: dict[str, object]) -> None:
    """Insert with every NOT NULL column of the old schema given (the ORM is newer)."""
    cols = sa.Table(table, sa.MetaData(), autoload_with=conn).columns
    row = dict(values)
    for c in cols:
        if c.name in row or c.nullable or c.primary_key:
            continue
        python = c.type.python_type
        row[c.name] = (0 if python in (int, bool) else "2025-01-01 00:00:00"
                       if python is datetime else "")
    names = ", ".join(f'"{k}"' for k in row)
    conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES "
                         f"({', '.join(':' + k for k in row)})"), row)


def test_upgrading_a_file_with_twin_numbers_renames_the_later_one(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0602")
        _fill_row(conn, "stores", {"id": 1, "name": "Shop", "kind": "shopify",
                                   "currency": "EUR", "timezone": "UTC"})
        for oid, ext in ((1, "demo-1060"), (2, "5012")):
            _fill_row(conn, "orders", {"id": oid, "store_id": 1, "external_id": ext,
                                       "number": "#1060", "currency": "EUR",
                                       "ship_name": "Ann Ship", "status": "new"})
        _fill_row(conn, "order_lines", {"order_id": 1, "quantity": 2,
                                        "unit_price_minor": 65})
    engine.dispose()
    db = open_database(str(path))
    try:
        with db.sessions() as s:
            assert s.execute(select(Order.id, Order.number, Order.bill_name)
                             .order_by(Order.id)).all() == [
                (1, "#1060", "Ann Ship"), (2, "#1060 (dup 2)", "Ann Ship")]
            assert s.scalar(select(OrderLine.line_total_minor)) == 130
            event = s.scalars(select(AuditEvent).where(AuditEvent.action == "renumbered")).one()
            assert (event.entity_id, event.user) == (2, "upgrade")
    finally:
        db.dispose()


def test_replace_refuses_an_order_a_payout_line_points_at(typed):
    from tests.unit.insights import world

    def paid(s) -> None:
        order = s.scalar(select(Order).where(Order.number == "#1060"))
        order.status = "cancelled"   # replaceable by status, yet a payout refers to it
        world.payout(s, order, 2500, [300])

    typed.run(paid)
    summary = _import(typed, _record("5012", "#1060"), replace=True)
    assert summary.refused and [c.number for c in summary.blocked] == ["#1060"]
    assert "#1060 (in a payout)" in summary.message()
    assert _orders(typed) == [("#1060", "#1060")]
