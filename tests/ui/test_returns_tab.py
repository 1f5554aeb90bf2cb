"""The returns station driven like a person at the bench does: a scanner typing at 2 ms per
key + Enter, the keyboard for the rest. Stock and the database check agree after each step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models import StockLevel, StockMove
from app.services.maintenance import check_database
from app.services.returns import reads
from app.services.stock import ledger
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.scanner_input import ScannerSettings
from app.ui.returns.tab import ReturnsTab
from tests.packing_world import MUG_EAN, TEA_UPC
from tests.unit.returns.world import shipped_world

SCAN_GAP_MS = 2
SETTINGS = ScannerSettings(max_gap_ms=250)


def scan(widget, code: str) -> None:
    target = QApplication.focusWidget() or widget
    for ch in code:
        QTest.keyClick(target, ch, Qt.KeyboardModifier.NoModifier, SCAN_GAP_MS)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, SCAN_GAP_MS)


def key(widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget() or widget, k, mods)


def typed(widget, text: str) -> None:
    """A person typing: slower than the scanner threshold, so it reaches the field."""
    for ch in text:
        QTest.keyClick(QApplication.focusWidget() or widget, ch, Qt.KeyboardModifier.NoModifier,
                       300)


@pytest.fixture
def tab(qtbot, backend):
    world = backend.run(shipped_world)
    sounds = FeedbackSounds(muted=True)
    heard: list[str] = []
    sounds.requested.connect(heard.append)
    widget = ReturnsTab(backend, scanner=SETTINGS, sounds=sounds)
    qtbot.addWidget(widget)
    widget.resize(1400, 850)
    widget.show()
    qtbot.waitExposed(widget)
    widget.station.table.setFocus()
    return widget, world, heard


def on_hand(backend, product_id: int, code: str) -> int:
    def job(s):
        loc = ledger.location_id(s, code)
        return s.scalar(select(StockLevel.on_hand).where(
            StockLevel.product_id == product_id, StockLevel.location_id == loc)) or 0
    return backend.read(job)


def moves(backend) -> int:
    return backend.read(lambda s: s.scalar(select(func.count(StockMove.id))))


def db_ok(backend) -> bool:
    return backend.read(check_database).ok


def test_a_whole_return_by_scan(qtbot, backend, tab):
    widget, w, heard = tab
    st = widget.station
    # A parcel arrives: scan the order's slip; the station asks what came back.
    scan(st, "#1001")
    assert st.order is not None and "scan each item" in st.banner.text()
    scan(st, MUG_EAN)
    scan(st, TEA_UPC)
    assert sum(st.chosen.values()) == 2
    scan(st, "PEN-1")                       # not on this order: refused
    assert "not on order #1001" in st.banner.text() and heard[-1] == "error"
    # The reason by keyboard: Alt+R, then pick "Damaged in transit" and come back.
    key(st, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is st.reason
    st.reason.setCurrentIndex(st.reason.findData("damaged"))
    key(st, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert st.view is not None and st.view.expected == 2
    assert st.view.number in st.banner.text()
    assert db_ok(backend)

    # Unit 1: scan the bin, then the mug: it goes back on the shelf.
    before = on_hand(backend, w.mug, "A-01-1")
    scan(st, "A-01-1")
    assert "bin A-01-1" in st.next_unit.text()
    scan(st, MUG_EAN)
    assert "MUG-RED" in st.banner.text() and heard[-1] == "good"
    assert on_hand(backend, w.mug, "A-01-1") == before + 1
    assert db_ok(backend)

    # A wrong item: refused, nothing moves.
    count = moves(backend)
    scan(st, "PEN-1")
    assert "Wrong item" in st.banner.text() and heard[-1] == "error"
    scan(st, MUG_EAN)                       # one mug too many
    assert "Too many MUG-RED" in st.banner.text()
    assert moves(backend) == count

    # Unit 2: F3 damaged, scan SCRAP, then the tea.
    key(st, Qt.Key.Key_F3)
    scan(st, "SCRAP")
    assert "Damaged → Scrap" in st.next_unit.text()
    scan(st, TEA_UPC)
    assert heard[-1] == "done" and "All arrived" in st.banner.text()
    assert moves(backend) == count + 1
    assert on_hand(backend, w.tea, "B-02-1") == 4  # 5 - 1 shipped; the scrapped one never back
    assert db_ok(backend)

    # The refund: Alt+A, type it, Enter.
    key(st, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is st.amount
    typed(st, "24.00")
    key(st, Qt.Key.Key_Return)
    assert "Refund of €24.00 recorded" in st.banner.text()
    view = backend.read(reads.return_view, st.view.id)
    assert view.status == "refunded" and view.refunded_minor == 2400
    assert [(ln.sku, ln.received, ln.condition, ln.disposition) for ln in view.lines] == [
        ("MUG-RED", 1, "new", "restock A-01-1"), ("TEA-50", 1, "damaged", "scrap")]
    assert db_ok(backend)


def test_item_before_place_waits_and_scanning_the_slip_reopens(qtbot, backend, tab):
    widget, w, heard = tab
    st = widget.station
    scan(st, "#1001")
    scan(st, "MUG-RED")
    st.reason.setCurrentIndex(st.reason.findData("changed_mind"))
    key(st, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    number = st.view.number
    key(st, Qt.Key.Key_Escape)
    assert st.view is None
    scan(st, number)                        # the return slip's barcode
    assert st.view is not None and st.view.number == number
    scan(st, MUG_EAN)                       # no place yet: it waits
    assert "where does it go" in st.banner.text() and st.pending
    count = moves(backend)
    key(st, Qt.Key.Key_F7)                  # quarantine
    assert moves(backend) == count + 1
    assert on_hand(backend, w.mug, "QUARANTINE") == 1
    assert db_ok(backend)


def test_the_list_shows_and_finds_returns(qtbot, backend, tab):
    widget, _w, _heard = tab
    st = widget.station
    scan(st, "#1001")
    scan(st, "TEA-50")
    st.reason.setCurrentIndex(st.reason.findData("damaged"))
    key(st, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    key(st, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    page = widget.list_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.search.setText("TEA-50")
    page.refresh()
    qtbot.waitUntil(lambda: page.count.text() == "1 returns")
    page.search.setText("PEN-1")
    page.refresh()
    qtbot.waitUntil(lambda: page.count.text() == "0 returns")
    page.runner.wait()


def test_the_returns_tab_is_ctrl_5_in_the_main_window(qtbot, demo_backend):
    from app.ui.main_window import MainWindow

    window = MainWindow(demo_backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.tab("Returns").sounds.set_muted(True)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts only fire in the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.tab("Returns")
    assert window.tab("Returns").open_order("#nope") is False
