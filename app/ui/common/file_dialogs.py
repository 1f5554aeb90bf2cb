"""Save and open dialogs that start where a person keeps files: the folder used last (kept in
QSettings), else Documents, else home — never the folder the app happened to start in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_KEY = "files/last_folder"


def _settings(qs: QSettings | None) -> QSettings:
    return qs if qs is not None else QSettings("Backroom", "Backroom")


def start_folder(qs: QSettings | None = None) -> Path:
    """The last folder a file was saved to or opened from, if it still exists; else the
    user's Documents folder; else their home."""
    last = _settings(qs).value(_KEY, "")
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember(path: str | Path, qs: QSettings | None = None) -> None:
    """Start the next dialog in the folder of `path`."""
    _settings(qs).setValue(_KEY, str(Path(path).parent))


def save_dialog(parent: QWidget | None, title: str, file_name: str, filters: str = "",
                qs: QSettings | None = None) -> QFileDialog:
    """A save dialog in the start folder with `file_name` filled in (not yet shown)."""
    dialog = QFileDialog(parent, title, str(start_folder(qs)), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(file_name)
    suffix = Path(file_name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    return dialog


def ask_save_path(parent: QWidget | None, title: str, file_name: str, filters: str = "",
                  qs: QSettings | None = None) -> str:
    """Ask where to save; '' when cancelled. The folder chosen is remembered."""
    dialog = save_dialog(parent, title, file_name, filters, qs)
    if not dialog.exec() or not dialog.selectedFiles():
        return ""
    path = dialog.selectedFiles()[0]
    remember(path, qs)
    return path


def ask_open_path(parent: QWidget | None, title: str, filters: str = "",
                  qs: QSettings | None = None) -> str:
    """Ask for a file to open, starting in the same folder; '' when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(qs)), filters)
    if path:
        remember(path, qs)
    return path
