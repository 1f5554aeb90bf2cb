"""Foundation figures: the demo generator at a million orders; the Stock tab at 50k SKUs.

Baselines are plain sqlite3 doing the same amount of raw work in the same run: inserting the
same number of rows with executemany, and running the page query by hand.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import date
from pathlib import Path

from bench.common import Figure, best_of, first_rows_painted

ORDERS = int(os.environ.get("BENCH_ORDERS", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "50000"))


def _baseline_inserts(path: Path, n_rows: int) -> float:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c TEXT, d INTEGER)")
    rows = ((i, f"#{i}", i % 97, "2026-01-01 10:00:00", i * 3) for i in range(n_rows))
    start = time.perf_counter()
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    con.commit()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def run(workdir: Path) -> list[Figure]:

    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Backend
    from app.ui.stock.tab import StockTab

    db = open_database(str(workdir / "bench.sqlite3"))
    start = time.perf_counter()
    with db.sessions() as s, s.begin():
        summary = demo.generate_demo(s, products=PRODUCTS, orders=ORDERS, seed=1,
                                     today=date(2026, 11, 23))
    demo_seconds = time.perf_counter() - start
    rows = summary.orders + summary.order_lines + summary.moves + summary.customers
    figures = [Figure(f"demo: {ORDERS:,} orders, {PRODUCTS:,} products ({rows:,} rows)",
                      demo_seconds, "sqlite3 executemany of as many rows",
                      _baseline_inserts(workdir / "baseline.sqlite3", rows))]

    backend = Backend(db.sessions)
    first_rows, tab = first_rows_painted(lambda: StockTab(backend), lambda t: t.table)

    raw = sqlite3.connect(workdir / "bench.sqlite3")
    page_sql = ("SELECT p.id, p.sku, p.name, (SELECT sum(on_hand) FROM stock_levels s "
                "WHERE s.product_id = p.id) FROM products p ORDER BY p.sku LIMIT 200")
    baseline_page = best_of(3, lambda: raw.execute(page_sql).fetchall())
    figures.append(Figure(f"Stock tab on {PRODUCTS:,} products: first rows painted",
                          first_rows, "sqlite3 page query", baseline_page, 1.0))

    def search() -> None:
        tab.search.setText("teapot")
        tab.refresh()
        tab.table.viewport().grab()

    search_seconds = best_of(3, search)
    like_sql = ("SELECT id, sku, name FROM products WHERE sku LIKE '%teapot%' "
                "OR name LIKE '%teapot%' ORDER BY sku LIMIT 200")
    baseline_search = best_of(3, lambda: raw.execute(like_sql).fetchall())
    figures.append(Figure("Stock tab search 'teapot' (page + count + repaint)",
                          search_seconds, "sqlite3 LIKE query", baseline_search, 0.2))
    raw.close()
    tab.close()
    db.dispose()
    return figures
