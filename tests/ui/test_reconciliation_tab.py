"""The Reconciliation tab driven by keys: import → match → resolve a problem → export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from app.services.reconciliation.demo_month import generate_demo_month
from app.ui.main_window import MainWindow
from app.ui.reconciliation.tab import ReconciliationTab


@pytest.fixture
def month(backend, tmp_path):
    made = backend.run(generate_demo_month, datetime.now(UTC))
    path = tmp_path / made.file_name
    path.write_bytes(made.data)
    return made, path


def _tab(qtbot, backend) -> ReconciliationTab:
    tab = ReconciliationTab(backend)
    qtbot.addWidget(tab)
    tab.resize(1400, 900)
    tab.show()
    return tab


def test_import_match_resolve_export(qtbot, backend, month, tmp_path):
    made, path = month
    tab = _tab(qtbot, backend)
    assert tab.payouts_model.rowCount() == 0
    with qtbot.waitSignal(tab.imported, timeout=20000) as got:
        tab.import_files([path])
    assert "1 new, 0 unchanged" in got.args[0]
    (payout,) = tab.payouts_model.rows
    assert payout.store == "Demo Amazon" and payout.matched == payout.lines - 1
    assert tab.lines_model.rowCount() == payout.lines
    kinds = sorted(p.kind for p in tab.problems_model.rows)
    assert kinds == ["duplicate", "refund_no_return", "unpaid"]
    # Drill from the charged-twice problem to its payout line and the order's settlement.
    row = [p.kind for p in tab.problems_model.rows].index("duplicate")
    tab.problems_view.setFocus()
    tab.problems_view.setCurrentIndex(tab.problems_model.index(row, 0))
    qtbot.keyClick(tab.problems_view, Qt.Key.Key_Return)
    line = tab.lines_model.rows[tab.lines_view.currentIndex().row()]
    assert line.order_number == made.double_fee and line.kind == "fee"
    assert f"Order {made.double_fee}: expected" in tab.order_label.text()
    # Resolve with a note, by keyboard only.
    tab.problems_view.setCurrentIndex(tab.problems_model.index(row, 0))
    qtbot.keyClick(tab.problems_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "note" in tab.status.text()
    qtbot.keyClicks(tab.note_edit, "Amazon refunds it next settlement")
    qtbot.keyClick(tab.note_edit, Qt.Key.Key_Return)
    assert sorted(p.kind for p in tab.problems_model.rows) == ["refund_no_return", "unpaid"]
    # The same file again changes nothing.
    with qtbot.waitSignal(tab.imported, timeout=20000) as got:
        tab.import_files([path])
    assert "0 new, 1 unchanged" in got.args[0]
    assert len(tab.problems_model.rows) == 2
    out = tmp_path / "payout.csv"
    assert tab.export_payout(out)
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert len(rows) == payout.lines + 2 and rows[-1][2] == "total"


def test_a_bad_file_is_named_and_nothing_changes(qtbot, backend, tmp_path):
    tab = _tab(qtbot, backend)
    bad = tmp_path / "bad.csv"
    bad.write_text("Transaction Date,Type,Order,Payout Status,Payout Date,Amount,Fee,Net,"
                   "Currency\n2025-06-30 10:00:00 -0400,charge,#1,paid,2025-07-02,x,0,0,USD\n")
    with qtbot.waitSignal(tab.import_failed, timeout=20000) as got:
        tab.import_files([bad])
    assert "bad.csv, row 2, column 'Amount'" in got.args[0]
    assert tab.payouts_model.rowCount() == 0


def test_models_pass_qtmodeltester(qtmodeltester, qtbot, backend, month):
    _, path = month
    tab = _tab(qtbot, backend)
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_files([path])
    for model in (tab.payouts_model, tab.lines_model, tab.problems_model):
        qtmodeltester.check(model)


def test_ctrl_7_opens_the_tab(qtbot, backend):
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    window.activateWindow()  # shortcuts only fire in the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.tabs.currentWidget(), ReconciliationTab)
