"""The Pick & Pack tab (Ctrl+2): the packing station, picking on screen, and hand-over."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.backend import Backend
from app.ui.feedback_sounds import FeedbackSounds
from app.ui.packing_station import PackingStation, StationSettings
from app.ui.picking_page import PickingPage
from app.ui.scanner_input import ScannerSettings
from app.ui.shipping_page import ShippingPage


def station_settings_from_qsettings() -> StationSettings:
    """This PC's station set-up (scanner speed, auto-complete, where slips are written)."""
    qs = QSettings("Backroom", "Backroom")
    scanner = ScannerSettings(
        max_gap_ms=float(qs.value("scanner/max_gap_ms", 35.0)),
        prefix=str(qs.value("scanner/prefix", "")),
        min_length=int(qs.value("scanner/min_length", 3)))
    return StationSettings(
        scanner=scanner,
        complete_on_last_item=str(qs.value("packing/complete_on_last_item", "true")) == "true",
        slip_folder=str(qs.value("packing/slip_folder", "")))


class PackingTab(QWidget):
    def __init__(self, backend: Backend, *, settings: StationSettings | None = None,
                 sounds: FeedbackSounds | None = None) -> None:
        super().__init__()
        settings = settings or station_settings_from_qsettings()
        self.sounds = sounds or FeedbackSounds(self)
        self.pages = QTabWidget()
        self.station = PackingStation(backend, settings=settings, sounds=self.sounds)
        self.picking = PickingPage(backend, sounds=self.sounds, scanner=settings.scanner,
                                   folder=settings.slip_folder)
        self.shipping = ShippingPage(backend, sounds=self.sounds, scanner=settings.scanner)
        self.pages.addTab(self.station, "Pack")
        self.pages.addTab(self.picking, "Pick")
        self.pages.addTab(self.shipping, "Ship")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
