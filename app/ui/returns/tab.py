"""The Returns tab (Ctrl+5): the returns station (receive by scan) and the Returns list.

Alt+E (station) and Alt+L (list) switch pages. `open_order(number)` is the door for the
Orders tab: it opens the order's return at the station, or starts one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.returns.lookup import one_order
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.i18n import translate
from app.ui.common.scanner_input import ScannerSettings
from app.ui.returns.list_page import ReturnsListPage
from app.ui.returns.station import ReturnStation


class ReturnsTab(QWidget):
    def __init__(self, backend: Backend, *, scanner: ScannerSettings | None = None,
                 sounds: FeedbackSounds | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.sounds = sounds or FeedbackSounds(self)
        self.station = ReturnStation(backend, scanner=scanner, sounds=self.sounds)
        self.list_page = ReturnsListPage(backend)
        self.pages = QTabWidget()
        self.pages.addTab(self.station, translate("returns.tab", "R&eceive"))
        self.pages.addTab(self.list_page, translate("returns.tab", "&List"))
        self.pages.currentChanged.connect(self._page_shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _page_shown(self, _index: int) -> None:
        if self.pages.currentWidget() is self.list_page:
            self.list_page.refresh()

    def refresh(self) -> None:
        if self.pages.currentWidget() is self.list_page:
            self.list_page.refresh()

    def open_order(self, number: str) -> bool:
        """Open an order's return at the station (from the Orders tab); False if unknown."""
        try:
            order_id = self.backend.read(one_order, number)
        except BackroomError as exc:
            self.station.show_feedback("bad", f"✘ {exc}")
            return False
        self.pages.setCurrentWidget(self.station)
        self.station.open_order(order_id)
        return True
