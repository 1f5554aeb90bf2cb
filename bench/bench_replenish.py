"""Replenishment: the whole plan (demand, cover, safety stock, modes, the choice) for every
product over two years of orders, against a plain pandas read-and-group of the same lines.
Sizes from the environment: BENCH_REPLENISH_PRODUCTS (default 50,000),
BENCH_REPLENISH_ORDERS (default 1,000,000; the demo's 90 days are spread over two years)."""

from __future__ import annotations

import os
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


def run(workdir: Path) -> list[Figure]:
    import pandas as pd

    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.services.replenishment import plan

    demo_store(workdir / "replenish.sqlite3", products=PRODUCTS, orders=ORDERS, seed=5,
               today=TODAY)
    db = open_database(str(workdir / "replenish.sqlite3"))
    backend = Backend(db.sessions, actor=Actor("owner", "replenish-bench"))
    try:
        backend.run(_setup)
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

        base = best_of(2, baseline)
        seconds = best_of(2, whole_plan)
        print(f"  ({lines[0]:,} products planned, {lines[1]:,} to order now)")
        return [Figure(f"replenishment plan, {PRODUCTS:,} products, {ORDERS:,} orders",
                       seconds, "pandas read + group by product and day", base, GOAL)]
    finally:
        db.dispose()
