"""Insights over two years of a big demo store, read from the daily summary.
Size from the environment: BENCH_INSIGHTS_ORDERS (default 1,000,000 orders; the demo's
90 days are spread back over two years), BENCH_INSIGHTS_PRODUCTS.

Figures: profit per store per day and per month over two years (goal 1 s), customer values,
tiers and cohorts (goal 2 s), the Today view (goal 1 s), a catch-up after a day's new orders;
the baseline is pandas reading the orders and summing them per store and UTC day. The first
build of the summary (once per database, at the upgrade) is printed, not a figure."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

from bench.common import Figure, best_of, demo_store

ORDERS = int(os.environ.get("BENCH_INSIGHTS_ORDERS", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_INSIGHTS_PRODUCTS", "20000"))
DAILY_GOAL = 1.0
CUSTOMERS_GOAL = 2.0
TODAY = date(2026, 11, 23)


def _spread(session) -> None:
    """Two years of history: move each order back 0..639 days (90 + 640 = 730 days)."""
    session.execute(text("UPDATE orders SET placed_at = "
                         "datetime(placed_at, '-' || (id % 640) || ' days')"))
    session.execute(text("INSERT INTO store_fee_rates (store_id, percent_bp, fixed_minor, "
                         "updated_at) SELECT id, 290, 30, CURRENT_TIMESTAMP FROM stores"))


def _new_orders_today(session) -> None:
    """What an import of a day's orders does: 200 orders changed on one day."""
    session.execute(text("UPDATE orders SET shipping_minor = shipping_minor + 1 WHERE id IN "
                         "(SELECT id FROM orders ORDER BY placed_at DESC LIMIT 200)"))


def run(workdir: Path) -> list[Figure]:
    import pandas as pd

    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.services.insights import customers, profit, summary, today
    from app.services.insights.profit import ProfitFilter

    demo_store(workdir / "insights.sqlite3", products=PRODUCTS, orders=ORDERS, seed=5, today=TODAY)
    db = open_database(str(workdir / "insights.sqlite3"))
    backend = Backend(db.sessions, actor=Actor("owner", "insights-bench"))
    try:
        backend.run(_spread)
        started = time.perf_counter()
        backend.run(summary.catch_up)
        print(f"  (first build of the summary: {time.perf_counter() - started:.1f} s)")
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
        figures.append(Figure("customer values, tiers and cohorts", best_of(
            3, lambda: backend.read(customers.customer_values, TODAY, top=100)),
            base_name, base, CUSTOMERS_GOAL))
        figures.append(Figure("the Today view", best_of(
            3, lambda: backend.read(today.today_view, TODAY, "UTC")), base_name, base,
            DAILY_GOAL))

        def catch_up() -> None:
            backend.run(_new_orders_today)
            backend.run(summary.catch_up)
        figures.append(Figure("200 orders changed, then the summary caught up",
                              best_of(3, catch_up), base_name, base, DAILY_GOAL))
        one_day = best_of(3, lambda: backend.read(profit.order_profits, ProfitFilter(),
                                                  day=date(2026, 11, 20)))
        figures.append(Figure("drill-down: one day's orders with profit", one_day,
                              base_name, base, 0.2))
        print(f"  ({rows[0]} store-days)")
        return figures
    finally:
        db.dispose()
