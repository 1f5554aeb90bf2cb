"""Insights over two years of a big demo store, read from the daily summary.
Size from the environment: BENCH_INSIGHTS_ORDERS (default 1,000,000 orders; the demo's
90 days are spread back over two years), BENCH_INSIGHTS_PRODUCTS, BENCH_INSIGHTS_CUSTOMERS
(default one per five orders: 200,000 at 1M orders, the issue's size; the demo makes one
per three orders, so its orders are dealt out again among that many).

Figures: profit per store per day and per month over two years (goal 1 s), the Today view
(goal 1 s), a catch-up after a day's new orders, against pandas reading the orders and
summing them per store and UTC day; customer values, tiers and cohorts (goal 2 s), caught
up and with a day's changed customers still marked, against a plain GROUP BY of the orders
per customer and currency. The first build of the summary (once per database, at the
upgrade) is printed, not a figure; so is the CPU time of the customer figures."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import text

from bench.common import Figure, best_of, demo_store

ORDERS = int(os.environ.get("BENCH_INSIGHTS_ORDERS", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_INSIGHTS_PRODUCTS", "20000"))
DAILY_GOAL = 1.0
CUSTOMERS = int(os.environ.get("BENCH_INSIGHTS_CUSTOMERS", str(max(1, ORDERS // 5))))
CUSTOMERS_GOAL = 2.0
TODAY = date(2026, 11, 23)


def _spread(session) -> None:
    """Two years of history: move each order back 0..639 days (90 + 640 = 730 days); the
    orders dealt out among the first CUSTOMERS customers."""
    session.execute(text("UPDATE orders SET placed_at = "
                         "datetime(placed_at, '-' || (id % 640) || ' days'), "
                         f"customer_id = (customer_id - 1) % {CUSTOMERS} + 1"))
    session.execute(text("INSERT INTO store_fee_rates (store_id, percent_bp, fixed_minor, "
                         "updated_at) SELECT id, 290, 30, CURRENT_TIMESTAMP FROM stores"))


def _new_orders_today(session) -> None:
    """What an import of a day's orders does: 200 orders changed on one day."""
    session.execute(text("UPDATE orders SET shipping_minor = shipping_minor + 1 WHERE id IN "
                         "(SELECT id FROM orders ORDER BY placed_at DESC LIMIT 200)"))


def _with_customer_summary(path: Path) -> None:
    """A cached store built while 0860 was still an empty placeholder (or before its last
    index) is stamped past it without them: make them as 0860 does (a store made now has
    them already)."""
    import importlib
    import sqlite3

    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    con = sqlite3.connect(path)
    names = {n for (n,) in con.execute("SELECT name FROM sqlite_master")}
    if "insights_customers" in names and "ix_insights_customers_recency" not in names:
        con.execute("CREATE INDEX ix_insights_customers_recency ON insights_customers "
                    "(scope, last_day, orders)")
        con.commit()
    con.close()
    if "insights_customers" in names or "alembic_version" not in names:
        return
    engine = create_engine(f"sqlite:///{path}")
    migration = importlib.import_module("app.migrations.versions.0860_customer_summary")
    with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        migration.upgrade()
    engine.dispose()


def _timed(n: int, fn: Callable[[], object]) -> tuple[float, float]:
    """The best of n runs: (wall seconds, CPU seconds of this process)."""
    best = (float("inf"), float("inf"))
    for _ in range(n):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def run(workdir: Path) -> list[Figure]:
    import pandas as pd

    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.services.insights import customer_summary, customers, profit, summary, today
    from app.services.insights.profit import ProfitFilter

    demo_store(workdir / "insights.sqlite3", products=PRODUCTS, orders=ORDERS, seed=5, today=TODAY)
    _with_customer_summary(workdir / "insights.sqlite3")
    db = open_database(str(workdir / "insights.sqlite3"))
    backend = Backend(db.sessions, actor=Actor("owner", "insights-bench"))
    try:
        backend.run(_spread)
        started = time.perf_counter()
        backend.run(summary.catch_up, max_runs=10**6)
        days = time.perf_counter() - started
        started = time.perf_counter()
        backend.run(customer_summary.catch_up)
        print(f"  (first build of the summary: days {days:.1f} s, "
              f"customers {time.perf_counter() - started:.1f} s)")
        two_years = ProfitFilter(first=date(2024, 11, 24), last=TODAY)
        rows: list[int] = []

        def daily() -> None:
            rows[:] = [len(backend.read(profit.daily_profits, two_years))]

        def baseline() -> None:
            def job(session):
                frame = pd.read_sql_query(
                    "SELECT store_id, placed_at, total_minor FROM orders "
                    "WHERE status != 'cancelled'", session.connection())
                frame["day"] = frame["placed_at"].str.slice(0, 10)
                return frame.groupby(["store_id", "day"])["total_minor"].sum()
            backend.read(job)

        base = best_of(1, baseline)
        base_name = "pandas: orders read and summed per store and UTC day"
        figures = [Figure(f"profit per store per day, 2 years ({ORDERS:,} orders)",
                          best_of(3, daily), base_name, base, DAILY_GOAL)]
        month = best_of(3, lambda: backend.read(profit.profit_by_period, two_years, "month"))
        figures.append(Figure("profit per store per month, 2 years", month, base_name, base,
                              DAILY_GOAL))
        def plain_customers() -> None:
            def job(session):
                return session.execute(text(
                    "SELECT customer_id, currency, count(*), sum(total_minor), "
                    "min(placed_at), max(placed_at) FROM orders "
                    "WHERE status != 'cancelled' AND customer_id IS NOT NULL "
                    "GROUP BY customer_id, currency")).all()
            found[:] = [len(backend.read(job))]

        found: list[int] = []
        plain_wall, plain_cpu = _timed(1, plain_customers)
        plain_name = "GROUP BY orders per customer and currency"
        values: list[object] = []

        def customer_values() -> None:
            values[:] = [backend.read(customers.customer_values, TODAY, top=100)]

        wall, cpu = _timed(3, customer_values)
        people = values[0].customers  # type: ignore[attr-defined]
        figures.append(Figure(f"customer values, tiers and cohorts ({people:,} customers)",
                              wall, plain_name, plain_wall, CUSTOMERS_GOAL))
        print(f"  (customer values: CPU {cpu:.3f} s, wall {wall:.3f} s; "
              f"{plain_name}: CPU {plain_cpu:.3f} s, wall {plain_wall:.3f} s, "
              f"{found[0]:,} rows; {ORDERS:,} orders, {CUSTOMERS:,} customers dealt out)")
        figures.append(Figure("the Today view", best_of(
            3, lambda: backend.read(today.today_view, TODAY, "UTC")), base_name, base,
            DAILY_GOAL))

        def catch_up() -> None:
            backend.run(_new_orders_today)
            backend.run(summary.catch_up)
        figures.append(Figure("200 orders changed, then the summary caught up",
                              best_of(3, catch_up), base_name, base, DAILY_GOAL))

        def marked() -> None:
            backend.run(_new_orders_today)
            backend.run(summary.catch_up, max_runs=10**6)   # the days, not the customers
        marked()
        waiting = backend.read(customer_summary.marked_customers)
        wall, cpu = _timed(3, customer_values)
        figures.append(Figure(f"customer values, {waiting:,} customers marked",
                              wall, plain_name, plain_wall, CUSTOMERS_GOAL))
        print(f"  (customer values with {waiting:,} marked: CPU {cpu:.3f} s)")
        backend.run(summary.catch_up)
        one_day = best_of(3, lambda: backend.read(profit.order_profits, ProfitFilter(),
                                                  day=date(2026, 11, 20)))
        figures.append(Figure("drill-down: one day's orders with profit", one_day,
                              base_name, base, 0.2))
        print(f"  ({rows[0]} store-days)")
        return figures
    finally:
        db.dispose()
