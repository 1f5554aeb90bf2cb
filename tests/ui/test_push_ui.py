"""The push page driven as a person would, by keyboard: pick a store, see what its file will
carry, save it, see only the changed SKUs next time, and the history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.push import buffers
from app.ui.push.view import PushView
from tests.unit.push.helpers import add_product, order, store

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _world(session):
    add_product(session, "MUG", 10)
    add_product(session, "PEN", 3)
    store(session, "Web", "woocommerce")
    store(session, "Shop", "shopify")
    store(session, "Etsy", "etsy")


def _rows(view):
    return [(r.channel_sku, r.available, r.buffer, r.quantity)
            for r in view.preview.loaded_rows()]


def _view(qtbot, backend):
    view = PushView(backend)
    qtbot.addWidget(view)
    qtbot.wait_signal(view.planned).wait()
    return view


def _choose(qtbot, view, name):
    index = view.store.findData(name)
    with qtbot.wait_signal(view.planned):
        if view.store.currentIndex() == index:
            view.refresh()
        else:
            view.store.setCurrentIndex(index)


def test_push_page_previews_saves_and_keeps_history(qtbot, qtmodeltester, backend, tmp_path):
    backend.run(_world)
    backend.run(buffers.set_buffer, "Web", keep=2)
    view = PushView(backend)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.ask_path = lambda name: str(tmp_path / name)
    _choose(qtbot, view, "Web")
    view.store.setFocus()
    assert _rows(view) == [("MUG", 10, 2, 8), ("PEN", 3, 2, 1)]
    assert "2 SKUs to push" in view.summary.text()
    assert "Then upload it in WordPress" in view.next_step.text()
    qtmodeltester.check(view.preview)
    with qtbot.wait_signals([view.pushed, view.planned]):
        QTest.keyClick(view.store, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "web-stock.csv").read_bytes() == (
        b"SKU,In stock?,Stock\r\nMUG,1,8\r\nPEN,1,1\r\n")
    # The confirmation and the next step stay on screen over the fresh (empty) preview.
    assert "Saved" in view.problem.text() and view.problem.isVisibleTo(view)
    assert "Products › Import" in view.problem.text()
    assert "is up to date" in view.summary.text()
    assert not view.location.isVisibleTo(view)     # a WooCommerce file has no location
    assert view.history.rowCount() == 1 and _rows(view) == []
    assert not view.save_button.isEnabled()
    # An order comes in: only MUG changed.
    backend.run(lambda s: order(s, "Web", "woocommerce", [("MUG", 1)], "W1"))
    with qtbot.wait_signal(view.planned):
        QTest.keyClick(view.store, Qt.Key.Key_F5)
    assert _rows(view) == [("MUG", 9, 2, 7)]
    view.everything.setFocus()
    with qtbot.wait_signal(view.planned):
        QTest.keyClick(view.everything, Qt.Key.Key_Space)
    assert [r[0] for r in _rows(view)] == ["MUG", "PEN"]


def test_bad_input_is_said_plainly_and_nothing_saved(qtbot, backend, tmp_path):
    backend.run(_world)
    view = _view(qtbot, backend)
    asked = []
    out = tmp_path / "out"
    out.mkdir()
    view.ask_path = lambda name: asked.append(name) or str(out / name)
    _choose(qtbot, view, "Etsy")
    assert view.problem.isVisibleTo(view) and "no file format" in view.problem.text()
    assert not view.save_button.isEnabled()
    _choose(qtbot, view, "Shop")
    assert "location" in view.problem.text() and not view.save_button.isEnabled()
    assert view.location.isVisibleTo(view)
    view.save()
    assert asked == [] and list(out.iterdir()) == []
    view.location.setFocus()
    QTest.keyClicks(view.location, "Shop location")
    with qtbot.wait_signal(view.planned):
        QTest.keyClick(view.location, Qt.Key.Key_Return)
    assert not view.problem.isVisibleTo(view) and view.save_button.isEnabled()
    with qtbot.wait_signal(view.planned):
        view.save()
    assert asked == ["shop-stock.csv"] and (out / "shop-stock.csv").exists()


def test_reachable_from_the_main_window_by_keyboard(qtbot, backend):
    from app.ui.main_window import MainWindow
    from app.ui.push.dialog import PushDialog

    backend.run(_world)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = []

    def look_and_close():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        dialog.view.runner.wait()
        dialog.reject()

    QTimer.singleShot(0, look_and_close)
    QTest.keyClick(window, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert isinstance(seen[0], PushDialog)
    assert seen[0].view.store.count() == 3


def test_long_work_shows_progress_and_esc_cancels_the_push(qtbot, backend, tmp_path):
    """While the worker is busy the bar and Cancel show; Esc stops the push before it
    writes: no file, no history, said plainly, and the file can still be saved after."""
    import threading

    from sqlalchemy import func, select

    from app.models.push import StockPush

    backend.run(_world)
    view = PushView(backend)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    out = tmp_path / "out"
    out.mkdir()
    view.ask_path = lambda name: str(out / name)
    _choose(qtbot, view, "Web")
    assert not view.progress.isVisibleTo(view) and not view.cancel_button.isVisibleTo(view)
    gate = threading.Event()
    view.runner.start(lambda _p, _t: gate.wait())   # the worker is busy with something else
    view.store.setFocus()
    QTest.keyClick(view.store, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.progress.isVisibleTo(view) and view.cancel_button.isEnabled()
    with qtbot.wait_signals([view.cancelled_or_failed, view.planned]):
        QTest.keyClick(view.store, Qt.Key.Key_Escape)
        assert "Cancelling" in view.summary.text() and not view.cancel_button.isEnabled()
        gate.set()
    assert "Cancelled: no file was written" in view.problem.text()
    assert "2 SKUs to push" in view.summary.text()   # the preview is still there
    assert list(out.iterdir()) == []
    assert backend.read(lambda s: s.scalar(select(func.count()).select_from(StockPush))) == 0
    assert not view.progress.isVisibleTo(view) and view.save_button.isEnabled()
    with qtbot.wait_signals([view.pushed, view.planned]):
        view.save()
    assert (out / "web-stock.csv").exists()
    assert not view.progress.isVisibleTo(view)
