"""File > Open database… and Connect to database…: choose another database, remember it for
the next start (app.ui.database.connect_dialog), and offer to restart on it now."""

from __future__ import annotations

import importlib.util
import sys

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.common.file_dialogs import ask_open_path
from app.ui.common.i18n import translate

CONNECT_MODULE = "app.ui.database.connect_dialog"


def available() -> bool:
    """Is the connect dialog part of this build?"""
    try:
        return importlib.util.find_spec(CONNECT_MODULE) is not None
    except ModuleNotFoundError:
        return False


def open_file(parent: QWidget) -> str | None:
    """Choose a database file; remembered and offered for a restart."""
    path = ask_open_path(parent, translate("shell.database", "Open database"),
                         translate("shell.database", "Backroom database (*.sqlite3 *.db);;"
                                   "All files (*)"))
    if not path:
        return None
    _remember_and_offer(parent, str(path))
    return str(path)


def connect(parent: QWidget, current_url: str) -> str | None:
    """The connect dialog (a file or a PostgreSQL server); remembered and offered."""
    from app.ui.database.connect_dialog import (  # type: ignore[import-not-found,unused-ignore]
        ConnectDialog,
    )

    dialog = ConnectDialog(parent, current_url)
    dialog.exec()
    url: str | None = dialog.chosen_url()
    if url:
        _remember_and_offer(parent, url)
    return url


def _remember_and_offer(parent: QWidget, url: str) -> None:
    from app.ui.database.remembered import remember_database

    remember_database(url)
    answer = QMessageBox.question(
        parent, translate("shell.database", "Restart Backroom?"),
        translate("shell.database", "Backroom opens this database from the next start:\n{url}"
                  "\n\nRestart now?").format(url=url),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    if answer == QMessageBox.StandardButton.Yes:
        restart(parent)


def restart_command() -> tuple[str, list[str]]:
    """This program again, without a --db that would override the remembered database."""
    args = sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv[:]
    kept: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not arg.startswith("--db="):
            kept.append(arg)
    return sys.executable, kept


def restart(window: QWidget) -> bool:
    program, args = restart_command()
    started = QProcess.startDetached(program, args)
    ok = bool(started[0] if isinstance(started, tuple) else started)
    if ok:
        window.window().close()
    return ok
