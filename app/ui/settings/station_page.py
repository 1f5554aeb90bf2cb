"""Settings ▸ Station: what this PC is called, which printer gets the label at the last scan,
where packing slip PDFs go, sounds, and the scanner (the scanner set-up and its test page)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.labels import printers as labels_printers
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.scanner_settings import (
    ScannerSettingsDialog,
    ScannerSetup,
    load_setup,
    save_setup,
)
from app.ui.common.station_prefs import StationPrefs, load_prefs, save_prefs


class StationPage(QWidget):
    """Edits this PC's set-up; `saved(setup)` after Save, for the running packing station."""

    saved = Signal(object)  # ScannerSetup
    printers_wanted = Signal()

    def __init__(
        self, backend: Backend, qsettings: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend, self.qsettings = backend, qsettings
        self.setup = load_setup(qsettings)
        prefs = load_prefs(qsettings)
        self.station_name = QLineEdit(prefs.name)
        self.station_name.setPlaceholderText(
            translate("settings.station_page", "{station} (this computer's name)").format(
                station=backend.actor.station))
        self.label_printer = QComboBox()
        self.add_printer = QPushButton(translate("settings.station_page", "Printers…"))
        self.add_printer.setToolTip(
            translate("settings.station_page", "Add or change printers (Settings ▸ Printers)")
        )
        self.slip_folder = QLineEdit(self.setup.slip_folder)
        self.slip_folder.setPlaceholderText(
            translate("settings.station_page", "no packing slips at the last scan")
        )
        browse = QPushButton(translate("settings.station_page", "&Browse…"))
        self.auto_complete = QCheckBox(
            translate("settings.station_page", "Complete the order on its &last item (then print)")
        )
        self.auto_complete.setChecked(self.setup.complete_on_last_item)
        self.sounds = QCheckBox(
            translate("settings.station_page", "Play &sounds for good and wrong scans")
        )
        self.sounds.setChecked(prefs.sounds)
        self.scanner_summary = QLabel()
        self.scanner_summary.setWordWrap(True)
        self.scanner_button = QPushButton(translate("settings.station_page", "Scanner set-&up…"))
        self.test_button = QPushButton(translate("settings.station_page", "Scanner &test page…"))
        self.save_button = QPushButton(translate("settings.station_page", "&Save station"))
        self.status = QLabel()
        self.status.setWordWrap(True)

        printer_row = QHBoxLayout()
        printer_row.addWidget(self.label_printer, 1)
        printer_row.addWidget(self.add_printer)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.slip_folder, 1)
        folder_row.addWidget(browse)
        scanner_row = QHBoxLayout()
        scanner_row.addWidget(self.scanner_button)
        scanner_row.addWidget(self.test_button)
        scanner_row.addStretch(1)
        form = QFormLayout()
        for title, item, buddy in (
            (
                QT_TRANSLATE_NOOP("settings.station_page", "Station &name"),
                self.station_name,
                self.station_name,
            ),
            (
                QT_TRANSLATE_NOOP("settings.station_page", "&Label printer"),
                printer_row,
                self.label_printer,
            ),
            (
                QT_TRANSLATE_NOOP("settings.station_page", "Packing slip &PDFs to"),
                folder_row,
                self.slip_folder,
            ),
            ("", self.auto_complete, None),
            ("", self.sounds, None),
            (QT_TRANSLATE_NOOP("settings.station_page", "Scanner"), self.scanner_summary, None),
            ("", scanner_row, None),
        ):
            label = QLabel(translate("settings.station_page", title) if title else "")
            if buddy is not None:
                label.setBuddy(buddy)
            form.addRow(label, item)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(
            QLabel(
                translate(
                    "settings.station_page",
                    "A new station name shows after a restart. The rest is used at once.",
                )
            )
        )
        layout.addLayout(bottom)

        browse.clicked.connect(self._browse)
        self.add_printer.clicked.connect(self.printers_wanted)
        self.scanner_button.clicked.connect(self.edit_scanner)
        self.test_button.clicked.connect(lambda: self.edit_scanner().open_test_page())
        self.save_button.clicked.connect(self.on_save)
        self.reload_printers()
        self._show_scanner()

    def reload_printers(self) -> None:
        wanted = self.label_printer.currentData() or self.setup.label_printer
        self.label_printer.clear()
        self.label_printer.addItem(
            translate("settings.station_page", "None: no label at the last scan"), ""
        )
        for profile in self.backend.read(labels_printers.list_printers):
            self.label_printer.addItem(f"{profile.name} ({profile.kind.upper()})", profile.name)
        if wanted and self.label_printer.findData(wanted) < 0:
            self.label_printer.addItem(
                translate("settings.station_page", "{printer} (no longer set up)").format(
                    printer=wanted), wanted)
        self.label_printer.setCurrentIndex(max(0, self.label_printer.findData(wanted)))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            translate("settings.station_page", "Folder for packing slip PDFs"),
            self.slip_folder.text(),
        )
        if folder:
            self.slip_folder.setText(folder)

    def _show_scanner(self) -> None:
        s = self.setup
        kind = (
            translate("settings.station_page", "serial scanner on {port} at {baud} baud").format(
                port=s.serial_port, baud=s.baud
            )
            if s.serial_port
            else translate("settings.station_page", "USB keyboard scanner")
        )
        prefix = (
            translate("settings.station_page", ", prefix {prefix}").format(
                prefix=repr(s.wedge.prefix)
            )
            if s.wedge.prefix
            else ""
        )
        self.scanner_summary.setText(
            translate(
                "settings.station_page", "{kind}; keys at most {gap} ms apart{prefix}"
            ).format(kind=kind, gap=f"{s.wedge.max_gap_ms:.0f}", prefix=prefix)
        )

    def edit_scanner(self) -> ScannerSettingsDialog:
        """The scanner set-up dialog of the packing station (the same one F10 opens)."""
        printers = [p.name for p in self.backend.read(labels_printers.list_printers)]
        dialog = ScannerSettingsDialog(self, self.current_setup(), printers, backend=self.backend)
        dialog.accepted.connect(lambda: self._scanner_chosen(dialog.setup()))
        dialog.open()
        return dialog

    def _scanner_chosen(self, setup: ScannerSetup) -> None:
        self.setup = setup
        self.label_printer.setCurrentIndex(max(0, self.label_printer.findData(setup.label_printer)))
        self.slip_folder.setText(setup.slip_folder)
        self.auto_complete.setChecked(setup.complete_on_last_item)
        self._show_scanner()
        self.status.setText(
            translate("settings.station_page", "Scanner set — Save station to keep it.")
        )

    def current_setup(self) -> ScannerSetup:
        return replace(
            self.setup,
            complete_on_last_item=self.auto_complete.isChecked(),
            slip_folder=self.slip_folder.text().strip(),
            label_printer=str(self.label_printer.currentData() or ""),
        )

    def prefs(self) -> StationPrefs:
        return replace(
            load_prefs(self.qsettings),
            name=self.station_name.text().strip(),
            sounds=self.sounds.isChecked(),
        )

    def on_save(self) -> None:
        self.setup = self.current_setup()
        save_setup(self.setup, self.qsettings)
        save_prefs(self.prefs(), self.qsettings)
        self.status.setText(translate("settings.station_page", "Saved for this station."))
        self.saved.emit(self.setup)
