"""Returns: opening a return by scan and receiving a unit on a database of many orders, and
the Returns list (first rows, search) over many returns. Sizes from the environment:
BENCH_RETURNS_ORDERS (default 1,000,000), BENCH_RETURNS_PRODUCTS (50,000),
BENCH_RETURNS_LIST (100,000 returns), BENCH_RETURNS_SCANS (200).

Each timed step also counts its SQL statements and its CPU time (in the figure's name):
on a loaded machine the wall time swings, the CPU time and the ratio to the baseline less."""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.common import Figure, best_of, demo_store, first_rows_painted

ORDERS = int(os.environ.get("BENCH_RETURNS_ORDERS", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_RETURNS_PRODUCTS", "50000"))
RETURNS = int(os.environ.get("BENCH_RETURNS_LIST", "100000"))
SCANS = int(os.environ.get("BENCH_RETURNS_SCANS", "200"))
SCAN_GOAL, FIRST_ROWS_GOAL, SEARCH_GOAL = 0.050, 1.0, 0.200


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _percentiles(name: str, samples: list[float], baseline: float,
                 cpu: list[float] | None = None, statements: int = 0) -> list[Figure]:
    def extra(p: int) -> str:
        parts = ([f"cpu {_pct(cpu, p) * 1000:.1f} ms"] if cpu else []) + \
            ([f"{statements} SQL"] if statements else [])
        return f", {', '.join(parts)}" if parts else ""
    return [Figure(f"{name} p{p} (n={len(samples)}{extra(p)})", _pct(samples, p),
                   "catalogue barcode lookup (median)", baseline,
                   SCAN_GOAL if p == 99 else None) for p in (50, 95, 99)]


class _Statements:
    """Counts the SQL statements the engine runs (transaction control left out)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA", "SAVEPOINT",
                                                       "RELEASE", "COMMIT", "ROLLBACK")):
            self.count += 1


def run(workdir: Path) -> list[Figure]:
    from app.db import open_database
    from app.services.core.backend import Actor, Backend

    demo_store(workdir / "returns.sqlite3", products=PRODUCTS, orders=ORDERS, seed=11,
               today=date(2026, 11, 23))
    db = open_database(str(workdir / "returns.sqlite3"))
    backend = Backend(db.sessions, actor=Actor("packer", "returns-bench"))
    counter = _Statements(db.engine)
    try:
        return _scans(backend, counter) + _list(backend)
    finally:
        db.dispose()


def _shipped(backend, limit: int) -> list[tuple[int, str, str, str]]:
    """(order id, order number, SKU, a barcode) of shipped single-product lines."""
    from app.models import Barcode, Order, OrderLine, Product

    def job(session):
        return session.execute(
            select(Order.id, Order.number, Product.sku, func.min(Barcode.code))
            .join(OrderLine, OrderLine.order_id == Order.id)
            .join(Product, Product.id == OrderLine.product_id)
            .join(Barcode, Barcode.product_id == Product.id)
            .where(Order.status == "shipped", Order.fulfilled_by_channel.is_(False))
            .group_by(Order.id, Order.number, Product.sku)
            .order_by(Order.id.desc()).limit(limit)).all()
    return backend.read(job)


def _scans(backend, counter: _Statements) -> list[Figure]:
    """Scan the slip -> the order's returnable lines; open the return; receive a unit."""
    from app.services.returns import opening, receiving
    from app.services.returns.station import read_code
    from app.services.stock.catalog import find_by_barcode

    work, seen = [], set()
    for row in _shipped(backend, SCANS * 3):  # one line per order
        if row[0] not in seen and len(work) < SCANS:
            seen.add(row[0])
            work.append(row)
    lookups = []
    for _oid, _number, _sku, code in work[:50]:
        t = time.perf_counter()
        backend.read(find_by_barcode, code)
        lookups.append(time.perf_counter() - t)
    baseline = statistics.median(lookups)
    quick = backend.quick()
    opened, received, opened_cpu, received_cpu = [], [], [], []
    open_sql = receive_sql = 0
    for _oid, number, sku, code in work:
        n, c, t = counter.count, time.process_time(), time.perf_counter()
        meaning = quick.read(read_code, number)
        assert meaning.order_id is not None
        order = quick.read(opening.returnable_order, meaning.order_id)
        done = quick.run(opening.create_return, backend.actor, order.order_id, [(sku, 1)],
                         "damaged")
        opened.append(time.perf_counter() - t)
        opened_cpu.append(time.process_time() - c)
        open_sql = max(open_sql, counter.count - n)
        n, c, t = counter.count, time.process_time(), time.perf_counter()
        item = quick.read(read_code, code)   # as the station: the scan's products go on
        quick.run(receiving.receive_scan, backend.actor, done.id, code, condition="opened",
                  disposition="quarantine", products=item.product_ids)
        received.append(time.perf_counter() - t)
        received_cpu.append(time.process_time() - c)
        receive_sql = max(receive_sql, counter.count - n)
    return (_percentiles(f"returns open by scan at {ORDERS:,} orders (scan, lines, create)",
                         opened, baseline, opened_cpu, open_sql)
            + _percentiles(f"returns receive a unit by scan at {ORDERS:,} orders", received,
                           baseline, received_cpu, receive_sql))


def _fill_returns(backend, count: int) -> None:
    """`count` returns (one line each) over shipped order lines, bulk inserted."""
    # Every table the returns point at, so the bulk insert can order them (app.models
    # imports a model module only when first asked for one of its classes).
    from app.models import Order, OrderLine, Product, Store  # noqa: F401
    from app.models.returns import RETURN_STATUSES, Return, ReturnLine

    def job(session):
        lines = session.execute(
            select(OrderLine.id, OrderLine.order_id, OrderLine.product_id, Order.store_id,
                   Order.currency)
            .join(Order, Order.id == OrderLine.order_id)
            .where(Order.status == "shipped", OrderLine.product_id.is_not(None))
            .order_by(OrderLine.id).limit(count)).all()
        start = (session.scalar(select(func.max(Return.id))) or 0) + 1
        rng = random.Random(5)
        base = datetime(2026, 11, 23, tzinfo=UTC)
        for chunk in range(0, len(lines), 20000):
            part = lines[chunk:chunk + 20000]
            rets, rlines = [], []
            for i, (line_id, order_id, product_id, store_id, cur) in enumerate(part,
                                                                              start + chunk):
                at = base - timedelta(minutes=rng.randrange(0, 60 * 24 * 365))
                rets.append({"id": i, "number": f"R{i:06d}", "order_id": order_id,
                             "store_id": store_id, "status": rng.choice(RETURN_STATUSES),
                             "reason_code": "other", "reason": "Other", "note": "",
                             "currency": cur, "source": "manual", "external_id": None,
                             "tracking": f"RT{i:09d}", "created_at": at,
                             "created_by": "bench", "expected_by": at + timedelta(days=14)})
                rlines.append({"return_id": i, "order_line_id": line_id,
                               "product_id": product_id, "quantity": 1, "received": 0})
            session.execute(insert(Return), rets)
            session.execute(insert(ReturnLine), rlines)
    backend.run(job)


def _list(backend) -> list[Figure]:
    from app.models import Order, Product
    from app.models.returns import Return, ReturnLine
    from app.services.returns import reads
    from app.ui.returns.list_page import ReturnsListPage

    _fill_returns(backend, RETURNS)
    n = backend.read(lambda s: s.scalar(select(func.count(Return.id))))

    def plain_page(session):
        return session.execute(select(Return.id, Return.number).order_by(Return.id.desc())
                               .limit(200)).all()
    baseline = best_of(3, lambda: backend.read(plain_page))

    from PySide6.QtWidgets import QApplication

    from app.ui.common import icons

    app = QApplication.instance() or QApplication([])
    # The main window draws every tab's icon when it starts (icons.set_tab_icons), loading
    # the icon font once; the list's empty-state icon would otherwise pay that here.
    icons.icon("returns")

    def painted():
        page = ReturnsListPage(backend)
        page.refresh()
        page.runner.wait()
        app.processEvents()
        return page
    seconds, widget = first_rows_painted(painted, lambda p: p.table)
    assert widget.model.rowCount() > 0
    figures = [
        Figure(f"returns list first rows, service ({n:,} returns)",
               best_of(3, lambda: backend.read(reads.list_returns, limit=200)),
               "first 200 returns by id, no joins", baseline, FIRST_ROWS_GOAL),
        Figure(f"returns list first rows painted ({n:,} returns)", seconds,
               "first 200 returns by id, no joins", baseline, FIRST_ROWS_GOAL)]
    sample = backend.read(lambda s: s.execute(
        select(Return.number, Order.number, Product.sku, Order.ship_name, Return.tracking)
        .join(Order, Order.id == Return.order_id)
        .join(ReturnLine, ReturnLine.return_id == Return.id)
        .join(Product, Product.id == ReturnLine.product_id)
        .where(Return.tracking != "")   # one of the list's returns, not a scanned one
        .order_by(Return.id).limit(1)).one())
    texts = {"return number": sample[0], "order number": sample[1], "SKU": sample[2],
             "customer surname": sample[3].split(" ")[-1], "tracking": sample[4]}

    def order_lookup(session):
        return session.scalar(select(Order.id).where(Order.number == sample[1]))
    search_base = best_of(3, lambda: backend.read(order_lookup))
    for what, text in texts.items():
        flt = reads.ReturnFilter(text=text)
        cpu = time.process_time()
        service = best_of(3, lambda f=flt: backend.read(reads.list_returns, f, limit=200))
        cpu = (time.process_time() - cpu) / 3
        found = len(backend.read(reads.list_returns, flt, limit=200))
        figures.append(Figure(f"returns search by {what}, service ({found} rows, "
                              f"cpu {cpu * 1000:.0f} ms)", service, "one order by number",
                              search_base, SEARCH_GOAL))
        figures.append(Figure(f"returns search by {what}, typed to rows ({n:,} returns)",
                              _typed(app, widget, text), "one order by number", search_base,
                              SEARCH_GOAL))
    widget.close()
    return figures


def _typed(app, page, text: str) -> float:
    """Type `text` into the list's search box at typing speed; seconds from the pause
    timer firing (the search starts) to its rows in the table. The keys typed before the
    pause start no search of their own (asserted)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page.search.clear()
    _settle(app, page)
    starts: list[float] = []
    timer = page._typing
    timer.timeout.disconnect()
    timer.timeout.connect(lambda: starts.append(time.perf_counter()))
    timer.timeout.connect(page.refresh)
    loaded: list[float] = []
    page.model.modelReset.connect(lambda: loaded.append(time.perf_counter()))
    QTest.keyClicks(page.search, text, Qt.KeyboardModifier.NoModifier, 20)
    deadline = time.perf_counter() + 30
    while not loaded and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    page.model.modelReset.disconnect()
    assert len(starts) == 1, f"{len(starts)} searches for one typed text"
    assert loaded and page.current_filter().text == text
    return loaded[0] - starts[0]


def _settle(app, page) -> None:
    """Let the list's pending pause timer and read finish."""
    deadline = time.perf_counter() + 30
    while page._typing.isActive() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)
    page.runner.wait()
    app.processEvents()
