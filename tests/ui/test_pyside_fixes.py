"""The PySide6 refcount work-around keeps None and True alive however long the app runs."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

import app.ui.common.pyside_fixes as fixes


class Emitter(QObject):
    two = Signal(str, str)


def test_many_void_calls_and_emits_leave_plenty_of_references(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    e = Emitter()
    got: list[str] = []
    e.two.connect(lambda a, _b: got.append(a))
    # Far more calls than None/True have references without the fix (tens of thousands):
    # with the bug and no fix the interpreter aborts inside this loop.
    for i in range(100_000):
        label.setText("x" if i % 2 else "y")
        e.two.emit("x", "y")
    assert len(got) == 100_000
    if fixes.BUG_PRESENT:
        assert sys.getrefcount(None) > 1 << 39 and sys.getrefcount(True) > 1 << 39
