"""The worker runner: results, failures and progress reach the GUI thread, even at once."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from app.services.core.errors import Cancelled
from app.ui.common.workers import JobRunner


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.errors: list[BaseException] = []
        self.progress: list[tuple[int, int]] = []

    @Slot(object)
    def on_finished(self, result: object) -> None:
        self.results.append(result)

    @Slot(object)
    def on_failed(self, exc: BaseException) -> None:
        self.errors.append(exc)

    @Slot(int, int)
    def on_progressed(self, done: int, total: int) -> None:
        self.progress.append((done, total))


def test_an_instant_job_still_reports(qtbot):
    runner, receiver = JobRunner(), Receiver()
    for i in range(20):  # a job quicker than any connect made after start() would be lost
        signals, _token = runner.start(lambda _p, _t, i=i: i, finished=receiver.on_finished,
                                       failed=receiver.on_failed)
        qtbot.waitUntil(lambda i=i: len(receiver.results) == i + 1, timeout=2000)
    assert receiver.results == list(range(20))
    assert signals is not None


def test_progress_failure_and_cancel(qtbot):
    runner, receiver = JobRunner(), Receiver()

    def job(progress, token):
        for n in range(3):
            progress(n + 1, 3)
        token.cancel()
        if token.cancelled:
            raise Cancelled("stopped by the user")

    _signals, _token = runner.start(job, finished=receiver.on_finished,
                                    failed=receiver.on_failed,
                                    progressed=receiver.on_progressed)
    qtbot.waitUntil(lambda: bool(receiver.errors), timeout=2000)
    qtbot.waitUntil(lambda: len(receiver.progress) == 3, timeout=2000)
    assert receiver.progress == [(1, 3), (2, 3), (3, 3)]
    assert isinstance(receiver.errors[0], Cancelled) and not receiver.results
    runner.wait()


def test_gui_thread_adjusts_while_the_worker_imports(qtbot, tmp_path):
    """The window's two writers: the worker imports orders (reserving stock) while the GUI
    thread adjusts the same SKUs. Every job is done or refused; the ledger balances."""
    from app.db import open_database
    from app.services import maintenance
    from app.services.core.backend import Actor, Backend
    from app.services.core.errors import BackroomError
    from tests import two_writers

    path = str(tmp_path / "window.sqlite3")
    two_writers.make_store(path)
    db = open_database(path)
    try:
        importer = two_writers.run  # one job of 3 files on the worker thread
        runner, receiver = JobRunner(), Receiver()
        runner.start(lambda _p, _t: importer("import", db, 7, 3, 60, tmp_path),
                     finished=receiver.on_finished, failed=receiver.on_failed)
        gui = Backend(db.sessions, actor=Actor("owner", "office"))
        adjusted = refused = 0
        while not (receiver.results or receiver.errors):
            for bin_code in two_writers.BINS:
                try:
                    gui.run(two_writers.stock_moves.adjust, bin_code, two_writers.SKUS[0], 1,
                            "found", actor=gui.actor)
                    adjusted += 1
                except BackroomError:
                    refused += 1
            qtbot.wait(5)
        assert not receiver.errors, receiver.errors
        assert receiver.results[0]["done"] == 3 and adjusted > 0
        report = gui.read(maintenance.check_database)
        assert report.ok, (report.ledger_problems, report.schema_problems)
    finally:
        db.dispose()
