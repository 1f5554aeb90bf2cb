"""The Suppliers tab driven by keyboard and a scanner (2 ms per key + Enter): a supplier,
a PO, part of it shipped by sea (incoming shows), received by scan with one short and one
damaged unit, put away by a bin scan; the ledger and `db check` agree; scorecard shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import maintenance
from app.services.stock import reads as stock_reads
from app.services.suppliers import reads, scorecard
from app.ui.common.scanner_input import ScannerSettings
from app.ui.suppliers.dialogs import NewPODialog, ShipDialog, SupplierDialog
from app.ui.suppliers.tab import SuppliersTab
from tests.unit.suppliers.world import MUG_EAN, TEA_EAN, make_world, on_hand

SCAN_GAP_MS = 2
SETTINGS = ScannerSettings(max_gap_ms=250)


def scan(widget, code: str) -> None:
    target = QApplication.focusWidget() or widget
    for ch in code:
        QTest.keyClick(target, ch, Qt.KeyboardModifier.NoModifier, SCAN_GAP_MS)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, SCAN_GAP_MS)


def key(widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget() or widget, k, mods)


def focus_back(qtbot, widget) -> None:
    """After a dialog closes, the keyboard is back in the tab (a window manager gives it
    back by itself; the offscreen platform needs to be told)."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.pages.currentWidget().setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def when_modal(kind, answer) -> list[object]:
    """Answer the modal dialog of `kind` about to open, by keyboard."""
    seen: list[object] = []

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, check)
            return
        seen.append(dialog)
        answer(dialog)
        if dialog.isVisible():  # the answer did not close it: fail, do not hang
            seen.append(dialog.error.text())
            dialog.reject()

    QTimer.singleShot(0, check)
    return seen


def test_supplier_po_ship_receive_by_scan(qtbot, backend):
    world = backend.run(make_world)
    tab = SuppliersTab(backend, scanner=SETTINGS)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitActive(tab)
    tab.suppliers.table.setFocus()
    qtbot.waitUntil(tab.suppliers.table.hasFocus)

    def new_supplier(d: SupplierDialog) -> None:
        QTest.keyClicks(d.name, "Shenzhen Lights")
        d.currency.setFocus()
        QTest.keyClicks(d.currency, "eur")
        QTest.keyClick(d.currency, Qt.Key.Key_Return)

    seen = when_modal(SupplierDialog, new_supplier)
    key(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen and seen[0].saved_id is not None
    assert "Shenzhen Lights" in [r.name for r in tab.suppliers.rows]
    focus_back(qtbot, tab)

    key(tab, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert tab.pages.currentWidget() is tab.orders
    qtbot.waitUntil(tab.orders.table.hasFocus)
    standing: list[str] = []

    def new_po(d: NewPODialog) -> None:
        d.supplier.setCurrentIndex(d.supplier.findText("Shenzhen Lights (EUR)"))
        standing.append(d.standing.text())
        d.lines.setFocus()
        QTest.keyClicks(d.lines, "MUG-RED:6@2.50")
        QTest.keyClick(d.lines, Qt.Key.Key_Return)
        QTest.keyClicks(d.lines, "TEA-50:4@1.00")
        assert not d.rate.isEnabled()                   # EUR to EUR: no rate to give
        d.expected.setFocus()
        QTest.keyClick(d.expected, Qt.Key.Key_Return)

    seen = when_modal(NewPODialog, new_po)
    key(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen and seen[0].created is not None, seen and seen[0].error.text()
    assert "On trial" in standing[0] and "on trial" in standing[0]   # class, and a warning
    po = seen[0].created
    focus_back(qtbot, tab)
    assert tab.orders.current().number == po.number
    key(tab, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert backend.read(reads.po_detail, po.id)["status"] == "sent"

    def ship(d: ShipDialog) -> None:
        d.lines.setPlainText("MUG-RED:6")       # only the mugs go on this boat
        d.tracking.setFocus()
        QTest.keyClicks(d.tracking, "MSKU7654321")
        QTest.keyClick(d.tracking, Qt.Key.Key_Return)

    seen = when_modal(ShipDialog, ship)
    key(tab, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen and seen[0].shipped is not None, seen and seen[0].error.text()
    assert seen[0].shipped.units == 6
    focus_back(qtbot, tab)
    rows = backend.read(stock_reads.level_rows, skus=["MUG-RED"], every_place=True)
    assert {r.incoming for r in rows} == {6}
    assert backend.read(on_hand, world.mug, "IN-TRANSIT") == 6

    # Receiving: the tracking number opens it; then items, F6 damaged, F7 rest short, bin.
    key(tab, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    page = tab.receiving
    qtbot.waitUntil(page.code.hasFocus)
    scan(page, "MSKU7654321")
    assert page.tally is not None and page.tally.po.number == po.number
    for _ in range(4):
        scan(page, MUG_EAN)
    before = backend.read(on_hand, world.tea, "A-01-1")
    scan(page, TEA_EAN)                                   # not on this shipment
    assert "Not on" in page.feedback.text()
    scan(page, "4006381333932")                           # misread check digit
    assert "Misread" in page.feedback.text()
    assert backend.read(on_hand, world.tea, "A-01-1") == before
    key(page, Qt.Key.Key_F6)
    assert page.damaged.isChecked()
    scan(page, MUG_EAN)                                   # one broken mug
    key(page, Qt.Key.Key_F6)
    QTest.keyClicks(page.code, "3")                       # typed: 3 of the next scan
    QTest.keyClick(page.code, Qt.Key.Key_Return)
    scan(page, MUG_EAN)                                   # 3 more, but only 1 is expected
    assert "only 6 expected" in page.feedback.text()
    key(page, Qt.Key.Key_F7)                              # the last mug never came
    assert page.short.isChecked()
    assert [page.table.item(0, c).text() for c in (3, 4, 5)] == ["4", "1", "1"]
    assert backend.read(on_hand, world.mug, "IN-TRANSIT") == 6   # nothing written yet
    scan(page, "B-02-1")                                  # put away: one transaction
    done = page.last_result
    assert done is not None and (done.good, done.damaged, done.short) == (4, 1, 1)
    assert "put away in B-02-1" in page.feedback.text()
    assert backend.read(on_hand, world.mug, "B-02-1") == 4
    assert backend.read(on_hand, world.mug, "QUARANTINE") == 1
    assert backend.read(on_hand, world.mug, "IN-TRANSIT") == 0
    report = backend.read(maintenance.check_database)
    assert report.ledger_problems == () and report.ok
    detail = backend.read(reads.po_detail, po.id)
    assert detail["status"] == "partly_received"        # the tea has not shipped yet
    assert [(ln["received"], ln["damaged"], ln["short"]) for ln in detail["lines"]] == [
        (4, 1, 1), (0, 0, 0)]
    key(tab, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    [card] = [c for c in backend.read(scorecard.scorecard) if c.name == "Shenzhen Lights"]
    assert card.defect_rate == round(1 / 5, 4)
    row = next(r for r in range(tab.scorecard.table.rowCount())
               if tab.scorecard.table.item(r, 0).text() == "Shenzhen Lights")
    assert tab.scorecard.table.item(row, 5).text() == "20.0 %"
