"""The one error path: an unexpected error in a slot or in a worker is logged with its
traceback and shown once in a calm dialog with Copy details."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from app.services.core.errors import InvalidInput
from app.ui.common.crash import LOG, CrashReporter, setup_logging
from app.ui.common.workers import JobRunner


@pytest.fixture
def reporter(qtbot, tmp_path):
    path = setup_logging(tmp_path)
    crashes = CrashReporter(path)
    crashes.install()
    yield crashes
    crashes.uninstall()
    for handler in [h for h in LOG.handlers if isinstance(h, logging.FileHandler)]:
        LOG.removeHandler(handler)
        handler.close()
    if crashes.dialog is not None:
        crashes.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown_once(qtbot, reporter):
    button = QPushButton("Go")
    qtbot.addWidget(button)

    def broken() -> None:
        raise RuntimeError("the printer driver said 42")

    button.clicked.connect(broken)
    with qtbot.waitSignal(reporter.shown, timeout=3000) as shown:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = shown.args[0]
    assert "unexpected error" in dialog.message.text() and "RuntimeError" in dialog.message.text()
    assert "the printer driver said 42" in dialog.details.toPlainText()
    dialog.copy_button.click()
    assert "Traceback" in QGuiApplication.clipboard().text()
    # a second error while the dialog is open goes into it, not into a second window
    with qtbot.assertNotEmitted(reporter.shown, wait=200):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.details.toPlainText().count("Traceback (most") == 2)
    log = reporter.log_path.read_text(encoding="utf-8")
    assert log.count("RuntimeError: the printer driver said 42") == 2
    assert "Traceback (most recent call last)" in log


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_worker_is_logged_and_shown_and_the_widget_hears_of_it(qtbot, reporter):
    runner, failures = JobRunner(), []

    def job(_progress, _token):
        raise KeyError("no such column")

    with qtbot.waitSignal(reporter.shown, timeout=3000) as shown:
        runner.start(job, failed=failures.append)
    assert "KeyError" in shown.args[0].message.text()
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], KeyError)
    assert "KeyError: 'no such column'" in reporter.log_path.read_text(encoding="utf-8")


def test_a_refusal_in_a_worker_is_the_widgets_to_show_not_a_crash(qtbot, reporter):
    runner, failures = JobRunner(), []

    def job(_progress, _token):
        raise InvalidInput("row 3, column 'qty': not a number")

    with qtbot.assertNotEmitted(reporter.shown, wait=300):
        runner.start(job, failed=failures.append)
        qtbot.waitUntil(lambda: bool(failures))
    assert str(failures[0]) == "row 3, column 'qty': not a number"
