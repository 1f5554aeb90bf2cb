"""The shared shape of Backroom's small form dialogs: fields, a red error line, OK/Cancel.

The error line stays in the dialog so a refused entry keeps what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

Ok = QDialogButtonBox.StandardButton.Ok
Save = QDialogButtonBox.StandardButton.Save


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet("color: #b00020; font-weight: bold;")
    label.setWordWrap(True)
    return label


def lay_out(dialog: QDialog, form: QFormLayout, error: QLabel, on_accept: Callable[[], None],
            accept_button: QDialogButtonBox.StandardButton = Ok) -> QDialogButtonBox:
    """Form, error line and buttons in one column; accept runs `on_accept`, which closes the
    dialog itself when the entry is good."""
    buttons = QDialogButtonBox(accept_button | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return buttons
