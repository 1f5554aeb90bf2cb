"""The Pick & Pack tab (Ctrl+2): the packing station, picking on screen, and hand-over.

F10 opens this PC's scanner set-up; a serial (COM port) scanner's scans go to whichever page
is showing, like a keyboard-wedge scanner's.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.core.backend import Backend
from app.services.labels import printers as label_printers
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.i18n import translate
from app.ui.common.scanner_settings import (
    ScannerSettingsDialog,
    ScannerSetup,
    load_setup,
    save_setup,
)
from app.ui.common.serial_scanner import SerialScanner
from app.ui.common.station_prefs import load_prefs
from app.ui.packing.picking_page import PickingPage
from app.ui.packing.shipping_page import ShippingPage
from app.ui.packing.station import PackingStation, StationSettings


class PackingTab(QWidget):
    def __init__(self, backend: Backend, *, settings: StationSettings | None = None,
                 sounds: FeedbackSounds | None = None, qsettings: QSettings | None = None,
                 ) -> None:
        super().__init__()
        self._qsettings = qsettings
        saved = load_setup(qsettings)
        if settings is None:
            settings = StationSettings(saved.wedge, saved.complete_on_last_item,
                                       saved.slip_folder, saved.label_printer)
        self.backend = backend
        self.setup = ScannerSetup(settings.scanner, saved.serial_port, saved.baud,
                                  settings.complete_on_last_item, settings.slip_folder,
                                  settings.label_printer)
        # Settings ▸ Station can turn this PC's sounds off.
        self.sounds = sounds or FeedbackSounds(self, muted=not load_prefs(qsettings).sounds)
        self.pages = QTabWidget()
        self.station = PackingStation(backend, settings=settings, sounds=self.sounds)
        self.picking = PickingPage(backend, sounds=self.sounds, scanner=settings.scanner,
                                   folder=settings.slip_folder)
        self.shipping = ShippingPage(backend, sounds=self.sounds, scanner=settings.scanner)
        # Alt+P / Alt+I / Alt+S switch pages from the keyboard.
        self.pages.addTab(self.station, translate("packing.tab", "&Pack"))
        self.pages.addTab(self.picking, translate("packing.tab", "P&ick"))
        self.pages.addTab(self.shipping, translate("packing.tab", "&Ship"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.serial = SerialScanner(self)
        self.serial.scanned.connect(self.on_serial_scan)
        self.serial.failed.connect(lambda reason: self.station.show_feedback("bad", reason))
        if self.setup.serial_port:
            self.serial.open(self.setup.serial_port, self.setup.baud)
        settings_key = QShortcut(QKeySequence("F10"), self)
        settings_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        settings_key.activated.connect(self.ask_setup)

    def on_serial_scan(self, text: str) -> None:
        page = self.pages.currentWidget()
        if isinstance(page, PackingStation | PickingPage | ShippingPage):
            page.on_scan(text)

    def ask_setup(self) -> ScannerSettingsDialog:
        printers = [p.name for p in self.backend.read(label_printers.list_printers)]
        dlg = ScannerSettingsDialog(self, self.setup, printers, backend=self.backend)
        dlg.accepted.connect(lambda: self.apply_setup(dlg.setup()))
        dlg.open()
        return dlg

    def apply_setup(self, setup: ScannerSetup) -> None:
        """Use and remember a new set-up on this PC."""
        self.setup = setup
        save_setup(setup, self._qsettings)
        for page in (self.station, self.picking, self.shipping):
            page.scanner.configure(setup.wedge)
        self.station.settings = StationSettings(setup.wedge, setup.complete_on_last_item,
                                                setup.slip_folder, setup.label_printer)
        self.serial.close()
        if setup.serial_port:
            self.serial.open(setup.serial_port, setup.baud)
