"""The PySide6 emit() refcount work-around keeps True alive however often signals fire."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import app.ui  # noqa: F401  (applies the fix)


class Emitter(QObject):
    two = Signal(str, str)
    nothing = Signal()


def test_many_emits_do_not_eat_references_to_true(qtbot):
    e = Emitter()
    got: list[str] = []
    e.two.connect(lambda a, _b: got.append(a))
    before = sys.getrefcount(True)
    for _ in range(5000):  # without the fix the interpreter aborts long before this ends
        e.two.emit("x", "y")
        e.nothing.emit()
    assert len(got) == 5000
    assert sys.getrefcount(True) >= before - 10
