"""Pick & Pack: scan-to-feedback latency through the service and through the station widget,
on a database of 50,000 products and 1,000,000 orders (sizes from the environment)."""

from __future__ import annotations

import os
import statistics
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bench.common import Figure, demo_store

PRODUCTS = int(os.environ.get("BENCH_PACK_PRODUCTS", "50000"))
ORDERS = int(os.environ.get("BENCH_PACK_ORDERS", "1000000"))
SCANS = int(os.environ.get("BENCH_PACK_SCANS", "400"))
GOAL = 0.050


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _figures(label: str, samples: list[float], baseline: float) -> list[Figure]:
    return [Figure(f"pack scan->feedback {label} p{p} (n={len(samples)})", _pct(samples, p),
                   "catalogue barcode lookup (median)", baseline,
                   GOAL if p == 99 else None) for p in (50, 95, 99)]


def _work(backend):
    """(order id, [(good barcode, ...)], a wrong barcode) for reserved orders to pack."""
    from app.models import Barcode, Order, OrderLine

    def job(session):
        orders = session.scalars(select(Order.id).where(Order.status == "reserved")
                                 .order_by(Order.id).limit(SCANS)).all()
        out = []
        for oid in orders:
            lines = session.execute(select(OrderLine.product_id, OrderLine.quantity).where(
                OrderLine.order_id == oid)).all()
            codes = []
            for pid, qty in lines:
                code = session.scalar(select(func.min(Barcode.code)).where(
                    Barcode.product_id == pid))
                codes += [code] * qty
            number = session.scalar(select(Order.number).where(Order.id == oid))
            out.append((oid, number, codes))
        wrong = session.scalar(select(Barcode.code).where(Barcode.product_id == 1))
        return out, wrong
    return backend.run(job)


def run(workdir: Path) -> list[Figure]:
    demo_store(workdir / "pack.sqlite3", products=PRODUCTS, orders=ORDERS, seed=11,
               today=date(2026, 11, 23))
    return measure(str(workdir / "pack.sqlite3"), build=False)


def measure(db_url: str, *, build: bool, label: str = "") -> list[Figure]:
    """Scan latency on the database at db_url (filled with the demo store first if build)."""
    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend
    from app.services.packing import station as packing
    from app.services.stock.catalog import find_by_barcode

    db = open_database(db_url)
    backend = Backend(db.sessions, actor=Actor("bench", "bench-station"))
    if build:
        backend.run(demo.generate_demo, products=PRODUCTS, orders=ORDERS, seed=11,
                    today=date(2026, 11, 23))
    work, wrong = _work(backend)
    half = len(work) // 2

    lookups = []
    for _oid, _num, codes in work[:50]:
        for code in codes:
            t = time.perf_counter()
            backend.run(find_by_barcode, code)
            lookups.append(time.perf_counter() - t)
    baseline = statistics.median(lookups)

    service: list[float] = []
    for oid, number, codes in work[:half]:
        backend.run(packing.open_order, backend.actor, number)
        for code in [*codes, wrong]:  # every right item, then one refused
            t = time.perf_counter()
            try:
                backend.run(packing.scan_item, backend.actor, oid, code)
            except packing.BackroomError:
                pass
            service.append(time.perf_counter() - t)
        backend.run(packing.put_aside, backend.actor, oid)

    widget = _widget_samples(backend, work[half:], wrong)
    db.dispose()
    return (_figures(f"service{label}", service, baseline)
            + _figures(f"widget{label}", widget, baseline))


def _widget_samples(backend, work, wrong) -> list[float]:
    """From the scanner's Enter key to the banner showing the answer (scan typed at 0 gap)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.common.feedback_sounds import FeedbackSounds
    from app.ui.packing.station import PackingStation, StationSettings

    app = QApplication.instance() or QApplication([])
    station = PackingStation(backend, sounds=FeedbackSounds(muted=True),
                             settings=StationSettings(complete_on_last_item=False))
    station.show()
    station.table.setFocus()
    app.processEvents()
    shown: list[float] = []
    station.feedback_shown.connect(lambda *_: shown.append(time.perf_counter()))

    silent: list[str] = []

    def scan(code: str) -> float | None:
        for ch in code:
            QTest.keyClick(station.table, ch)
        shown.clear()
        t = time.perf_counter()
        QTest.keyClick(station.table, Qt.Key.Key_Return)
        if not shown:   # no answer on the banner: counted and named below, never timed
            silent.append(f"{code} -> {station.banner.text()[:60]!r}"
                          if hasattr(station, "banner") else code)
            return None
        return shown[-1] - t

    samples = []
    for _oid, number, codes in work:
        scan(number)
        for code in [*codes, wrong]:
            took = scan(code)
            if took is not None:
                samples.append(took)
        station.put_aside()
    station.close()
    if silent:
        print(f"  {len(silent)} widget scan(s) showed no feedback, e.g. {silent[:3]}",
              flush=True)
    return samples
