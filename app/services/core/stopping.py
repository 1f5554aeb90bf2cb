"""Stopping a read or check from another thread, even in the middle of one long statement.

A quick check over a 1 GB file, or a search the user has already typed past, holds one SQL
statement for seconds; waiting for it to end before stopping would freeze the wish to stop.
`StatementStop` interrupts the statement through the DB-API connection (sqlite3's
`interrupt()`, psycopg's `cancel()`), and the interrupted statement's own error becomes the
job's `Cancelled` with the message the caller chose.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from app.services.core.errors import Cancelled


class StatementStop:
    """Asks a running job to stop; `stop()` may be called from any thread, any number of
    times. The job calls `check()` between statements and runs statements inside
    `watching(session)` so that one under way is interrupted too."""

    def __init__(self, message: str) -> None:
        self.message = message
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._running: list[Any] = []   # DB-API connections of statements under way

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        with self._lock:
            for dbapi in self._running:
                interrupt(dbapi)

    def check(self) -> None:
        """Raises Cancelled once stop() was called."""
        if self.stopped:
            raise Cancelled(self.message)

    @contextmanager
    def watching(self, session: Session) -> Iterator[None]:
        """While inside, stop() interrupts the statements of `session`'s connection."""
        self.check()
        dbapi = session.connection().connection.dbapi_connection
        with self._lock:
            self._running.append(dbapi)
        try:
            yield
        except Exception:
            if self.stopped:  # the interrupted statement's own error says nothing more
                raise Cancelled(self.message) from None
            raise
        finally:
            with self._lock:
                self._running.remove(dbapi)
        self.check()


def interrupt(dbapi: Any) -> None:
    """Stops the statement running on a DB-API connection; safe from another thread."""
    for name in ("interrupt", "cancel"):
        method = getattr(dbapi, name, None)
        if method is not None:
            try:
                method()
            except Exception:  # noqa: BLE001 - a closed connection has nothing left to stop
                pass
            return
