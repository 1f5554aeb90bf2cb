"""Columns sized to their content (up to a cap) on first fill, the last one stretching, widths
the user drags kept on this PC, and a clipped cell's whole text on hover."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView, QTableWidget, QTableWidgetItem, QToolTip

from app.ui.common.column_widths import CAP, fit_columns

LONG = "Ceramic pour-over dripper, two-cup"
ENDLESS = "A return address far too long for any column: " + "Unit 4, Harbour Road " * 8


def _model(names: list[str]) -> QStandardItemModel:
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["SKU", "Name", "Note"])
    for name in names:
        model.appendRow([QStandardItem("MUG-01"), QStandardItem(name), QStandardItem("ok")])
    return model


def _view(qtbot, model, tmp_path, key="test/list", **kwargs):
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.setModel(model)
    qs = QSettings(str(tmp_path / "cols.ini"), QSettings.Format.IniFormat)
    fitter = fit_columns(view, key, qsettings=qs, **kwargs)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: fitter.fitted)
    return view, fitter


def test_a_long_value_gets_a_wider_column_up_to_the_cap(qtbot, tmp_path):
    short, _ = _view(qtbot, _model(["Mug"]), tmp_path, key="a")
    long, _ = _view(qtbot, _model(["Mug", LONG]), tmp_path, key="b")
    endless, _ = _view(qtbot, _model([ENDLESS]), tmp_path, key="c")
    name = 1
    fits = long.fontMetrics().horizontalAdvance(LONG)
    assert short.columnWidth(name) < fits <= long.columnWidth(name) < CAP
    assert endless.columnWidth(name) == CAP
    # The last column takes the room left; the SKU column is the same in all three.
    assert long.horizontalHeader().stretchLastSection()
    assert short.columnWidth(0) == long.columnWidth(0) == endless.columnWidth(0)


def test_columns_fit_when_the_rows_come_later(qtbot, tmp_path):
    table = QTableWidget(0, 2)
    table.setHorizontalHeaderLabels(["Carrier", "Service"])
    qtbot.addWidget(table)
    table.resize(800, 300)
    fitter = fit_columns(table, "later", qsettings=QSettings(
        str(tmp_path / "c.ini"), QSettings.Format.IniFormat))
    table.show()
    qtbot.waitExposed(table)
    assert not fitter.fitted     # no rows: nothing to fit to yet
    table.setRowCount(1)         # a QTableWidget adds the row, then fills it
    table.setItem(0, 0, QTableWidgetItem(LONG))
    qtbot.waitUntil(lambda: fitter.fitted)
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(LONG)


@pytest.mark.qt_log_ignore("This plugin does not support raise")   # offscreen tooltips
def test_a_clipped_cell_shows_its_whole_text_on_hover(qtbot, tmp_path):
    view, _ = _view(qtbot, _model([ENDLESS, "Mug"]), tmp_path)
    for row, expected in ((0, ENDLESS), (1, "")):
        rect = view.visualRect(view.model().index(row, 1))
        QToolTip.hideText()
        qtbot.waitUntil(lambda: not QToolTip.isVisible())
        QApplication.sendEvent(view.viewport(), QHelpEvent(
            QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())))
        assert (QToolTip.text() if QToolTip.isVisible() else "") == expected
    QToolTip.hideText()


def test_a_width_the_user_drags_is_kept_for_next_time(qtbot, tmp_path):
    view, fitter = _view(qtbot, _model([LONG]), tmp_path)
    header = view.horizontalHeader()
    edge = header.sectionViewportPosition(0) + header.sectionSize(0) - 1
    middle = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, middle))
    qtbot.mouseMove(header.viewport(), QPoint(edge + 90, middle))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton,
                       pos=QPoint(edge + 90, middle))
    dragged = view.columnWidth(0)
    assert dragged > fitter.content_width(0)
    assert fitter.saved_widths() == {0: dragged}   # only what the user touched
    view.resizeColumnToContents(1)                 # another's code sizing: not kept
    assert fitter.saved_widths() == {0: dragged}

    again, _ = _view(qtbot, _model(["Mug"]), tmp_path)
    assert again.columnWidth(0) == dragged


def test_columns_too_wide_for_the_view_give_way_widest_first(qtbot, tmp_path):
    model = QStandardItemModel(0, 4)
    model.setHorizontalHeaderLabels(["SKU", "Name", "Barcodes", "Price"])
    model.appendRow([QStandardItem(t) for t in ("MUG-01", LONG + LONG, "2000000000015 (+1)",
                                                "€12.00")])
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(520, 300)
    view.setModel(model)
    fitter = fit_columns(view, "narrow", qsettings=QSettings(
        str(tmp_path / "n.ini"), QSettings.Format.IniFormat))
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: fitter.fitted)
    widths = [view.columnWidth(c) for c in range(4)]
    assert sum(widths) <= view.viewport().width()              # no sideways scrolling
    assert not view.horizontalScrollBar().isVisible()
    assert widths[0] == fitter.content_width(0)                  # the narrow one kept whole
    assert widths[1] < fitter.content_width(1)                   # the widest gave way
    assert widths[1] >= view.horizontalHeader().sectionSizeHint(1)


def test_an_empty_list_shows_every_title_whole(qtbot, tmp_path):
    model = QStandardItemModel(0, 3)
    title = "Total (supplier's currency, before landed cost)"
    model.setHorizontalHeaderLabels(["PO", title, "Status"])
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.setModel(model)
    fitter = fit_columns(view, "empty", qsettings=QSettings(
        str(tmp_path / "e.ini"), QSettings.Format.IniFormat))
    view.show()
    qtbot.waitExposed(view)
    assert not fitter.fitted
    assert view.columnWidth(1) >= view.horizontalHeader().sectionSizeHint(1) > 100
