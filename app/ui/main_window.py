"""The main window: the tabs, the menu bar (app/ui/shell), the status bar, and the wiring."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from app.services.core.backend import Backend
from app.ui.backups.controller import BackupsController
from app.ui.common.i18n import translate
from app.ui.shell.menus import Shell, tab_title

if TYPE_CHECKING:
    from app.ui.people.station import StationPeople
    from app.ui.push.nudge import PushNudge

# The fixed order of the tabs; a tab that is not built yet is simply not shown, and the
# shortcuts keep their meaning (Ctrl+4 is always Stock).
# Today (issue 18) is last so that the numbers the team learned keep their tabs: Ctrl+9.
TAB_ORDER = ("Orders", "Pick & Pack", "Labels", "Stock", "Returns", "Suppliers",
             "Reconciliation", "Insights", "Today")


# Title -> (module, class) of each tab. A tab's module is imported, and the tab built, when
# it is first shown or asked for (`MainWindow.tab`): start-up builds only the first tab, so
# the tabs not shown cost nothing before the first rows are painted (issue 13).
TAB_CLASSES = {"Orders": ("app.ui.orders.tab", "OrdersTab"),
               "Pick & Pack": ("app.ui.packing.tab", "PackingTab"),
               "Labels": ("app.ui.labels.tab", "LabelsTab"),
               "Stock": ("app.ui.stock.tab", "StockTab"),
               "Returns": ("app.ui.returns.tab", "ReturnsTab"),
               "Suppliers": ("app.ui.suppliers.tab", "SuppliersTab"),
               "Reconciliation": ("app.ui.reconciliation.tab", "ReconciliationTab"),  # issue 17
               "Insights": ("app.ui.insights.tab", "InsightsTab"),  # issue 18
               "Today": ("app.ui.today.page", "TodayPage")}


def _make_tab(module: str, name: str, backend: Backend) -> QWidget:
    widget = getattr(importlib.import_module(module), name)(backend)
    assert isinstance(widget, QWidget)
    return widget


def opening_tab(backend: Backend) -> str:
    """The tab the window opens on (issue 18): Today, the overview of what needs doing and
    the day's figures, for a person who may see money; Orders for everyone else (a packer's
    list; Pick & Pack is a Ctrl+2 away)."""
    from app.ui.common.access import sees_money

    return "Today" if sees_money(backend) else "Orders"


def _tab_factories() -> dict[str, Callable[[Backend], QWidget]]:
    """Title -> factory for every tab that exists; a factory imports its tab's module."""
    return {title: functools.partial(_make_tab, module, name)
            for title, (module, name) in TAB_CLASSES.items()}


class MainWindow(QMainWindow):
    people: StationPeople     # both set by finish_start()
    push_nudge: PushNudge

    def __init__(self, backend: Backend, *, backups: BackupsController | None = None,
                 qsettings: QSettings | None = None, start_on: str | None = None,
                 finish_later: bool = False) -> None:
        """`start_on`: the tab shown (and the only one built) at start; the first of
        TAB_ORDER when not given. The app passes `opening_tab(backend)`.

        `finish_later`: the parts the first paint does not show (Stock ▸ Push to stores
        and its nudge, the People menu and the idle lock) are added by `finish_start()`,
        which the app calls once the first rows are painted (issue 13: together they
        imported ~0.2 s of modules before the rows). Else they are added at once."""
        super().__init__()
        self.backend = backend
        self.setWindowTitle("Backroom")
        self.resize(1280, 800)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._by_title: dict[str, QWidget] = {}   # the tabs built so far
        self._waiting: dict[str, QWidget] = {}    # an empty stand-in per tab not built yet
        self._stale: set[str] = set()   # tabs to reload when next shown
        self._on_built: dict[str, list[Callable[[QWidget], object]]] = {}  # when_built
        self._factories = _tab_factories()
        for title in TAB_ORDER:
            if title in self._factories:
                stand_in = QWidget()
                stand_in.setObjectName(f"not built yet: {title}")
                self._waiting[title] = stand_in
                self.tabs.addTab(stand_in, tab_title(title).replace("&", "&&"))  # literal &
        if start_on not in self._waiting:
            start_on = next(iter(self._waiting), None)
        if start_on is not None:  # made current before any signal is wired: no double read
            self.tabs.setCurrentWidget(self._waiting[start_on])
        self._wire()
        if start_on is not None:
            self.tab(start_on)   # the tab shown at start, the only one built
        # File, Edit, View (Ctrl+1 … Ctrl+8), Stock, People, Tools, Help; F1, Ctrl+K.
        self.shell = Shell(self, backend, self.tabs, TAB_ORDER, self.tab, backups=backups,
                           qsettings=qsettings, has_tab=self.has_tab, built_tab=self.built_tab)
        bar = self.statusBar()
        actor = backend.actor
        self.db_label = QLabel(translate("main_window", "Database: {name}").format(
            name=backend.database_label))
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(QLabel(translate("main_window", "Station: {name}").format(
            name=actor.station)))
        self.user_label = QLabel(translate("people.station", "User: {user}").format(
            user=actor.user))
        bar.addPermanentWidget(self.user_label)
        self._finished = False
        if not finish_later:
            self.finish_start()

    def finish_start(self) -> None:
        """Add what the first paint does not show (once; see `finish_later`)."""
        if self._finished:
            return
        self._finished = True
        from app.ui.people.station import StationPeople
        from app.ui.push.dialog import add_push_menu  # Stock > Push to stores (issue 20)
        from app.ui.push.nudge import install_push_nudge  # "12 SKUs to push…" (issue 20)

        push_action = add_push_menu(self, self.backend, self.shell.menus["stock"])
        self.push_nudge = install_push_nudge(self, self.backend, push_action.trigger)
        # People > Switch user (Ctrl+L), Lock, the idle lock, People and Audit screens.
        self.people = StationPeople(self, self.backend, self.user_label,
                                    on_switch=self.user_switched)
        self.shell.fold_in(self.people.menu)

    def _wire(self) -> None:
        """Signals between tabs, all here; a tab's own are made when it is built
        (`_wire_tab`). The tab bar shows every title and icon from the start."""
        self.tabs.currentChanged.connect(self._on_tab_shown)
        self._dress()

    def _dress(self) -> None:
        """Icons on the tabs (the stand-ins wear them until their tab is built); clipped
        cells show their text on hover."""
        from app.ui.common.cell_tooltips import cover_views
        from app.ui.common.icons import set_tab_icons

        set_tab_icons(self.tabs, self._waiting)
        cover_views(self)

    def _wire_tab(self, title: str, widget: QWidget) -> None:
        """What a tab gets when it is built. A packed order changes the Orders list and the
        stock: those tabs reload when they are next shown, not while the packer scans. A
        label that lacks its store's return address opens Settings ▸ Stores (issue 19)."""
        from app.ui.common.cell_tooltips import cover_views

        if title == "Pick & Pack":
            from app.ui.packing.tab import PackingTab  # imported already: the tab is built

            if isinstance(widget, PackingTab):
                widget.station.order_packed.connect(
                    lambda _done: self._stale.update(("Orders", "Stock")))
        elif title == "Today":   # each line opens the tab where its work is done
            go_to = getattr(widget, "go_to", None)
            if go_to is not None:
                go_to.connect(self.show_tab)
                getattr(widget, "refresh", lambda: None)()
        elif title == "Labels":
            from app.ui.labels.tab import LabelsTab

            if isinstance(widget, LabelsTab):
                widget.open_settings = self._open_settings
        cover_views(widget)

    def _open_settings(self, page: str, store: str) -> None:
        from app.ui.settings.dialog import open_settings

        open_settings(self, self.backend, page=page, store=store)

    def _build(self, title: str) -> QWidget:
        """Build a tab now and put it in place of its stand-in (same index, text, icon)."""
        stand_in = self._waiting.pop(title)
        widget = self._factories[title](self.backend)
        self._by_title[title] = widget
        index = self.tabs.indexOf(stand_in)
        showing = self.tabs.currentIndex() == index
        # The swap is not a change of tab: nobody hears the tabs shuffle under it.
        blocked = self.tabs.blockSignals(True)
        try:
            self.tabs.insertTab(index, widget, self.tabs.tabIcon(index),
                                self.tabs.tabText(index))
            self.tabs.removeTab(index + 1)
            if showing:
                self.tabs.setCurrentIndex(index)
        finally:
            self.tabs.blockSignals(blocked)
        stand_in.setParent(None)
        stand_in.deleteLater()
        self._stale.discard(title)   # built just now: it shows what is there
        self._wire_tab(title, widget)
        for call in self._on_built.pop(title, []):
            call(widget)
        from app.ui.common.remember import remember_part

        remember_part(self, widget)   # its splitters as they were left (when remembered)
        shell = getattr(self, "shell", None)   # None while the first tab is built
        if isinstance(shell, Shell):
            shell.tab_built(widget)
        return widget

    def user_switched(self) -> None:
        """Someone else signed in: every built tab shows what they may see when next shown
        (a tab not built yet is built for them when first shown)."""
        self._stale.update(self._by_title)
        self._on_tab_shown(self.tabs.currentIndex())

    def _on_tab_shown(self, _index: int) -> None:
        widget = self.tabs.currentWidget()
        waiting = next((t for t, w in self._waiting.items() if w is widget), "")
        if waiting:
            self._build(waiting)   # first shown: built now, fresh
            return
        title = next((t for t, w in self._by_title.items() if w is widget), "")
        refresh = getattr(widget, "refresh", None)
        if (title in self._stale or title == "Today") and callable(refresh):
            self._stale.discard(title)
            refresh()

    def when_built(self, title: str, call: Callable[[QWidget], object]) -> None:
        """`call(tab)` once the tab is built: now if it is, else when it is first shown
        (how other screens wire themselves to a tab without building it at start)."""
        widget = self._by_title.get(title)
        if widget is not None:
            call(widget)
        elif title in self._waiting:
            self._on_built.setdefault(title, []).append(call)

    def has_tab(self, title: str) -> bool:
        """Is there such a tab (built or not)? Asks nothing to be built."""
        return title in self._by_title or title in self._waiting

    def built_tab(self, title: str) -> QWidget | None:
        """The tab if it is built already; never builds it."""
        return self._by_title.get(title)

    def tab(self, title: str) -> QWidget | None:
        """The tab called `title`, built now if it was not yet; None when there is none."""
        if title in self._waiting:
            return self._build(title)
        return self._by_title.get(title)

    def show_tab(self, title: str) -> bool:
        widget = self.tab(title)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True
