"""The Today page standalone: what needs doing with counts, today's figures per store
against yesterday and the goal, and Enter on a line asks for its tab."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from app.services.insights import goals
from app.ui.today.page import TodayPage
from tests.unit.insights import world

DAY = date(2026, 3, 30)


def _world(session) -> None:
    shop = world.store(session, "Berlin Shop", "EUR", "UTC")
    world.order(session, shop, "T1", datetime(2026, 3, 30, 9, tzinfo=UTC), [(None, 1, 2500)])
    world.order(session, shop, "Y1", datetime(2026, 3, 29, 9, tzinfo=UTC), [(None, 1, 1000)])
    world.order(session, shop, "P1", datetime(2026, 3, 20, 9, tzinfo=UTC), [(None, 1, 900)],
                status="reserved")
    goals.set_goal(session, "Berlin Shop", "2026-03", revenue="100", profit="50")


@pytest.fixture
def page(qtbot, backend):
    backend.run(_world)
    widget = TodayPage(backend, day=DAY)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.refresh()
    yield widget
    widget.wait()


def test_today_lists_what_needs_doing_and_the_days_figures(page, qtmodeltester):
    qtmodeltester.check(page.items)
    qtmodeltester.check(page.stores)
    items = {i.key: i for i in page.items.rows}
    assert items["to_pack"].value == "1" and "1 late" in items["to_pack"].detail
    assert items["to_pack"].attention and page.items.rows[0].attention
    assert {"shipped", "returns", "low_stock", "push", "payouts"} <= set(items)
    row = page.stores.rows[0]
    assert row.today.net_sales_minor == 2500 and row.yesterday.net_sales_minor == 1000
    assert page.stores.data(page.stores.index(0, 3)) == "+€15.00"
    assert "of goal" in page.stores.data(page.stores.index(0, 6))
    assert "Monday 30 March 2026" in page.title.text()


def test_enter_on_a_line_asks_for_its_tab(qtbot, page):
    page.items_view.setFocus()
    page.items_view.selectRow(0)
    with qtbot.waitSignal(page.go_to, timeout=2000) as sig:
        qtbot.keyClick(page.items_view, Qt.Key.Key_Return)
    assert sig.args == ["Pick & Pack"]
    page.stores_view.setFocus()
    page.stores_view.selectRow(0)
    with qtbot.waitSignal(page.go_to, timeout=2000) as sig:
        qtbot.keyClick(page.stores_view, Qt.Key.Key_Return)
    assert sig.args == ["Insights"]
