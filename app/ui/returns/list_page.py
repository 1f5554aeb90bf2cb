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
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.returns import RETURN_STATUSES
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError, Cancelled
from app.services.importers.csv_text import Source
from app.services.importers.returns_detect import parse_returns
from app.services.returns import importing, reads
from app.ui.common.column_widths import fit_columns
from app.ui.common.empty_state import add_empty_state
from app.ui.common.file_dialogs import ask_open_path, ask_save_path
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.workers import CancelToken, JobRunner, JobSignals

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
COLUMNS = (QT_TRANSLATE_NOOP("Column", "Return"), QT_TRANSLATE_NOOP("Column", "Order"),
           QT_TRANSLATE_NOOP("Column", "Store"), QT_TRANSLATE_NOOP("Column", "Customer"),
           QT_TRANSLATE_NOOP("Column", "Status"), QT_TRANSLATE_NOOP("Column", "Reason"),
           QT_TRANSLATE_NOOP("Column", "Opened"), QT_TRANSLATE_NOOP("Column", "Age"),
           QT_TRANSLATE_NOOP("Column", "Tracking"))
# A return's status (app/models/returns.RETURN_STATUSES) as a person says it.
STATUS_WORDS = {"expected": QT_TRANSLATE_NOOP("returns.list_page", "Expected"),
                "open": QT_TRANSLATE_NOOP("returns.list_page", "Open"),
                "awaiting": QT_TRANSLATE_NOOP("returns.list_page", "Awaiting"),
                "received": QT_TRANSLATE_NOOP("returns.list_page", "Received"),
                "refunded": QT_TRANSLATE_NOOP("returns.list_page", "Refunded"),
                "closed": QT_TRANSLATE_NOOP("returns.list_page", "Closed")}


# The reasons every store starts with (app/services/returns/reasons.DEFAULT_REASONS), copied
# so lupdate finds them: shown in the chosen language until the owner renames one.
REASON_WORDS = (QT_TRANSLATE_NOOP("returns.list_page", "Wrong item sent"),
                QT_TRANSLATE_NOOP("returns.list_page", "Damaged in transit"),
                QT_TRANSLATE_NOOP("returns.list_page", "Not as described"),
                QT_TRANSLATE_NOOP("returns.list_page", "Changed mind"),
                QT_TRANSLATE_NOOP("returns.list_page", "Doesn't fit"),
                QT_TRANSLATE_NOOP("returns.list_page", "Defective"),
                QT_TRANSLATE_NOOP("returns.list_page", "Arrived too late"),
                QT_TRANSLATE_NOOP("returns.list_page", "Other"))


def reason_words(label: str) -> str:
    """A return reason as shown: a starting reason in the chosen language, any other as the
    owner named it."""
    return translate("returns.list_page", label) if label in REASON_WORDS else label


def return_status_words(status: str) -> str:
    """'Received' (已收货); a status not in the list as it is, capitalised."""
    if status in STATUS_WORDS:
        return translate("returns.list_page", STATUS_WORDS[status])
    return status.capitalize()


class ReturnsModel(QAbstractTableModel):
    def __init__(self, page_more: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[reads.ReturnRow] = []
        # What each row shows, worked out once: painting and sizing the columns ask for
        # every cell many times.
        self._shown: list[tuple[tuple[str, ...], bool] | None] = []
        self.more = False
        self._page_more = page_more   # (after key) -> next rows
        self.now = datetime.now().astimezone()

    def set_rows(self, rows: list[reads.ReturnRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._shown = [None] * len(rows)
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
            self._shown.extend([None] * len(more))
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def _cells(self, i: int) -> tuple[tuple[str, ...], bool]:
        shown = self._shown[i]
        if shown is None:
            row = self.rows[i]
            late = row.overdue()
            overdue = translate("returns.list_page", " · OVERDUE") if late else ""
            shown = ((row.number, row.order_number, row.store, row.customer,
                      return_status_words(row.status).lower() + overdue,
                      reason_words(row.reason),
                      row.created_at.strftime("%Y-%m-%d"),
                      translate("returns.list_page", "{days} d").format(days=row.age_days()),
                      row.tracking), late)
            self._shown[i] = shown
        return shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(index.row())[0][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and self._cells(index.row())[1]:
            return QBrush(QColor("#c62828"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("Column", COLUMNS[section])
        return None


class ReturnsListPage(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = JobRunner(self)
        self._signals: JobSignals | None = None
        self._token: CancelToken | None = None
        self._stop: reads.ListStop | None = None   # the list read under way, if any
        self.model = ReturnsModel(self._more, self)
        self.status = QComboBox()
        self.status.addItem(translate("returns.list_page", "All statuses"), "")
        for s in RETURN_STATUSES:
            self.status.addItem(return_status_words(s), s)
        self.store = QComboBox()
        self.overdue = QCheckBox(translate("returns.list_page", "&Overdue only"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("returns.list_page",
            "Search: return or order number, customer, SKU, tracking"))
        self.export_button = QPushButton(translate("returns.list_page",
                                                   "E&xport CSV…"))  # Alt+E is the Receive page
        self.import_button = QPushButton(translate("returns.list_page", "&Import returns…"))
        self.import_button.setToolTip(translate("returns.list_page",
            "Open the returns a store's file announces: Amazon's returns report, or a Shopify "
            "orders export with refunds. Importing the same file again changes nothing."))
        self.import_result = QLabel()
        self.import_result.setWordWrap(True)
        self.import_result.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.empty = add_empty_state(
            self.table, translate("returns.list_page",
                "No returns yet — Import returns… from a store's file, or scan a parcel in at "
                "the returns station."),
            [(translate("returns.list_page", "Import returns…"), self.import_button.click)],
            filtered=lambda: bool(self.search.text().strip()),
            filtered_text=translate("returns.list_page",
                                    "No return matches the search and filters."),
            icon_name="returns")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        # Columns fit the first rows in sight (measuring all 200 loaded rows cost a third of
        # a second); widths the user drags are kept.
        fit_columns(self.table, "returns/list")
        bar = QHBoxLayout()
        search_label = QLabel(translate("returns.list_page", "&Search"))
        search_label.setBuddy(self.search)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.status)
        bar.addWidget(self.store)
        bar.addWidget(self.overdue)
        bar.addWidget(self.export_button)
        bar.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.import_result)
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
        self.import_button.clicked.connect(self.ask_import)
        self._stores_loaded = False

    def current_filter(self) -> reads.ReturnFilter:
        return reads.ReturnFilter(status=self.status.currentData() or "",
                                  store_id=self.store.currentData(),
                                  text=self.search.text(), overdue=self.overdue.isChecked())

    def _load_stores(self) -> None:
        self.store.blockSignals(True)
        self.store.clear()
        self.store.addItem(translate("returns.list_page", "All stores"), None)
        for sid, name in self.backend.read(reads.stores):
            self.store.addItem(name, sid)
        self.store.blockSignals(False)
        self._stores_loaded = True

    def refresh(self) -> None:
        """Load the first page in the worker (the list stays usable meanwhile)."""
        if not self._stores_loaded:
            self._load_stores()
        self._typing.stop()   # Enter before the pause: this read is the one for the text
        # A newer filter makes the read under way stale: stop it, even mid-statement, so
        # the worker is free for this one at once.
        if self._stop is not None:
            self._stop.stop()
        flt = self.current_filter()
        stop = self._stop = reads.ListStop()
        self.count.setText(translate("returns.list_page", "Loading…"))

        def job(_progress: Any, _token: CancelToken) -> Any:
            try:
                rows = self.backend.read(reads.list_returns, flt, limit=PAGE, stop=stop)
            except Cancelled:
                return None
            return None if stop.stopped else (flt, rows)

        self._signals, self._token = self.runner.start(job, finished=self._loaded,
                                                       failed=self._failed)

    def _loaded(self, result: Any) -> None:
        if result is None:
            return
        flt, rows = result
        if flt != self.current_filter():
            return  # a newer filter is loading
        self.model.set_rows(rows)
        more = "+" if self.model.more else ""
        self.count.setText(translate("returns.list_page", "{count}{more} returns").format(
            count=len(rows), more=more))

    def _failed(self, exc: BaseException) -> None:
        self.count.setText(translate("returns.list_page", "Could not load the returns: {error}")
                           .format(error=exc))

    def _more(self, after: tuple[datetime, int]) -> list[reads.ReturnRow]:
        try:
            return self.backend.read(reads.list_returns, self.current_filter(), after=after,
                                     limit=PAGE)
        except BackroomError as exc:
            self.count.setText(str(exc))
            return []

    def export(self) -> None:
        path = ask_save_path(self, translate("returns.list_page", "Export returns"), "returns.csv",
                             translate("returns.list_page", "CSV files (*.csv)"))
        if not path:
            return
        flt = self.current_filter()

        def job(_progress: Any, _token: CancelToken) -> Any:
            Path(path).write_text(self.backend.read(reads.export_csv, flt), encoding="utf-8")
            return path

        self._signals, self._token = self.runner.start(
            job, finished=lambda p: self.count.setText(
                translate("returns.list_page", "Exported to {path}").format(path=p)),
            failed=self._failed)

    # -- importing a store's returns file ----------------------------------------------------
    def ask_import(self) -> None:
        path = ask_open_path(self, translate("returns.list_page", "Import a store's returns file"),
                             translate("returns.list_page",
                                       "Returns files (*.csv *.txt *.tsv);;All files (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """Read and import in the worker; the store is the one the list shows, if one is
        chosen, else the only store of the file's kind."""
        store = self.store.currentText() if self.store.currentData() is not None else ""
        self.import_result.setStyleSheet("")
        self.import_result.setText(translate("returns.list_page", "Importing {file}…").format(
            file=Path(path).name))

        def job(_progress: Any, _token: CancelToken) -> Any:
            parsed = parse_returns(Source(Path(path).name, Path(path).read_bytes()))
            return self.backend.run(importing.import_returns, self.backend.actor,
                                    Path(path).name, parsed, store=store)

        self._import_signals, _token = self.runner.start(job, finished=self._imported,
                                                         failed=self._import_failed)

    def _imported(self, done: importing.ReturnsImport) -> None:
        lines = [translate("returns.list_page",
                           "{file} ({format}, store {store}): {opened} returns opened, "
                           "{already} imported before, {skipped} rows left out.").format(
            file=done.file, format=done.format, store=done.store, opened=len(done.opened),
            already=done.already, skipped=len(done.skipped))]
        lines += [translate("returns.list_page", "Row {row}: {why}").format(row=row, why=why)
                  for row, why in done.skipped[:8]]
        if len(done.skipped) > 8:
            lines.append(translate("returns.list_page", "… and {count} more rows left out.")
                         .format(count=len(done.skipped) - 8))
        self.import_result.setText("\n".join(lines))
        self.refresh()

    def _import_failed(self, exc: BaseException) -> None:
        self.import_result.setStyleSheet("color: #c62828;")
        self.import_result.setText(str(exc))
