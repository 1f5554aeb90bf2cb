"""The Returns list's search typed as a person types: one read after the pause, not one per
key, and a read made stale by newer text is stopped inside its statement (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from app.services.returns import opening, reads
from app.ui.returns.list_page import ReturnsListPage
from tests.unit.returns.world import PACKER, shipped_world

SLOW = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) " \
    "SELECT count(*) FROM c"


def _world(backend) -> str:
    def job(session):
        shipped_world(session)
        return opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)],
                                     "damaged").number
    return backend.run(job)


def _page(qtbot, backend) -> ReturnsListPage:
    page = ReturnsListPage(backend)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    return page


def test_typing_a_search_reads_once_after_the_pause(qtbot, backend, monkeypatch):
    number = _world(backend)
    page = _page(qtbot, backend)
    searched: list[str] = []
    real = reads.list_returns

    def counted(session, flt, **kw):
        searched.append(flt.text)
        return real(session, flt, **kw)
    monkeypatch.setattr(reads, "list_returns", counted)
    page.search.setFocus()
    QTest.keyClicks(page.search, "lovelace", Qt.KeyboardModifier.NoModifier, 30)
    qtbot.waitUntil(lambda: searched != [] and page.count.text() == "1 returns")
    assert searched == ["lovelace"]
    assert page.model.rows[0].number == number
    QTest.keyClicks(page.search, "x", Qt.KeyboardModifier.NoModifier, 30)
    QTest.keyClick(page.search, Qt.Key.Key_Return)   # Enter: at once, and only once
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    qtbot.wait(400)                                  # past the pause: nothing more is read
    assert searched == ["lovelace", "lovelacex"]


def test_newer_text_stops_the_read_under_way(qtbot, backend, monkeypatch, db):
    if db.engine.dialect.name != "sqlite":
        return  # the slow statement here is SQLite's; PostgreSQL is cancelled the same way
    _world(backend)
    page = _page(qtbot, backend)
    real = reads.list_returns
    stops: list[reads.ListStop] = []

    def slow_for_one_text(session, flt, *, stop=None, **kw):
        if flt.text == "slow" and stop is not None:
            stops.append(stop)
            with stop.watching(session):   # runs for minutes unless stopped
                session.execute(text(SLOW)).all()
        return real(session, flt, stop=stop, **kw)
    monkeypatch.setattr(reads, "list_returns", slow_for_one_text)
    page.search.setText("slow")
    page.refresh()
    qtbot.waitUntil(lambda: bool(stops) and bool(stops[0]._running), timeout=20000)
    page.search.setText("MUG-RED")
    page.refresh()
    # Without the stop the worker would be busy with the slow read for minutes.
    qtbot.waitUntil(lambda: page.count.text() == "1 returns", timeout=20000)
    assert stops[0].stopped
    assert page.model.rows[0].order_number == "#1001"
