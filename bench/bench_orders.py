"""Orders: importing a 100,000-line Shopify export (into an empty store and into a store of
1,000,000 orders), the import's peak memory at 10k/100k/300k lines, and the Orders tab over
1,000,000 orders. BENCH_ORDERS_ONLY=import|memory|tab runs one part."""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import Figure, best_of

SHOPIFY_LINES = int(os.environ.get("BENCH_ORDER_LINES", "100000"))
TAB_ORDERS = int(os.environ.get("BENCH_TAB_ORDERS", "1000000"))
HEADER = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
          "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total",
          "Discount Code", "Discount Amount", "Shipping Method", "Created at",
          "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
          "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable",
          "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1",
          "Billing Address2", "Billing Company", "Billing City", "Billing Zip",
          "Billing Province", "Billing Country", "Billing Phone", "Shipping Name",
          "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company",
          "Shipping City", "Shipping Zip", "Shipping Province", "Shipping Country",
          "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method",
          "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee",
          "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount"]


def write_shopify_csv(path: Path, lines: int, products: int, seed: int = 3) -> int:
    """A Shopify-shaped export with `lines` line rows; returns the number of orders."""
    rng = random.Random(seed)
    col = {h: i for i, h in enumerate(HEADER)}
    start = datetime(2026, 8, 1, tzinfo=UTC)
    written = orders = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        while written < lines:
            orders += 1
            n = min(rng.choice((1, 1, 1, 2, 2, 3, 4)), lines - written)
            items = [(rng.randrange(1, products + 1), rng.choice((1, 1, 2)),
                      rng.randrange(300, 9000)) for _ in range(n)]
            subtotal = sum(q * p for _s, q, p in items)
            placed = start + timedelta(seconds=orders * 97)
            for i, (sku, qty, price) in enumerate(items):
                row = [""] * len(HEADER)
                row[col["Name"]] = f"#{10000 + orders}"
                row[col["Email"]] = f"buyer{orders % 30011}@example.com"
                row[col["Lineitem quantity"]] = str(qty)
                row[col["Lineitem name"]] = f"Product {sku}, colour {sku % 7}"
                row[col["Lineitem price"]] = f"{price / 100:.2f}"
                row[col["Lineitem sku"]] = f"KC-{sku:05d}"
                row[col["Lineitem requires shipping"]] = "true"
                if i == 0:
                    for k, v in (("Financial Status", "paid"), ("Fulfillment Status",
                                 "unfulfilled"), ("Currency", "EUR"),
                                 ("Subtotal", f"{subtotal / 100:.2f}"), ("Shipping", "4.90"),
                                 ("Taxes", f"{subtotal * 19 // 119 / 100:.2f}"),
                                 ("Total", f"{(subtotal + 490) / 100:.2f}"),
                                 ("Created at", placed.strftime("%Y-%m-%d %H:%M:%S +0000")),
                                 ("Billing Name", f"Buyer {orders % 30011}"),
                                 ("Shipping Name", f"Buyer {orders % 30011}"),
                                 ("Shipping Address1", f"Street {orders % 500}, Flat {i}"),
                                 ("Shipping City", "Berlin"), ("Shipping Zip", "10115"),
                                 ("Shipping Country", "DE"), ("Id", str(5000000 + orders))):
                        row[col[k]] = v
                w.writerow(row)
                written += 1
    return orders


def _baseline(csv_path: Path, db_path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    con = sqlite3.connect(db_path)
    cols = ", ".join(f'"{c}" TEXT' for c in frame.columns)
    con.execute(f"CREATE TABLE rows ({cols})")
    marks = ", ".join("?" * len(frame.columns))
    con.executemany(f"INSERT INTO rows VALUES ({marks})", frame.itertuples(index=False))
    con.commit()
    con.close()


BIG_ORDERS = int(os.environ.get("BENCH_BIG_ORDERS", "1000000"))
MEMORY_LINES = tuple(int(n) for n in os.environ.get(
    "BENCH_MEMORY_LINES", "10000,100000,300000").split(","))
MEMORY_GOAL_MB = 300


@dataclass(frozen=True)
class MemoryFigure:
    """Peak memory of a process, against the same process that does not import."""

    name: str
    mb: float
    baseline_name: str
    baseline_mb: float
    goal_mb: float

    def line(self) -> str:
        verdict = "meets" if self.mb <= self.goal_mb else "MISSES"
        return (f"{self.name:<52} {self.mb:7.0f} MB   baseline {self.baseline_name}: "
                f"{self.baseline_mb:.0f} MB   ratio {self.mb / self.baseline_mb:6.2f}x  "
                f"goal <= {self.goal_mb:g} MB ({verdict})")


def _import_once(backend: Any, csv_path: Path, store: str) -> tuple[Any, float, float]:
    """Import as the CLI does (plan, files read batch by batch, store): the summary, wall and
    CPU seconds (with those of the process that parses a big file ahead)."""
    import resource

    from app.services.orders import import_plan
    from app.services.orders.importing import import_into_store

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    start, cpu, child_cpu = time.perf_counter(), time.process_time(), children()
    plan = backend.read(import_plan.plan_import, [csv_path], None, store)
    parsed = import_plan.parse([csv_path], plan)
    summary = backend.run(import_into_store, parsed, plan.store_name, plan.kind,
                          actor=backend.actor)
    return (summary, time.perf_counter() - start,
            time.process_time() - cpu + children() - child_cpu)


IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))


def bench_import(workdir: Path) -> list[Figure]:
    """The floor, the import into an empty store and into the 1M-order store, in turn
    IMPORT_RUNS times (a load change on the machine hits all three alike); each figure is
    the median, with min and max beside it and the floor's median as the baseline."""
    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend
    from bench.common import demo_store

    csv_path = workdir / "shopify_100k.csv"
    orders = write_shopify_csv(csv_path, SHOPIFY_LINES, products=2000)
    floors: list[tuple[float, float]] = []
    empty: list[tuple[float, float]] = []
    big_runs: list[tuple[float, float]] = []
    big = workdir / "big.sqlite3"
    for run in range(IMPORT_RUNS):
        start, cpu0 = time.perf_counter(), time.process_time()
        _baseline(csv_path, workdir / f"baseline{run}.sqlite3")
        floors.append((time.perf_counter() - start, time.process_time() - cpu0))
        (workdir / f"baseline{run}.sqlite3").unlink()
        db = open_database(str(workdir / f"import{run}.sqlite3"))
        backend = Backend(db.sessions, actor=Actor("bench", "bench"))
        # A catalogue with stock, so SKUs match and orders really reserve.
        backend.run(demo.generate_demo, products=2000, orders=0, seed=2, today=date(2026, 11, 1))
        summary, wall, cpu = _import_once(backend, csv_path, "Bench Shopify")
        empty.append((wall, cpu))
        assert summary.new == orders and not summary.problems, summary.message()
        db.dispose()
        # The same file into a store of BIG_ORDERS orders (a copy of the shared demo store).
        demo_store(big, products=50000, orders=BIG_ORDERS, seed=11, today=date(2026, 11, 23))
        try:
            db = open_database(str(big))
            backend = Backend(db.sessions, actor=Actor("bench", "bench"))
            summary, wall, cpu = _import_once(backend, csv_path, "Bench Shopify")
            big_runs.append((wall, cpu))
            assert summary.new == orders and not summary.problems, summary.message()
            db.dispose()
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{big}{suffix}").unlink(missing_ok=True)
    base, base_cpu = (statistics.median(f[i] for f in floors) for i in (0, 1))
    floor_name = f"pandas.read_csv + sqlite3.executemany ({_spread([f[0] for f in floors])})"
    figures = []
    for label, name, runs in (
            ("empty store", f"import Shopify CSV, {SHOPIFY_LINES:,} lines ({orders:,} orders)",
             empty),
            (f"store of {BIG_ORDERS:,} orders",
             f"import {SHOPIFY_LINES:,} Shopify lines, {BIG_ORDERS:,}-order store", big_runs)):
        wall, cpu = (statistics.median(r[i] for r in runs) for i in (0, 1))
        _cpu_line(label, wall, cpu, base, base_cpu)
        figures.append(Figure(f"{name} ({_spread([r[0] for r in runs])})", wall, floor_name,
                              base, goal_seconds=3 * base))
    return figures


def _spread(runs: list[float]) -> str:
    return f"min {min(runs):.2f} / max {max(runs):.2f}"


def _cpu_line(label: str, wall: float, cpu: float, base: float, base_cpu: float) -> None:
    """The CPU beside the wall time: steadier under load, and what parsing in a second
    process costs (it adds CPU, pickling the records across, to take wall time off)."""
    ratio = cpu / base_cpu if base_cpu else float("inf")
    print(f"  ({label}: import wall {wall:.2f} s, cpu {cpu:.2f} s with the parsing process; "
          f"floor wall {base:.2f} s, cpu {base_cpu:.2f} s; cpu ratio {ratio:.2f}x, wall "
          f"ratio {wall / base:.2f}x; load {os.getloadavg()[0]:.1f}; medians of "
          f"{IMPORT_RUNS})", flush=True)


def bench_memory(workdir: Path) -> list[MemoryFigure]:
    """Peak RSS of an import in a process of its own, for files of growing size."""
    import json
    import subprocess
    import sys

    def child(*args: str) -> dict[str, Any]:
        out = subprocess.run([sys.executable, "-m", "bench.bench_orders", *args], check=True,
                             capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parent.parent).stdout
        return dict(json.loads(out.strip().splitlines()[-1]))

    floor = child("memory", str(workdir / "floor.sqlite3"))
    figures = []
    for lines in MEMORY_LINES:
        csv_path = workdir / f"memory_{lines}.csv"
        orders = write_shopify_csv(csv_path, lines, products=2000)
        got = child("memory", str(workdir / f"memory_{lines}.sqlite3"), str(csv_path))
        assert got["new"] == orders, got
        csv_path.unlink()
        figures.append(MemoryFigure(f"import peak memory, {lines:,} Shopify lines",
                                    got["peak_mb"], "the same process, no import",
                                    floor["peak_mb"], MEMORY_GOAL_MB))
    return figures


def _memory_child(db_path: str, csv_path: str | None) -> None:
    import json
    import resource

    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend

    db = open_database(db_path)
    backend = Backend(db.sessions, actor=Actor("bench", "bench"))
    backend.run(demo.generate_demo, products=2000, orders=0, seed=2, today=date(2026, 11, 1))
    new = 0
    sampler = _TreeMemory()
    if csv_path:
        sampler.start()
        summary, _wall, _cpu = _import_once(backend, Path(csv_path), "Bench Shopify")
        sampler.stop()
        new = summary.new
    db.dispose()
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, sampler.peak_kb)
    print(json.dumps({"peak_mb": peak_kb / 1024, "new": new}))


class _TreeMemory:
    """The most memory this process and its children (the parse_ahead process) held at
    once, sampled every 20 ms from /proc. A child's own ru_maxrss will not do: on Linux it
    starts from the parent's size at the fork before its exec."""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(0.02):
            self.peak_kb = max(self.peak_kb, self._now())

    @staticmethod
    def _now() -> int:
        def rss(pid: int | str) -> int:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
            except OSError:
                pass
            return 0

        pid = os.getpid()
        children: list[str] = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                children += (task / "children").read_text().split()
            except OSError:
                pass
        return rss(pid) + sum(rss(child) for child in children)


def bench_tab(workdir: Path) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend
    from app.services.orders import reads as orders

    app = QApplication.instance() or QApplication([])
    db = open_database(str(workdir / "million.sqlite3"))
    backend = Backend(db.sessions, actor=Actor("bench", "bench"))
    made = time.perf_counter()
    backend.run(demo.generate_demo, products=5000, orders=TAB_ORDERS, seed=5,
                today=date(2026, 11, 23))
    print(f"  (demo database with {TAB_ORDERS:,} orders built in "
          f"{time.perf_counter() - made:.0f} s)", flush=True)
    sample = backend.run(orders.list_orders, None, 123456 % TAB_ORDERS, 1)[0]
    detail = backend.run(orders.order_detail, sample.id)
    email = detail.customer_email
    db.dispose()

    figure, tab, backend, db, raw = open_tab(str(workdir / "million.sqlite3"), TAB_ORDERS)
    figures = [figure]
    for label, term in (("order number", sample.number), ("customer email", email),
                        ("SKU", detail.lines[0].channel_sku), ("customer name part", "Mül"),
                        # Found nowhere: the whole index is asked (a scan read every order).
                        ("absent name part", "Lovelace")):
        def search(t: str = term) -> None:
            tab.search.setText(t)
            tab.refresh()

        seconds = best_of(3, search)
        assert (tab.model.rowCount() > 0) != label.startswith("absent"), label
        plain = best_of(3, lambda t=term: backend.run(
            orders.list_orders, orders.OrderFilter(search=t), 0, 200))
        figures.append(Figure(f"Orders tab search by {label}, {TAB_ORDERS:,} orders",
                              seconds, "the same page as a bare service call", plain,
                              goal_seconds=0.2))
    from PySide6.QtCore import Qt

    def sort_by_total() -> None:
        tab.search.setText("")
        tab.model.sort(5, Qt.SortOrder.DescendingOrder)

    seconds = best_of(3, sort_by_total)
    figures.append(Figure(f"Orders tab sort by total, {TAB_ORDERS:,} orders", seconds,
                          "first rows by date (bare service call)", raw, goal_seconds=1.0))
    figures += _filter_sort_and_deep(tab, backend, raw)
    tab.deleteLater()
    app.processEvents()
    db.dispose()
    return figures


def open_tab(db_url: str, size: int, label: str = "") -> tuple[Figure, Any, Any, Any, float]:
    """Time the Orders tab's first rows on a fresh connection, as when the window opens.

    Returns the figure and the open tab, backend, database and the bare page time."""
    from PySide6.QtWidgets import QApplication

    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.services.orders import reads as orders
    from app.ui.orders.tab import OrdersTab

    app = QApplication.instance() or QApplication([])
    db = open_database(db_url)
    backend = Backend(db.sessions, actor=Actor("bench", "bench"))
    start = time.perf_counter()
    tab = OrdersTab(backend)
    app.processEvents()
    first = time.perf_counter() - start
    assert tab.model.rowCount() > 0
    raw = best_of(3, lambda: backend.read(orders.list_orders, None, 0, 200))
    figure = Figure(f"Orders tab first rows, {size:,} orders{label}", first,
                    "the same page as a bare service call", raw, goal_seconds=1.0)
    return figure, tab, backend, db, raw


def _filter_sort_and_deep(tab: Any, backend: Any, raw: float) -> list[Figure]:
    """A status filter with another sort, sorts by what Store/Customer show, deep pages."""
    from PySide6.QtCore import Qt

    from app.services.orders import paging as order_pages
    from app.services.orders import reads as orders

    figures = []
    for label, column, status in (("shipped sorted by total", 5, "shipped"),
                                  ("shipped sorted by customer", 3, "shipped"),
                                  ("sorted by store name", 1, None),
                                  ("sorted by customer name", 3, None)):
        def first_page(c: int = column, s: str | None = status) -> None:
            tab.status.setCurrentIndex(tab.status.findData(s))
            tab.model.sort(c, Qt.SortOrder.DescendingOrder)

        seconds = best_of(3, first_page)
        assert tab.model.rowCount() == 200, label
        figures.append(Figure(f"Orders tab {label}, first rows", seconds,
                              "first rows by date (bare service call)", raw, goal_seconds=0.2))
    depth = TAB_ORDERS // 2
    shipped = orders.OrderFilter(statuses=("shipped",))
    for label, flt, sort in (("by date", None, "placed_at"),
                             ("shipped by total", shipped, "total")):
        # Reaching the position by scrolling would take 2,500 pages; find it once instead.
        cursor = backend.run(order_pages.cursor_at, flt, depth, sort=sort, descending=True)
        pages: dict[str, list[object]] = {}

        def seek(f: object = flt, c: object = cursor, s: str = sort,
                 out: dict[str, list[object]] = pages) -> None:
            out["seek"] = list(backend.run(order_pages.page_after, f, c, 200, sort=s,
                                           descending=True).rows)

        def offset_page(f: object = flt, s: str = sort,
                        out: dict[str, list[object]] = pages) -> None:
            out["offset"] = backend.run(orders.list_orders, f, depth, 200, sort=s,
                                        descending=True)

        seconds = best_of(3, seek)
        plain = best_of(3, offset_page)
        assert pages["seek"] == pages["offset"] and len(pages["seek"]) == 200, label
        figures.append(Figure(f"Orders deep page {label} at {depth:,} (keyset)", seconds,
                              "the same page by OFFSET", plain, goal_seconds=0.2))
    return figures


def run(workdir: Path) -> list[Any]:
    only = os.environ.get("BENCH_ORDERS_ONLY", "")   # "import", "memory" or "tab"
    figures: list[Any] = []
    if only in ("", "import"):
        figures += bench_import(workdir)
    if only in ("", "memory"):
        figures += bench_memory(workdir)
    if only in ("", "tab"):
        figures += bench_tab(workdir)
    return figures


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["memory"]:
        _memory_child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
