"""The idle lock: after N minutes without a key or a click, the window locks.

One application-wide event filter notes input (a scanner is a keyboard too, so scanning
keeps a station awake) and restarts a single-shot timer; `timed_out` is emitted once
when it runs out. 0 minutes means never.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication

SETTING = "people/lock_after_minutes"
DEFAULT_MINUTES = 10
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin})


def lock_minutes() -> int:
    value = QSettings().value(SETTING, DEFAULT_MINUTES)
    try:
        return max(0, int(str(value)))
    except ValueError:
        return DEFAULT_MINUTES


def set_lock_minutes(minutes: int) -> None:
    QSettings().setValue(SETTING, max(0, int(minutes)))


class IdleWatch(QObject):
    timed_out = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.timed_out)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, minutes)
        self.timer.setInterval(self.minutes * 60_000)
        self.restart()

    def restart(self) -> None:
        if self.minutes:
            self.timer.start()
        else:
            self.timer.stop()

    def pause(self) -> None:
        self.timer.stop()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT and self.timer.isActive():
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
