"""Writers of one process take their turn in the order they came.

SQLite hands its write lock to whoever polls first once it is free: a waiting writer sleeps
in its busy handler while a thread that just committed starts its next job and takes the
lock again. Two threads writing in loops (the station's scans on the GUI thread and an
import on a worker) could so starve one of them for seconds and end in DatabaseBusy while
the other never waited. Within one process the writers of an engine therefore queue here
first, first come first served; between processes SQLite's own lock still decides.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from app.services.core.db_errors import DatabaseBusy


class WriterQueue:
    """A ticket lock: each writer draws a number and waits until it is served."""

    def __init__(self) -> None:
        self._turned = threading.Condition()
        self._next = 0
        self._serving = 0
        self._gave_up: set[int] = set()
        self._owner: int | None = None
        self._depth = 0

    @contextmanager
    def turn(self, wait_s: float) -> Iterator[None]:
        """Hold the turn for the block; DatabaseBusy after wait_s of waiting."""
        me = threading.get_ident()
        with self._turned:
            if self._owner == me:  # a job run from inside a job: already its turn
                self._depth += 1
                ticket = None
            else:
                ticket = self._next
                self._next += 1
                served = self._turned.wait_for(lambda: self._serving == ticket, wait_s)
                if not served:
                    self._gave_up.add(ticket)
                    raise DatabaseBusy("The database is busy: another job of this window "
                                       "held it for too long. Try again in a moment.")
                self._owner, self._depth = me, 1
        try:
            yield
        finally:
            with self._turned:
                self._depth -= 1
                if self._depth == 0 and ticket is not None:
                    self._owner = None
                    self._serving += 1
                    while self._serving in self._gave_up:  # skip who stopped waiting
                        self._gave_up.discard(self._serving)
                        self._serving += 1
                    self._turned.notify_all()


_QUEUES: weakref.WeakKeyDictionary[object, WriterQueue] = weakref.WeakKeyDictionary()
_MADE = threading.Lock()


def queue_for(engine: object) -> WriterQueue:
    """The one queue of an engine's writers (every Backend over it shares it)."""
    with _MADE:
        found = _QUEUES.get(engine)
        if found is None:
            found = _QUEUES[engine] = WriterQueue()
        return found
