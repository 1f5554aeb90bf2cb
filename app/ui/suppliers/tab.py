"""The Suppliers tab (Ctrl+6): suppliers, purchase orders, receiving by scan, scorecard.

Alt+1…Alt+5 switch the pages, so the station works without a mouse."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.core.backend import Backend
from app.ui.common.i18n import translate
from app.ui.common.qt_helpers import add_shortcut
from app.ui.common.scanner_input import ScannerSettings
from app.ui.suppliers.pages import OrdersPage, ScorecardPage, SuppliersPage
from app.ui.suppliers.receiving_page import ReceivingPage
from app.ui.suppliers.replenish_page import ReplenishPage


class SuppliersTab(QWidget):
    def __init__(self, backend: Backend, *, scanner: ScannerSettings | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.suppliers = SuppliersPage(backend)
        self.orders = OrdersPage(backend)
        self.receiving = ReceivingPage(backend, scanner=scanner)
        self.scorecard = ScorecardPage(backend)
        self.replenish = ReplenishPage(backend)
        self.pages = QTabWidget()
        for page, title in ((self.suppliers, translate("suppliers.tab", "Suppliers")),
                            (self.orders, translate("suppliers.tab", "Purchase orders")),
                            (self.receiving, translate("suppliers.tab", "Receiving")),
                            (self.scorecard, translate("suppliers.tab", "Scorecard")),
                            (self.replenish, translate("suppliers.tab", "Replenishment"))):
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        for i in range(self.pages.count()):
            add_shortcut(QKeySequence(f"Alt+{i + 1}"), self, functools.partial(self.show_page, i),
                         Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.pages.currentChanged.connect(self._reload_page)
        self.orders.receive_requested.connect(self._receive)
        self.suppliers.changed.connect(self.orders.reload)
        self.replenish.drafted.connect(lambda _numbers: self.orders.reload())
        self._loaded = False

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.pages.currentWidget().setFocus()

    def _reload_page(self, index: int) -> None:
        page = self.pages.widget(index)
        if page is self.receiving:
            self.receiving.code.setFocus()
            return
        reload = getattr(page, "reload", None)
        if reload is not None:
            reload()

    def _receive(self, number: str) -> None:
        self.show_page(2)
        self.receiving.on_scan(number)

    def reload(self) -> None:
        self.suppliers.reload()
        self.orders.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()
        # Ctrl+6 leaves the keyboard on the main tab bar; bring it into the page, so Alt+1…4
        # and the page's keys work at once.
        QTimer.singleShot(0, self._focus_page)

    def _focus_page(self) -> None:
        if self.isVisible():
            self.pages.currentWidget().setFocus()
