"""The window's backups: one on start and one a day while the window runs, each on the
worker thread so the window never waits for a copy; Back up now and Restore go the same way.

Signals say what happened (`backed_up`, `restored`, `failed`); the main window shows them
in the status bar and main.py reloads the window after a restore.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.backups.store import BackupResult, RestoreResult, StoreBackups
from app.ui.common.i18n import long_time, translate
from app.ui.common.workers import CancelToken, JobRunner, JobSignals

HOUR_MS = 3_600_000


def when(moment: datetime) -> str:
    """A backup time as the owner reads it: local time, day and clock."""
    return long_time(moment)


class BackupsController(QObject):
    backed_up = Signal(object)      # BackupResult
    restored = Signal(object)       # RestoreResult
    failed = Signal(str)            # what went wrong, naming the path
    reported = Signal(str)          # one line for the status bar, after each job
    busy_changed = Signal(bool)

    def __init__(self, backups: StoreBackups, *, check_every_ms: int = HOUR_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backups = backups
        self._runner = JobRunner(self)
        self._signals: JobSignals | None = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.on_timer)

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        """The backup on start (if automatic backups are on) and the daily check."""
        if self.backups.settings().automatic:
            self.back_up_now()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._runner.wait()

    def on_timer(self) -> None:
        if self._busy or not self.backups.settings().automatic:
            return
        if self.backups.due(every_hours=24):
            self.back_up_now()

    def back_up_now(self, to: Path | None = None) -> bool:
        """Start a backup on the worker; False if a backup or restore is already running."""
        return self._start(lambda _p, _t: self.backups.back_up(to), self._on_backed_up)

    def restore(self, backup: Path) -> bool:
        return self._start(lambda _p, _t: self.backups.restore(backup), self._on_restored)

    def wait(self, msecs: int = -1) -> bool:
        return self._runner.wait(msecs)

    def _start(self, job: Callable[[Callable[[int, int], None], CancelToken], object],
               done: Callable[[Any], None]) -> bool:
        if self._busy:
            return False
        self._set_busy(True)
        self._signals, _token = self._runner.start(job, finished=done, failed=self._on_failed)
        return True

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    def _on_backed_up(self, result: BackupResult) -> None:
        self._set_busy(False)
        self.reported.emit(translate("backups.controller",
            "Backed up {now} to {path}").format(
            now=when(datetime.now(UTC)), path=result.path))
        self.backed_up.emit(result)

    def _on_restored(self, result: RestoreResult) -> None:
        self._set_busy(False)
        self.reported.emit(translate("backups.controller",
            "Restored from {source}").format(
            source=result.source))
        self.restored.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.reported.emit(translate("backups.controller", "Backup failed: {exc}").format(exc=exc))
        self.failed.emit(str(exc))
