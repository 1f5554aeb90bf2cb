"""Wedge-scanner capture: scans are caught anywhere in the screen, typing is left alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from app.ui.common.scanner_input import ScannerInput, ScannerSettings

# The offscreen platform warns once per shown top-level window; that is not our failure.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

# Timing: most tests send synthetic key events one after another without running the event
# loop, and give the filter a fake clock that the test moves forward by exactly the gap it
# wants. The judgement (gap <= threshold) then depends only on the numbers in the test, not
# on how busy the machine is. One test uses QTest.keyClick with real 2 ms delays, as a real
# scanner would arrive, with a threshold far above 2 ms so scheduler jitter cannot flip it.


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _key_for(ch: str) -> Qt.Key:
    if ch == "\r":
        return Qt.Key.Key_Return
    if ch == "\t":
        return Qt.Key.Key_Tab
    return Qt.Key(ord(ch.upper()))


def send(widget: QWidget, text: str, clock: FakeClock, gap_ms: float) -> None:
    """Synthesise key presses/releases `gap_ms` apart on the fake clock; capitals come with
    their own Shift press and release around them, as a keyboard (or a wedge) sends them."""
    shift = Qt.KeyboardModifier.ShiftModifier
    for ch in text:
        clock.now += gap_ms
        mods = shift if ch.isupper() else Qt.KeyboardModifier.NoModifier
        if ch.isupper():
            QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                                                     shift, ""))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, _key_for(ch), mods, ch))
        if ch.isupper():
            QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Shift,
                                                     Qt.KeyboardModifier.NoModifier, ""))


def make_screen(qtbot, **settings):
    screen = QWidget()
    layout = QVBoxLayout(screen)
    note, other = QLineEdit(), QLineEdit()
    layout.addWidget(note)
    layout.addWidget(other)
    qtbot.addWidget(screen)
    screen.show()
    clock = FakeClock()
    scanner = ScannerInput(screen, ScannerSettings(**settings), clock=clock)
    got: list[str] = []
    scanner.scanned.connect(got.append)
    note.setFocus()
    return screen, note, other, scanner, clock, got


def test_13_digits_at_2ms_plus_enter_is_one_scan_and_never_reaches_the_field(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot)
    send(note, "4006381333931\r", clock, 2)
    assert got == ["4006381333931"]
    qtbot.wait(60)
    assert note.text() == ""


def test_real_key_clicks_at_2ms(qtbot):
    screen = QWidget()
    field = QLineEdit(screen)
    qtbot.addWidget(screen)
    screen.show()
    # Real time: 2 ms between keys against a 200 ms threshold leaves room for a slow CI box.
    scanner = ScannerInput(screen, ScannerSettings(max_gap_ms=200))
    field.setFocus()
    with qtbot.wait_signal(scanner.scanned, timeout=2000) as blocker:
        for ch in "9501101530003":
            QTest.keyClick(field, ch, Qt.KeyboardModifier.NoModifier, 2)
        QTest.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 2)
    assert blocker.args == ["9501101530003"]
    assert field.text() == ""


def test_back_to_back_scans_at_10_per_second_none_lost_or_merged(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot)
    codes = [f"20000000{i:04d}{i % 10}" for i in range(50)]
    for code in codes:
        send(note, code + "\r", clock, 2)
        clock.now += 100 - 2 * (len(code) + 1)  # the next scan starts 100 ms after this one
    assert got == codes
    qtbot.wait(60)
    assert note.text() == ""


def test_back_to_back_scans_with_no_pause_at_all(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot)
    send(note, "1111111\r2222222\r3333333\r", clock, 1)
    assert got == ["1111111", "2222222", "3333333"]


def test_human_typing_stays_in_the_field(qtbot):
    _, note, _, scanner, clock, got = make_screen(qtbot)
    with qtbot.assert_not_emitted(scanner.scanned, wait=100):
        send(note, "Fragile, wrap twice\r", clock, 150)
        qtbot.wait_until(lambda: note.text() == "Fragile, wrap twice", timeout=1000)
    assert got == []


def test_quick_short_burst_then_enter_is_typing(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot, min_length=4)
    send(note, "12\r", clock, 5)
    assert got == [] and note.text() == "12"


def test_scan_is_captured_wherever_focus_is(qtbot):
    _, note, other, _, clock, got = make_screen(qtbot)
    other.setFocus()
    send(other, "SKU-MUG-1\r", clock, 3)
    assert got == ["SKU-MUG-1"]
    assert note.text() == other.text() == ""


def test_typing_then_scan_keeps_both_apart(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot)
    send(note, "ok", clock, 120)
    clock.now += 200
    send(note, "4006381333931\r", clock, 4)
    qtbot.wait(60)
    assert note.text() == "ok" and got == ["4006381333931"]


def test_slow_bluetooth_scanner_with_wider_threshold(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot, max_gap_ms=60)
    send(note, "4006381333931\r", clock, 45)
    assert got == ["4006381333931"]
    _, note2, _, _, clock2, got2 = make_screen(qtbot)  # the default would call it typing
    send(note2, "4006381333931\r", clock2, 45)
    qtbot.wait(60)
    assert got2 == [] and note2.text() == "4006381333931"


def test_tab_suffix_and_prefix_mode(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot, prefix="~", suffixes=("tab",))
    send(note, "~TOTE-07\t", clock, 80)  # with a prefix even a slow scanner is a scan
    send(note, "A-01-03\t", clock, 2)
    assert got == ["TOTE-07", "A-01-03"]
    assert note.text() == ""


def test_gs_separator_is_kept(qtbot):
    _, note, _, _, clock, got = make_screen(qtbot)
    send(note, "]d20109501101530003\x1d10AB\r", clock, 2)
    assert got == ["]d20109501101530003\x1d10AB"]


def test_keys_outside_the_screen_are_not_touched(qtbot):
    _, _, _, _, clock, got = make_screen(qtbot)
    elsewhere = QLineEdit()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    send(elsewhere, "4006381333931\r", clock, 2)
    assert got == [] and elsewhere.text() == "4006381333931"


def test_scan_with_focus_next_to_the_screen_in_its_window_is_captured(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    beside, screen = QLineEdit(), QWidget()   # e.g. a tab bar or search box next to the page
    inner = QLineEdit(screen)
    layout.addWidget(beside)
    layout.addWidget(screen)
    qtbot.addWidget(window)
    window.show()
    clock = FakeClock()
    scanner = ScannerInput(screen, clock=clock)
    got: list[str] = []
    scanner.scanned.connect(got.append)
    send(beside, "4006381333931\r", clock, 2)
    assert got == ["4006381333931"] and beside.text() == ""
    screen.hide()                             # another page is showing: hands off
    send(beside, "4006381333931\r", clock, 2)
    assert got == ["4006381333931"] and beside.text() == "4006381333931"
    assert inner.text() == ""


def test_capitals_with_shift_presses_between_keys_stay_one_scan(qtbot):
    # Found with xdotool under Xvfb: each capital arrives as Shift down, letter, Shift up.
    _, note, _, _, clock, got = make_screen(qtbot)
    send(note, "JJD0001234567\r", clock, 2)
    assert got == ["JJD0001234567"] and note.text() == ""


def send_as_x11(widget: QWidget, text: str, clock: FakeClock, stamps: list[int],
                gap_ms: float) -> None:
    """Key presses and releases as Qt's xcb plugin delivers them: each with the X server's
    millisecond timestamp, and flagged auto-repeat where a release and the next press of the
    same key carry the same timestamp (that is all Qt looks at on X11)."""
    for i, ch in enumerate(text):
        clock.now += gap_ms
        again = i > 0 and text[i - 1] == ch and stamps[i - 1] == stamps[i]
        press = QKeyEvent(QEvent.Type.KeyPress, _key_for(ch), Qt.KeyboardModifier.NoModifier,
                          0, 0, 0, ch, again, 1)
        repeat_next = i + 1 < len(text) and text[i + 1] == ch and stamps[i + 1] == stamps[i]
        release = QKeyEvent(QEvent.Type.KeyRelease, _key_for(ch),
                            Qt.KeyboardModifier.NoModifier, 0, 0, 0, ch, repeat_next, 1)
        for event in (press, release):
            event.setTimestamp(stamps[i])
            QApplication.sendEvent(widget, event)


def test_keys_with_equal_timestamps_flagged_auto_repeat_stay_one_scan(qtbot):
    # The 1-in-900 split: "...0011..." typed within one millisecond looked like a held key.
    _, note, _, _, clock, got = make_screen(qtbot)
    code = "4000112233445"
    stamps = [500_000 + i // 2 for i in range(len(code) + 1)]  # two keys per millisecond
    send_as_x11(note, code + "\r", clock, stamps, 0.5)
    assert got == [code]
    qtbot.wait(60)
    assert note.text() == ""


def test_equal_timestamps_with_our_clock_standing_still_stay_one_scan(qtbot):
    # A busy event loop hands over a whole scan at once: our clock sees no gap at all, the
    # window system's stamps are all equal, Qt flags every other key auto-repeat.
    _, note, _, _, clock, got = make_screen(qtbot)
    code = "1111111111116"
    send_as_x11(note, code + "\r", clock, [9_000] * (len(code) + 1), 0)
    assert got == [code] and note.text() == ""


def test_scan_delivered_late_by_a_busy_loop_is_judged_by_the_key_stamps(qtbot):
    # Keys typed 2 ms apart (their stamps) but handed over 50 ms apart (our clock).
    _, note, _, _, clock, got = make_screen(qtbot)
    code = "4006381333931"
    send_as_x11(note, code + "\r", clock, [70_000 + 2 * i for i in range(len(code) + 1)], 50)
    assert got == [code] and note.text() == ""


def test_a_held_key_is_typing(qtbot):
    # A person holds "a": the first press, the keyboard's repeat delay, then repeats every
    # 30 ms (flagged auto-repeat by X11 or not); the key comes up, then Enter a moment later.
    _, note, _, scanner, clock, got = make_screen(qtbot)
    stamps = [1_000] + [1_500 + 30 * i for i in range(8)]
    with qtbot.assert_not_emitted(scanner.scanned, wait=100):
        send_as_x11(note, "a", clock, stamps[:1], 0)
        qtbot.wait(60)                      # the repeat delay: the first "a" is given back
        clock.now += 500
        for stamp in stamps[1:]:
            clock.now += 30
            event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                              Qt.KeyboardModifier.NoModifier, 0, 0, 0, "a", True, 1)
            event.setTimestamp(stamp)
            QApplication.sendEvent(note, event)
        qtbot.wait(60)                      # the key is up: quiet
        clock.now += 250
        send(note, "\r", clock, 0)
    assert got == [] and note.text() == "a" * 9
