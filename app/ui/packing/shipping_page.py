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
from app.services.orders import stores as store_settings
from app.services.packing import picking
from app.services.packing import shipping as shipping_confirm
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.common.words import plural

FORMATS = {QT_TRANSLATE_NOOP("packing.shipping_page", "Amazon shipping confirmation (.txt)"):
           ("amazon", "txt"),
           QT_TRANSLATE_NOOP("packing.shipping_page", "Generic CSV (.csv)"): ("csv", "csv")}


class ShippingPage(QWidget):
    def __init__(self, backend: Backend, *, sounds: FeedbackSounds,
                 scanner: ScannerSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.sounds = sounds
        self.banner = QLabel(translate("packing.shipping_page",
            "Scan each parcel as it is handed to the carrier"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("font-size: 24px; font-weight: bold; padding: 10px;")
        self.shipped = QListWidget()
        self.shipped.setStyleSheet("font-size: 18px;")
        self.store = QComboBox()
        for name, kind in backend.read(picking.store_channels):
            self.store.addItem(name, kind)
        self.format = QComboBox()
        for label in FORMATS:
            self.format.addItem(translate("packing.shipping_page", label), label)
        # The format follows the store's own channel (a Shopify store never gets Amazon's).
        self.store.currentIndexChanged.connect(self._format_for_store)
        self._format_for_store()
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(1)
        self.export_button = QPushButton(translate("packing.shipping_page",
            "Export confirmations…"))
        self.export_button.clicked.connect(self.ask_export)
        bar = QHBoxLayout()
        for w in (QLabel(translate("packing.shipping_page",
            "Store")), self.store, QLabel(translate("packing.shipping_page",
            "Format")), self.format,
                  QLabel(translate("packing.shipping_page",
                      "Shipped in the last days")), self.days, self.export_button):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.shipped, 1)
        layout.addLayout(bar)
        self.scanner = ScannerInput(self, scanner)
        self.scanner.scanned.connect(self.on_scan)

    def _format_for_store(self) -> None:
        # The store's own choice in Settings ▸ Stores, else what its kind takes.
        chosen = self.backend.read(store_settings.confirmation_format_chosen,
                                   self.store.currentText())
        kind = chosen or shipping_confirm.confirmation_format(self.store.currentData() or "")
        self.format.setCurrentIndex(self.format.findData(
            next(t for t, (k, _) in FORMATS.items() if k == kind)))

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
        self._say(True, translate("packing.shipping_page",
            "✔ {number} shipped").format(
            number=number) if new else translate("packing.shipping_page",
            "{number} was already shipped").format(
            number=number))
        if new:
            self.shipped.insertItem(0, f"{datetime.now():%H:%M}  {number}  ({text.strip()})")

    def export_to(self, path: str) -> int:
        """Write the confirmations of the chosen store and days; return the rows written."""
        kind, _ = FORMATS[self.format.currentData()]
        since = datetime.now(UTC) - timedelta(days=self.days.value())
        rows = self.backend.read(shipping_confirm.confirmations, store=self.store.currentText(),
                                since=since)
        text = (shipping_confirm.amazon_confirmation_file(rows) if kind == "amazon"
                else shipping_confirm.generic_confirmation_csv(rows))
        Path(path).write_text(text, encoding="utf-8", newline="")
        self._say(True, translate("packing.shipping_page",
            "{confirmations} written to {path}").format(
            confirmations=plural(len(rows), 'confirmation'), path=path))
        return len(rows)

    def ask_export(self) -> None:
        _, ext = FORMATS[self.format.currentData()]
        path = ask_save_path(self, translate("packing.shipping_page",
            "Export shipment confirmations"), f"confirmations.{ext}")
        if path:
            try:
                self.export_to(path)
            except OSError as exc:
                self._say(False, translate("packing.shipping_page",
                    "✘ Could not write {path}: {exc}").format(
                    path=path, exc=exc))
