"""Keyboard-wedge scanner capture: tells a scan from typing by key gap and suffix.

A wedge scanner "types" its code a few ms per key and ends with Enter (or Tab). The filter
watches every key press aimed at a widget inside its screen, holds printable keys back while
they arrive faster than `max_gap_ms`, and then either emits `scanned(text)` (suffix reached)
or, if the keys turn out to be a human typing, replays them to the widget they were meant for.
So a scan never leaks into the focused field and typing still works, only `max_gap_ms` late.

What counts is the gap between key presses and the keys themselves, never Qt's auto-repeat
flag: on X11 Qt calls a press "auto-repeat" whenever a release and a press of the same key
carry the same millisecond timestamp, which a scanner typing "...00..." does now and then. A
held key needs no flag: its repeats start only after the keyboard's repeat delay (250 ms or
more), so the first press was given back long before, and the repeats end with the key's
release, not with Enter within `max_gap_ms`.

The quiet timer ("no key for `max_gap_ms`: a person typed that") is read on our clock, which
cannot see keys the window system has queued while the event loop was busy (answering the
last scan, painting its banner). Qt runs an overdue timer before that queued input, so a
timer that fires late does not decide: it looks again once the queue has been read, and the
keys found there are judged by their stamps like any other. Only a timer that fires on time
(or late again and again) gives the keys back as typing.

Nor can our clock see keys the window system itself hands over late (a loaded X server). The
stamps show it: a key that reaches us L ms later than keys usually do (our clock minus its
stamp, against the least such difference seen) says the next may be L ms late too, so the
quiet timer waits that much longer (at most `_MAX_LAG_MS`) before calling the burst typing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

GS = "\x1d"
_SUFFIX_KEYS = {"enter": (Qt.Key.Key_Return, Qt.Key.Key_Enter), "tab": (Qt.Key.Key_Tab,)}
# A wedge scanner presses Shift around each capital letter (and AltGr for some symbols on
# some layouts); these keys alone must neither end a burst nor count as a key of it.
_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr,
                  Qt.Key.Key_Meta, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}
# A quiet timer firing this much after its time found the loop busy: input may be queued.
_LATE_MS = 3.0
_MAX_RECHECKS = 3   # then a loop that stays busy gets its typed keys all the same
_MAX_LAG_MS = 400.0  # the longest late delivery the quiet timer waits out
# The on-time baseline may rise this many ms per ms of our clock, so two clocks that drift
# apart over a day (a Windows tick count against ours) never look like late delivery.
_BASELINE_CREEP = 0.001
_SHIFT_ONLY = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier,
               Qt.KeyboardModifier.KeypadModifier)


@dataclass(frozen=True)
class ScannerSettings:
    """How this station's scanner types. Bluetooth scanners may need max_gap_ms ~ 60."""

    max_gap_ms: float = 35.0     # wedge scanners type 1-10 ms per key; people 60+ ms
    suffixes: tuple[str, ...] = ("enter", "tab")
    prefix: str = ""             # optional character the scanner sends first (e.g. "\x02")
    min_length: int = 3          # shorter bursts are a person (e.g. "1" + Enter)
    prefix_timeout_ms: float = 1000.0


@dataclass
class _Held:
    target: QWidget
    event: QKeyEvent


def _copy(ev: QKeyEvent) -> QKeyEvent:
    return QKeyEvent(ev.type(), ev.key(), ev.modifiers(), ev.nativeScanCode(),
                     ev.nativeVirtualKey(), ev.nativeModifiers(), ev.text(),
                     ev.isAutoRepeat(), ev.count())


class ScannerInput(QObject):
    """Installed on the application; acts on key presses in `screen`'s window while it shows."""

    scanned = Signal(str)

    def __init__(self, screen: QWidget, settings: ScannerSettings | None = None, *,
                 clock: Callable[[], float] | None = None) -> None:
        super().__init__(screen)
        self.screen = screen
        self.settings = settings or ScannerSettings()
        self.enabled = True
        self._clock = clock or (lambda: time.monotonic() * 1000.0)
        self._held: list[_Held] = []
        self._last_at = 0.0       # our clock at the last key held or scan finished
        self._last_stamp = 0      # the window system's timestamp then (0 if none)
        self._prefixed = False
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Precise: a coarse timer may fire a few ms early or late, and lateness is read below.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._wait_ms = 0          # what the timer was last started for
        self._armed_at = 0.0       # and when (our clock)
        self._offset: float | None = None  # least (our clock - stamp) seen: on-time delivery
        self._offset_at = 0.0      # our clock when that was seen
        self._lag = 0.0            # how late (ms) the last key came, against that
        self._rechecks = 0         # late firings looked past for the keys held now
        self._timer.timeout.connect(self._on_quiet)
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("ScannerInput needs a QApplication")
        self._app = app
        self._listening = False
        # Listen to the whole application only while the screen shows: fewer events to look
        # at, and no filter left on the application by screens that are closed.
        screen.installEventFilter(self)
        if screen.isVisible():
            self._listen(True)

    def configure(self, settings: ScannerSettings) -> None:
        self.flush()
        self.settings = settings

    # -- the filter ------------------------------------------------------------------------
    def _listen(self, on: bool) -> None:
        if on and not self._listening:
            self._app.installEventFilter(self)
        elif not on and self._listening:
            self.flush()
            self._app.removeEventFilter(self)
        self._listening = on

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if "screen" not in self.__dict__:
            # The screen was deleted while showing: Qt still calls this filter while the
            # wrapper's attributes are already gone. Nothing to do any more.
            return False
        if obj is self.screen and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._listen(event.type() == QEvent.Type.Show)
            return False
        if (self._replaying or not self.enabled or event.type() != QEvent.Type.KeyPress
                or not isinstance(obj, QWidget) or not self._inside(obj)):
            return False
        assert isinstance(event, QKeyEvent)
        return self._on_key(obj, event)

    def _inside(self, w: QWidget) -> bool:
        # Anywhere in the screen's window while the screen shows: focus may sit on a tab bar
        # or toolbar next to it, and a scan must still reach it.
        return self.screen.isVisible() and w.window() is self.screen.window()

    def _gap(self, now: float, stamp: int) -> float:
        """Milliseconds since the last key, by our clock or by the window system's stamps,
        whichever is shorter. Our clock sees keys that the window system stamped equal (or
        that a busy event loop delivered together) arrive together; the stamps see keys a
        busy loop delivered late as typed close together. Either way a scan stays whole;
        the stamps are ignored when either key has none (synthetic events) or they run
        backwards (a wrapped or reset server clock)."""
        gap = now - self._last_at
        if stamp and self._last_stamp and stamp >= self._last_stamp:
            gap = min(gap, float(stamp - self._last_stamp))
        return gap

    def _delivery_lag(self, now: float, stamp: int) -> float:
        """How much later than usual this key reached us (0 without a stamp)."""
        if not stamp:
            return 0.0
        if self._last_stamp and stamp < self._last_stamp:
            self._offset = None   # the server's clock ran backwards: learn it afresh
        offset = now - stamp
        baseline = (offset if self._offset is None
                    else self._offset + (now - self._offset_at) * _BASELINE_CREEP)
        if offset <= baseline:
            self._offset, self._offset_at = offset, now
            return 0.0
        return offset - baseline

    def _on_key(self, target: QWidget, event: QKeyEvent) -> bool:
        if event.key() in _MODIFIER_KEYS:
            return False
        s = self.settings
        now = self._clock()
        stamp = int(event.timestamp())
        gap = self._gap(now, stamp)
        self._lag = self._delivery_lag(now, stamp)
        text = event.text()
        is_suffix = any(event.key() in _SUFFIX_KEYS.get(name, ()) for name in s.suffixes)
        # No isAutoRepeat() here: see the module's docstring.
        printable = (len(text) == 1
                     and (text == GS or (text.isprintable() and event.modifiers() in _SHIFT_ONLY)))
        if self._prefixed:
            if gap > s.prefix_timeout_ms:
                self.flush()
            elif is_suffix:
                return self._finish(now, stamp)
            elif printable:
                return self._hold(target, event, now, stamp)
        if s.prefix and not self._held and text == s.prefix:
            self._prefixed = True
            return self._hold(target, event, now, stamp)
        if self._held and gap > s.max_gap_ms:
            self.flush()  # the burst was a person typing; what follows starts afresh
        if is_suffix and self._held:
            return self._finish(now, stamp)
        if printable:
            return self._hold(target, event, now, stamp)
        self.flush()  # any other key keeps its place after the held ones
        return False

    def _hold(self, target: QWidget, event: QKeyEvent, now: float, stamp: int) -> bool:
        self._held.append(_Held(target, _copy(event)))
        self._last_at, self._last_stamp = now, stamp
        wait = self.settings.prefix_timeout_ms if self._prefixed else self.settings.max_gap_ms
        self._wait_ms = max(1, int(wait + min(self._lag, _MAX_LAG_MS)) + 1)
        self._rechecks = 0
        self._armed_at = now
        self._timer.start(self._wait_ms)
        return True

    def _finish(self, now: float, stamp: int) -> bool:
        chars = "".join(h.event.text() for h in self._held)
        code = chars[len(self.settings.prefix):] if self._prefixed else chars
        if not self._prefixed and len(code) < self.settings.min_length:
            self.flush()
            return False  # the suffix key goes on to the widget, after the replayed keys
        self._held.clear()
        self._prefixed = False
        self._timer.stop()
        self._last_at, self._last_stamp = now, stamp
        self.scanned.emit(code)
        return True

    def _on_quiet(self) -> None:
        now = self._clock()
        late = now - self._armed_at - self._wait_ms
        if late > _LATE_MS and self._rechecks < _MAX_RECHECKS and self._held:
            # The loop was busy past the deadline: read what it queued first (see the
            # module's docstring); the held keys wait one more gap.
            self._rechecks += 1
            self._armed_at = now
            self._timer.start(self._wait_ms)
            return
        self.flush()

    def flush(self) -> None:
        """Give held keys back to the widgets they were typed into (they were a person)."""
        held, self._held = self._held, []
        self._prefixed = False
        self._timer.stop()
        self._replaying = True
        try:
            for h in held:
                if isValid(h.target):  # the field may have closed meanwhile
                    QCoreApplication.sendEvent(h.target, h.event)
        finally:
            self._replaying = False

    @property
    def holding(self) -> str:
        """The characters held back right now (for tests and the settings check)."""
        return "".join(h.event.text() for h in self._held)
