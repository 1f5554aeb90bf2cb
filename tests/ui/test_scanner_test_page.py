"""The scanner test page: keys typed like a scanner (qtbot.keyClicks) and what it shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.common.scanner_input import ScannerSettings
from app.ui.common.scanner_settings import ScannerSettingsDialog, ScannerSetup
from app.ui.common.scanner_test import ScannerTestDialog, timing_verdict, visible

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


class StepClock:
    """Each key press asks the time once: the test says how far apart the keys are."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.steps = [step]

    def __call__(self) -> float:
        self.now += self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        return self.now


def make_page(qtbot, step=2.0, reader=None, **settings):
    clock = StepClock(step)
    page = ScannerTestDialog(None, ScannerSettings(**settings), reader, clock=clock)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.capture.hasFocus)  # the page opens listening
    return page, clock


# Characters QTest cannot type from text: the keys a wedge scanner presses for them.
CTRL = Qt.KeyboardModifier.ControlModifier
KEYS = {"\x1d": (Qt.Key.Key_BracketRight, CTRL), "\n": (Qt.Key.Key_J, CTRL),
        "\x02": (Qt.Key.Key_B, CTRL), "à": (Qt.Key.Key_Agrave, Qt.KeyboardModifier.NoModifier),
        "é": (Qt.Key.Key_Eacute, Qt.KeyboardModifier.NoModifier),
        "ç": (Qt.Key.Key_Ccedilla, Qt.KeyboardModifier.NoModifier)}


def type_keys(widget: QWidget, text: str) -> None:
    """Type `text` key by key as a scanner does: qtbot's key clicks, and for GS (Ctrl+]),
    LF (Ctrl+J), STX (Ctrl+B) and AZERTY letters the key with the text it types."""
    run = ""
    for ch in text:
        if ch not in KEYS:
            run += ch
            continue
        if run:
            QTest.keyClicks(widget, run)
            run = ""
        key, mods = KEYS[ch]
        for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
            QTest.sendKeyEvent(action, widget, key, ch, mods)
    if run:
        QTest.keyClicks(widget, run)


def scan(qtbot, page, text: str, end=Qt.Key.Key_Return) -> None:
    type_keys(page.capture, text)
    if end is not None:
        qtbot.keyClick(page.capture, end)


def test_gs1_128_shows_gs_symbology_timing_and_reading(qtbot):
    page, _ = make_page(qtbot)
    data = "]C1" + "0109501101530003" + "10ABC" + "\x1d" + "17250100"
    with qtbot.waitSignal(page.scan_shown) as shown:
        scan(qtbot, page, data)
    assert shown.args == [data]
    assert page.sent.toolTip() == "]C10109501101530003" + "10ABC⟨GS⟩17250100"
    assert "then Enter" in page.sent.text()
    assert "symbology identifier ]C1 (GS1-128)" in page.framing.text()
    assert "ends with Enter" in page.framing.text()
    assert "A scanner" in page.timing.text() and "median gap 2 ms" in page.timing.text()
    reading = page.reading.text()
    assert "Read as gs1 (symbology ]C1, GS1-128): 9501101530003" in reading
    assert "(10) BATCH/LOT: ABC" in reading and "(17) USE BY or EXPIRY: 250100" in reading
    assert "No sign of a layout mix-up" in page.layout_note.text()
    # One row per key and one for the suffix; the GS key is named, gaps are shown.
    assert page.keys.rowCount() == len(data) + 1
    gs_row = data.index("\x1d")
    assert page.keys.item(gs_row, 1).text() == "⟨GS⟩"
    assert page.keys.item(gs_row, 3).text() == "2"
    assert page.keys.item(len(data), 1).text() == "⟨Enter⟩"
    assert page.capture.hasFocus()


def test_typing_is_told_from_a_scanner(qtbot):
    page, _ = make_page(qtbot, step=150)
    scan(qtbot, page, "KC-00001")
    assert "Typing speed" in page.timing.text()
    assert "longer than the key gap of 35 ms" in page.timing.text()
    assert page.keys.item(3, 3).text() == "150"


def test_one_bluetooth_pause_suggests_a_longer_key_gap(qtbot):
    page, clock = make_page(qtbot)
    clock.steps = [2, 2, 2, 90, 2, 2, 2]
    scan(qtbot, page, "4006381333931")
    assert "one pause of 90 ms" in page.timing.text()
    assert "set Key gap to about 113 ms" in page.timing.text()


def test_tab_suffix_no_identifier_and_focus_stays(qtbot):
    page, _ = make_page(qtbot)
    scan(qtbot, page, "KC-00001", end=Qt.Key.Key_Tab)
    assert "no symbology identifier" in page.framing.text()
    assert "ends with Tab" in page.framing.text()
    assert "Read as text: KC-00001" in page.reading.text()
    assert "not looked up here" in page.reading.text()
    assert page.capture.hasFocus()  # the Tab was the scan's, not a move to the next field


def test_cr_lf_suffix_and_a_scan_without_suffix(qtbot):
    page, _ = make_page(qtbot)
    scan(qtbot, page, "TOTE-07")  # CR LF: Enter, then Ctrl+J
    type_keys(page.capture, "\n")
    assert "ends with Enter + LF" in page.framing.text()
    with qtbot.waitSignal(page.scan_shown, timeout=3000):
        scan(qtbot, page, "A-01-03", end=None)  # ends by the pause
    assert "no suffix" in page.framing.text()


def test_prefix_character_and_a_new_scan_replaces_the_last(qtbot):
    page, _ = make_page(qtbot, prefix="\x02")
    scan(qtbot, page, "\x02" + "]E05901234123457")
    assert "prefix character ⟨STX⟩ (as set up)" in page.framing.text()
    assert "]E0 (EAN-13, UPC-A or UPC-E)" in page.framing.text()
    assert "Read as ean13" in page.reading.text()
    scan(qtbot, page, "]I105901234123457")
    assert "]I1 (ITF-14)" in page.framing.text()
    assert page.keys.rowCount() == len("]I105901234123457") + 1


def test_misread_is_shown_refused(qtbot):
    page, _ = make_page(qtbot)
    scan(qtbot, page, "9501101530004")
    assert page.reading.text().startswith("Refused: Misread: 9501101530004")
    assert "color:#b00" in page.reading.styleSheet()


def test_german_layout_turns_dash_into_sharp_s(qtbot):
    page, _ = make_page(qtbot)
    scan(qtbot, page, "SKUßZ1")  # a US scanner's "SKU-Y1" on a German PC
    note = page.layout_note.text()
    assert "German (QWERTZ)" in note and "'ß' cannot be in a barcode" in note
    assert "meant 'SKU-Y1'" in note
    assert "<b style='color:#c00'>ß</b>" in page.sent.text()


def test_french_layout_digits(qtbot):
    page, _ = make_page(qtbot)
    scan(qtbot, page, "'àà-ç_&ççç(ç&")  # a US scanner's 4006981999591 on an AZERTY PC
    note = page.layout_note.text()
    assert "French (AZERTY)" in note and "meant '4006981999591'" in note


def test_layout_found_by_the_catalogue(qtbot, demo_backend):
    from app.services.stock.scan_lookup import read_scan

    page, _ = make_page(qtbot, reader=lambda raw: demo_backend.read(read_scan, raw))
    scan(qtbot, page, "KC/00001")  # a German-layout scanner's KC-00001 on a US PC
    note = page.layout_note.text()
    assert "German-layout (QWERTZ) scanner typing into a US keyboard layout" in note
    assert "meant 'KC-00001'" in note and "Read that way it is KC-00001 " in note
    scan(qtbot, page, "KC-00001")
    assert "Product: KC-00001" in page.reading.text()
    assert "No sign of a layout mix-up" in page.layout_note.text()


def test_opened_from_the_settings_by_key_and_button(qtbot, demo_backend):
    dlg = ScannerSettingsDialog(None, ScannerSetup(ScannerSettings(max_gap_ms=50)),
                                backend=demo_backend)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    dlg.trial.setFocus()
    qtbot.waitUntil(dlg.trial.hasFocus)
    qtbot.keyClick(dlg, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    page = dlg.findChild(ScannerTestDialog)
    assert page is not None and page.isVisible()
    assert page.settings.max_gap_ms == 50  # timed against the gap being set
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.capture)
    type_keys(QApplication.focusWidget(), "2000000000015")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert page.isVisible()  # Enter ended the scan, it did not close the page
    assert "Product: KC-00001" in page.reading.text()
    qtbot.keyClick(page.capture, Qt.Key.Key_Escape)
    assert not page.isVisible() and dlg.isVisible()
    qtbot.mouseClick(dlg.test_page_button, Qt.MouseButton.LeftButton)
    assert any(p.isVisible() for p in dlg.findChildren(ScannerTestDialog))


def test_visible_names_every_control_character():
    assert visible("a\x1db\tc\r\n\x02\x04\x07") == "a⟨GS⟩b⟨Tab⟩c⟨Enter⟩⟨LF⟩⟨STX⟩⟨EOT⟩⟨0x07⟩"


def test_timing_verdict_edges():
    assert timing_verdict([], 35).startswith("One key only")
    assert "A scanner" in timing_verdict([35.0, 35.0], 35)
    assert "Typing speed" in timing_verdict([36.0, 36.0], 35)


def test_pick_page_still_tries_six_digits_as_a_bin():
    # 6/7 digits read as a UPC-E may be a numeric bin code: the pick page tries it as a bin.
    from app.ui.packing.picking_page import PickingPage

    assert PickingPage._is_text("010203") and PickingPage._is_text("A-01-03")
    assert not PickingPage._is_text("4006381333931")
