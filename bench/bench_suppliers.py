"""Suppliers: the receiving station's feedback per scan (read the code, find the product,
count it against the PO) on a large catalogue, and the scorecard over two years of POs.
Sizes from the environment: BENCH_SUPPLIERS_PRODUCTS (default 50,000),
BENCH_SUPPLIERS_SUPPLIERS (200), BENCH_SUPPLIERS_PO_LINES (50,000), BENCH_SUPPLIERS_SCANS
(300)."""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.common import Figure, best_of

PRODUCTS = int(os.environ.get("BENCH_SUPPLIERS_PRODUCTS", "50000"))
SUPPLIERS = int(os.environ.get("BENCH_SUPPLIERS_SUPPLIERS", "200"))
PO_LINES = int(os.environ.get("BENCH_SUPPLIERS_PO_LINES", "50000"))
SCANS = int(os.environ.get("BENCH_SUPPLIERS_SCANS", "300"))
SCAN_GOAL, SCORECARD_GOAL = 0.050, 1.0
LINES_PER_PO = 10


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(workdir: Path) -> list[Figure]:
    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend

    db = open_database(str(workdir / "suppliers.sqlite3"))
    backend = Backend(db.sessions, actor=Actor("owner", "suppliers-bench"))
    backend.run(demo.generate_demo, products=PRODUCTS, orders=50, seed=5,
                today=date(2026, 11, 23))
    try:
        return _scans(backend) + _scorecard(backend)
    finally:
        db.dispose()


def _scans(backend) -> list[Figure]:  # type: ignore[no-untyped-def]
    from app.models import Barcode, Product
    from app.services.stock.catalog import find_by_barcode
    from app.services.suppliers import catalog, purchase_orders, receiving, shipments

    def pick(session):  # type: ignore[no-untyped-def]
        return session.execute(select(Product.sku, func.min(Barcode.code)).join(
            Barcode, Barcode.product_id == Product.id).group_by(Product.id, Product.sku)
            .order_by(Product.id).limit(200)).all()

    lines = backend.read(pick)
    backend.run(catalog.save_supplier, catalog.SupplierInput("Bench Factory", "EUR"),
                actor=backend.actor)
    made = backend.run(purchase_orders.create_po, "Bench Factory",
                       [purchase_orders.LineInput(sku, 10_000, 100) for sku, _c in lines],
                       actor=backend.actor)
    backend.run(purchase_orders.send_po, made.id, actor=backend.actor)
    backend.run(shipments.ship, made.id, "sea", actor=backend.actor)
    quick = backend.quick()
    station = quick.read(receiving.open_for_receiving, made.number)
    tally = receiving.Tally(station)
    codes = [code for _s, code in lines]
    rng = random.Random(3)
    # Each scan is timed beside a plain catalogue lookup of the same code, interleaved, so
    # both see the same load on a shared machine; CPU time (thread_time) leaves out the
    # time spent waiting for a core.
    samples, cpu, plain = [], [], []
    for _ in range(SCANS):
        code = rng.choice(codes)
        start, start_cpu = time.perf_counter(), time.thread_time()
        hit = quick.read(receiving.read_station_code, code)
        assert isinstance(hit, receiving.ScanHit)
        tally.add(hit)
        samples.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
        start = time.perf_counter()
        quick.read(find_by_barcode, code)
        plain.append(time.perf_counter() - start)
    figures = [Figure(f"receive scan feedback p{p} ({PRODUCTS:,} products, n={SCANS})",
                      _pct(samples, p), f"catalogue barcode lookup p{p}", _pct(plain, p),
                      SCAN_GOAL if p == 99 else None) for p in (50, 95, 99)]
    return figures + [Figure(f"receive scan feedback p99, CPU time only (n={SCANS})",
                             _pct(cpu, 99), "catalogue barcode lookup p50",
                             statistics.median(plain), SCAN_GOAL)]


def _scorecard(backend) -> list[Figure]:  # type: ignore[no-untyped-def]
    from app.models import Product
    from app.models.suppliers import POLine, POShipment, PurchaseOrder, Supplier
    from app.services.suppliers import scorecard

    end = date(2026, 11, 30)
    start_day = end - timedelta(days=730)
    pos = max(1, PO_LINES // LINES_PER_PO)

    def fill(session):  # type: ignore[no-untyped-def]
        rng = random.Random(9)
        product_ids = list(session.scalars(select(Product.id).limit(5000)))
        session.execute(insert(Supplier), [
            {"name": f"Supplier {i:03d}", "currency": "EUR", "klass": "preferred",
             "contact": "", "email": "", "payment_terms": "", "incoterm": "FOB",
             "notes": "", "active": True, "created_at": datetime.now(UTC)}
            for i in range(SUPPLIERS)])
        ids = list(session.scalars(select(Supplier.id).where(
            Supplier.name.like("Supplier %"))))
        po_rows, po_numbers = [], []
        for n in range(pos):
            created = datetime.combine(start_day + timedelta(days=rng.randrange(720)),
                                       datetime.min.time(), UTC)
            number = f"BP-{n:07d}"
            po_numbers.append(number)
            po_rows.append({"number": number, "supplier_id": rng.choice(ids),
                            "status": "received", "currency": "EUR", "home_currency": "EUR",
                            "fx_rate": "1", "incoterm": "FOB", "note": "", "created_by": "b",
                            "created_at": created, "sent_at": created,
                            "expected_date": (created + timedelta(days=40)).date()})
        session.execute(insert(PurchaseOrder), po_rows)
        po_ids = dict(session.execute(select(PurchaseOrder.number, PurchaseOrder.id).where(
            PurchaseOrder.number.like("BP-%"))).all())
        line_rows, ship_rows = [], []
        for row in po_rows:
            pid = po_ids[row["number"]]
            for _ in range(LINES_PER_PO):
                qty = rng.randrange(1, 200)
                damaged = rng.randrange(0, 3)
                line_rows.append({"po_id": pid, "product_id": rng.choice(product_ids),
                                  "quantity": qty, "pack_size": 1,
                                  "unit_cost_minor": rng.randrange(100, 120),
                                  "agreed_cost_minor": 100, "shipped": qty,
                                  "received": max(qty - damaged - 1, 0),
                                  "damaged": min(damaged, qty), "short": 0})
            ship_rows.append({"number": f"{row['number']}-S1", "po_id": pid, "mode": "sea",
                              "status": "received", "tracking": "", "container": "",
                              "eta": row["expected_date"], "shipped_at": row["created_at"],
                              "received_at": row["created_at"] + timedelta(
                                  days=rng.randrange(25, 60)),
                              "freight_minor": 0, "duty_minor": 0, "fees_minor": 0,
                              "allocation": "value"})
        session.execute(insert(POLine), line_rows)
        session.execute(insert(POShipment), ship_rows)

    backend.run(fill)

    def lines_scan(session):  # type: ignore[no-untyped-def]
        # A plain pass over the same PO lines: what any report over them costs at least.
        return session.execute(select(POLine.po_id, func.sum(POLine.quantity))
                               .group_by(POLine.po_id)).all()

    baseline = best_of(3, lambda: backend.read(lines_scan))
    seconds = best_of(3, lambda: backend.read(scorecard.scorecard, start_day, end))
    cpu = float("inf")
    for _ in range(3):
        start = time.thread_time()
        backend.read(scorecard.scorecard, start_day, end)
        cpu = min(cpu, time.thread_time() - start)
    name = f"scorecard {SUPPLIERS} suppliers, {pos * LINES_PER_PO:,} PO lines, 2 years"
    return [Figure(name, seconds, "PO line totals per PO", baseline, SCORECARD_GOAL),
            Figure(f"{name}, CPU time", cpu, "PO line totals per PO", baseline,
                   SCORECARD_GOAL)]
