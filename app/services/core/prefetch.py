"""Reading ahead: the next item of an iterator made on a thread while the caller works.

An import parses a batch of rows (Python, holding the GIL) and then stores it (SQLite,
which lets the GIL go while it writes). Parsing batch n+1 while batch n is stored puts the
two on the machine's two cores instead of one after the other. At most `depth` items wait,
so memory stays that of a few batches whatever the file's size.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar, cast

T = TypeVar("T")

_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetched(source: Iterator[T], depth: int = 1) -> Generator[T, None, None]:
    """The items of `source`, each made on a worker thread ahead of its use.

    An exception of `source` is raised here, where its item would have been. Stopping early
    (break, an error, close) stops the worker: `source` is closed on the worker's thread,
    so its cleanup (closing a file) runs, and the worker is gone before this returns.
    """
    waiting: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item: object) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in source:
                if not hand_over(item):
                    break
            else:
                hand_over(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
            hand_over(_Failed(exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=work, name="prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item = waiting.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield cast(T, item)
    finally:
        stop.set()
        worker.join()
