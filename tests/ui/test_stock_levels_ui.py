"""The Levels page: low stock tint, the scan-driven move dialog, adjust, history and CSV."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.models import Product
from app.services.stock import reads as stock_reads
from app.ui.stock.levels import LOW_BACKGROUND, LevelsView
from app.ui.stock.move_dialog import AdjustDialog, StockMoveDialog
from tests.unit.count_fixtures import make_shop

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def scan(qtbot, widget, code: str) -> None:
    for ch in code:
        QTest.keyClick(widget, ch, Qt.KeyboardModifier.NoModifier, 2)
    QTest.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 2)
    qtbot.wait(5)


def on_hand(backend, sku: str) -> dict[str, int]:
    rows = backend.read(stock_reads.level_rows, skus=[sku], every_place=True)
    return {r.bin: r.on_hand for r in rows}


def test_levels_low_stock_and_history(qtbot, backend, tmp_path) -> None:
    def shop_with_reorder_point(session):
        ids = make_shop(session)
        session.get(Product, ids["KC-2"]).reorder_point = 6
        return ids

    backend.run(shop_with_reorder_point)
    view = LevelsView(backend)
    qtbot.addWidget(view)
    rows = {view.model.row_at(r).sku: r for r in range(view.model.rowCount())}
    low = view.model.index(rows["KC-2"], 0).data(Qt.ItemDataRole.BackgroundRole)
    assert low.color() == LOW_BACKGROUND
    assert view.model.index(rows["KC-1"], 0).data(Qt.ItemDataRole.BackgroundRole) is None
    view.low_only.setChecked(True)
    assert [view.model.row_at(r).sku for r in range(view.model.rowCount())] == ["KC-2"]
    view.low_only.setChecked(False)
    view.table.selectRow(rows["KC-1"])
    assert view.history.model.rowCount() == 1
    assert view.history.model.index(0, 7).data() == "10"
    path = view.history.export_csv(str(tmp_path / "h.csv"))
    with open(path, encoding="utf-8") as f:
        assert [r["reason"] for r in csv.DictReader(f)] == ["receipt"]


def test_move_dialog_by_scans(qtbot, backend) -> None:
    backend.run(make_shop)
    dialog = StockMoveDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.entry.setFocus()
    scan(qtbot, dialog.entry, "KC-1")
    assert "not a bin" in dialog.message.text()
    for code in ("A-01", "2000000000011", "2000000000011", "KC-2", "B-01"):
        scan(qtbot, dialog.entry, code)
    assert "Moved to B-01" in dialog.message.text()
    assert on_hand(backend, "KC-1") == {"A-01": 8, "B-01": 2}
    assert on_hand(backend, "KC-2") == {"A-01": 3, "B-01": 1}


def test_adjust_dialog(qtbot, backend) -> None:
    backend.run(make_shop)
    dialog = AdjustDialog(backend, "A-01", "KC-1")
    qtbot.addWidget(dialog)
    dialog.change.setValue(2)
    dialog.reason.setCurrentText("damaged")
    dialog.apply()
    assert "removed" in dialog.error.text()
    dialog.change.setValue(-2)
    dialog.apply()
    assert dialog.adjustment is not None and on_hand(backend, "KC-1") == {"A-01": 8}
