"""The push nudge in the main window: after stock changes, the status bar says how many SKUs
wait for which stores and the Stock tab shows a banner; both open the push window; a pack
makes it read again; a push clears it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.push import pushing
from app.ui.push.nudge import PushNudge
from tests.unit.push.helpers import ACTOR, add_product, order, store

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _world(session):
    add_product(session, "MUG", 10)
    add_product(session, "PEN", 3)
    store(session, "Web", "woocommerce")
    store(session, "Counter", "woocommerce")


def _read(qtbot, nudge: PushNudge):
    with qtbot.wait_signal(nudge.updated, timeout=20_000):
        nudge.check_now()
    return nudge.needs


def _close_push_window(seen):
    def look_and_close():
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog).__name__)
        dialog.view.runner.wait()
        dialog.reject()
    QTimer.singleShot(0, look_and_close)


def test_status_bar_and_stock_banner_say_what_to_push(qtbot, backend, tmp_path):
    from app.ui.main_window import MainWindow

    backend.run(_world)
    backend.run(pushing.push_stock, "Web", tmp_path / "w.csv", actor=ACTOR)
    backend.run(pushing.push_stock, "Counter", tmp_path / "c.csv", actor=ACTOR)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    qtbot.waitExposed(window)
    nudge = window.push_nudge
    window.show_tab("Stock")
    banner = nudge.banner
    assert banner is not None and window.tab("Stock").isAncestorOf(banner)
    assert not _read(qtbot, nudge) and not nudge.hint.isVisibleTo(window)
    assert not banner.isVisibleTo(window)

    backend.run(lambda s: order(s, "Web", "woocommerce", [("MUG", 2)], "W1"))
    needs = _read(qtbot, nudge)
    assert needs.skus == 2 and [s.store for s in needs.stores] == ["Counter", "Web"]
    assert nudge.hint.isVisibleTo(window)
    assert "2 SKUs to push to 2 stores — Ctrl+Shift+P" in nudge.hint.text()
    assert "Web: 1 SKU changed since" in nudge.hint.toolTip()
    window.show_tab("Stock")
    assert banner.isVisibleTo(window)
    assert "2 SKUs to push to 2 stores" in banner.text.text()
    assert "Counter: 1 SKU changed since" in banner.text.text()

    # The status bar line and the banner's button both open the push window.
    seen: list[str] = []
    _close_push_window(seen)
    QTest.mouseClick(nudge.hint, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(10, nudge.hint.height() // 2))
    _close_push_window(seen)
    QTest.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert seen == ["PushDialog", "PushDialog"]

    # A pack makes the nudge read again by itself; the pushes clear it.
    backend.run(pushing.push_stock, "Web", tmp_path / "w2.csv", actor=ACTOR)
    backend.run(pushing.push_stock, "Counter", tmp_path / "c2.csv", actor=ACTOR)
    with qtbot.wait_signal(nudge.updated, timeout=20_000):
        window.tab("Pick & Pack").station.order_packed.emit(None)
    assert not nudge.needs and not nudge.hint.isVisibleTo(window)
    assert not banner.isVisibleTo(window)


def test_reads_asked_while_one_runs_are_read_once_more(qtbot, backend, tmp_path):
    backend.run(_world)
    backend.run(pushing.push_stock, "Web", tmp_path / "w.csv", actor=ACTOR)
    nudge = PushNudge(backend)
    with qtbot.wait_signals([nudge.updated, nudge.updated], timeout=20_000):
        nudge.check_now()
        backend.run(lambda s: order(s, "Web", "woocommerce", [("PEN", 1)], "W1"))
        nudge.check_now()      # a read is running: this one waits for it, then reads again
    nudge.wait()
    assert nudge.needs.skus == 1
