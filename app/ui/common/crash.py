"""One error path: every unexpected error is logged with its traceback and shown once, calmly.

`setup_logging` opens a rotating log file in the user's log folder. `CrashReporter.install`
puts itself in `sys.excepthook` (PySide6 hands an exception escaping a slot there) and in
`threading.excepthook`; the job runner passes a worker's unexpected errors to the same hook.
The dialog is shown on the GUI thread whichever thread failed, one at a time: errors that
come while it is open are added to its details instead of stacking more windows.
"""

from __future__ import annotations

import html
import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.errors import BackroomError
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text

LOG = logging.getLogger("backroom")
LOG_FILE = "backroom.log"


def log_folder() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("Backroom", appauthor=False))


def setup_logging(folder: Path | None = None) -> Path:
    """Log to backroom.log (1 MB, five old files kept) in `folder` or the user's log folder."""
    folder = folder or log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    for handler in LOG.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    return path


class CrashDialog(QDialog):
    """'Something went wrong' with the details folded below and a Copy details button."""

    def __init__(self, summary: str, details: str, log_path: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("common.crash", "Backroom: something went wrong"))
        where = translate("common.crash",
            " The details are also in {log_path}.").format(
            log_path=log_path) if log_path else ""
        self.message = QLabel(
            translate("common.crash",
                "<b>{summary}</b><br><br>What you were doing was stopped and nothing of it was "
                "saved half-way.{where} If it happens again, send the details to whoever looks "
                "after Backroom.").format(
                summary=html.escape(summary), where=html.escape(where)))
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.copy_button = QPushButton(translate("common.crash", "&Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 380)

    def add(self, details: str) -> None:
        self.details.appendPlainText("\n" + details)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


class CrashReporter(QObject):
    """Logs every unexpected error and shows it in one CrashDialog on the GUI thread."""

    reported = Signal(str, str)       # summary, details (queued to the GUI thread)
    shown = Signal(object)            # the CrashDialog, for tests and the main window

    def __init__(self, log_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self._previous = (sys.excepthook, threading.excepthook)
        self.reported.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        LOG.error("Unexpected error in %s\n%s", threading.current_thread().name, details)
        summary = error_text(exc) if isinstance(exc, BackroomError) else \
            translate("common.crash",
                "An unexpected error stopped Backroom's last step ({__name__}).").format(
                __name__=exc_type.__name__)
        self.reported.emit(summary, details)

    def _show(self, summary: str, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
            return
        self.dialog = CrashDialog(summary, details, self.log_path)
        self.dialog.open()
        self.shown.emit(self.dialog)
