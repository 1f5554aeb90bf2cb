"""The Today page catches the sales summary up after its figures are painted, not beside
the read (issue 13): shown or not, the days its orders marked are redone."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject
from sqlalchemy import func, select

from app.models.insights import InsightsDirty
from app.ui.today.page import TodayPage
from tests.unit.insights import world


def _world(session) -> None:
    shop = world.store(session, "Berlin Shop", "EUR", "UTC")
    world.order(session, shop, "T1", datetime(2026, 3, 30, 9, tzinfo=UTC), [(None, 1, 2500)])


def _marked(session) -> int:
    return int(session.scalar(select(func.count()).select_from(InsightsDirty)))


class _Order(QObject):
    """Notes, in order, the figures' paints with rows and the catch-up's start."""

    def __init__(self, page: TodayPage) -> None:
        super().__init__(page)
        self.seen: list[str] = []
        self.page = page
        page.stores_view.viewport().installEventFilter(self)
        start = page._catch_up

        def catch_up() -> None:
            if page._catch_up_due:
                self.seen.append("catch-up")
            start()
        page._catch_up = catch_up   # type: ignore[method-assign]

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self.page.stores.rowCount():
            self.seen.append("painted")
        return False


def test_the_catch_up_starts_once_the_figures_are_painted(qtbot, backend):
    backend.run(_world)
    assert backend.read(_marked) > 0
    page = TodayPage(backend)
    qtbot.addWidget(page)
    order = _Order(page)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    qtbot.waitUntil(lambda: "catch-up" in order.seen, timeout=10000)
    assert order.seen[0] == "painted", order.seen
    page.wait()
    assert backend.read(_marked) == 0


def test_a_page_not_shown_catches_up_all_the_same(qtbot, backend):
    backend.run(_world)
    page = TodayPage(backend)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()
    qtbot.waitUntil(lambda: not page._catch_up_due, timeout=10000)
    page.wait()
    assert backend.read(_marked) == 0
