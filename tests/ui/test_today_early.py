"""Today's first read starts before the window (issue 13): main.py starts it as soon as the
store is open when the window will open on Today, and the page's first refresh takes its
result instead of reading again, only for its own day and person."""

from __future__ import annotations

import importlib.util
from concurrent.futures import Future
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput
from app.services.insights import today
from app.services.insights.today import Item, Today
from app.services.people import accounts
from app.ui.today import early
from app.ui.today.page import TodayPage
from tests.unit.insights import world

DAY = date(2026, 3, 30)
ROOT = Path(__file__).resolve().parents[2]


def _main():
    """main.py, the composition root (not a package module)."""
    spec = importlib.util.spec_from_file_location("backroom_main", ROOT / "main.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _world(session) -> None:
    shop = world.store(session, "Berlin Shop", "EUR", "UTC")
    world.order(session, shop, "P1", datetime(2026, 3, 20, 9, tzinfo=UTC), [(None, 1, 900)],
                status="reserved")


@pytest.fixture(autouse=True)
def _nothing_offered():
    early._offered.clear()
    yield
    early._offered.clear()


def _done(value: Today | BaseException) -> Future[Today]:
    future: Future[Today] = Future()
    if isinstance(value, BaseException):
        future.set_exception(value)
    else:
        future.set_result(value)
    return future


def _page(qtbot, backend) -> TodayPage:
    page = TodayPage(backend, day=DAY)
    qtbot.addWidget(page)
    return page


def _settle(qtbot, page: TodayPage) -> None:
    """Wait for the summary's catch-up the read starts after it too (a job left running
    would hold a connection past the test's database)."""
    qtbot.waitUntil(lambda: not page._catch_up_due, timeout=10_000)
    page.wait()


def _refreshed(qtbot, page: TodayPage) -> list[str]:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    _settle(qtbot, page)
    return [i.key for i in page.items.rows]


# What no read of the store would give: the page shows it only if it took the early read.
MARKER = Today(DAY, [Item("marker", "Started early", "7", "Orders")])


def test_the_first_refresh_takes_the_read_started_for_its_day_and_person(qtbot, backend):
    backend.run(_world)
    page = _page(qtbot, backend)
    early.offer(early.StartedRead(DAY, backend.actor.user, _done(MARKER)))
    assert _refreshed(qtbot, page) == ["marker"]
    assert early._offered == []
    # Taken once: the next refresh reads the store.
    assert "to_pack" in _refreshed(qtbot, page)


@pytest.mark.parametrize("day, user", [(date(2026, 3, 29), None), (DAY, "someone else")])
def test_a_read_started_for_another_day_or_person_is_dropped(qtbot, backend, day, user):
    backend.run(_world)
    page = _page(qtbot, backend)
    early.offer(early.StartedRead(day, user or backend.actor.user, _done(MARKER)))
    keys = _refreshed(qtbot, page)
    assert "marker" not in keys and "to_pack" in keys
    assert early._offered == []


def test_an_early_read_that_failed_is_shown_like_a_failed_read(qtbot, backend):
    page = _page(qtbot, backend)
    early.offer(early.StartedRead(DAY, backend.actor.user, _done(InvalidInput("no luck"))))
    page.refresh()
    qtbot.waitUntil(lambda: page.status.text() == "no luck", timeout=10_000)
    _settle(qtbot, page)


def test_main_reads_today_early_for_who_opens_on_it_without_signing_in(backend):
    backend.run(_world)
    main = _main()
    started = main._read_today_early(backend)      # nobody has a PIN: the owner's start
    assert started is not None
    started.thread.join(30)
    view = started.future.result()
    assert started.user == backend.actor.user
    assert started.day == datetime.now().astimezone().date() == view.day
    assert view == backend.read(today.today_view, started.day)
    # A packer opens on Orders: nothing read early.
    backend.run(accounts.add_user, "pat", "packer", actor=backend.actor)
    owner = backend.actor
    backend.actor = Actor("pat", "desk")
    assert main._read_today_early(backend) is None
    backend.actor = owner
    # Someone has a PIN: the start asks who works, so nothing is read before.
    backend.run(accounts.add_user, "olga", "owner", "4711", actor=backend.actor)
    assert main._read_today_early(backend) is None


def test_the_remembered_database_opens_early_unless_its_password_is_asked(
        tmp_path, monkeypatch):
    """`make run` gives no --db: the database the station remembers (or the data folder's
    file) opens before Qt's widgets, so Today's read starts early on a real start too; one
    whose password was not kept waits for the dialog."""
    import argparse

    from PySide6.QtCore import QSettings

    from app.ui.database import remembered

    main = _main()
    monkeypatch.delenv("BACKROOM_DB", raising=False)
    settings = QSettings(str(tmp_path / "station.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(remembered, "_settings", lambda qs: settings)
    path = tmp_path / "remembered.sqlite3"
    remembered.remember_database(str(path))
    args = argparse.Namespace(db=None, user="owner", station="desk")
    db, backend, fresh = main._open_early(args)
    try:
        assert db is not None and backend is not None and fresh
        assert args.db == str(path) and path.exists()
    finally:
        if db is not None:
            db.dispose()
    remembered.remember_database("postgresql://ann@server.local/shop")
    args = argparse.Namespace(db=None, user="owner", station="desk")
    assert main._open_early(args) == (None, None, False)
