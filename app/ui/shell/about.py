"""Help > About Backroom: the versions a bug report needs, with a button to copy them."""

from __future__ import annotations

import platform
from importlib import metadata

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.services import about
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.ui.common.i18n import translate


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def versions(backend: Backend) -> list[tuple[str, str]]:
    """(what, version) rows: the program, its parts and the open database."""
    try:
        facts = backend.read(about.database_facts)
        kind, revision = facts.kind, facts.revision
    except BackroomError as exc:
        kind, revision = str(exc), "?"
    return [("Backroom", _version("backroom")),
            ("Python", platform.python_version()),
            ("Qt", qVersion()),
            ("PySide6", PySide6.__version__),
            ("SQLAlchemy", _version("sqlalchemy")),
            (translate("shell.about", "Database"), kind),
            (translate("shell.about", "Schema revision"), revision),
            (translate("shell.about", "Database file or server"), backend.database_label),
            (translate("shell.about", "System"), platform.platform(terse=True))]


class AboutDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("shell.about", "About Backroom"))
        self.rows = versions(backend)
        title = QLabel("<h2>Backroom</h2>")
        blurb = QLabel(translate(
            "shell.about", "Orders, pick & pack, labels and stock for small online stores."))
        blurb.setWordWrap(True)
        form = QFormLayout()
        for what, version in self.rows:
            value = QLabel(version)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            form.addRow(translate("shell.about", "{what}:").format(what=what), value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(translate("shell.about", "&Copy versions"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def text(self) -> str:
        return "\n".join(f"{what}: {version}" for what, version in self.rows)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text())
