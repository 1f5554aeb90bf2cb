"""The menu bar: every action is there with its key, enabled where it should be; the keys
reach it from the window, and a screen that uses a key for its own work keeps it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.main_window import TAB_ORDER, MainWindow
from app.ui.shell import database as shell_database
from app.ui.shell import guide
from app.ui.shell.help_window import HelpWindow
from app.ui.shell.menus import SETTINGS_MODULE, _has_module

HAS_SETTINGS = _has_module(SETTINGS_MODULE)
HAS_CONNECT = shell_database.available()

# name -> (menu, text, key, enabled without a backups controller)
EXPECTED = {
    "file.open_database": ("&File", "&Open database…", "Ctrl+O", HAS_CONNECT),
    "file.connect_database": ("&File", "&Connect to database…", "", HAS_CONNECT),
    "file.import_orders": ("&File", "&Import orders…", "", True),
    "file.export": ("&File", "&Export…", "", True),          # Orders: export the selection
    "file.backups": ("&File", "&Backups…", "", False),      # no controller in this test
    "file.quit": ("&File", "&Quit", "Ctrl+Q", True),
    "edit.cut": ("&Edit", "Cu&t", "Ctrl+X", True),
    "edit.copy": ("&Edit", "&Copy", "Ctrl+C", True),
    "edit.paste": ("&Edit", "&Paste", "Ctrl+V", True),
    "edit.select_all": ("&Edit", "Select &all", "Ctrl+A", True),
    "edit.find": ("&Edit", "&Find…", "Ctrl+F", True),           # Orders has a search box
    "view.refresh": ("&View", "&Refresh", "F5", True),
    "view.full_screen": ("&View", "F&ull screen", "F11", True),
    "view.palette": ("&View", "Command &palette…", "Ctrl+K", True),
    "tools.settings": ("&Tools", "&Settings…", "Ctrl+,", HAS_SETTINGS),
    "tools.scanner_setup": ("&Tools", "Scanner set-&up…", "F10", True),
    "tools.scanner_test": ("&Tools", "Scanner &test…", "", True),
    "tools.printers": ("&Tools", "&Printers…", "", True),
    "help.guide": ("&Help", "&User guide", "F1", True),
    "help.shortcuts": ("&Help", "&Keyboard shortcuts", "Ctrl+/", True),
    "help.log_folder": ("&Help", "Open &log folder", "", True),
    "help.setup": ("&Help", "&Setup guide…", "", True),
    "help.about": ("&Help", "&About Backroom", "", True),
}


@pytest.fixture
def window(qtbot, demo_backend, tmp_path):
    qs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_backend, qsettings=qs)
    qtbot.addWidget(win)
    win.tab("Pick & Pack").sounds.set_muted(True)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def _menu_actions(window: MainWindow) -> dict[str, list[str]]:
    return {top.text(): [a.text() for a in top.menu().actions() if not a.isSeparator()]
            for top in window.menuBar().actions()}


def test_the_bar_is_in_the_platform_order(window):
    assert [a.text() for a in window.menuBar().actions()] == [
        "&File", "&Edit", "&View", "&Stock", "&People", "&Tools", "&Help"]


def test_every_action_is_in_its_menu_with_its_key_and_enabled_where_it_should_be(window):
    menus = _menu_actions(window)
    for name, (menu, text, key, enabled) in EXPECTED.items():
        action = window.shell.actions[name]
        assert text in menus[menu], name
        assert action.text() == text
        assert action.shortcut().toString() == key, name
        assert action.isEnabled() is enabled, name
        if not enabled:
            assert action.toolTip(), f"{name} says why it is off"


def test_each_tab_has_its_number_key_in_view(window):
    for number, title in enumerate(TAB_ORDER, start=1):
        action = window.shell.actions[f"view.{title}"]
        assert action.shortcut().toString() == f"Ctrl+{number}"
        assert action.text() in _menu_actions(window)["&View"]
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.tab("Stock")
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.tab("Orders")


def test_existing_menus_are_folded_in_and_still_work(window):
    menus = _menu_actions(window)
    assert menus["&Stock"] == ["&Push to stores…"]
    assert menus["&People"][:2] == ["&Switch user…", "&Lock"]
    assert window.people.people_action.text() in menus["&People"]


def test_find_goes_to_the_search_box_of_the_tab_and_is_off_where_there_is_none(window):
    window.shell.show_tab("Stock")
    stock = window.tab("Stock")
    stock.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is stock.search
    window.shell.show_tab("Labels")
    assert not window.shell.actions["edit.find"].isEnabled()
    window.shell.show_tab("Orders")
    assert window.shell.actions["edit.find"].isEnabled()


def test_copy_puts_the_selected_rows_on_the_clipboard_as_cells(window, qtbot):
    orders = window.tab("Orders")
    qtbot.waitUntil(lambda: orders.model.rowCount() > 2)
    orders.table.setFocus()
    orders.table.selectRow(0)
    QTest.keyClick(orders.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert len(lines) == 2
    first = orders.model.index(0, 0).data()
    assert lines[0].split("\t")[0] == first
    assert len(lines[0].split("\t")) > 3


def test_select_all_and_paste_act_on_the_focused_field(window):
    stock = window.tab("Stock")
    window.shell.show_tab("Stock")
    QApplication.clipboard().setText("ABC")
    stock.search.setFocus()
    window.shell.actions["edit.paste"].trigger()
    window.shell.actions["edit.select_all"].trigger()
    assert stock.search.text() == "ABC" and stock.search.selectedText() == "ABC"


def test_refresh_reloads_the_current_tab(window, qtbot):
    calls = []
    window.shell.show_tab("Stock")
    window.tab("Stock").refresh = lambda: calls.append("stock")
    QTest.keyClick(window, Qt.Key.Key_F5)
    assert calls == ["stock"]


def test_f1_opens_the_guide_at_the_page_of_each_tab(window, qtbot):
    for title in TAB_ORDER:
        if title == "Returns":
            continue  # below: its station owns F1
        window.shell.show_tab(title)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.tabs.currentWidget().setFocus()
        QTest.keyClick(window, Qt.Key.Key_F1)
        help_window = window.shell.help_window
        assert isinstance(help_window, HelpWindow)
        assert help_window.isVisible()
        assert help_window.current_page() == guide.page_for_tab(title), title
        assert help_window.document().toPlainText().strip()
        help_window.hide()


def test_a_screen_keeps_its_own_key_and_the_menu_still_does_its_job(window, qtbot):
    """At the returns station F1 sets the condition 'new'; Help > User guide still opens
    the Returns page. Nothing is ambiguous (a Qt warning would fail the test)."""
    window.shell.show_tab("Returns")
    station = window.tab("Returns").station
    station.table.setFocus()
    qtbot.waitUntil(lambda: station.isAncestorOf(QApplication.focusWidget()))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)  # damaged
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)  # new
    assert window.shell.help_window is None
    assert station.condition == "new"
    window.shell.actions["help.guide"].trigger()
    assert window.shell.help_window.current_page() == "returns"


def test_printers_and_scanner_test_open(window, qtbot):
    window.shell.actions["tools.printers"].trigger()
    labels = window.tab("Labels")
    assert window.tabs.currentWidget() is labels
    assert labels.pages.currentWidget() is labels.printers_page
    page = window.shell.scanner_test()
    qtbot.waitExposed(page)
    assert page.isVisible()
    page.reject()


def test_full_screen_toggles(window):
    window.shell.actions["view.full_screen"].trigger()
    assert window.isFullScreen() and window.shell.actions["view.full_screen"].isChecked()
    window.shell.actions["view.full_screen"].trigger()
    assert not window.isFullScreen()


def test_the_shortcuts_page_lists_every_key_of_the_menus(window):
    page = next(p for p in guide.load_pages() if p.name == guide.SHORTCUTS)
    for action in window.findChildren(type(window.shell.actions["file.quit"])):
        key = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        if not key or (key.startswith("Ctrl+") and key[len("Ctrl+"):].isdigit()):
            continue  # the tab numbers are one row: Ctrl+1 … Ctrl+8
        assert key in page.text, f"{action.text()} {key}"


def test_quit_closes_the_window(window):
    window.shell.actions["file.quit"].trigger()
    assert not window.isVisible()
