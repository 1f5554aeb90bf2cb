"""The Insights tab driven by keyboard: Ctrl+8 opens it, the P&L per store and the days
agree with the orders behind them, Enter on a day shows that day's orders."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from app.services.insights import costs, profit
from app.services.insights.profit import ProfitFilter
from app.ui.insights.tab import InsightsTab, period_days
from app.ui.main_window import MainWindow
from tests.unit.insights import world

TODAY = date(2026, 3, 31)


def _hand_made(session) -> None:
    from tests.unit.insights.test_profit import _shop

    _shop(session)
    other = world.store(session, "London", "GBP", "Europe/London")
    world.order(session, other, "L1", datetime(2026, 3, 30, 9, tzinfo=UTC), [(None, 1, 1500)])


@pytest.fixture
def tab(qtbot, backend):
    backend.run(_hand_made)
    widget = InsightsTab(backend, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitSignal(widget.loaded, timeout=10000).wait()
    yield widget
    widget._runner.wait(5000)


def test_period_days():
    assert period_days("Last 7 days", TODAY) == (date(2026, 3, 25), TODAY)
    assert period_days("This month", TODAY) == (date(2026, 3, 1), TODAY)
    assert period_days("Last month", TODAY) == (date(2026, 2, 1), date(2026, 2, 28))


def test_pnl_per_store_and_days_match_the_orders(qtbot, qtmodeltester, tab, backend):
    for model in (tab.stores, tab.days, tab.orders):
        qtmodeltester.check(model)
    by_store = {r.store: r.figures for r in tab.stores.rows}
    assert by_store["Berlin Shop"].profit_minor == 1192
    assert by_store["London"].profit_minor == 1500 and by_store["London"].currency == "GBP"
    assert tab.stores.data(tab.stores.index(0, 8)) == "€11.92"
    assert [(r.store, r.start) for r in tab.days.rows] == [
        ("Berlin Shop", date(2026, 3, 30)), ("London", date(2026, 3, 30)),
        ("Berlin Shop", date(2026, 3, 29))]
    assert len(tab.chart.days) == 30 and tab.chart.chart().series()
    assert "estimates" in tab.status.text()
    # Enter on a day: the orders behind it, and their sum is the day.
    tab.days_view.setFocus()
    tab.days_view.selectRow(2)
    with qtbot.waitSignal(tab.orders_loaded, timeout=10000):
        qtbot.keyClick(tab.days_view, Qt.Key.Key_Return)
    qtmodeltester.check(tab.orders)
    assert [r.number for r in tab.orders.rows] == ["#1"]
    assert tab.orders.rows[0].figures.profit_minor == tab.days.rows[2].figures.profit_minor
    assert "Berlin Shop" in tab.orders_title.text()
    assert backend.read(profit.order_profits, ProfitFilter(), day=date(2026, 3, 29))


def test_store_and_period_pickers(qtbot, tab, backend):
    backend.run(costs.set_fee_rate, "London", "10")
    tab.store.setCurrentText("London")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.store.activated.emit(tab.store.currentIndex())
    assert [r.store for r in tab.stores.rows] == ["London"]
    assert tab.stores.rows[0].figures.fees_minor == 150
    tab.period.setCurrentText("Last month")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        qtbot.keyClick(tab, Qt.Key.Key_F5)
    assert tab.days.rows == [] and tab.stores.rows[0].figures.orders == 0


def test_ctrl_8_opens_insights(qtbot, demo_backend):
    window = MainWindow(demo_backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    window.activateWindow()  # shortcuts only fire in the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.tabs.currentWidget(), InsightsTab)
    insights = window.tab("Insights")
    qtbot.waitUntil(lambda: bool(insights.stores.rows), timeout=10000)
    insights._runner.wait(5000)
