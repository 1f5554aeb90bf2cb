"""The Insights tab's Customers and "Ads, goals & currency" pages on a demo store."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.insights import currency, goals
from app.ui.insights.tab import InsightsTab
from tests.conftest import DEMO_DAY


@pytest.fixture
def tab(qtbot, demo_backend):
    demo_backend.run(currency.set_home_currency, "EUR")
    demo_backend.run(currency.set_rate, "2026-11", "GBP", "1.1712")
    name = demo_backend.read(lambda s: s.execute(
        __import__("sqlalchemy").text("SELECT name FROM stores ORDER BY name")).scalar())
    demo_backend.run(goals.set_goal, name, "2026-11", revenue="20000", profit="5000")
    widget = InsightsTab(demo_backend, today=DEMO_DAY)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitSignal(widget.loaded, timeout=20000).wait()
    yield widget
    widget._runner.wait(5000)
    widget.customers.wait()


def test_customers_page_shows_value_tiers_and_cohorts(qtbot, qtmodeltester, tab):
    with qtbot.waitSignal(tab.customers.loaded, timeout=20000):
        tab.pages.setCurrentWidget(tab.customers)
    qtmodeltester.check(tab.customers.top)
    rows = tab.customers.top.rows
    assert rows and rows == sorted(rows, key=lambda r: -r.revenue_minor)
    assert "repeat rate" in tab.customers.summary.text()
    assert "predicted CLV" in tab.customers.formula.text()
    cohorts = tab.customers.cohorts.rows
    assert cohorts and all(c.retention[0] == 100 for c in cohorts)


def test_more_page_shows_goals_and_converted_business_rows(qtbot, tab):
    with qtbot.waitSignal(tab.more.loaded, timeout=20000):
        tab.pages.setCurrentWidget(tab.more)
    assert tab.more.goals.rows and tab.more.goals.rows[0].goal.month == date(2026, 11, 1)
    notes = [r.note for r in tab.more.business.rows]
    assert any("converted from GBP at 1 GBP = 1.1712 EUR" in n for n in notes)
    assert "EUR" in tab.more.business_title.text()
