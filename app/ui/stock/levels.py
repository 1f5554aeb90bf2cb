"""The Levels page of the Stock tab: on hand, reserved, available and incoming per product and
bin, low stock in red, fast at 50,000 SKUs (paged from SQL), with move, adjust and history."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.stock import reads as stock_views
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.paged_model import Column, PagedTableModel
from app.ui.common.qt_helpers import add_shortcut
from app.ui.stock.history import StockHistoryView
from app.ui.stock.move_dialog import AdjustDialog, StockMoveDialog

LEVEL_COLUMNS = (
    Column("SKU", lambda r: r.sku, "sku"),
    Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda r: r.name, "name"),
    Column(QT_TRANSLATE_NOOP("Column", "Bin"), lambda r: r.bin or "—", "bin"),
    Column(QT_TRANSLATE_NOOP("Column",
        "On hand"), lambda r: r.on_hand, "on_hand", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Reserved"), lambda r: r.reserved, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Available"), lambda r: r.available, "available", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Incoming"), lambda r: r.incoming or "", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "All bins avail."), lambda r: r.total_available, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Reorder at"), lambda r: r.reorder_point, align_right=True),
)
LOW = QColor("#b00020")
LOW_BACKGROUND = QColor("#fde7e9")


class LevelsModel(PagedTableModel[stock_views.LevelRow]):
    """Rows of products at or under their reorder point are tinted red."""

    def extra_data(self, row: stock_views.LevelRow, column: int, role: int) -> object:
        if not row.low:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(LOW_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:   # readable on the pale row, dark or not
            return QBrush(LOW if column in (5, 7) else QColor("#1a1a1a"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return translate("stock.levels",
                "Low stock: {total_available} available, reorder at {reorder_point}").format(
                total_available=row.total_available, reorder_point=row.reorder_point)
        return None


class LevelsView(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("stock.levels", "Filter by SKU, name or bin"))
        self.search.setClearButtonEnabled(True)
        self.low_only = QCheckBox(translate("stock.levels", "Low stock only"))
        self.move_button = QPushButton(translate("stock.levels", "&Move stock…"))
        self.adjust_button = QPushButton(translate("stock.levels", "&Adjust…"))
        self.model = LevelsModel(LEVEL_COLUMNS, self._fetch)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        # Fixed row heights and column widths: no measuring of 50,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        fit_columns(self.table, "stock/levels", stretch=1)   # on the rows in sight only
        self.history = StockHistoryView(backend)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.low_only)
        bar.addWidget(self.move_button)
        bar.addWidget(self.adjust_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.history)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.low_only.toggled.connect(self.refresh)
        self.move_button.clicked.connect(self.open_move)
        self.adjust_button.clicked.connect(self.open_adjust)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        add_shortcut(QKeySequence("Ctrl+M"), self, self.open_move)
        self.refresh()

    def _fetch(self, offset: int, limit: int, sort: str | None,
               desc: bool) -> list[stock_views.LevelRow]:
        return self.backend.read(stock_views.level_rows, self.search.text(),
                                low_only=self.low_only.isChecked(), offset=offset,
                                limit=limit, sort=sort or "sku", descending=desc)

    def refresh(self) -> None:
        self._debounce.stop()
        row = max(self.table.currentIndex().row(), 0)
        self.model.reload()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))

    def current_row(self) -> stock_views.LevelRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        location = self.backend.read(stock_views.location_by_code, row.bin) if row.bin else None
        self.history.show_for(row.product_id, location,
                              f"{row.sku} — {row.name}" + (translate("stock.levels",
                                  " · bin {bin}").format(
                                  bin=row.bin) if row.bin
                                                           else ""))

    def open_move(self) -> None:
        StockMoveDialog(self.backend, self).exec()
        self.refresh()

    def open_adjust(self) -> None:
        row = self.current_row()
        dialog = AdjustDialog(self.backend, row.bin if row else "", row.sku if row else "",
                              self)
        if dialog.exec():
            self.refresh()
