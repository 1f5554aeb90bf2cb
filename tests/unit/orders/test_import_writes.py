"""How an import writes its rows (import_rows.RowWriter): one statement per batch on SQLite,
the same rows as the generic path, and every trigger-kept summary still marked."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, event, func, select, text

from app.models import Order, OrderLine
from app.services.importers.detect import parse_paths
from app.services.insights import profit, summary
from app.services.insights.profit import ProfitFilter
from app.services.orders import import_rows
from app.services.orders.importing import import_orders
from app.services.orders.setup import resolve_store
from app.services.replenishment import daily
from tests.unit.orders.helpers import ACTOR, add_product

HEADER = ["Name", "Email", "Financial Status", "Fulfillment Status", "Currency", "Subtotal",
          "Shipping", "Total", "Created at", "Lineitem quantity", "Lineitem name",
          "Lineitem price", "Lineitem sku", "Billing Name", "Shipping Name", "Shipping Zip",
          "Shipping Country", "Cancelled at"]


def _write(path: Path, orders: int) -> int:
    """A Shopify export of `orders` orders over several days (1 to 3 lines each, some
    cancelled or fulfilled); returns the number of lines."""
    start = datetime(2026, 3, 27, 22, tzinfo=UTC)
    lines = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for n in range(orders):
            placed = start + timedelta(minutes=97 * n)
            items = [(f"SKU-{(n + i) % 4}", 1 + (n + i) % 3, 250 + 10 * i)
                     for i in range(1 + n % 3)]
            total = sum(q * p for _s, q, p in items)
            for i, (sku, qty, price) in enumerate(items):
                first = i == 0
                w.writerow([
                    f"#{1000 + n}", f"b{n % 7}@example.com" if first else "",
                    "paid" if first else "",
                    ("fulfilled" if n % 5 == 0 else "unfulfilled") if first else "",
                    "EUR" if first else "", f"{total / 100:.2f}" if first else "",
                    "4.90" if first else "", f"{(total + 490) / 100:.2f}" if first else "",
                    placed.strftime("%Y-%m-%d %H:%M:%S +0000") if first else "",
                    str(qty), f"Thing {sku}", f"{price / 100:.2f}", sku,
                    f"Buyer {n % 7}" if first else "", f"Buyer {n % 7}" if first else "",
                    "10115" if first else "", "DE" if first else "",
                    placed.isoformat() if first and n % 11 == 3 else ""])
                lines += 1
    return lines


def _import(backend, path: Path):
    result = parse_paths([path])

    def job(session):
        store = resolve_store(session, "Shop", "shopify", currency="EUR")
        return import_orders(session, result, store.id, actor=ACTOR)

    return backend.run(job)


def _setup(backend) -> None:
    for k in range(3):   # SKU-3 stays unknown: some lines unmatched, some orders waiting
        backend.run(add_product, f"SKU-{k}", 20)


def test_sqlite_moves_the_import_a_statement_per_batch(backend, tmp_path, monkeypatch):
    """One statement per row made SQLite open a statement journal per row for the tables'
    triggers (three times the insert). Now the rows go through a staging table, moved once
    per batch with the status their reservation will give them: when the guess holds (stock
    for the oldest first, as here), no order is updated after it is written."""
    if backend.read(lambda s: s.get_bind().dialect.name) != "sqlite":
        pytest.skip("SQLite's statement journal")
    _setup(backend)
    path = tmp_path / "orders.csv"
    lines = _write(path, 120)
    monkeypatch.setattr("app.services.orders.importing.CHUNK", 50)   # three batches
    result = parse_paths([path])
    runs: list[tuple[str, int]] = []   # (statement, times run: executemany runs it per row)

    def count(_conn, _cursor, statement, parameters, _context, many):
        runs.append((" ".join(statement.split()).upper(), len(parameters) if many else 1))

    def job(session):
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", count)
        try:
            store = resolve_store(session, "Shop", "shopify", currency="EUR")
            return import_orders(session, result, store.id, actor=ACTOR)
        finally:
            event.remove(engine, "before_cursor_execute", count)

    done = backend.run(job)
    assert done.new == 120 and lines > 200

    def statements(table: str) -> int:
        return sum(n for s, n in runs if s.startswith((f"INSERT INTO {table} ",
                                                       f"INSERT INTO MAIN.{table} ")))

    assert statements("ORDER_LINES") == 3 and statements("ORDERS") == 3   # 50, 50, 20
    assert not [s for s, _n in runs if s.startswith(("UPDATE ORDERS", "UPDATE MAIN.ORDERS"))]
    assert backend.read(lambda s: s.execute(text(
        "SELECT count(*) FROM orders WHERE status = 'new'")).scalar()) == 0
    # The staging tables are the connection's and are gone after the import.
    left = backend.read(lambda s: s.execute(text(
        "SELECT name FROM sqlite_temp_master WHERE name LIKE 'import_stage%'")).all())
    assert left == []


def test_staged_lines_are_found_by_their_order(backend):
    """Reserving reads the staged orders with their lines: each order's lines through an
    index, not the whole staging table per order (an untyped column made that quadratic:
    10,000 orders took 19 s)."""
    if backend.read(lambda s: s.get_bind().dialect.name) != "sqlite":
        pytest.skip("SQLite's staging tables")

    def job(session):
        writer = import_rows.RowWriter(session.connection())
        assert writer.staged
        width = len(import_rows.ORDER_COLUMNS)
        ids = writer.orders([tuple(range(width))])
        writer.lines([(ids[0], None, "X", "x", 1, 100, 100, "", "")])
        list(writer.waiting())
        plan = [row[3] for row in session.execute(
            text("EXPLAIN QUERY PLAN " + import_rows.WAITING_SQL.replace("?", "0")))]
        for table in ("orders", "order_lines"):   # nothing of it goes into the store
            session.execute(text(f"DROP TABLE temp.import_stage_{table}"))
        return plan

    plan = backend.run(job)
    assert any(step.startswith("SEARCH l ") for step in plan), plan


def _stored(session) -> list[tuple[object, ...]]:
    """Every stored column of the orders and lines as the database holds it (raw text of
    the dates on SQLite), but the ids and the import's own time."""
    orders = [tuple(r) for r in session.execute(text(
        "SELECT number, external_id, store_id, placed_at, status, financial_status, "
        "customer_id, currency, subtotal_minor, shipping_minor, tax_minor, discount_minor, "
        "total_minor, bill_name, ship_name, ship_postcode, ship_country, notes, priority, "
        "fulfilled_by_channel FROM orders ORDER BY number"))]
    lines = [tuple(r) for r in session.execute(text(
        "SELECT o.number, l.product_id, l.channel_sku, l.title, l.quantity, "
        "l.unit_price_minor, l.line_total_minor, l.listing_id, l.variation FROM order_lines l "
        "JOIN orders o ON o.id = l.order_id ORDER BY l.id"))]
    return orders + lines


def test_staged_rows_equal_the_generic_path(db_url, tmp_path, monkeypatch):
    """The tuples written straight to the staging table (dates as SQLite's text) are what
    the generic bulk insert (through the column types) writes."""
    from app.db import open_database
    from app.services.core.backend import Backend

    path = tmp_path / "orders.csv"
    _write(path, 40)
    got = []
    for generic in (False, True):
        url = db_url if not generic else (
            str(tmp_path / "generic.sqlite3") if "://" not in db_url else None)
        if url is None:   # PostgreSQL always takes the generic path
            break
        db = open_database(url)
        try:
            backend = Backend(db.sessions, actor=ACTOR)
            _setup(backend)
            if generic:
                monkeypatch.setattr(import_rows, "holds_write_lock", lambda _conn: False)
            assert _import(backend, path).new == 40
            got.append(backend.read(_stored))
            # A line's id follows the file: the first line of each order comes first.
            firsts = backend.read(lambda s: s.execute(
                select(Order.number, OrderLine.channel_sku).join(OrderLine)
                .order_by(OrderLine.id).limit(3)).all())
            assert [tuple(r) for r in firsts] == [("#1000", "SKU-0"), ("#1001", "SKU-1"),
                                                  ("#1001", "SKU-2")]
        finally:
            db.dispose()
    if len(got) == 2:
        assert got[0] == got[1]


def test_imported_orders_are_marked_for_the_summaries(backend, tmp_path):
    """The triggers still mark every imported order's day: insights and daily sales caught
    up afterwards equal a count from the orders."""
    _setup(backend)
    path = tmp_path / "orders.csv"
    _write(path, 90)       # about six days
    backend.run(summary.catch_up)
    backend.run(daily.catch_up)
    assert _import(backend, path).new == 90
    assert backend.read(summary.marked_days) >= 6
    assert backend.read(daily.marked_days) >= 6
    flt = ProfitFilter()
    assert backend.read(profit.daily_profits, flt) == backend.read(profit.raw_daily_profits,
                                                                   flt)
    backend.run(summary.catch_up)
    backend.run(daily.catch_up)
    assert backend.read(summary.marked_days) == 0 and backend.read(daily.marked_days) == 0
    assert backend.read(profit.daily_profits, flt) == backend.read(profit.raw_daily_profits,
                                                                   flt)
    window = (datetime(2026, 3, 27).date(), datetime(2026, 4, 5).date())
    for channel in (False, True):
        assert (backend.read(daily.sales, None, channel, *window).per_product_day()
                == backend.read(daily.sales, None, channel, *window, fresh=True)
                .per_product_day())


def test_an_import_marks_exactly_its_orders_days_once(backend, tmp_path, monkeypatch):
    """The triggers skip the import's orders and lines (orders_bulk, migration 0900); the
    import marks their days itself, for both summaries: exactly the new orders' store-days,
    and no orders_bulk row outlives the import. An order added later marks its own day."""
    _setup(backend)
    path = tmp_path / "orders.csv"
    _write(path, 90)       # about six days
    monkeypatch.setattr("app.services.orders.importing.CHUNK", 40)
    backend.run(summary.catch_up)
    backend.run(daily.catch_up)
    assert _import(backend, path).new == 90
    days, marked, bulk = backend.read(_marks)
    assert len(days) >= 6 and marked == [days, days] and bulk == []
    backend.run(summary.catch_up)
    backend.run(daily.catch_up)
    counter = backend.run(_manual, datetime(2026, 5, 2, 12, tzinfo=UTC))
    assert backend.read(_marks)[1] == [{(counter, datetime(2026, 5, 2).date())}] * 2


def test_the_triggers_leave_bulk_orders_and_their_lines_unmarked(backend):
    """What the import relies on: while orders_bulk names an id, a new order above it and
    its lines mark nothing (the import marks them); orders at or below it still do."""
    from app.models.orders import OrdersBulk

    _setup(backend)
    backend.run(summary.catch_up)
    backend.run(daily.catch_up)

    def job(session):
        store = resolve_store(session, "Counter", "counter", currency="EUR")

        def add(number: str, day: int) -> None:
            session.add(Order(store_id=store.id, external_id=number, number=number,
                              placed_at=datetime(2026, 5, day, 12, tzinfo=UTC),
                              currency="EUR", lines=[OrderLine(channel_sku="SKU-0",
                                                               quantity=1)]))
            session.flush()

        add("B1", 2)
        for table in ("insights_dirty", "product_sales_dirty"):   # as if caught up
            session.execute(text(f"DELETE FROM {table}"))
        top = session.scalar(select(func.max(Order.id)))
        session.add(OrdersBulk(after_id=top))
        session.flush()
        add("B2", 3)
        session.add(OrderLine(order_id=top, channel_sku="SKU-1", quantity=1))
        session.flush()
        marked = _marks(session)[1]
        session.execute(delete(OrdersBulk))
        return marked

    marked = backend.run(job)
    # B2 and its line are skipped; the line added to B1 (the order at the named id) marks
    # its day.
    assert [{d for _s, d in m} for m in marked] == [{datetime(2026, 5, 2).date()}] * 2


def _manual(session, placed: datetime, number: str = "M1") -> int:
    from app.services.orders import actions as order_actions

    store = resolve_store(session, "Counter", "counter", currency="EUR")
    order_actions.create_manual_order(
        session, store.id, [order_actions.ManualLine("SKU-0", 1)], actor=ACTOR,
        number=number, placed_at=placed)
    return store.id


def _marks(session):
    """The orders' store-days, the days marked in each summary, the orders_bulk rows."""
    from app.models.insights import InsightsDirty
    from app.models.orders import OrdersBulk
    from app.models.replenishment import ProductSalesDirty

    days = {(s, p.astimezone(UTC).date() if p.tzinfo else p.date())
            for s, p in session.execute(select(Order.store_id, Order.placed_at))}
    marked = [set(session.execute(select(m.store_id, m.utc_day)).all())
              for m in (InsightsDirty, ProductSalesDirty)]
    return days, marked, session.scalars(select(OrdersBulk.id)).all()
