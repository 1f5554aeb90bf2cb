"""Insights: profit per store per day over two years of a big demo store, in SQL.
Size from the environment: BENCH_INSIGHTS_ORDERS (default 1,000,000 orders; the demo's
90 days are spread back over two years)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy import text

from bench.common import Figure, best_of

ORDERS = int(os.environ.get("BENCH_INSIGHTS_ORDERS", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_INSIGHTS_PRODUCTS", "20000"))
DAILY_GOAL = 1.0
TODAY = date(2026, 11, 23)


def _spread(session) -> None:
    """Two years of history: move each order back 0..639 days (90 + 640 = 730 days)."""
    session.execute(text("UPDATE orders SET placed_at = "
                         "datetime(placed_at, '-' || (id % 640) || ' days')"))
    session.execute(text("INSERT INTO store_fee_rates (store_id, percent_bp, fixed_minor, "
                         "updated_at) SELECT id, 290, 30, CURRENT_TIMESTAMP FROM stores"))


def run(workdir: Path) -> list[Figure]:
    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend
    from app.services.insights import profit
    from app.services.insights.profit import ProfitFilter

    db = open_database(str(workdir / "insights.sqlite3"))
    backend = Backend(db.sessions, actor=Actor("owner", "insights-bench"))
    try:
        backend.run(demo.generate_demo, products=PRODUCTS, orders=ORDERS, seed=5, today=TODAY)
        backend.run(_spread)
        two_years = ProfitFilter(first=date(2024, 11, 24), last=TODAY)
        rows: list[int] = []

        def daily() -> None:
            rows[:] = [len(backend.read(profit.daily_profits, two_years))]

        def baseline() -> None:
            def job(session):
                return session.execute(text(
                    "SELECT store_id, date(placed_at), count(*), sum(total_minor) "
                    "FROM orders GROUP BY store_id, date(placed_at)")).all()
            backend.read(job)

        base = best_of(3, baseline)
        figures = [Figure(f"profit per store per day, 2 years ({ORDERS:,} orders)",
                          best_of(3, daily), "orders summed per store and UTC day", base,
                          DAILY_GOAL)]
        month = best_of(3, lambda: backend.read(profit.profit_by_period, two_years, "month"))
        figures.append(Figure("profit per store per month, 2 years", month,
                              "orders summed per store and UTC day", base, DAILY_GOAL))
        one_day = best_of(3, lambda: backend.read(profit.order_profits, ProfitFilter(),
                                                  day=date(2026, 11, 20)))
        figures.append(Figure("drill-down: one day's orders with profit", one_day,
                              "orders summed per store and UTC day", base, 0.2))
        print(f"  ({rows[0]} store-days)")
        return figures
    finally:
        db.dispose()
