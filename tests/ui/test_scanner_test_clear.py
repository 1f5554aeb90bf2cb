"""The scanner test page keeps Ctrl+L for what the scanner sent (a form feed), not for
clearing the page: clearing is Ctrl+Backspace (Ctrl+L is Switch user everywhere else)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.test_scanner_test_page import make_page, scan

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_l_from_the_scanner_is_recorded_and_ctrl_backspace_clears(qtbot):
    page, _ = make_page(qtbot)
    with qtbot.waitSignal(page.scan_shown) as shown:
        QTest.keyClicks(page.capture, "AB")
        for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
            QTest.sendKeyEvent(action, page.capture, Qt.Key.Key_L, "\x0c", CTRL)
        scan(qtbot, page, "CD")
    assert shown.args == ["AB\x0cCD"]
    assert page.keys.rowCount() > 0
    QTest.keyClick(page.capture, Qt.Key.Key_Backspace, CTRL)
    assert page.keys.rowCount() == 0 and page.last is None
