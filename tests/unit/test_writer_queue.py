"""Writers of one process take turns first come first served (app/services/core/writer_queue)."""

from __future__ import annotations

import threading
import time

import pytest

from app.services.core.db_errors import DatabaseBusy
from app.services.core.writer_queue import WriterQueue


def _start(queue: WriterQueue, name: str, order: list[str], wait_s: float = 5.0
           ) -> threading.Thread:
    def work() -> None:
        with queue.turn(wait_s):
            order.append(name)

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def _queued(queue: WriterQueue, n: int) -> None:
    """Wait until n tickets have been drawn (the threads are in line)."""
    deadline = time.monotonic() + 5
    while queue._next < n and time.monotonic() < deadline:  # noqa: SLF001 - a test's view
        time.sleep(0.001)


def test_waiting_writers_are_served_in_the_order_they_came():
    queue, order = WriterQueue(), []
    release = threading.Event()

    def holder() -> None:
        with queue.turn(5):
            release.wait(5)

    first = threading.Thread(target=holder)
    first.start()
    _queued(queue, 1)
    threads = []
    for i, name in enumerate("abcde"):
        threads.append(_start(queue, name, order))
        _queued(queue, i + 2)
    release.set()
    for t in [first, *threads]:
        t.join(5)
    assert order == list("abcde")


def test_a_writer_that_waited_too_long_is_refused_and_skipped():
    queue, order = WriterQueue(), []
    release = threading.Event()

    def holder() -> None:
        with queue.turn(5):
            release.wait(5)

    first = threading.Thread(target=holder)
    first.start()
    _queued(queue, 1)
    with pytest.raises(DatabaseBusy):
        with queue.turn(0.05):
            pass
    late = _start(queue, "late", order)
    _queued(queue, 3)
    release.set()
    first.join(5)
    late.join(5)
    assert order == ["late"]  # the one who gave up did not block the line


def test_a_job_inside_a_job_already_has_the_turn():
    queue = WriterQueue()
    with queue.turn(0.1), queue.turn(0.1):
        pass
    with queue.turn(0.1):  # and the turn was given back once
        pass
