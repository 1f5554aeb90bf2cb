"""What a benchmark reports, and a timer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
