"""This PC's scanner set-up: keyboard-wedge timing, prefix, or a serial (COM) port; saved in
QSettings; with a field to try a scan and see how it is read, and the scanner test page
(button or Ctrl+T) that shows what the scanner really sends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.stock.scan_codes import parse_scan
from app.services.stock.scan_lookup import read_scan
from app.ui.common.i18n import translate
from app.ui.common.scanner_input import ScannerSettings
from app.ui.common.scanner_test import ScannerTestDialog
from app.ui.common.serial_scanner import available_ports

BAUDS = (9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True)
class ScannerSetup:
    wedge: ScannerSettings
    serial_port: str = ""   # "" = a USB keyboard-wedge scanner
    baud: int = 9600
    complete_on_last_item: bool = True
    slip_folder: str = ""
    label_printer: str = ""   # a printer of Labels > Printers; "" = no label at the last scan


def _number(qs: QSettings, key: str, default: float) -> str | float:
    """A saved number: as stored, or as the text an .ini file gives back."""
    value = qs.value(key, default)
    if not isinstance(value, str | int | float):
        raise TypeError(f"{key} is not a number: {value!r}")
    return value


def load_setup(qs: QSettings | None = None) -> ScannerSetup:
    qs = qs or QSettings("Backroom", "Backroom")
    wedge = ScannerSettings(max_gap_ms=float(_number(qs, "scanner/max_gap_ms", 35.0)),
                            prefix=str(qs.value("scanner/prefix", "")),
                            min_length=int(_number(qs, "scanner/min_length", 3)))
    return ScannerSetup(wedge, str(qs.value("scanner/serial_port", "")),
                        int(_number(qs, "scanner/baud", 9600)),
                        str(qs.value("packing/complete_on_last_item", "true")) == "true",
                        str(qs.value("packing/slip_folder", "")),
                        str(qs.value("packing/label_printer", "")))


def save_setup(setup: ScannerSetup, qs: QSettings | None = None) -> None:
    qs = qs or QSettings("Backroom", "Backroom")
    qs.setValue("scanner/max_gap_ms", setup.wedge.max_gap_ms)
    qs.setValue("scanner/prefix", setup.wedge.prefix)
    qs.setValue("scanner/min_length", setup.wedge.min_length)
    qs.setValue("scanner/serial_port", setup.serial_port)
    qs.setValue("scanner/baud", setup.baud)
    qs.setValue("packing/complete_on_last_item",
                "true" if setup.complete_on_last_item else "false")
    qs.setValue("packing/slip_folder", setup.slip_folder)
    qs.setValue("packing/label_printer", setup.label_printer)
    qs.sync()


class ScannerSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, setup: ScannerSetup,
                 printers: Sequence[str] = (), *, backend: Backend | None = None) -> None:
        super().__init__(parent)
        self.backend = backend  # to look scanned products up on the test page
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(translate("common.scanner_settings", "Scanner and station set-up"))
        self.setMinimumWidth(520)   # the hints in the empty fields show whole
        form = QFormLayout(self)
        self.gap = QSpinBox()
        self.gap.setRange(5, 200)
        self.gap.setSuffix(" ms")
        self.gap.setValue(int(setup.wedge.max_gap_ms))
        self.gap.setToolTip(translate("common.scanner_settings",
            "Longest pause between two keys of one scan: about 35 ms for cabled scanners, 60-80 "
            "ms for slow Bluetooth ones."))
        self.prefix = QLineEdit(setup.wedge.prefix)
        self.prefix.setMaxLength(1)
        self.min_length = QSpinBox()
        self.min_length.setRange(1, 20)
        self.min_length.setValue(setup.wedge.min_length)
        self.port = QComboBox()
        self.port.addItem(translate("common.scanner_settings",
            "USB keyboard scanner (no serial port)"), "")
        for name, description in available_ports():
            self.port.addItem(f"{name} — {description}", name)
        if setup.serial_port and self.port.findData(setup.serial_port) < 0:
            self.port.addItem(translate("common.scanner_settings",
                "{serial_port} (not connected)").format(
                serial_port=setup.serial_port), setup.serial_port)
        self.port.setCurrentIndex(max(0, self.port.findData(setup.serial_port)))
        self.baud = QComboBox()
        for b in BAUDS:
            self.baud.addItem(str(b), b)
        self.baud.setCurrentIndex(max(0, self.baud.findData(setup.baud)))
        self.auto_complete = QCheckBox(translate("common.scanner_settings",
            "Complete the order on its last item"))
        self.auto_complete.setChecked(setup.complete_on_last_item)
        self.slip_folder = QLineEdit(setup.slip_folder)
        self.slip_folder.setPlaceholderText(translate("common.scanner_settings",
            "folder for packing slip PDFs (empty: none)"))
        self.label_printer = QComboBox()
        self.label_printer.addItem(translate("common.scanner_settings",
            "None: no label at the last scan"), "")
        for name in printers:
            self.label_printer.addItem(name, name)
        if setup.label_printer and self.label_printer.findData(setup.label_printer) < 0:
            self.label_printer.addItem(translate("common.scanner_settings",
                "{label_printer} (no longer set up)").format(
                label_printer=setup.label_printer),
                                       setup.label_printer)
        self.label_printer.setCurrentIndex(max(0, self.label_printer.findData(
            setup.label_printer)))
        self.label_printer.setToolTip(translate("common.scanner_settings",
            "The order's label (its carrier label if one was imported, else an address label) "
            "goes here when the order is complete. Printers are set up in Labels."))
        self.trial = QLineEdit()
        self.trial.setPlaceholderText(translate("common.scanner_settings",
            "scan any barcode here to test the scanner"))
        self.trial.returnPressed.connect(self._try)
        self.trial_result = QLabel()
        self.trial_result.setWordWrap(True)
        self.test_page_button = QPushButton(translate("common.scanner_settings",
            "Scanner &test page… (Ctrl+T)"))
        self.test_page_button.setToolTip(translate("common.scanner_settings",
            "See what the scanner really sends: every character (GS, Tab, Enter), the time "
            "between keys, prefix, suffix, keyboard layout, and how it is read."))
        self.test_page_button.setAutoDefault(False)
        self.test_page_button.clicked.connect(self.open_test_page)
        test_key = QShortcut(QKeySequence("Ctrl+T"), self)
        test_key.activated.connect(self.open_test_page)
        for label, widget in (
                (translate("common.scanner_settings", "Key gap"), self.gap),
                (translate("common.scanner_settings", "Prefix character"), self.prefix),
                (translate("common.scanner_settings", "Shortest scan"), self.min_length),
                (translate("common.scanner_settings", "Serial port"), self.port),
                (translate("common.scanner_settings", "Baud rate"), self.baud),
                ("", self.auto_complete),
                (translate("common.scanner_settings", "Packing slips"), self.slip_folder),
                (translate("common.scanner_settings", "Label printer"), self.label_printer),
                (translate("common.scanner_settings", "Test"), self.trial),
                ("", self.trial_result), ("", self.test_page_button)):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        # The Enter that ends a test scan must not press OK.
        if self.focusWidget() is self.trial and event.key() in (Qt.Key.Key_Return,
                                                               Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def _try(self) -> None:
        """Show how the test scan reads: a garbled one often means a keyboard layout mismatch."""
        text = self.trial.text()
        try:
            code = parse_scan(text)
            self.trial_result.setText(translate("common.scanner_settings",
                "Read as {kind}: {value}").format(
                kind=code.kind, value=code.gtin or code.text))
        except BackroomError as exc:
            self.trial_result.setText(translate("common.scanner_settings",
                "{exc} If it looks garbled, set the scanner to the same keyboard layout as this "
                "PC.").format(
                exc=exc))
        self.trial.clear()

    def open_test_page(self) -> ScannerTestDialog:
        """The scanner test page, timing keys against the key gap and prefix set here now."""
        wedge = self.setup().wedge
        backend = self.backend
        reader = ((lambda raw: backend.quick().read(read_scan, raw)) if backend is not None
                  else None)
        page = ScannerTestDialog(self, wedge, reader)
        page.open()
        page.capture.setFocus()
        return page

    def setup(self) -> ScannerSetup:
        wedge = ScannerSettings(max_gap_ms=float(self.gap.value()), prefix=self.prefix.text(),
                                min_length=self.min_length.value())
        return ScannerSetup(wedge, str(self.port.currentData() or ""),
                            int(self.baud.currentData()), self.auto_complete.isChecked(),
                            self.slip_folder.text().strip(),
                            str(self.label_printer.currentData() or ""))
