"""The main window: the tab bar (Ctrl+1 … Ctrl+7), the status bar, and the wiring."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from app.services.core.backend import Backend
from app.ui.backups.controller import BackupsController
from app.ui.people.station import StationPeople

# The fixed order of the tabs; a tab that is not built yet is simply not shown, and the
# shortcuts keep their meaning (Ctrl+4 is always Stock).
TAB_ORDER = ("Orders", "Pick & Pack", "Labels", "Stock", "Returns", "Suppliers",
             "Reconciliation", "Insights")


def _tab_factories() -> dict[str, Callable[[Backend], QWidget]]:
    """Title -> factory for every tab that exists. Each tab module adds its line here."""
    from app.ui.labels.tab import LabelsTab
    from app.ui.orders.tab import OrdersTab
    from app.ui.packing.tab import PackingTab
    from app.ui.returns.tab import ReturnsTab
    from app.ui.stock.tab import StockTab
    from app.ui.suppliers.tab import SuppliersTab

    factories: dict[str, Callable[[Backend], QWidget]] = {"Stock": StockTab,
                                                          "Orders": OrdersTab,
                                                          "Pick & Pack": PackingTab,
                                                          "Labels": LabelsTab}
    factories["Returns"] = ReturnsTab
    factories["Suppliers"] = SuppliersTab
    from app.ui.reconciliation.tab import ReconciliationTab  # issue 17, Ctrl+7

    factories["Reconciliation"] = ReconciliationTab
    from app.ui.insights.tab import InsightsTab  # issue 18, Ctrl+8

    factories["Insights"] = InsightsTab
    return factories


class MainWindow(QMainWindow):
    def __init__(self, backend: Backend, *, backups: BackupsController | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.setWindowTitle("Backroom")
        self.resize(1280, 800)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._by_title: dict[str, QWidget] = {}
        self._stale: set[str] = set()   # tabs to reload when next shown
        factories = _tab_factories()
        for title in TAB_ORDER:
            if title in factories:
                widget = factories[title](backend)
                self._by_title[title] = widget
                self.tabs.addTab(widget, title.replace("&", "&&"))  # a literal &, not a mnemonic
        self._wire()
        for number, title in enumerate(TAB_ORDER, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda t=title: self.show_tab(t))
        from app.ui.push.dialog import add_push_menu  # Stock > Push to stores (issue 20)

        add_push_menu(self, backend)
        bar = self.statusBar()
        actor = backend.actor
        self.db_label = QLabel(f"Database: {backend.database_label}")
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(QLabel(f"Station: {actor.station}"))
        self.user_label = QLabel(f"User: {actor.user}")
        bar.addPermanentWidget(self.user_label)
        # People > Switch user (Ctrl+L), Lock, the idle lock, People and Audit screens.
        self.people = StationPeople(self, backend, self.user_label, on_switch=self.user_switched)
        if backups is not None:  # Database > Backups…; the daily timer lives in `backups`
            from app.ui.backups.dialog import open_dialog

            menu = self.menuBar().addMenu("&Database")
            menu.addAction("&Backups…", lambda: open_dialog(backups, self))
            backups.reported.connect(bar.showMessage)

    def _wire(self) -> None:
        """Signals between tabs, all here. A packed order changes the Orders list and the
        stock: those tabs reload when they are next shown, not while the packer scans."""
        from app.ui.packing.tab import PackingTab

        packing = self.tab("Pick & Pack")
        if isinstance(packing, PackingTab):
            packing.station.order_packed.connect(
                lambda _done: self._stale.update(("Orders", "Stock")))
        self.tabs.currentChanged.connect(self._on_tab_shown)

    def user_switched(self) -> None:
        """Someone else signed in: every tab shows what they may see when next shown."""
        self._stale.update(self._by_title)
        self._on_tab_shown(self.tabs.currentIndex())

    def _on_tab_shown(self, _index: int) -> None:
        widget = self.tabs.currentWidget()
        title = next((t for t, w in self._by_title.items() if w is widget), "")
        refresh = getattr(widget, "refresh", None)
        if title in self._stale and callable(refresh):
            self._stale.discard(title)
            refresh()

    def tab(self, title: str) -> QWidget | None:
        return self._by_title.get(title)

    def show_tab(self, title: str) -> bool:
        widget = self._by_title.get(title)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True
