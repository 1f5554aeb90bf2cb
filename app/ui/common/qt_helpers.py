"""Small typed helpers around PySide6 calls whose stubs are loose or whose short forms misbehave."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def add_shortcut(key: QKeySequence | QKeySequence.StandardKey, parent: QWidget,
                 slot: Callable[[], object],
                 context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QShortcut:
    """A key that calls `slot`; `parent` owns it, and `context` says where it is heard.

    Not `QShortcut(key, parent, slot, context)`: PySide6 6.11 drops the context given
    there, and its stubs do not know the `activated=` keyword form.
    """
    shortcut = QShortcut(key, parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut


def python_date(value: QDate) -> date:
    """`QDate.toPython()` as the date it is (PySide6's stubs only promise an object)."""
    day = value.toPython()
    assert isinstance(day, date)
    return day
