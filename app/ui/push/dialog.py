"""The push page in a window of its own, opened from the main window's Stock menu
(Ctrl+Shift+P), so it is one key away from every tab."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.ui.common.i18n import translate
from app.ui.push.view import PushView


class PushDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("push.dialog", "Push stock to stores"))
        self.resize(1100, 700)
        self.view = PushView(backend)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)


def add_push_menu(window: QMainWindow, backend: Backend, menu: QMenu | None = None) -> QAction:
    """Stock > Push to stores… (Ctrl+Shift+P): in `menu`, else in a Stock menu of its own."""
    action = QAction(translate("push.dialog", "&Push to stores…"), window)
    action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    action.triggered.connect(lambda: PushDialog(backend, window).exec())
    (menu or window.menuBar().addMenu(translate("push.dialog", "S&tock"))).addAction(action)
    return action
