"""The main window: the tabs, the menu bar (app/ui/shell), the status bar, and the wiring."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from app.services.core.backend import Backend
from app.ui.backups.controller import BackupsController
from app.ui.people.station import StationPeople
from app.ui.shell.menus import Shell

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
    def __init__(self, backend: Backend, *, backups: BackupsController | None = None,
                 qsettings: QSettings | None = None) -> None:
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
        # File, Edit, View (Ctrl+1 … Ctrl+8), Stock, People, Tools, Help; F1, Ctrl+K.
        self.shell = Shell(self, backend, self.tabs, TAB_ORDER, self.tab, backups=backups,
                           qsettings=qsettings)
        from app.ui.push.dialog import add_push_menu  # Stock > Push to stores (issue 20)

        push_action = add_push_menu(self, backend, self.shell.menus["stock"])
        bar = self.statusBar()
        actor = backend.actor
        self.db_label = QLabel(f"Database: {backend.database_label}")
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(QLabel(f"Station: {actor.station}"))
        self.user_label = QLabel(f"User: {actor.user}")
        bar.addPermanentWidget(self.user_label)
        from app.ui.push.nudge import install_push_nudge  # "12 SKUs to push…" (issue 20)

        self.push_nudge = install_push_nudge(self, backend, push_action.trigger)
        # People > Switch user (Ctrl+L), Lock, the idle lock, People and Audit screens.
        self.people = StationPeople(self, backend, self.user_label, on_switch=self.user_switched)
        self.shell.fold_in(self.people.menu)

    def _wire(self) -> None:
        """Signals between tabs, all here. A packed order changes the Orders list and the
        stock: those tabs reload when they are next shown, not while the packer scans."""
        from app.ui.packing.tab import PackingTab

        packing = self.tab("Pick & Pack")
        if isinstance(packing, PackingTab):
            packing.station.order_packed.connect(
                lambda _done: self._stale.update(("Orders", "Stock")))
        self.tabs.currentChanged.connect(self._on_tab_shown)
        self._dress()

    def _dress(self) -> None:
        """Icons on the tabs; clipped cells show their text on hover; a label that lacks its
        store's return address opens Settings ▸ Stores (issue 19)."""
        from app.ui.common.cell_tooltips import cover_views
        from app.ui.common.icons import set_tab_icons
        from app.ui.labels.tab import LabelsTab
        from app.ui.settings.dialog import open_settings

        set_tab_icons(self.tabs, self._by_title)
        cover_views(self)
        labels = self.tab("Labels")
        if isinstance(labels, LabelsTab):
            labels.open_settings = lambda page, store: open_settings(
                self, self.backend, page=page, store=store)

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
