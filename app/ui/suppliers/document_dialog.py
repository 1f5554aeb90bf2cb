"""A PDF the Suppliers tab made (a PO for the supplier, bin labels for put-away), shown as it
will print, with Save PDF… (Ctrl+S) and Print… (Ctrl+P); Esc closes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import translate
from app.ui.common.pdf_view import PdfPreview, print_pdf


class DocumentDialog(QDialog):
    """`on_printed(destination)` is told after a print (e.g. to keep it in the history)."""

    def __init__(self, title: str, data: bytes, file_name: str, parent: QWidget | None = None,
                 *, note: str = "", on_printed: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 700)
        self.data = data
        self.file_name = file_name
        self.on_printed = on_printed
        self.saved_to = ""
        self.preview = PdfPreview(self)
        self.preview.show_pdf(data)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        save = QPushButton(translate("suppliers.document_dialog", "&Save PDF… (Ctrl+S)"))
        save.setShortcut("Ctrl+S")
        save.clicked.connect(self._save_clicked)
        printing = QPushButton(translate("suppliers.document_dialog", "&Print… (Ctrl+P)"))
        printing.setShortcut("Ctrl+P")
        printing.clicked.connect(self.print_it)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(printing, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)

    def _save_clicked(self) -> None:
        self.save()

    def save(self, path: str = "") -> str:
        """Write the PDF where the user says (or to `path`); returns where, '' if not."""
        path = path or ask_save_path(self, translate("suppliers.document_dialog",
                                                     "Save PDF"), self.file_name,
                                     translate("suppliers.document_dialog", "PDF (*.pdf)"))
        if path:
            Path(path).write_bytes(self.data)
            self.saved_to = path
            self.note.setText(translate("suppliers.document_dialog", "Saved to {0}.").format(path))
            self.note.setVisible(True)
        return path

    def print_it(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec():
            print_pdf(self.data, printer)
            if self.on_printed is not None:
                self.on_printed(printer.printerName() or printer.outputFileName())
