"""Replenishment: the whole plan (demand, cover, safety stock, modes, the choice) for every
product over two years of orders, against a plain pandas read-and-group of the same lines.
Sizes from the environment: BENCH_REPLENISH_PRODUCTS (default 50,000),
BENCH_REPLENISH_ORDERS (default 1,000,000; the demo's 90 days are spread over two years).

The plan reads the daily sales per product (product_daily_sales, migration 0870); moving
every order marks every day, so the table is caught up once before the timing (its time
is printed too), as the app does after an import. Also printed: the plan counting from
the order lines (no table), and CPU seconds beside wall seconds."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, text

from bench.common import Figure, best_of, demo_store

PRODUCTS = int(os.environ.get("BENCH_REPLENISH_PRODUCTS", "50000"))
ORDERS = int(os.environ.get("BENCH_REPLENISH_ORDERS", "1000000"))
GOAL = 3.0
TODAY = date(2026, 11, 23)


def _setup(session) -> None:  # type: ignore[no-untyped-def]
    from app.models import Product
    from app.models.suppliers import Supplier, SupplierProduct

    # Two years of history: move each order back 0..639 days (90 + 640 = 730 days).
    session.execute(text("UPDATE orders SET placed_at = "
                         "datetime(placed_at, '-' || (id % 640) || ' days')"))
    supplier = Supplier(name="Bench Factory", currency="EUR", klass="preferred")
    session.add(supplier)
    session.flush()
    ids = session.scalars(select(Product.id)).all()
    session.execute(insert(SupplierProduct), [
        {"supplier_id": supplier.id, "product_id": pid, "unit_cost_minor": 100 + pid % 900,
         "pack_size": (1, 6, 12, 24)[pid % 4], "moq": (0, 24, 48, 100)[pid % 4],
         "production_days": 10 + pid % 20, "sea_days": 35, "sea_fast_days": 25,
         "air_days": 6, "express_days": 4 if pid % 3 == 0 else None, "freight_basis": "unit",
         "sea_freight_minor": 12, "air_freight_minor": 120, "express_freight_minor": 200,
         "preferred": True} for pid in ids])


def _ensure_0870(engine) -> None:  # type: ignore[no-untyped-def]
    """A cached store built while migration 0870 was an empty placeholder is stamped past
    it without its tables: run its upgrade on such a copy."""
    import importlib.util

    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    with engine.begin() as conn:
        if inspect(conn).has_table("product_daily_sales"):
            return
        path = (Path(__file__).resolve().parent.parent / "app" / "migrations" / "versions"
                / "0870_product_daily_sales.py")
        spec = importlib.util.spec_from_file_location("migration_0870", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with Operations.context(MigrationContext.configure(conn)):
            module.upgrade()


def run(workdir: Path) -> list[Figure]:
    import pandas as pd

    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.services.replenishment import daily, history, plan

    demo_store(workdir / "replenish.sqlite3", products=PRODUCTS, orders=ORDERS, seed=5,
               today=TODAY)
    db = open_database(str(workdir / "replenish.sqlite3"))
    _ensure_0870(db.engine)
    backend = Backend(db.sessions, actor=Actor("owner", "replenish-bench"))
    try:
        backend.run(_setup)
        wall, cpu = time.perf_counter(), time.process_time()
        backend.run(daily.catch_up)
        print(f"  (daily sales table built from every marked day: "
              f"{time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU)")
        lines: list[int] = []

        def whole_plan() -> None:
            made = backend.read(plan.make_plan, TODAY)
            lines[:] = [len(made.lines), sum(1 for ln in made.lines if ln.suggestion)]

        def baseline() -> None:
            # What a script would do: read every line with its order's day, group in pandas.
            with db.engine.connect() as conn:
                frame = pd.read_sql_query(text(
                    "SELECT ol.product_id, date(o.placed_at) AS day, ol.quantity "
                    "FROM order_lines ol JOIN orders o ON o.id = ol.order_id "
                    "WHERE o.status != 'cancelled'"), conn)
            frame.groupby(["product_id", "day"])["quantity"].sum()

        def from_orders() -> None:   # the sales history counted from the order lines
            def job(session):  # type: ignore[no-untyped-def]
                where = plan.place(session, None)
                history.sales_stats(session, where, TODAY, history.catalogue(session).ids,
                                    fresh=True)
            backend.read(job)

        base = best_of(2, baseline)
        cpu = time.process_time()
        seconds = best_of(2, whole_plan)
        cpu = (time.process_time() - cpu) / 2
        scratch = best_of(1, from_orders)
        print(f"  ({lines[0]:,} products planned, {lines[1]:,} to order now; plan CPU "
              f"{cpu:.2f} s a run; sales history from the order lines instead of the "
              f"table: {scratch:.2f} s; load {os.getloadavg()[0]:.1f})")
        return [Figure(f"replenishment plan, {PRODUCTS:,} products, {ORDERS:,} orders",
                       seconds, "pandas read + group by product and day", base, GOAL)]
    finally:
        db.dispose()
