"""What a benchmark reports, and a timer."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

W = TypeVar("W")


@dataclass(frozen=True)
class Figure:
    name: str
    seconds: float
    baseline_name: str
    baseline_seconds: float
    goal_seconds: float | None = None

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("inf")

    def line(self) -> str:
        goal = ""
        if self.goal_seconds is not None:
            verdict = "meets" if self.seconds <= self.goal_seconds else "MISSES"
            goal = f"  goal <= {self.goal_seconds:g} s ({verdict})"
        return (f"{self.name:<52} {self.seconds:9.3f} s   baseline {self.baseline_name}: "
                f"{self.baseline_seconds:.3f} s   ratio {self.ratio:6.2f}x{goal}")


@contextmanager
def timer() -> Iterator[list[float]]:
    box: list[float] = []
    start = time.perf_counter()
    yield box
    box.append(time.perf_counter() - start)


def best_of(n: int, fn: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def first_rows_painted(make: Callable[[], W], table: Callable[[W], Any]) -> tuple[float, W]:
    """Seconds from building a widget to its table's first rows painted, and the widget."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    widget = make()
    widget.resize(1280, 800)  # type: ignore[attr-defined]
    widget.show()  # type: ignore[attr-defined]
    app.processEvents()
    table(widget).viewport().grab()  # forces the visible rows to paint
    return time.perf_counter() - start, widget


def demo_store(path: Path, *, products: int, orders: int, seed: int, today: date) -> None:
    """Fill the new SQLite file at `path` with the demo store of that size.

    Building a 1M-order store takes minutes, and several benches use the same one. With
    BENCH_CACHE=DIR it is built once per (size, seed, day, demo code) into DIR and copied
    from there; the key holds a hash of demo.py so a changed generator never serves a stale
    store, and opening the copy migrates it to the current schema like any user's store.
    """
    cache = os.environ.get("BENCH_CACHE")
    if not cache:
        _build_demo(path, products=products, orders=orders, seed=seed, today=today)
        return
    demo_py = Path(__file__).resolve().parent.parent / "app" / "services" / "demo.py"
    code = hashlib.sha256(demo_py.read_bytes()).hexdigest()[:10]
    cached = Path(cache) / f"demo-{products}-{orders}-{seed}-{today:%Y%m%d}-{code}.sqlite3"
    cached.parent.mkdir(parents=True, exist_ok=True)
    # One builder per key: a second bench started meanwhile waits for it instead of
    # building the same store again.
    with open(cached.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached.exists():
            building = cached.with_suffix(".building")
            building.unlink(missing_ok=True)
            _build_demo(building, products=products, orders=orders, seed=seed, today=today)
            os.replace(building, cached)
    shutil.copyfile(cached, path)


def _build_demo(path: Path, *, products: int, orders: int, seed: int, today: date) -> None:
    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend

    db = open_database(str(path))
    try:
        Backend(db.sessions, actor=Actor("bench", "bench")).run(
            demo.generate_demo, products=products, orders=orders, seed=seed, today=today)
    finally:
        db.dispose()
