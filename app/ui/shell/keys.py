"""The menu bar's keys, and how they share a key with a screen that uses it for its own work.

Two shortcuts on one key in one window are ambiguous to Qt: neither fires and Qt warns. Yet
the returns station uses F1 to F5 for conditions, the Orders tab has its own Ctrl+F and the
Reconciliation tab its own F5. So a menu action shows its key in the menu (and answers it
while the menu is open), and the window's one shortcut per key is held here: a key goes to
the screen that showing uses it, and otherwise runs the menu action. The screens' own
shortcuts on such keys are switched off so that Qt never sees two, and are run from here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


def _in_context(shortcut: QShortcut, window: QWidget) -> bool:
    """Would Qt fire this screen's shortcut now (were it on)?"""
    owner = shortcut.parent()
    if not isinstance(owner, QWidget) or owner.window() is not window \
            or not owner.isVisible():
        return False
    context = shortcut.context()
    focus = QApplication.focusWidget()
    if context == Qt.ShortcutContext.WidgetShortcut:
        return focus is owner
    if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return focus is not None and (focus is owner or owner.isAncestorOf(focus))
    return True


class KeyRouter(QObject):
    """One window shortcut per key of the menu actions (their standard keys included)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._actions: dict[str, QAction] = {}      # key text -> the menu action
        self._keys: dict[str, QShortcut] = {}      # key text -> our shortcut
        self._taken: dict[str, list[QShortcut]] = {}  # key text -> screens' shortcuts (off)

    def bind(self, action: QAction, keys: list[QKeySequence]) -> None:
        """Show `keys` on `action` and send them to it (or to a screen that uses them)."""
        action.setShortcuts(keys)
        # Heard only while its menu is open; the window-wide key is ours.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for key in keys:
            text = key.toString()
            if not text or text in self._keys:
                continue
            shortcut = QShortcut(key, self.window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda t=text: self.press(t))
            self._keys[text], self._actions[text] = shortcut, action

    def claim(self, root: QWidget) -> None:
        """Switch off the shortcuts under `root` that use one of our keys; we run them."""
        ours = set(self._keys.values())
        for shortcut in root.findChildren(QShortcut):
            if shortcut in ours or not shortcut.isEnabled():
                continue
            texts = {shortcut.key().toString()} - {""}
            for text in texts & self._keys.keys():
                shortcut.setEnabled(False)
                self._taken.setdefault(text, []).append(shortcut)

    def screen_shortcut(self, text: str) -> QShortcut | None:
        """The screen's shortcut that this key would fire now, if any."""
        live = [s for s in self._taken.get(text, []) if _valid(s)]
        self._taken[text] = live
        return next((s for s in live if _in_context(s, self.window)), None)

    def press(self, text: str) -> None:
        self.claim(self.window)  # a page built since may have brought its own keys
        screen = self.screen_shortcut(text)
        if screen is not None:
            screen.activated.emit()
            return
        action = self._actions[text]
        if action.isEnabled():
            action.trigger()

    def key_of(self, text: str) -> QShortcut | None:
        return self._keys.get(text)


def _valid(obj: QObject) -> bool:
    """False once Qt has deleted the C++ object under a Python wrapper."""
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True
