"""Scans that arrive while the window is still busy with the last one (answering it, painting
the banner) stay whole: found by bench_packing's real-window run, where a scan now and then
came out as typing plus a stray piece ("573") or vanished with no answer.

How it went wrong: the scanner's quiet timer (the "no key for 36 ms: that was a person"
verdict) fired when the event loop came back from the busy stretch, before the rest of the
scan's keys, already queued by the window system, were delivered. The keys' own stamps were
2 ms apart, but the timer looked at our clock only. So the first part went to the focused
widget as typing, and the rest was read as a code of its own (refused) or, shorter than
three keys, left its Enter to the widget: no answer at all.

The tests reproduce the order of events a busy loop gives: the held keys, a stretch with the
loop blocked past the timer's deadline, then the rest of the keys from a timer due after the
quiet timer (both overdue, so Qt runs them in that order, as it runs its timers before the
window system's queued input). They assert outcomes only, never durations.
"""

from __future__ import annotations

import gc
import time

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.packing.station import PackingStation, StationSettings
from tests.packing_world import MUG_EAN, build_world

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

BUSY_S = 0.15   # the loop blocked this long: far past the 36 ms quiet timer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Keys:
    """Key presses and releases stamped as the window system stamps a scanner's keys:
    2 ms apart, on a clock of their own."""

    def __init__(self, widget: QWidget, clock: FakeClock | None = None) -> None:
        self.widget, self.clock, self.stamp = widget, clock, 500_000

    def type(self, text: str) -> None:
        for ch in text:
            self.stamp += 2
            if self.clock is not None:
                self.clock.now += 2
            key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper()))
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, 0, 0, 0, ch,
                                  False, 1)
                event.setTimestamp(self.stamp)
                QApplication.sendEvent(QApplication.focusWidget() or self.widget, event)


def busy_then(qtbot, rest: str, keys: Keys, clock: FakeClock | None = None) -> None:
    """The loop blocked past the quiet timer's deadline; `rest` typed once it runs again,
    after the (overdue) quiet timer has had its turn."""
    QTimer.singleShot(60, lambda: keys.type(rest))
    time.sleep(BUSY_S)
    if clock is not None:
        clock.now += BUSY_S * 1000
    qtbot.wait(200)


def test_a_scan_whose_rest_is_queued_behind_a_busy_loop_stays_one_scan(qtbot):
    screen = QWidget()
    field = QLineEdit()
    QVBoxLayout(screen).addWidget(field)
    qtbot.addWidget(screen)
    screen.show()
    clock = FakeClock()
    scanner = ScannerInput(screen, ScannerSettings(), clock=clock)
    got: list[str] = []
    scanner.scanned.connect(got.append)
    field.setFocus()
    keys = Keys(field, clock)
    keys.type("4006381")
    busy_then(qtbot, "333931\r", keys, clock)
    assert got == ["4006381333931"] and field.text() == ""


def test_a_person_typing_while_the_loop_was_busy_is_still_typing(qtbot):
    # The other side of the rule: after the busy stretch nothing more comes, so the held
    # keys are given back to the field (a moment later than usual), never read as a scan.
    screen = QWidget()
    field = QLineEdit()
    QVBoxLayout(screen).addWidget(field)
    qtbot.addWidget(screen)
    screen.show()
    clock = FakeClock()
    scanner = ScannerInput(screen, ScannerSettings(), clock=clock)
    got: list[str] = []
    scanner.scanned.connect(got.append)
    field.setFocus()
    Keys(field, clock).type("g")
    time.sleep(BUSY_S)
    clock.now += BUSY_S * 1000
    qtbot.waitUntil(lambda: field.text() == "g")
    assert got == [] and scanner.holding == ""


def test_station_scans_back_to_back_while_the_last_answer_is_still_being_shown(qtbot,
                                                                               backend):
    backend.run(build_world)
    station = PackingStation(backend, sounds=FeedbackSounds(muted=True),
                             settings=StationSettings(scanner=ScannerSettings()))
    qtbot.addWidget(station)
    station.resize(1100, 750)
    station.show()
    qtbot.waitExposed(station)
    station.table.setFocus()
    read: list[str] = []
    station.scanner.scanned.connect(read.append)
    keys = Keys(station.table)
    keys.type("#1001\r")
    assert station.view is not None and station.view.number == "#1001"
    keys.type(MUG_EAN[:7])          # the next scan starts while the window is busy
    busy_then(qtbot, MUG_EAN[7:] + "\r", keys)
    assert read == ["#1001", MUG_EAN]
    assert station.view.verified == 1 and station.banner.text().startswith("✔")


def test_keys_after_the_busy_stretch_are_judged_from_the_last_key_not_the_recheck(qtbot):
    # A person typed "g" before the busy stretch and "hx" + Enter 170 ms later (their
    # stamps): that is typing, however soon after the timer's second look the keys come.
    screen = QWidget()
    field = QLineEdit()
    QVBoxLayout(screen).addWidget(field)
    qtbot.addWidget(screen)
    screen.show()
    clock = FakeClock()
    scanner = ScannerInput(screen, ScannerSettings(), clock=clock)
    got: list[str] = []
    scanner.scanned.connect(got.append)
    field.setFocus()
    keys = Keys(field, clock)
    keys.type("g")
    keys.stamp += 168
    busy_then(qtbot, "hx\r", keys, clock)
    qtbot.waitUntil(lambda: field.text() == "ghx")
    assert got == []


def test_a_scan_the_window_system_hands_over_late_waits_for_its_rest(qtbot):
    # A loaded X server: the scan's keys reach us 120 ms after their stamps (the last scan
    # came on time), and the rest of them later than the usual 36 ms of quiet. The stamps
    # say the keys were typed 2 ms apart, so the quiet timer waits the lateness out.
    screen = QWidget()
    field = QLineEdit()
    QVBoxLayout(screen).addWidget(field)
    qtbot.addWidget(screen)
    screen.show()
    clock = FakeClock()
    scanner = ScannerInput(screen, ScannerSettings(), clock=clock)
    got: list[str] = []
    scanner.scanned.connect(got.append)
    field.setFocus()
    keys = Keys(field, clock)
    keys.type("1111111\r")
    clock.now += 120
    keys.type("4006381")
    QTimer.singleShot(60, lambda: keys.type("333931\r"))
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got == ["1111111", "4006381333931"] and field.text() == ""


def test_a_screen_deleted_while_showing_leaves_no_errors_behind(qtbot, capfd):
    # Was: "'ScannerInput' object has no attribute 'screen'" printed for every event while
    # the first station was torn down and a second one built.
    first = QWidget()
    ScannerInput(first)
    first.show()
    del first
    gc.collect()
    second = QWidget()
    field = QLineEdit(second)
    qtbot.addWidget(second)
    got: list[str] = []
    ScannerInput(second).scanned.connect(got.append)
    second.show()
    field.setFocus()
    Keys(field).type("4006381333931\r")
    assert got == ["4006381333931"]
    assert "has no attribute" not in capfd.readouterr().err
