"""Tabs are built when first shown (issue 13): the window starts with the first tab built and
nothing heavy imported, and every tab is still reachable by Ctrl+N, by a click and by
`window.tab(title)`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.db import open_database
from app.models import User
from app.services import demo
from app.services.core.backend import Actor
from app.ui.main_window import TAB_CLASSES, TAB_ORDER, MainWindow

ROOT = Path(__file__).resolve().parents[2]
# Libraries only other tabs (or printing, planning, scanning) need; none before the rows.
HEAVY = {"reportlab", "numpy", "pandas", "pypdf", "biip", "PySide6.QtCharts"}


def _class_of(title: str) -> str:
    return TAB_CLASSES[title][1]


def _window(qtbot, backend) -> MainWindow:
    window = MainWindow(backend)
    qtbot.addWidget(window)
    return window


def _mute(window: MainWindow) -> None:
    window.tab("Pick & Pack").sounds.set_muted(True)


def _start(path, tmp_path, *args: str) -> tuple[str, set[str]]:
    """main.py --time-to-rows as a new process: its first line, and the modules imported
    by the time the first rows were painted."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BACKROOM_LIST_MODULES="1",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("BACKROOM_DB", None)
    done = subprocess.run([sys.executable, "main.py", "--db", str(path), "--time-to-rows",
                           *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].startswith("modules: ")
    return lines[0], set(lines[1].removeprefix("modules: ").split())


# What the start leaves until the rows are painted (issue 13): the Stock ▸ Push and People
# menus, the demo generator (only for a new store), and qtawesome once its pictures are
# cached (the first start draws them).
LATER = {"app.ui.push.dialog", "app.ui.push.nudge", "app.ui.people.station",
         "app.services.demo", "qtawesome"}
# Nor what neither first tab reads with: the summary's catch-up (after Today's figures are
# painted), PostgreSQL's dialect on a SQLite store, the order importers, the catalogue's
# writers (issue 13).
UNUSED = {"app.services.insights.catching_up", "sqlalchemy.dialects.postgresql",
          "app.services.importers.mapped_orders", "app.services.stock.catalog"}


# Nor what the Orders list's first rows do not need (issue 13): the search (and the packing
# tables it brings) until something is searched, the order writers (hold, cancel, ship-to,
# SKU links: reservations and the importers' records) and the CSV export until used.
ORDERS_LATER = {"app.services.orders.search", "app.models.packing",
                "app.services.orders.actions", "app.services.orders.exporting",
                "app.services.orders.sku_links"}


def test_rows_are_painted_before_any_heavy_library_or_other_tab_is_imported(tmp_path):
    path = tmp_path / "store.sqlite3"
    db = open_database(str(path))
    with db.sessions() as s, s.begin():
        demo.generate_demo(s, products=30, orders=60)
        s.add(User(name="pat", role="packer", pin_hash="", active=True))
    db.dispose()
    tab_modules = {module for module, _name in TAB_CLASSES.values()}
    # A packer opens on Orders (the first start: it draws the icons into the cache).
    first, modules = _start(path, tmp_path, "--user", "pat")
    assert first.startswith("rows painted: 60 rows on Orders"), first
    assert "app.ui.orders.tab" in modules and "PySide6.QtWidgets" in modules
    assert not HEAVY & modules
    assert not UNUSED & modules, UNUSED & modules
    assert not ORDERS_LATER & modules, ORDERS_LATER & modules
    assert tab_modules & modules == {"app.ui.orders.tab"}
    # The owner, who may see money, opens on Today: its figures are the rows. (Its first
    # start draws the pictures this window shows that the packer's did not.)
    first, _modules = _start(path, tmp_path)
    assert first.startswith("rows painted: 3 rows on Today"), first
    first, modules = _start(path, tmp_path)
    assert first.startswith("rows painted: 3 rows on Today"), first
    assert not (HEAVY | LATER | UNUSED) & modules, (HEAVY | LATER | UNUSED) & modules
    assert tab_modules & modules == {"app.ui.today.page"}
    # Nor the models no Today line reads.
    assert not {"app.models.suppliers", "app.models.counts", "app.models.printing"} & modules


def test_the_window_opens_on_today_for_who_may_see_money_else_on_orders(
        qtbot, demo_backend):
    from app.services.people import accounts
    from app.ui.main_window import opening_tab

    assert opening_tab(demo_backend) == "Today"     # the owner
    demo_backend.run(accounts.add_user, "pat", "packer", actor=demo_backend.actor)
    demo_backend.run(accounts.add_user, "ann", "accountant", actor=demo_backend.actor)
    owner = demo_backend.actor
    demo_backend.actor = Actor("pat", "desk")
    assert opening_tab(demo_backend) == "Orders"
    demo_backend.actor = Actor("ann", "desk")
    assert opening_tab(demo_backend) == "Today"
    demo_backend.actor = owner
    window = MainWindow(demo_backend, start_on="Today", finish_later=True)
    qtbot.addWidget(window)
    assert window.tabs.currentWidget() is window.built_tab("Today")
    assert [t for t in TAB_ORDER if window.built_tab(t) is not None] == ["Today"]
    assert window.shell.current_title() == "Today"
    # The People menu and Stock ▸ Push come once the start is over.
    assert not hasattr(window, "people")
    window.finish_start()
    window.finish_start()   # once
    assert window.people.menu is not None and window.push_nudge is not None
    _mute(window)
    window.tab("Today").wait()


def test_only_the_first_tab_is_built_yet_the_bar_shows_every_title_and_icon(
        qtbot, demo_backend):
    window = _window(qtbot, demo_backend)
    window.show()
    qtbot.waitExposed(window)
    assert [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())] \
        == list(TAB_ORDER)
    assert all(not window.tabs.tabIcon(i).isNull() for i in range(window.tabs.count()))
    assert [t for t in TAB_ORDER if window.built_tab(t) is not None] == ["Orders"]
    assert type(window.tabs.currentWidget()).__name__ == "OrdersTab"
    assert all(window.has_tab(t) for t in TAB_ORDER) and not window.has_tab("Nonsense")
    assert window.tab("Nonsense") is None and not window.show_tab("Nonsense")
    # The menus (View, palette, Find, Import) are all there without building a tab.
    assert all(f"view.{t}" in window.shell.actions for t in TAB_ORDER)
    assert window.shell.actions["file.import_orders"].isEnabled()
    assert window.shell.current_title() == "Orders"
    assert [t for t in TAB_ORDER if window.built_tab(t) is not None] == ["Orders"]
    _mute(window)


def test_tab_builds_on_demand_in_place_without_showing_it(qtbot, demo_backend):
    window = _window(qtbot, demo_backend)
    _mute(window)
    for index, title in enumerate(TAB_ORDER):
        widget = window.tab(title)
        assert type(widget).__name__ == _class_of(title)
        assert window.tabs.indexOf(widget) == index
        assert window.tab(title) is widget and window.built_tab(title) is widget
        assert window.tabs.tabText(index).replace("&&", "&") == title
        assert not window.tabs.tabIcon(index).isNull()
    assert window.tabs.count() == len(TAB_ORDER)
    assert window.tabs.currentWidget() is window.tab("Orders")
    window.tab("Labels").runner.wait(5000)


def test_every_tab_is_reached_by_its_ctrl_number(qtbot, demo_backend):
    window = _window(qtbot, demo_backend)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for number, title in reversed(list(enumerate(TAB_ORDER, start=1))):
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + number),
                       Qt.KeyboardModifier.ControlModifier)
        shown = window.tabs.currentWidget()
        assert type(shown).__name__ == _class_of(title)
        assert shown is window.tab(title) and window.shell.current_title() == title
        if title == "Pick & Pack":
            _mute(window)
    window.tab("Labels").runner.wait(5000)


def test_every_tab_is_reached_by_a_click_on_its_title(qtbot, demo_backend):
    window = _window(qtbot, demo_backend)
    window.show()
    qtbot.waitExposed(window)
    bar = window.tabs.tabBar()
    for index, title in enumerate(TAB_ORDER):
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         bar.tabRect(index).center())
        assert window.tabs.currentIndex() == index
        assert type(window.tabs.currentWidget()).__name__ == _class_of(title)
        assert window.tabs.currentWidget() is window.tab(title)
        if title == "Pick & Pack":
            _mute(window)
    window.tab("Labels").runner.wait(5000)


def test_a_user_switch_refreshes_the_built_tabs_only(qtbot, demo_backend):
    window = _window(qtbot, demo_backend)
    window.show()
    qtbot.waitExposed(window)
    refreshed: list[str] = []
    for title in ("Orders", "Stock"):
        widget = window.tab(title)
        widget.refresh = lambda t=title: refreshed.append(t)  # type: ignore[method-assign]
    window.user_switched()
    assert refreshed == ["Orders"]          # the one showing, now; Stock when next shown
    window.show_tab("Stock")
    assert refreshed == ["Orders", "Stock"]
    window.show_tab("Stock")
    assert refreshed == ["Orders", "Stock"]  # once
    assert window.built_tab("Returns") is None
    window.show_tab("Returns")              # built for the new user, not refreshed again
    assert type(window.built_tab("Returns")).__name__ == "ReturnsTab"
    assert "Returns" not in window._stale
    _mute(window)
    window.tab("Labels").runner.wait(5000)


def test_a_tab_built_later_is_wired_like_the_rest(qtbot, demo_backend):
    window = _window(qtbot, demo_backend)
    _mute(window)   # builds Pick & Pack: a packed order marks Orders and Stock stale
    packing = window.tab("Pick & Pack")
    packing.station.order_packed.emit(None)
    assert {"Orders", "Stock"} <= window._stale
    seen: list[object] = []
    window.when_built("Insights", seen.append)
    assert seen == []
    insights = window.tab("Insights")
    assert seen == [insights]
    window.when_built("Insights", seen.append)   # built already: at once
    assert seen == [insights, insights]
    labels = window.tab("Labels")
    assert labels.open_settings == window._open_settings
    labels.runner.wait(5000)


def test_a_tab_built_later_gets_its_splitters_back_whatever_the_build_order(
        qtbot, demo_backend, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QSplitter

    from app.ui.common.remember import remember_window

    ini = str(tmp_path / "windows.ini")

    def opened(first: str) -> MainWindow:
        window = _window(qtbot, demo_backend)
        remember_window(window, "main", QSettings(ini, QSettings.Format.IniFormat))
        window.resize(1200, 700)
        window.show()
        qtbot.waitExposed(window)
        window.show_tab(first)     # built after the window showed, in this order
        window.show_tab("Stock")
        return window

    window = opened("Returns")
    split = window.tab("Stock").findChildren(QSplitter)[0]
    split.setSizes([700, 300])
    wanted = split.sizes()
    window.close()                 # saves
    _mute(window)

    again = opened("Insights")
    assert again.tab("Stock").findChildren(QSplitter)[0].sizes() == wanted
    _mute(again)


def test_today_is_ctrl_9_and_enter_on_a_line_opens_its_tab(qtbot, demo_backend):
    window = _window(qtbot, demo_backend)
    _mute(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    today = window.tab("Today")
    assert window.tabs.currentWidget() is today
    qtbot.waitUntil(lambda: len(today.items.rows) > 0, timeout=10_000)
    wanted = today.items.rows[0].tab
    today.items_view.setFocus()
    today.items_view.selectRow(0)
    QTest.keyClick(today.items_view, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.tab(wanted)
    today.wait()
