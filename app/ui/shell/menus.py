"""The menu bar: File, Edit, View, Stock, People, Tools, Help, with the platform's standard
keys where Qt has one (QKeySequence.StandardKey), and what each action does.

Every action is in `Shell.actions` by a stable name ("file.quit", "view.Orders"); tests and
the command palette find them there or in the bar. Keys go through keys.KeyRouter, so a
screen that uses one of them for its own work (F1 at the returns station) keeps it.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QWidget

from app.services.core.backend import Backend
from app.ui.backups.controller import BackupsController
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.shell import database, edit, guide
from app.ui.shell.keys import KeyRouter

SETTINGS_MODULE = "app.ui.settings.dialog"
# The order of the bar; menus made elsewhere (People, Stock) are moved into it.
BAR_ORDER = ("file", "edit", "view", "stock", "people", "tools", "help")
# The tabs' titles (main_window.TAB_ORDER, the key every screen uses) as they are shown.
TAB_TITLES = (QT_TRANSLATE_NOOP("shell.menus", "Orders"),
              QT_TRANSLATE_NOOP("shell.menus", "Pick & Pack"),
              QT_TRANSLATE_NOOP("shell.menus", "Labels"), QT_TRANSLATE_NOOP("shell.menus", "Stock"),
              QT_TRANSLATE_NOOP("shell.menus", "Returns"),
              QT_TRANSLATE_NOOP("shell.menus", "Suppliers"),
              QT_TRANSLATE_NOOP("shell.menus", "Reconciliation"),
              QT_TRANSLATE_NOOP("shell.menus", "Insights"),
              QT_TRANSLATE_NOOP("shell.menus", "Today"))


def tab_title(title: str) -> str:
    """A tab's title (its English key) in the chosen language."""
    return translate("shell.menus", title)


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _keys(standard: QKeySequence.StandardKey | None, fallback: str = "") -> list[QKeySequence]:
    """The platform's keys for `standard`, or `fallback` where the platform has none (Quit
    on Windows, Preferences off macOS)."""
    keys = QKeySequence.keyBindings(standard) if standard is not None else []
    return keys or ([QKeySequence(fallback)] if fallback else [])


class Shell(QObject):
    """Builds the bar on `window` and does what its actions ask."""

    def __init__(self, window: QMainWindow, backend: Backend, tabs: QTabWidget,
                 titles: Sequence[str], tab_of: Callable[[str], QWidget | None], *,
                 backups: BackupsController | None = None,
                 qsettings: QSettings | None = None,
                 has_tab: Callable[[str], bool] | None = None,
                 built_tab: Callable[[str], QWidget | None] | None = None) -> None:
        super().__init__(window)
        self.window, self.backend, self.tabs, self.backups = window, backend, tabs, backups
        self._order = list(titles)
        # `tab_of` builds a tab not built yet (the window builds tabs when first shown,
        # issue 13); `has_tab` and `built_tab` ask without building, so the bar does not
        # build every tab at start.
        self.has_tab = has_tab or (lambda t: tab_of(t) is not None)
        self.built_tab = built_tab or tab_of
        self.titles = [t for t in titles if self.has_tab(t)]
        self.tab_of = tab_of
        self.qsettings = qsettings
        self.keys = KeyRouter(window)
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.help_window: QWidget | None = None
        self.palette: QWidget | None = None
        self.first_run: QWidget | None = None
        bar = window.menuBar()
        for name, title in (("file", translate("shell.menus", "&File")),
                            ("edit", translate("shell.menus", "&Edit")),
                            ("view", translate("shell.menus", "&View")),
                            ("stock", translate("shell.menus", "&Stock")),
                            ("tools", translate("shell.menus", "&Tools")),
                            ("help", translate("shell.menus", "&Help"))):
            menu = bar.addMenu(title)
            menu.setToolTipsVisible(True)
            self.menus[name] = menu
        self._file()
        self._edit()
        self._view()
        self._tools()
        self._help()
        self.menus["file"].aboutToShow.connect(self.update_actions)
        self.menus["edit"].aboutToShow.connect(self.update_actions)
        tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed()

    # -- building --------------------------------------------------------------------------
    def _add(self, name: str, menu: str, text: str, slot: Callable[[], object],
             keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        if keys:
            self.keys.bind(action, keys)
        self.menus[menu].addAction(action)
        self.actions[name] = action
        return action

    def _unavailable(self, action: QAction, why: str) -> None:
        action.setEnabled(False)
        action.setToolTip(why)
        action.setStatusTip(why)

    def _file(self) -> None:
        SK = QKeySequence.StandardKey  # noqa: N806
        opened = self._add("file.open_database", "file",
                           translate("shell.menus", "&Open database…"),
                           lambda: database.open_file(self.window), _keys(SK.Open, "Ctrl+O"))
        connect = self._add("file.connect_database", "file",
                            translate("shell.menus", "&Connect to database…"),
                            lambda: database.connect(self.window,
                                                     self.backend.database_label))
        if not database.available():
            for action in (opened, connect):
                self._unavailable(action, translate(
                    "shell.menus", "Choosing another database is not in this build yet; "
                    "start Backroom with --db."))
        self.menus["file"].addSeparator()
        self._add("file.import_orders", "file", translate("shell.menus", "&Import orders…"),
                  self.import_orders)
        self._add("file.export", "file", translate("shell.menus", "&Export…"), self.export)
        self.menus["file"].addSeparator()
        backups = self._add("file.backups", "file", translate("shell.menus", "&Backups…"),
                            self.open_backups)
        if self.backups is None:
            self._unavailable(backups, translate(
                "shell.menus", "Backups are set up when Backroom starts from main.py."))
        else:
            self.backups.reported.connect(self.window.statusBar().showMessage)
        self.menus["file"].addSeparator()
        quit_ = self._add("file.quit", "file", translate("shell.menus", "&Quit"),
                          self.window.close, _keys(SK.Quit, "Ctrl+Q"))
        quit_.setMenuRole(QAction.MenuRole.QuitRole)

    def _edit(self) -> None:
        SK = QKeySequence.StandardKey  # noqa: N806
        self._add("edit.cut", "edit", translate("shell.menus", "Cu&t"), edit.cut, _keys(SK.Cut))
        self._add("edit.copy", "edit", translate("shell.menus", "&Copy"), edit.copy,
                  _keys(SK.Copy))
        self._add("edit.paste", "edit", translate("shell.menus", "&Paste"), edit.paste,
                  _keys(SK.Paste))
        self.menus["edit"].addSeparator()
        self._add("edit.select_all", "edit", translate("shell.menus", "Select &all"),
                  edit.select_all, _keys(SK.SelectAll))
        self.menus["edit"].addSeparator()
        self._add("edit.find", "edit", translate("shell.menus", "&Find…"),
                  lambda: edit.find(self.current_tab()), _keys(SK.Find, "Ctrl+F"))

    def _view(self) -> None:
        SK = QKeySequence.StandardKey  # noqa: N806
        for title in self.titles:
            number = self._number(title)
            self._add(f"view.{title}", "view", tab_title(title).replace("&", "&&"),
                      functools.partial(self.show_tab, title),
                      [QKeySequence(f"Ctrl+{number}")])
        self.menus["view"].addSeparator()
        self._add("view.refresh", "view", translate("shell.menus", "&Refresh"), self.refresh,
                  _keys(SK.Refresh, "F5"))
        full = self._add("view.full_screen", "view", translate("shell.menus", "F&ull screen"),
                         self.toggle_full_screen, _keys(SK.FullScreen, "F11"))
        full.setCheckable(True)
        self.menus["view"].addSeparator()
        self._add("view.palette", "view", translate("shell.menus", "Command &palette…"),
                  self.open_palette, [QKeySequence("Ctrl+K")])

    def _number(self, title: str) -> int:
        """Ctrl+N keeps its tab when a tab before it is not built (Ctrl+4 is Stock)."""
        return self._order.index(title) + 1

    def _tools(self) -> None:
        SK = QKeySequence.StandardKey  # noqa: N806
        settings = self._add("tools.settings", "tools", translate("shell.menus", "&Settings…"),
                             self.open_settings, _keys(SK.Preferences, "Ctrl+,"))
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        if not _has_module(SETTINGS_MODULE):
            self._unavailable(settings, translate(
                "shell.menus", "The Settings dialog is not in this build yet."))
        self.menus["tools"].addSeparator()
        self._add("tools.scanner_setup", "tools",
                  translate("shell.menus", "Scanner set-&up…"), self.scanner_setup,
                  [QKeySequence("F10")])
        self._add("tools.scanner_test", "tools", translate("shell.menus", "Scanner &test…"),
                  self.scanner_test)
        self._add("tools.printers", "tools", translate("shell.menus", "&Printers…"),
                  self.printers)

    def _help(self) -> None:
        SK = QKeySequence.StandardKey  # noqa: N806
        self._add("help.guide", "help", translate("shell.menus", "&User guide"),
                  self.open_guide, _keys(SK.HelpContents, "F1"))
        self._add("help.shortcuts", "help", translate("shell.menus", "&Keyboard shortcuts"),
                  lambda: self.open_guide(guide.SHORTCUTS), [QKeySequence("Ctrl+/")])
        self._add("help.log_folder", "help", translate("shell.menus", "Open &log folder"),
                  self.open_log_folder)
        self.menus["help"].addSeparator()
        self._add("help.setup", "help", translate("shell.menus", "&Setup guide…"),
                  self.open_first_run)
        self.menus["help"].addSeparator()
        about = self._add("help.about", "help", translate("shell.menus", "&About Backroom"),
                          self.open_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)

    def fold_in(self, people_menu: QMenu | None) -> None:
        """Put the People menu (made by app.ui.people.station) in its place in the bar."""
        bar = self.window.menuBar()
        if people_menu is not None:
            self.menus["people"] = people_menu
            people_menu.setToolTipsVisible(True)
        for name in BAR_ORDER:  # re-adding moves a menu to the end: the bar ends in order
            menu = self.menus.get(name)
            if menu is not None:
                bar.removeAction(menu.menuAction())
                bar.addAction(menu.menuAction())
        self.keys.claim(self.window)

    # -- state -----------------------------------------------------------------------------
    def current_title(self) -> str:
        widget = self.tabs.currentWidget()
        return next((t for t in self.titles if self.built_tab(t) is widget), "")

    def current_tab(self) -> QWidget | None:
        return self.tabs.currentWidget()

    def tab_built(self, widget: QWidget) -> None:
        """A tab was just built: its own uses of our keys are switched off (we run them)."""
        self.keys.claim(widget)
        self.update_actions()

    def _tab_changed(self, _index: int = -1) -> None:
        self.keys.claim(self.window)
        self.update_actions()

    def update_actions(self) -> None:
        """Enable what the current tab can do (Find needs a search box, Export a file)."""
        tab = self.current_tab()
        self.actions["edit.find"].setEnabled(edit.search_box(tab) is not None)
        self.actions["file.export"].setEnabled(self._export_of(tab) is not None)
        orders = self.built_tab("Orders")   # not built yet: built when the action runs
        self.actions["file.import_orders"].setEnabled(
            callable(getattr(orders, "import_orders", None)) if orders is not None
            else self.has_tab("Orders"))
        self.actions["view.full_screen"].setChecked(self.window.isFullScreen())

    # -- what the actions do ---------------------------------------------------------------
    def show_tab(self, title: str) -> bool:
        widget = self.tab_of(title)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True

    def import_orders(self) -> None:
        self.show_tab("Orders")
        orders = self.tab_of("Orders")
        getattr(orders, "import_orders")()  # noqa: B009 (checked in update_actions)

    @staticmethod
    def _export_of(tab: QWidget | None) -> Callable[[], object] | None:
        """The current tab's (or its page's) export: Orders, Returns, Suppliers, ..."""
        if tab is None:
            return None
        pages = getattr(tab, "pages", None)
        page = pages.currentWidget() if isinstance(pages, QTabWidget) else None
        for owner in (tab, page):
            for name in ("ask_export", "export_selected", "export", "export_file"):
                found = getattr(owner, name, None)
                if callable(found):
                    return found  # type: ignore[no-any-return]
        return None

    def export(self) -> None:
        found = self._export_of(self.current_tab())
        if found is not None:
            found()

    def open_backups(self) -> None:
        if self.backups is None:
            return
        from app.ui.backups.dialog import open_dialog
        from app.ui.common.access import why_not_owner

        open_dialog(self.backups, self.window, why_not_restore=why_not_owner(
            self.backend, translate("shell.menus", "restore a backup")))

    def refresh(self) -> None:
        tab = self.current_tab()
        for name in ("refresh", "reload"):
            found = getattr(tab, name, None)
            if callable(found):
                found()
                return

    def toggle_full_screen(self) -> None:
        if self.window.isFullScreen():
            self.window.showNormal()
        else:
            self.window.showFullScreen()
        self.actions["view.full_screen"].setChecked(self.window.isFullScreen())

    def open_settings(self) -> None:
        from app.ui.settings.dialog import open_settings

        open_settings(self.window, self.backend)

    def scanner_setup(self) -> None:
        self.show_tab("Pick & Pack")
        ask = getattr(self.tab_of("Pick & Pack"), "ask_setup", None)
        if callable(ask):
            ask()

    def scanner_test(self) -> QWidget:
        from app.services.stock.scan_lookup import read_scan
        from app.ui.common.scanner_settings import load_setup
        from app.ui.common.scanner_test import ScannerTestDialog

        backend = self.backend
        page = ScannerTestDialog(self.window, load_setup(self.qsettings).wedge,
                                 lambda raw: backend.quick().read(read_scan, raw))
        page.open()
        page.capture.setFocus()
        return page

    def printers(self) -> None:
        self.show_tab("Labels")
        labels = self.tab_of("Labels")
        page = getattr(labels, "printers_page", None)
        pages = getattr(labels, "pages", None)
        if isinstance(pages, QTabWidget) and isinstance(page, QWidget):
            pages.setCurrentWidget(page)
            page.setFocus()

    def open_guide(self, page: str | None = None) -> QWidget:
        from app.ui.shell.help_window import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self.window)
        help_window = self.help_window
        assert isinstance(help_window, HelpWindow)
        help_window.show_page(page or guide.page_for_tab(self.current_title()))
        if help_window.isVisible():
            help_window.raise_()   # it may be behind the main window
        help_window.show()
        help_window.activateWindow()
        help_window.list.setFocus()
        return help_window

    def open_log_folder(self) -> bool:
        from app.ui.common.crash import log_folder

        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def open_palette(self) -> QWidget:
        from app.ui.shell.palette import CommandPalette, place

        self.update_actions()
        palette = CommandPalette(self.window.menuBar(), self.window)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        place(palette, self.window)
        self.palette = palette
        palette.destroyed.connect(lambda: setattr(self, "palette", None))
        palette.open()
        palette.box.setFocus()
        return palette

    def open_about(self) -> QWidget:
        from app.ui.shell.about import AboutDialog

        dialog = AboutDialog(self.backend, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_first_run(self) -> QWidget:
        from app.ui.shell.first_run import FirstRunWizard

        wizard = FirstRunWizard(self.backend, self.window, qsettings=self.qsettings,
                                scanner_test=self.scanner_test)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.first_run = wizard
        wizard.destroyed.connect(lambda: setattr(self, "first_run", None))
        wizard.open()
        return wizard

    def offer_first_run(self) -> QWidget | None:
        """On a new database: the setup guide, unless it was done (or skipped) before."""
        from app.ui.shell.first_run import is_done

        if is_done(self.qsettings):
            return None
        return self.open_first_run()
