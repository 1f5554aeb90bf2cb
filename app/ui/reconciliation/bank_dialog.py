"""Which bank layout reads a statement: a saved one by name, or a new one set up here from
the file's own column names (saved under its name for the next statement).

Keyboard only: Tab through the choices, Enter imports, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.importers.bank_statement import FIELDS, BankMapping, guess
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate

NEW = "new"
# What each column of a statement is (app/services/importers/bank_statement.FIELDS), copied so
# lupdate finds the words; tests/ui/test_translations.py checks they stay the service's.
FIELD_WORDS = {
    "date": QT_TRANSLATE_NOOP("reconciliation.bank_dialog", "Booking date (required)"),
    "amount": QT_TRANSLATE_NOOP("reconciliation.bank_dialog",
                                "Amount, signed (or Credit and Debit)"),
    "credit": QT_TRANSLATE_NOOP("reconciliation.bank_dialog", "Money in (Credit)"),
    "debit": QT_TRANSLATE_NOOP("reconciliation.bank_dialog", "Money out (Debit)"),
    "description": QT_TRANSLATE_NOOP("reconciliation.bank_dialog", "Description / payee"),
    "reference": QT_TRANSLATE_NOOP("reconciliation.bank_dialog", "Reference / memo"),
    "currency": QT_TRANSLATE_NOOP("reconciliation.bank_dialog", "Currency column"),
    "id": QT_TRANSLATE_NOOP("reconciliation.bank_dialog", "The bank's id for the line")}


class BankLayoutDialog(QDialog):
    """Pick a saved layout or map the statement's columns; `choice()` says which."""

    def __init__(self, file_name: str, header: tuple[str, ...], saved: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("reconciliation.bank_dialog",
                                      "Import bank statement {0}").format(file_name))
        self.header = header
        self.layout_box = QComboBox()
        self.layout_box.setAccessibleName(translate("reconciliation.bank_dialog", "Bank layout"))
        for name in saved:
            self.layout_box.addItem(name, name)
        self.layout_box.addItem(translate("reconciliation.bank_dialog",
                                          "New layout from this file…"), NEW)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(translate("reconciliation.bank_dialog",
                                                    "Name it, e.g. the bank and account"))
        self.currency_edit = QLineEdit("USD")
        self.currency_edit.setMaxLength(3)
        self.day_first = QCheckBox(translate("reconciliation.bank_dialog",
                                             "Dates are day first (03/07 is 3 July)"))
        self.columns: dict[str, QComboBox] = {}
        guessed = guess(header)
        form = QFormLayout()
        form.addRow(translate("reconciliation.bank_dialog", "&Layout:"), self.layout_box)
        form.addRow(translate("reconciliation.bank_dialog", "&Name:"), self.name_edit)
        for field_, words in FIELDS.items():
            box = QComboBox()
            box.addItem(translate("reconciliation.bank_dialog", "(none)"), "")
            for column in header:
                box.addItem(column, column)
            box.setCurrentIndex(max(0, box.findData(guessed.get(field_, ""))))
            self.columns[field_] = box
            shown = translate("reconciliation.bank_dialog", FIELD_WORDS.get(field_, words))
            form.addRow(translate("reconciliation.bank_dialog", "{field}:").format(field=shown),
                        box)
        form.addRow(translate("reconciliation.bank_dialog",
                              "&Currency when no column says:"), self.currency_edit)
        form.addRow("", self.day_first)
        self.note = QLabel(translate("reconciliation.bank_dialog",
                                     "Columns found: {0}").format(", ".join(header) or "—"))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            translate("reconciliation.bank_dialog", "&Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addWidget(buttons)
        self.layout_box.currentIndexChanged.connect(lambda _i: self._enable())
        self._enable()

    def _enable(self) -> None:
        new = self.layout_box.currentData() == NEW
        for w in (self.name_edit, self.currency_edit, self.day_first, *self.columns.values()):
            w.setEnabled(new)

    def choice(self) -> tuple[str, BankMapping | None]:
        """(layout name, the new mapping to save first, or None for a saved layout)."""
        if self.layout_box.currentData() != NEW:
            return str(self.layout_box.currentData()), None
        mapping = BankMapping(
            columns={f: str(b.currentData()) for f, b in self.columns.items()
                     if b.currentData()},
            currency=self.currency_edit.text().strip().upper() or "USD",
            day_first=self.day_first.isChecked())
        return self.name_edit.text().strip(), mapping
