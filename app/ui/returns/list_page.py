"""The Returns list: status, store, overdue and search filters, newest first, CSV export.

The first page loads in the worker; further pages come as the list is scrolled (keyset
pages: each as fast as the first, however many returns there are). Overdue returns (expected
but not arrived) are shown in red.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.returns import RETURN_STATUSES
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.returns import reads
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.workers import CancelToken, JobRunner, JobSignals

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
COLUMNS = ("Return", "Order", "Store", "Customer", "Status", "Reason", "Opened", "Age",
           "Tracking")


class ReturnsModel(QAbstractTableModel):
    def __init__(self, page_more: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[reads.ReturnRow] = []
        self.more = False
        self._page_more = page_more   # (after key) -> next rows
        self.now = datetime.now().astimezone()

    def set_rows(self, rows: list[reads.ReturnRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.more = len(rows) == PAGE
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.more and bool(self.rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self.rows:
            return
        last = self.rows[-1]
        more = self._page_more((last.created_at, last.id))
        self.more = len(more) == PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (row.number, row.order_number, row.store, row.customer,
                      row.status + (" · OVERDUE" if row.overdue() else ""), row.reason,
                      row.created_at.strftime("%Y-%m-%d"), f"{row.age_days()} d", row.tracking)
            return values[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue():
            return QBrush(QColor("#c62828"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class ReturnsListPage(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = JobRunner(self)
        self._signals: JobSignals | None = None
        self._token: CancelToken | None = None
        self.model = ReturnsModel(self._more, self)
        self.status = QComboBox()
        self.status.addItem("All statuses", "")
        for s in RETURN_STATUSES:
            self.status.addItem(s.capitalize(), s)
        self.store = QComboBox()
        self.overdue = QCheckBox("&Overdue only")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: return or order number, customer, SKU, tracking")
        self.export_button = QPushButton("&Export CSV…")
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        bar = QHBoxLayout()
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.status)
        bar.addWidget(self.store)
        bar.addWidget(self.overdue)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        self.search.returnPressed.connect(self.refresh)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.store.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue.toggled.connect(lambda _b: self.refresh())
        self.export_button.clicked.connect(self.export)
        self._stores_loaded = False

    def current_filter(self) -> reads.ReturnFilter:
        return reads.ReturnFilter(status=self.status.currentData() or "",
                                  store_id=self.store.currentData(),
                                  text=self.search.text(), overdue=self.overdue.isChecked())

    def _load_stores(self) -> None:
        self.store.blockSignals(True)
        self.store.clear()
        self.store.addItem("All stores", None)
        for sid, name in self.backend.read(reads.stores):
            self.store.addItem(name, sid)
        self.store.blockSignals(False)
        self._stores_loaded = True

    def refresh(self) -> None:
        """Load the first page in the worker (the list stays usable meanwhile)."""
        if not self._stores_loaded:
            self._load_stores()
        if self._token is not None:
            self._token.cancel()
        flt = self.current_filter()
        self.count.setText("Loading…")

        def job(_progress: Any, token: CancelToken) -> Any:
            rows = self.backend.read(reads.list_returns, flt, limit=PAGE)
            return None if token.cancelled else (flt, rows)

        self._signals, self._token = self.runner.start(job, finished=self._loaded,
                                                       failed=self._failed)

    def _loaded(self, result: Any) -> None:
        if result is None:
            return
        flt, rows = result
        if flt != self.current_filter():
            return  # a newer filter is loading
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        more = "+" if self.model.more else ""
        self.count.setText(f"{len(rows)}{more} returns")

    def _failed(self, exc: BaseException) -> None:
        self.count.setText(f"Could not load the returns: {exc}")

    def _more(self, after: tuple[datetime, int]) -> list[reads.ReturnRow]:
        try:
            return self.backend.read(reads.list_returns, self.current_filter(), after=after,
                                     limit=PAGE)
        except BackroomError as exc:
            self.count.setText(str(exc))
            return []

    def export(self) -> None:
        path = ask_save_path(self, "Export returns", "returns.csv", "CSV files (*.csv)")
        if not path:
            return
        flt = self.current_filter()

        def job(_progress: Any, _token: CancelToken) -> Any:
            Path(path).write_text(self.backend.read(reads.export_csv, flt), encoding="utf-8")
            return path

        self._signals, self._token = self.runner.start(
            job, finished=lambda p: self.count.setText(f"Exported to {p}"),
            failed=self._failed)
