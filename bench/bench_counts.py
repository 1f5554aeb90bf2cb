"""Counts figures: importing a 20,000-line count CSV, posting a 20,000-line count, one scan
in such a count, and the Stock tab's Levels page at 50k SKUs.

Baselines are plain sqlite3 in the same run: executemany of as many rows as the posting
writes, and the Levels page query's plain equivalent (first page of products by SKU).
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path

from bench.common import Figure, first_rows_painted

LINES = int(os.environ.get("BENCH_COUNT_LINES", "20000"))
SKUS = int(os.environ.get("BENCH_LEVEL_SKUS", "50000"))
PER_BIN = 10


def _stocked_database(path: Path, products: int):  # noqa: ANN202
    """A database with `products` SKUs, PER_BIN to a bin, each received once (bulk SQL)."""
    from sqlalchemy import insert, select

    from app.db import open_database
    from app.models import Location, Product, StockLevel, StockMove
    from app.services.stock import ledger

    db = open_database(str(path))
    rng = random.Random(6)
    with db.sessions() as s, s.begin():
        supplier = ledger.ensure_virtual_locations(s)["SUPPLIER"]
        n_bins = products // PER_BIN + 1
        codes = [f"{chr(65 + b // 4000)}-{b % 4000 // 10:03d}-{b % 10}" for b in range(n_bins)]
        s.execute(insert(Location), [{"code": c, "name": c, "kind": "bin", "warehouse": "Main",
                                      "path_order": i} for i, c in enumerate(codes)])
        bins = dict(s.execute(select(Location.code, Location.id).where(
            Location.kind == "bin")).all())
        s.execute(insert(Product), [{"sku": f"KC-{i:06d}", "name": f"Product {i}",
                                     "currency": "EUR", "cost_minor": 100 + i % 900,
                                     "reorder_point": 5} for i in range(products)])
        pids = list(s.scalars(select(Product.id).order_by(Product.id)))
        qty = [rng.randint(0, 40) for _ in pids]
        where = [bins[codes[i // PER_BIN]] for i in range(len(pids))]
        s.execute(insert(StockMove), [
            {"product_id": p, "from_location_id": supplier, "to_location_id": loc,
             "quantity": q, "reason": "receipt"}
            for p, loc, q in zip(pids, where, qty, strict=True) if q])
        s.execute(insert(StockLevel), [
            {"product_id": p, "location_id": loc, "on_hand": q, "reserved": 0}
            for p, loc, q in zip(pids, where, qty, strict=True) if q])
    return db


def _baseline_inserts(path: Path, n_rows: int) -> float:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")   # as app.db sets it
    con.execute("CREATE TABLE moves (id INTEGER PRIMARY KEY, product_id INTEGER, "
                "from_id INTEGER, to_id INTEGER, quantity INTEGER, reason TEXT, ref TEXT)")
    rows = [(i, i, 1, 2, 1 + i % 7, "count", "CNT-0001") for i in range(n_rows)]
    start = time.perf_counter()
    con.executemany("INSERT INTO moves VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def _post_figure(workdir: Path) -> Figure:
    from sqlalchemy import update

    from app.models import CountLine
    from app.services.core.backend import Actor, Backend
    from app.services.counts import counting as counts
    from app.services.counts import posting as count_posting

    # Counted bins hold stock: keep products in stock so the count has LINES lines.
    db = _stocked_database(workdir / "post.sqlite3", int(LINES * 1.05))
    backend = Backend(db.sessions, actor=Actor("owner", "bench"))
    made = backend.run(counts.create_count, "full", actor=backend.actor)
    bins = [code for code, *_ in backend.run(counts.count_bins, made.id)]

    def count_everything(session) -> int:  # noqa: ANN001
        for code in bins:
            counts.begin_bin(session, made.id, code, actor=backend.actor)
        rng = random.Random(9)
        ids = [line.line_id for line in count_posting.review(session, made.id).lines]
        ids = ids[:LINES]
        # Every line counted; about one in five differs from what was expected.
        session.execute(update(CountLine).where(CountLine.id.in_(ids)).values(
            counted=CountLine.expected))
        session.execute(update(CountLine), [{"id": i, "counted": rng.randint(0, 45)}
                                            for i in ids if rng.random() < 0.2])
        return len(ids)

    lines = backend.run(count_everything)
    start = time.perf_counter()
    result = backend.run(count_posting.post_count, made.id, actor=backend.actor)
    seconds = time.perf_counter() - start
    db.dispose()
    return Figure(f"post a count of {lines:,} lines ({result.moves:,} moves)", seconds,
                  f"sqlite3 executemany of {lines:,} rows",
                  _baseline_inserts(workdir / "baseline.sqlite3", lines), goal_seconds=2.0)


def _import_figure(workdir: Path) -> Figure:
    """`backroom count import` of a LINES-row CSV into a new full count (all bins begun by
    the import; one row in twenty names a product its bin did not hold)."""
    import csv

    from app.services.core.backend import Actor, Backend
    from app.services.counts import counting as counts
    from app.services.counts import importing as count_import

    db = _stocked_database(workdir / "import.sqlite3", LINES)
    n_bins = LINES // PER_BIN + 1
    codes = [f"{chr(65 + b // 4000)}-{b % 4000 // 10:03d}-{b % 10}" for b in range(n_bins)]
    rng = random.Random(11)
    path = workdir / "count.csv"
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["sku", "bin", "quantity"])
        for i in range(LINES):
            where = codes[i // PER_BIN] if rng.random() > 0.05 else rng.choice(codes)
            out.writerow([f"KC-{i:06d}", where, rng.randint(0, 45)])
    backend = Backend(db.sessions, actor=Actor("owner", "bench"))
    made = backend.run(counts.create_count, "full", actor=backend.actor)
    start = time.perf_counter()
    result = backend.run(count_import.import_counts, made.id, path, actor=backend.actor)
    seconds = time.perf_counter() - start
    db.dispose()
    start = time.perf_counter()
    with path.open(newline="") as f:
        rows = [(i, r[0], r[1], int(r[2])) for i, r in enumerate(csv.reader(f)) if i]
    con = sqlite3.connect(workdir / "import-baseline.sqlite3")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")   # as app.db sets it
    con.execute("CREATE TABLE lines (id INTEGER PRIMARY KEY, sku TEXT, bin TEXT, counted INT)")
    con.executemany("INSERT INTO lines VALUES (?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    baseline = time.perf_counter() - start
    return Figure(f"import a {result.rows:,}-line count CSV ({result.lines:,} lines)", seconds,
                  f"csv.reader + sqlite3 executemany of {len(rows):,} rows", baseline,
                  goal_seconds=2.0)


def _scan_figure(workdir: Path) -> Figure:
    """One scan (+1) in a bin of an open count as big as the posted one, median of 200."""
    from app.services.core.backend import Actor, Backend
    from app.services.counts import counting as counts

    path = workdir / "scan.sqlite3"
    db = _stocked_database(path, LINES)
    backend = Backend(db.sessions, actor=Actor("owner", "bench"))
    made = backend.run(counts.create_count, "full", actor=backend.actor)
    code = backend.run(counts.count_bins, made.id)[7][0]
    sheet = backend.run(counts.begin_bin, made.id, code, actor=backend.actor)
    sku = sheet.lines[0].sku
    times = []
    for _ in range(200):
        start = time.perf_counter()
        backend.run(counts.scan_item, made.id, sheet.location_id, sku, actor=backend.actor)
        times.append(time.perf_counter() - start)
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=NORMAL")   # as app.db sets it
    base = []
    for _ in range(200):
        start = time.perf_counter()
        con.execute("UPDATE count_lines SET counted = coalesce(counted, 0) + 1 WHERE id = ?",
                    (sheet.lines[0].line_id,))
        con.commit()
        base.append(time.perf_counter() - start)
    con.close()
    return Figure(f"scan one item into a {LINES:,}-line count (median of 200)",
                  sorted(times)[100], "sqlite3 one UPDATE + commit", sorted(base)[100])


def _levels_figure(workdir: Path) -> Figure:
    from PySide6.QtWidgets import QApplication

    from app.services.core.backend import Backend
    from app.ui.stock.levels import LevelsView

    db = _stocked_database(workdir / "levels.sqlite3", SKUS)
    backend = Backend(db.sessions)
    seconds, view = first_rows_painted(lambda: LevelsView(backend), lambda v: v.table)
    rows = view.model.rowCount()
    view.close()
    view.deleteLater()
    QApplication.processEvents()
    db.dispose()
    con = sqlite3.connect(workdir / "levels.sqlite3")
    start = time.perf_counter()
    con.execute("SELECT p.id, p.sku, p.name, s.on_hand, s.reserved FROM products p "
                "LEFT JOIN stock_levels s ON s.product_id = p.id "
                "ORDER BY p.sku LIMIT 200").fetchall()
    baseline = time.perf_counter() - start
    con.close()
    return Figure(f"Stock tab Levels page, {SKUS:,} SKUs: first {rows} rows shown", seconds,
                  "sqlite3 first page query", baseline, goal_seconds=1.0)


def run(workdir: Path) -> list[Figure]:
    return [_import_figure(workdir), _post_figure(workdir), _scan_figure(workdir),
            _levels_figure(workdir)]
