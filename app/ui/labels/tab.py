"""The Labels tab (Ctrl+3): print, carrier labels, history, printers, store settings; the
signals between its pages are wired here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.core.backend import Backend
from app.services.labels.jobs import LabelRequest
from app.ui.common.i18n import translate
from app.ui.common.workers import JobRunner
from app.ui.labels.history import CarrierPage, HistoryPage
from app.ui.labels.print_page import PrintPage
from app.ui.labels.printers import PrintersPage, StoreSettingsPage


class LabelsTab(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.open_settings: Callable[[str, str], None] | None = None   # (page, store)
        self.runner = JobRunner(self)
        self.print_page = PrintPage(backend, self.runner)
        self.carrier_page = CarrierPage(backend, self.runner)
        self.history_page = HistoryPage(backend)
        self.printers_page = PrintersPage(backend, self.runner)
        self.settings_page = StoreSettingsPage(backend)
        self.pages = QTabWidget()
        self.pages.addTab(self.print_page, translate("labels.tab", "Print"))
        self.pages.addTab(self.carrier_page, translate("labels.tab", "Carrier labels"))
        self.pages.addTab(self.history_page, translate("labels.tab", "History"))
        self.pages.addTab(self.printers_page, translate("labels.tab", "Printers"))
        self.pages.addTab(self.settings_page, translate("labels.tab", "Store settings"))
        QVBoxLayout(self).addWidget(self.pages)

        self.history_page.reprint_requested.connect(self.on_reprint_requested)
        self.printers_page.printers_changed.connect(self.print_page.reload_printers)
        self.print_page.job_done.connect(lambda _msg: self.history_page.reload())
        self.settings_page.saved.connect(lambda _store: self.print_page.changed())
        self.print_page.return_address_wanted.connect(self.on_return_address_wanted)

    def on_return_address_wanted(self, store: str) -> None:
        """Open the store's settings at its return address; saving refreshes the preview.
        In the main window that is Settings ▸ Stores (`open_settings`, set by the window)."""
        if self.open_settings is not None:
            self.open_settings("stores", store)
            return
        self.settings_page.edit_return_address(store)
        self.pages.setCurrentWidget(self.settings_page)

    def on_reprint_requested(self, request: LabelRequest, job_id: int) -> None:
        self.print_page.load_request(request, job_id)
        self.pages.setCurrentWidget(self.print_page)
