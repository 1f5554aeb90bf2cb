"""The summary caught up in short steps, each its own write transaction.

A first build redoes every day of years of orders (minutes at 1M orders); in one
transaction it would hold the write lock all that time and refuse packers' scans. Here
each step redoes a few store-days, sized to take about `step_seconds`, commits, and lets
other writers in before the next: a scan waits at most one step. Stopping between steps
(Cancel) leaves a consistent summary: the days not yet redone stay marked, readers compute
them from the orders, and the next catch-up carries on. The customers the redone days
marked (customer_summary) are redone after the days, in steps the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.services.core.backend import Backend
from app.services.insights import customer_summary, summary

# A step aims at this long; a scan is refused after 0.8 s (backend.QUICK_BUSY_MS).
STEP_SECONDS = 0.25
# Between steps, as long as the step took up to this: a writer of another process that
# waited for the step polls for the lock again within about as long it waited (SQLite's
# busy handler sleeps longer the longer it waits, at most 0.1 s); this process's own
# writers queue first come first served (writer_queue) and need no pause.
PAUSE_SECONDS = 0.12
# The first step's size in days (then doubled or halved to fit STEP_SECONDS).
FIRST_DAYS = 4


# The first customer step's size (then doubled or halved like the days).
FIRST_CUSTOMERS = 2000


@dataclass(frozen=True)
class CatchUp:
    days_done: int            # store-days redone
    days_left: int            # still marked (cancelled, or marked meanwhile)
    steps: int                # steps of days
    finished: bool            # no day and no customer left marked
    customers_done: int = 0   # customers redone (customer_summary), after the days


def _next_size(size: int, took: float, step_seconds: float, most: int) -> int:
    """As many as fit the time a step aims at."""
    if took < step_seconds / 2:
        return min(size * 2, most)
    if took > step_seconds and size > 1:
        return size // 2
    return size


def catch_up_in_steps(backend: Backend, *,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None,
                      step_seconds: float = STEP_SECONDS,
                      pause_seconds: float = PAUSE_SECONDS,
                      rebuild: bool = False) -> CatchUp:
    """Catch the summary up (or rebuild it from nothing) in steps; `progress(done, total)`
    after each step, in store-days; stops between steps once `cancelled()` is true."""
    total = (backend.run(summary.mark_all) if rebuild
             else backend.read(summary.marked_days))
    left, steps, days = total, 0, FIRST_DAYS
    while left:
        if cancelled is not None and cancelled():
            break
        started = time.perf_counter()
        if not backend.run(summary.catch_up, max_runs=1, run_days=days):
            left = 0
            break
        took = time.perf_counter() - started
        steps += 1
        days = _next_size(days, took, step_seconds, 62)
        left = backend.read(summary.marked_days)
        total = max(total, left)
        if progress is not None:
            progress(total - left, total)
        if left and pause_seconds:
            time.sleep(min(pause_seconds, took))
    # Then the customers the redone days' facts marked (customer values read them).
    customers_done, size, pending = 0, FIRST_CUSTOMERS, left == 0
    while pending:
        if cancelled is not None and cancelled():
            break
        started = time.perf_counter()
        done = backend.run(customer_summary.catch_up, max_customers=size)
        took = time.perf_counter() - started
        customers_done += done
        pending = done == size      # fewer than asked: none were left
        size = _next_size(size, took, step_seconds, 200_000)
        if pending and pause_seconds:
            time.sleep(min(pause_seconds, took))
    finished = left == 0 and not pending
    return CatchUp(total - left, left, steps, finished, customers_done)
