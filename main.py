"""Starts the Backroom window: `python main.py [--db PATH_OR_URL] [--station NAME] [--user NAME]`.

`--smoke-test` (used on the packaged app in CI) opens the database (a new demo store in a
temporary file when --db is not given), builds the window, takes one backup, and exits 0.

This is the composition root: it opens the database, builds the backend and the window, and
passes them down. Nothing else happens here.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.db import Database
    from app.services.core.backend import Backend


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backroom-gui", description="Start Backroom.")
    parser.add_argument("--db", help="database file or URL (default: $BACKROOM_DB, else "
                        "backroom.sqlite3 in your data folder)")
    # Without --station or $BACKROOM_STATION: the name given in Settings ▸ Station, else the
    # computer's name.
    parser.add_argument("--station", default=os.environ.get("BACKROOM_STATION", ""))
    # The person who installs and starts Backroom is the store's owner until users are set
    # up; a packing station is started with --user NAME (a packer may not adjust stock).
    parser.add_argument("--user", default=os.environ.get("BACKROOM_USER", "owner"))
    parser.add_argument("--time-to-rows", action="store_true",  # bench/bench_startup.py
                        help="print a line once the first rows of the tab it opens on "
                        "(Today or Orders) are painted, then quit (bench/bench_startup.py "
                        "times it)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="build the window on a demo store, back it up, quit (exit 0)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.smoke_test:
        return smoke_test(args)
    import gc

    # Starting makes ~300k objects and no garbage: the collector walking them over and over
    # was ~15% of the time to the first rows. Paused until they are painted (issue 13).
    gc.disable()
    # The database layer before Qt: once PySide6 is imported it reads the source of every
    # module imported after it (its `__feature__` hook), ~0.1 s for SQLAlchemy's alone.
    from app.db import DatabaseError, open_database  # noqa: I001 - this order, see above
    from app.services.backups.store import StoreBackups
    from app.services.core.backend import Actor, Backend

    # Open the store and, when the window opens on Today, start reading its figures now:
    # the read (much of it in SQLite, which lets go of the interpreter) then runs while Qt
    # is imported and the window built, instead of after (issue 13).
    db, backend, fresh = _open_early(args)
    today_read = None if backend is None or fresh else _read_today_early(backend)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui.backups.controller import BackupsController
    from app.ui.common.crash import CrashReporter, setup_logging
    from app.ui.main_window import MainWindow, opening_tab

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Backroom")
    from app.ui.common.i18n import install as install_language
    from app.ui.common.i18n import translate

    install_language()  # the chosen language (Settings) and its number formats, before windows
    from app.ui.common.station_prefs import station_name
    from app.ui.common.theme import apply_theme

    apply_theme(app)   # Fusion; dark when the system (or Settings) is dark
    args.station = args.station or station_name(socket.gethostname())
    log_path = setup_logging()
    crashes = CrashReporter(log_path, parent=app)
    crashes.install()
    if db is None or backend is None:   # not opened early (see _open_early)
        if not args.db and not os.environ.get("BACKROOM_DB"):  # the shared one chosen last
            from app.ui.database.connect_dialog import database_at_start

            args.db = database_at_start()
        try:
            db = open_database(args.db)
        except DatabaseError as exc:
            QMessageBox.critical(None, translate("main", "Backroom cannot open the database"),
                                 str(exc))
            return 1
        backend = Backend(db.sessions, actor=Actor(args.user, args.station),
                          database_label=db.label)
        fresh = not backend.read(_has_products)   # then the setup guide, once
    else:
        backend.actor = Actor(args.user, args.station)   # the station's name is known now
    if db.backup_path is not None:
        QMessageBox.information(None, translate("main", "Database upgraded"), translate(
            "main", "The database was upgraded. A copy of the old one is at\n{path}").format(
                path=db.backup_path))
    if fresh:
        answer = QMessageBox.question(
            None, translate("main", "Welcome to Backroom"),
            translate("main", "This database is empty. Load a demo store (3 stores, 300 "
                      "products, 2,000 orders) to look around?\n\nChoose No to start with "
                      "your own products."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            from app.services import demo_job  # only here: every table's model, ~0.2 s

            backend.run(demo_job.make_demo)
    from app.ui.people.login import sign_in_at_start

    if not sign_in_at_start(backend, args.station):  # people with PINs: who works here?
        if today_read is not None:
            today_read.thread.join(30)
        db.dispose()
        return 0
    backups = BackupsController(StoreBackups.of(db), parent=app)
    # Today for who may see money, Orders for a packer (issue 18); decided once, at start.
    start_on = opening_tab(backend)
    if today_read is not None and start_on == "Today":   # the page's first refresh takes it
        from app.ui.today import early

        early.offer(early.StartedRead(today_read.day, today_read.user, today_read.future))
    import time

    building = time.perf_counter()   # --time-to-rows: the opening tab's own part
    windows = [MainWindow(backend, backups=backups, start_on=start_on, finish_later=True)]
    from app.ui.common.remember import remember_window

    remember_window(windows[0], "main")   # size and splitters as they were left

    def reload_window(_result: object) -> None:
        # A restore replaced the data under every tab: a new window reads it afresh (the
        # engine reconnects by itself; restore closed its connections).
        old = windows.pop()
        windows.append(MainWindow(backend, backups=backups, start_on=start_on))
        windows[-1].setGeometry(old.geometry())
        windows[-1].show()
        old.close()
        old.deleteLater()

    backups.restored.connect(reload_window)
    windows[0].show()
    if fresh:
        windows[0].shell.offer_first_run()   # unless done (or skipped) before

    def started(rows: int) -> None:
        if args.time_to_rows:   # nothing more: no menus to finish, no backup
            _say_rows_painted(rows, start_on, time.perf_counter() - building)
            app.quit()
            return
        # What the start made stays for good: set it aside, so no collection walks it.
        gc.freeze()
        gc.enable()
        # Then the menus and status-bar parts the first paint did not need.
        if windows:
            windows[0].finish_start()
        # The backup on start copies the whole file on the worker: after the rows, not
        # beside the first read (a 1.3 GB store at 1M orders).
        backups.start()  # a backup now, on the worker, and the daily check

    _when_rows_painted(windows[0], start_on, started)
    code = app.exec()
    backups.stop()
    _stop_jobs(windows)
    if today_read is not None:   # not taken (someone else signed in): let it end
        today_read.thread.join(30)
    db.dispose()
    return code


class _TodayRead(NamedTuple):
    day: date
    user: str
    future: Future[Any]
    thread: threading.Thread


def _read_today_early(backend: Backend) -> _TodayRead | None:
    """Start Today's figures' read on a thread when the window will open on Today without
    asking who works (app/ui/today/early.py takes it to the page); None otherwise.

    The same rules as the window's (`opening_tab`: who may see money opens on Today) and as
    signing in at start (`sign_in_at_start`: nobody is asked when no one has a PIN and the
    name given is one of the people), asked of the services: app.ui imports Qt."""
    from app.services.core.permissions import person
    from app.services.people import accounts

    try:
        if backend.read(accounts.sign_in_needed) or not backend.read(
                person, backend.actor.user).may("see_money"):
            return None
    except Exception:   # not one of the people (PermissionDenied), or worse: asked again
        return None     # once Qt is up, where sign-in and the crash reporter answer
    import importlib
    from datetime import datetime

    from app.services.insights.today import today_view

    # What the read imports on its way (the push nudge's count) imported here, before the
    # thread: every model class is declared before it configures the mappers, none while.
    importlib.import_module("app.services.push.staleness")
    day = datetime.now().astimezone().date()   # the page's day (TodayPage.day)
    future: Future[Any] = Future()

    def run() -> None:
        future.set_running_or_notify_cancel()
        try:
            future.set_result(backend.read(today_view, day))
        except BaseException as exc:   # the page shows it, as a read of its own
            future.set_exception(exc)

    thread = threading.Thread(target=run, name="today-early-read", daemon=True)
    thread.start()
    return _TodayRead(day, backend.actor.user, future, thread)


def _open_early(args: argparse.Namespace) -> tuple[Database | None, Backend | None, bool]:
    """The database opened before Qt is imported, its backend, and whether it is a new
    store (no products). (None, None, False) when a dialog must ask for its password or it
    does not open: main() then opens it once Qt is up, as before, and
    says why it cannot (or the crash reporter does)."""
    if not args.db and not os.environ.get("BACKROOM_DB"):
        # The remembered database (QtCore only, no widgets yet); one whose password was not
        # kept is asked for in a dialog once Qt is up. None: the file in the data folder.
        from app.services.database.urls import needs_password
        from app.ui.database.remembered import remembered_database

        url = remembered_database()
        if url is not None and needs_password(url):
            return None, None, False
        args.db = url
    from app.db import open_database
    from app.services.core.backend import Actor, Backend

    db = None
    try:
        db = open_database(args.db)
        # The station's name (its settings are read with Qt) is set once Qt is up.
        backend = Backend(db.sessions, actor=Actor(args.user, args.station),
                          database_label=db.label)
        return db, backend, not backend.read(_has_products)
    except Exception:   # opened again after Qt, which reports it
        if db is not None:
            db.dispose()
        return None, None, False


def _stop_jobs(windows: Sequence[object]) -> None:
    """Cancel the windows' background jobs (Today's summary catching up can run for
    minutes on a big store) and wait for them: a job running on after the database is
    closed would open it again and leave it looking uncleanly closed, so the next start
    would check the whole file."""
    from app.ui.common.workers import JobRunner

    runners = [r for w in windows for r in w.findChildren(JobRunner)]  # type: ignore[attr-defined]
    for runner in runners:
        runner.cancel_all()
    for runner in runners:
        runner.wait(30_000)


def _has_products(session: Session) -> bool:
    """Does the store hold any product? One row asked for, nothing else imported (the
    catalogue's service, with its writers, cost ~0.1 s of the start)."""
    from sqlalchemy import select

    from app.models import Product

    return session.scalar(select(Product.id).limit(1)) is not None


# The table whose first rows painted mean "the window is ready", per tab it may open on:
# the Orders list, Today's figures per store (they arrive with its to-do list).
FIRST_ROWS = {"Orders": ("table", "model"), "Today": ("stores_view", "stores")}


# With BACKROOM_LIST_MODULES=1: the modules imported when the first rows were painted.
PAINTED_WITH: set[str] = set()

# A store with no rows to show (a new one) is started all the same after this long.
STARTED_WITHOUT_ROWS_MS = 10_000


def _when_rows_painted(window: object, title: str, then: Callable[[int], None]) -> None:
    """`then(rows)` once, after the opening tab's table has painted with rows in it (or
    after STARTED_WITHOUT_ROWS_MS with none): the moment the window is ready to work in."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    tab = window.tab(title)  # type: ignore[attr-defined]
    view_name, model_name = FIRST_ROWS[title]
    viewport = getattr(tab, view_name).viewport()
    model = getattr(tab, model_name)
    called: list[int] = []

    def done() -> None:
        if not called:
            viewport.removeEventFilter(watch)
            called.append(model.rowCount())
            then(called[0])

    class Watch(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and model.rowCount() > 0:
                if not PAINTED_WITH and os.environ.get("BACKROOM_LIST_MODULES"):
                    PAINTED_WITH.update(sys.modules)   # what this paint had imported
                QTimer.singleShot(0, done)   # after this paint: the rows are on the screen
            return False

    watch = Watch(viewport)
    viewport.installEventFilter(watch)
    QTimer.singleShot(STARTED_WITHOUT_ROWS_MS, done)


def _say_rows_painted(rows: int, title: str, window: float) -> None:
    """The bench reads the CPU time and the seconds from building the window to the rows;
    with BACKROOM_LIST_MODULES=1 a second line lists what was imported when the rows were
    painted (tests/ui/test_lazy_tabs.py: no reportlab, numpy, ... yet)."""
    import time

    print(f"rows painted: {rows} rows on {title}, cpu {time.process_time():.3f} s, "
          f"window to rows {window:.3f} s", flush=True)
    if os.environ.get("BACKROOM_LIST_MODULES"):
        names = {n if n.startswith(("PySide6.", "app.", "sqlalchemy.dialects.")) else
                 n.split(".")[0] for n in PAINTED_WITH or sys.modules}
        print(f"modules: {' '.join(sorted(names))}", flush=True)


def smoke_test(args: argparse.Namespace) -> int:
    """Start as a store owner would, without a person: proves a packaged build works."""
    import tempfile
    import time
    from pathlib import Path

    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.db import open_database
    from app.services import demo_job
    from app.services.backups.store import StoreBackups
    from app.services.core.backend import Actor, Backend
    from app.services.stock import catalog
    from app.ui.backups.controller import BackupsController
    from app.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    # A tab's background read that raises goes to sys.excepthook (common/workers.py): in the
    # packaged app that is a missing module, so it fails the smoke test instead of a log line.
    crashes: list[str] = []
    shown = sys.excepthook

    def crashed(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        crashes.append(f"{kind.__name__}: {exc}")
        shown(kind, exc, tb)   # the traceback too, or a fault outside a tab says nothing

    sys.excepthook = crashed
    args.station = args.station or socket.gethostname()
    folder = Path(tempfile.mkdtemp(prefix="backroom-smoke-"))
    db = open_database(args.db or str(folder / "demo.sqlite3"))
    backend = Backend(db.sessions, actor=Actor(args.user, args.station),
                      database_label=db.label)
    if backend.read(catalog.count_products) == 0:
        backend.run(demo_job.make_demo, products=30, orders=100)
    backups = BackupsController(StoreBackups.of(db, settings_path=folder / "backups.json"))
    window = MainWindow(backend, backups=backups)
    window.show()
    app.processEvents()
    # Every tab once: a module a tab imports late (QtCharts for Insights) must be packaged.
    from PySide6.QtWidgets import QTabWidget

    tabs = window.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        app.processEvents()
        # and every page inside it (Insights' customers page is where pandas is first used)
        page = tabs.widget(index)
        for inner in page.findChildren(QTabWidget) if page is not None else []:
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                app.processEvents()
    # A tab is built when first shown, and starts reading: let those reads end before the
    # database is closed under them.
    from app.ui.common.workers import JobRunner

    for runner in window.findChildren(JobRunner):
        runner.wait(30_000)
    app.processEvents()
    results: list[object] = []
    backups.backed_up.connect(results.append)
    backups.failed.connect(results.append)
    backups.back_up_now(folder / "backups")
    while not results:  # the backup runs on the worker; its report arrives as an event
        backups.wait(100)
        app.processEvents()
    window.close()
    app.processEvents()
    count = backend.read(catalog.count_products)
    if problem := _parse_ahead_works(folder):
        crashes.append(problem)
    db.dispose()
    import shutil

    shutil.rmtree(folder, ignore_errors=True)  # the demo store and its backup
    if isinstance(results[0], str) or crashes:
        print(f"smoke test FAILED: {results[0] if isinstance(results[0], str) else ''}"
              f"{'; '.join(crashes)}", file=sys.stderr)
        return 1
    print(f"smoke test ok: {count} products, window and "
          f"backup in {time.perf_counter() - started:.1f} s")
    return 0


def _parse_ahead_works(folder: Any) -> str:
    """A big order file is parsed in a second process of the app (parse_ahead): in the
    packaged app that process is the app's own executable again. "" when it parses."""
    from app.services.importers import parse_ahead
    from app.services.importers.order_stream import OrderFile

    path = folder / "orders_export.csv"
    path.write_text("Name,Created at,Lineitem quantity,Lineitem name,Lineitem price,Currency\n"
                    "#1,2026-11-01 10:00:00 +0000,1,Mug,4.50,EUR\n"
                    "#2,2026-11-01 11:00:00 +0000,2,Cup,3.00,EUR\n", encoding="utf-8")
    try:
        found = sum(len(b.orders) for b in parse_ahead.batches(
            OrderFile([path], "shopify").local_batches, lambda _fraction: None))
    except Exception as exc:  # noqa: BLE001 - the smoke test says what failed
        return f"parsing in a second process: {type(exc).__name__}: {exc}"
    return "" if found == 2 else f"parsing in a second process found {found} orders, not 2"


if __name__ == "__main__":
    # The packaged app is also the process a big import parses its file in (parse_ahead):
    # started with multiprocessing's arguments, it runs that and nothing else.
    import multiprocessing

    multiprocessing.freeze_support()
    raise SystemExit(main())
