"""Hand-over to the carrier: scan each parcel (or ship a whole pick list), then export the
shipment confirmations for a store (Amazon flat file or a generic CSV)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.packing import picking
from app.services.packing import shipping as shipping_confirm
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.common.words import plural

FORMATS = {"Amazon shipping confirmation (.txt)": ("amazon", "txt"),
           "Generic CSV (.csv)": ("csv", "csv")}


class ShippingPage(QWidget):
    def __init__(self, backend: Backend, *, sounds: FeedbackSounds,
                 scanner: ScannerSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.sounds = sounds
        self.banner = QLabel("Scan each parcel as it is handed to the carrier")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("font-size: 24px; font-weight: bold; padding: 10px;")
        self.shipped = QListWidget()
        self.shipped.setStyleSheet("font-size: 18px;")
        self.store = QComboBox()
        for name, kind in backend.read(picking.store_channels):
            self.store.addItem(name, kind)
        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        # The format follows the store's own channel (a Shopify store never gets Amazon's).
        self.store.currentIndexChanged.connect(self._format_for_store)
        self._format_for_store()
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(1)
        self.export_button = QPushButton("Export confirmations…")
        self.export_button.clicked.connect(self.ask_export)
        bar = QHBoxLayout()
        for w in (QLabel("Store"), self.store, QLabel("Format"), self.format,
                  QLabel("Shipped in the last days"), self.days, self.export_button):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.shipped, 1)
        layout.addLayout(bar)
        self.scanner = ScannerInput(self, scanner)
        self.scanner.scanned.connect(self.on_scan)

    def _format_for_store(self) -> None:
        kind = shipping_confirm.confirmation_format(self.store.currentData() or "")
        self.format.setCurrentText(next(t for t, (k, _) in FORMATS.items() if k == kind))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        """Coming to this page puts the keyboard in it, so its shortcut keys work."""
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.shipped.setFocus()

    def _say(self, ok: bool, text: str) -> None:
        colour = "#1b7a34" if ok else "#c62828"
        self.banner.setText(text)
        self.banner.setStyleSheet(f"background: {colour}; color: white; font-size: 24px; "
                                  "font-weight: bold; padding: 10px;")

    def on_scan(self, text: str) -> None:
        try:
            number, new = self.backend.run(shipping_confirm.ship_by_scan, self.backend.actor,
                                           text)
        except BackroomError as exc:
            self.sounds.error()
            self._say(False, f"✘ {exc}")
            return
        self.sounds.good()
        self._say(True, f"✔ {number} shipped" if new else f"{number} was already shipped")
        if new:
            self.shipped.insertItem(0, f"{datetime.now():%H:%M}  {number}  ({text.strip()})")

    def export_to(self, path: str) -> int:
        """Write the confirmations of the chosen store and days; return the rows written."""
        kind, _ = FORMATS[self.format.currentText()]
        since = datetime.now(UTC) - timedelta(days=self.days.value())
        rows = self.backend.read(shipping_confirm.confirmations, store=self.store.currentText(),
                                since=since)
        text = (shipping_confirm.amazon_confirmation_file(rows) if kind == "amazon"
                else shipping_confirm.generic_confirmation_csv(rows))
        Path(path).write_text(text, encoding="utf-8", newline="")
        self._say(True, f"{plural(len(rows), 'confirmation')} written to {path}")
        return len(rows)

    def ask_export(self) -> None:
        _, ext = FORMATS[self.format.currentText()]
        path = ask_save_path(self, "Export shipment confirmations", f"confirmations.{ext}")
        if path:
            try:
                self.export_to(path)
            except OSError as exc:
                self._say(False, f"✘ Could not write {path}: {exc}")
