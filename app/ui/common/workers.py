"""Long jobs off the GUI thread: progress, cancel, and the result back by signal.

A JobRunner runs its jobs one after another on one worker thread, so the window never
freezes. Its jobs may meet the GUI thread's at the database: that is safe because every job
is one transaction that takes the write lock before its first read (see app/db.py); the
other waits briefly or is refused as busy. An unexpected error (not a BackroomError) is also
handed to sys.excepthook, which logs it and shows the crash dialog (common/crash.py).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.services.core.errors import BackroomError


class CancelToken:
    """Given to a job; the job checks it between steps and raises `Cancelled` if set."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class JobSignals(QObject):
    progressed = Signal(int, int)      # done, total
    finished = Signal(object)          # the job's return value
    failed = Signal(object)            # the exception


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: JobSignals) -> None:
        super().__init__()
        self._fn, self._signals = fn, signals

    def run(self) -> None:
        try:
            result = self._fn()
        except BackroomError as exc:   # a refusal in words: the widget shows it
            self._signals.failed.emit(exc)
        except Exception as exc:  # noqa: BLE001 - logged and shown, then the widget resets
            sys.excepthook(type(exc), exc, exc.__traceback__)
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class JobRunner(QObject):
    """Runs `job(progress, token)` on the single worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tokens: list[CancelToken] = []   # of the jobs not done yet, for cancel_all

    def start(self, job: Callable[[Callable[[int, int], None], CancelToken], Any], *,
              finished: Callable[[Any], None] | None = None,
              failed: Callable[[BaseException], None] | None = None,
              progressed: Callable[[int, int], None] | None = None,
              ) -> tuple[JobSignals, CancelToken]:
        """Start `job`; the slots given here are connected before it can report.

        Pass bound methods of a widget, so Qt queues the reports onto the GUI thread. The
        returned signals must be kept alive (e.g. on the widget) until the job reports.
        """
        signals, token = JobSignals(), CancelToken()
        tokens = self._tokens
        tokens.append(token)

        def run() -> Any:
            try:
                return job(signals.progressed.emit, token)
            finally:
                tokens.remove(token)
        if finished is not None:
            signals.finished.connect(finished)
        if failed is not None:
            signals.failed.connect(failed)
        if progressed is not None:
            signals.progressed.connect(progressed)
        self._pool.start(_Runnable(run, signals))
        return signals, token

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def cancel_all(self) -> None:
        """Ask every job started here to stop (the app's exit: none may open the database
        again once it is closed)."""
        for token in self._tokens:
            token.cancel()
