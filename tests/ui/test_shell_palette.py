"""The command palette (Ctrl+K): finds any menu action or tab by typing; Enter runs it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow
from app.ui.shell.about import AboutDialog
from app.ui.shell.palette import CommandPalette


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


def _open(window, qtbot) -> CommandPalette:
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.shell.palette
    assert isinstance(palette, CommandPalette) and palette.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.box)
    return palette


def test_lists_every_menu_action_and_tab(window, qtbot):
    palette = _open(window, qtbot)
    names = palette.shown()
    assert "View ▸ Stock" in names and "Help ▸ About Backroom" in names
    assert "Stock ▸ Push to stores…" in names and "People ▸ Switch user…" in names
    assert "File ▸ Quit" in names
    QTest.keyClick(palette.box, Qt.Key.Key_Escape)
    assert not palette.isVisible()


def test_typing_filters_and_enter_runs_a_tab(window, qtbot):
    palette = _open(window, qtbot)
    QTest.keyClicks(palette.box, "insi")
    assert palette.shown() == ["View ▸ Insights"]
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.tab("Insights")
    assert window.shell.palette is None or not window.shell.palette.isVisible()


def test_arrows_choose_and_enter_runs_an_action(window, qtbot):
    palette = _open(window, qtbot)
    QTest.keyClicks(palette.box, "help")
    shown = palette.shown()
    target = shown.index("Help ▸ About Backroom")
    for _ in range(target):
        QTest.keyClick(palette.box, Qt.Key.Key_Down)
    assert palette.current().name == "Help ▸ About Backroom"
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    about.reject()


def test_words_in_any_order_and_disabled_commands_do_not_run(window, qtbot):
    palette = _open(window, qtbot)
    QTest.keyClicks(palette.box, "database backups")
    assert palette.shown() == []
    palette.box.clear()
    QTest.keyClicks(palette.box, "backups file")
    assert palette.shown() == ["File ▸ Backups…"]   # off: no backups controller here
    assert palette.current() is None
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    assert palette.isVisible()
