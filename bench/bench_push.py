"""Stock push figures: the whole file for a store with 50k SKUs and 1M orders (Shopify, the
format that also reads the store's committed orders), and the next push of what changed.

Sizes from BENCH_PUSH_SKUS (default 50,000) and BENCH_PUSH_ORDERS (default 1,000,000).
Building the 1M-order store takes minutes; with BENCH_PUSH_CACHE=DIR it is built once into
DIR (named by sizes and the newest migration, so a schema change builds afresh) and copied
for every run.
Baseline: plain sqlite3 reading SKU and available and writing the same number of CSV rows,
measured in the same run (the machine may be busy: the ratio is the steadier figure). Each
trial also prints the CPU seconds of the push and of its baseline (time.process_time: the
database is SQLite, in this process), and the trials' min / median / max ratio.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Figure

SKUS = int(os.environ.get("BENCH_PUSH_SKUS", "50000"))
ORDERS = int(os.environ.get("BENCH_PUSH_ORDERS", "1000000"))
OPEN_SHARE = 0.002        # orders still to ship: the ones Shopify counts as committed
PER_BIN = 10
TRIALS = int(os.environ.get("BENCH_PUSH_TRIALS", "3"))


def _database(path: Path):  # noqa: ANN202
    from sqlalchemy import insert, select

    from app.db import open_database
    from app.models import Location, Order, OrderLine, Product, StockLevel, Store
    from app.models.push import PushSetting
    from app.services.stock import ledger

    db = open_database(str(path))
    rng = random.Random(20)
    with db.sessions() as s, s.begin():
        ledger.ensure_virtual_locations(s)
        codes = [f"B-{b:06d}" for b in range(SKUS // PER_BIN + 1)]
        s.execute(insert(Location), [{"code": c, "name": c, "kind": "bin",
                                      "warehouse": "Main", "path_order": i}
                                     for i, c in enumerate(codes)])
        bins = dict(s.execute(select(Location.code, Location.id)
                              .where(Location.kind == "bin")).all())
        s.execute(insert(Product), [{"sku": f"SKU-{i:06d}", "name": f"Product {i}",
                                     "currency": "EUR"} for i in range(SKUS)])
        pids = list(s.scalars(select(Product.id).order_by(Product.id)))
        s.execute(insert(StockLevel), [
            {"product_id": p, "location_id": bins[codes[i // PER_BIN]],
             "on_hand": rng.randint(1, 40), "reserved": 0} for i, p in enumerate(pids)])
        store = Store(name="Big shop", kind="shopify", currency="EUR")
        s.add(store)
        s.flush()
        s.add(PushSetting(store_id=store.id, format="shopify-inventory", warehouse="",
                          location="Shop location"))
        t0 = datetime(2025, 1, 1, tzinfo=UTC)
        for start in range(0, ORDERS, 50_000):
            chunk = range(start, min(start + 50_000, ORDERS))
            s.execute(insert(Order), [
                {"store_id": store.id, "external_id": str(n), "number": f"#{n}",
                 "placed_at": t0 + timedelta(seconds=n * 30), "currency": "EUR",
                 "status": "new" if n >= ORDERS * (1 - OPEN_SHARE) else "shipped"}
                for n in chunk])
            first = s.scalar(select(Order.id).where(Order.external_id == str(start)))
            s.execute(insert(OrderLine), [
                {"order_id": first + k, "product_id": pids[(n * 7) % SKUS],
                 "channel_sku": f"SKU-{(n * 7) % SKUS:06d}", "quantity": 1,
                 "unit_price_minor": 1000, "line_total_minor": 1000}
                for k, n in enumerate(chunk)])
    return db


def _newest_migration() -> str:
    versions = Path(__file__).parent.parent / "app" / "migrations" / "versions"
    return max(p.stem.split("_")[0] for p in versions.glob("[0-9]*.py"))


def _store(path: Path):  # noqa: ANN202
    """The bench store at `path`: built there, or copied from BENCH_PUSH_CACHE."""
    from app.db import open_database

    cache = os.environ.get("BENCH_PUSH_CACHE")
    if not cache:
        return _database(path)
    cached = Path(cache) / f"push-{SKUS}-{ORDERS}-{_newest_migration()}.sqlite3"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        _database(building).dispose()
        os.replace(building, cached)
    shutil.copyfile(cached, path)
    return open_database(str(path))


def _baseline(path: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the plain sqlite3 + csv.writer version."""
    con = sqlite3.connect(path)
    cpu = time.process_time()
    started = time.perf_counter()
    rows = con.execute(
        "SELECT p.sku, COALESCE(SUM(l.on_hand - l.reserved), 0) FROM products p "
        "LEFT JOIN stock_levels l ON l.product_id = p.id GROUP BY p.id ORDER BY p.sku"
    ).fetchall()
    with open(out, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    con.close()
    return seconds, cpu


class Trial:
    """One trial's figures: wall and CPU seconds of the baseline and of both pushes."""

    def __init__(self, baseline: tuple[float, float], full: tuple[float, float],
                 changed: tuple[float, float], skus: int, changed_skus: int) -> None:
        self.baseline, self.full, self.changed = baseline, full, changed
        self.skus, self.changed_skus = skus, changed_skus


def _timed(fn):  # noqa: ANN001, ANN202
    cpu, started = time.process_time(), time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started, time.process_time() - cpu)


def _trial(path: Path, workdir: Path) -> Trial:
    """On a fresh copy of the store: the baseline, a push of everything, then (after 200
    SKUs' stock moved) a push of only what changed. Seconds of each, and the SKUs pushed."""
    from sqlalchemy import update

    from app.db import open_database
    from app.models import StockLevel
    from app.services.core.backend import Actor, Backend
    from app.services.push import pushing

    copy = workdir / "trial.sqlite3"
    shutil.copyfile(path, copy)
    db = open_database(str(copy))
    try:
        backend = Backend(db.sessions, actor=Actor("bench", "bench"))
        backend.read(pushing.store_settings, "Big shop")   # the connection is open
        baseline = _baseline(copy, workdir / "baseline.csv")
        full, full_s = _timed(lambda: backend.run(pushing.push_stock, "Big shop",
                                                  workdir / "all.csv", everything=True))
        backend.run(lambda s: s.execute(update(StockLevel).where(StockLevel.product_id <= 200)
                                        .values(on_hand=StockLevel.on_hand + 1)))
        changed, changed_s = _timed(lambda: backend.run(pushing.push_stock, "Big shop",
                                                        workdir / "changed.csv"))
    finally:
        db.dispose()
        copy.unlink()
    return Trial(baseline, full_s, changed_s, full.skus, changed.skus)


def _spread(values: list[float]) -> str:
    return (f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}x")


def run(workdir: Path) -> list[Figure]:
    path = workdir / "push.sqlite3"
    _store(path).dispose()
    # The machine may be busy: each trial measures the baseline beside the push, and the
    # best trial is reported (the least disturbed one), as best_of does elsewhere.
    trials = [_trial(path, workdir) for _ in range(TRIALS)]
    for kind in ("full", "changed"):
        wall = [getattr(t, kind)[0] / t.baseline[0] for t in trials]
        cpu = [getattr(t, kind)[1] / t.baseline[1] for t in trials]
        seconds = ", ".join(f"{getattr(t, kind)[0]:.2f} s wall {getattr(t, kind)[1]:.2f} s cpu"
                            f" (baseline {t.baseline[0]:.2f} / {t.baseline[1]:.2f})"
                            for t in trials)
        print(f"  push {kind}: {len(trials)} trials, ratio min / median / max: wall "
              f"{_spread(wall)}, cpu {_spread(cpu)}; {seconds}", flush=True)
    best = min(trials, key=lambda t: t.full[0] / t.baseline[0])
    best_changed = min(trials, key=lambda t: t.changed[0] / t.baseline[0])
    return [
        Figure(f"push every SKU to a Shopify store: {best.skus:,} SKUs, {ORDERS:,} orders",
               best.full[0], "sqlite3 SKUs + available to CSV", best.baseline[0],
               goal_seconds=2.0),
        Figure(f"push only what changed ({best_changed.changed_skus:,} of {best.skus:,} SKUs)",
               best_changed.changed[0], "sqlite3 SKUs + available to CSV",
               best_changed.baseline[0], goal_seconds=2.0),
    ]
