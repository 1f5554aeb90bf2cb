"""Helpers for the returns dialogs' tests: drive a modal dialog by keyboard while it runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def while_modal(action: Callable[[QDialog], None], seen: list) -> None:
    """Run `action` on the modal dialog as soon as it is open. A failing action is kept in
    `seen` (raise it after) and the dialog is closed, so the test never hangs in exec()."""
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(10, attempt)
            return
        seen.append(dialog)
        try:
            dialog.activateWindow()   # offscreen: keys and shortcuts go to the active window
            for _ in range(50):
                if dialog.isActiveWindow():
                    break
                QApplication.processEvents()
            action(dialog)
        except BaseException as exc:  # noqa: BLE001 (re-raised by check())
            seen.append(exc)
        finally:
            if dialog.isVisible():
                dialog.reject()
    QTimer.singleShot(0, attempt)


def check(seen: list) -> None:
    """Raise what went wrong inside the dialog, if anything did."""
    for item in seen:
        if isinstance(item, BaseException):
            raise item


def test_helpers_import():  # keeps pytest from calling this module empty
    assert callable(while_modal)
