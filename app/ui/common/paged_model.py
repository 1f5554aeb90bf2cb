"""A table model that asks a service for one page of rows at a time as the user scrolls.

The service does the filtering and sorting in SQL; the model keeps only the rows fetched so
far, so a list over a million orders opens as fast as one over ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui.common.i18n import translate

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")
Fetch = Callable[[int, int, str | None, bool], list[RowT]]   # offset, limit, sort, descending


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], object]          # row -> what is shown
    sort_key: str | None = None             # the service's name for sorting by this column
    align_right: bool = False


def list_fetch(rows: Sequence[RowT]) -> Fetch[RowT]:
    """A fetch over rows already in memory (short lists such as one product's history)."""
    return lambda offset, limit, _sort, _desc: list(rows[offset:offset + limit])


class PagedTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows come from `fetch(offset, limit, sort_key, descending)`; more on demand."""

    def __init__(self, columns: Sequence[Column], fetch: Fetch[RowT], page_size: int = 200,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._fetch = fetch
        self._page = page_size
        self._rows: list[RowT] = []
        self._more = True
        self._sort: str | None = None
        self._descending = False

    # -- loading -----------------------------------------------------------------------
    def reload(self, fetch: Fetch[RowT] | None = None) -> None:
        """Drop what is loaded and fetch the first page again (new filter, new data)."""
        self.beginResetModel()
        if fetch is not None:
            self._fetch = fetch
        self._rows = self._fetch(0, self._page, self._sort, self._descending)
        self._more = len(self._rows) == self._page
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self._more:
            return
        rows = self._fetch(len(self._rows), self._page, self._sort, self._descending)
        self._more = len(rows) == self._page
        if rows:
            # beginInsertRows takes the last row inclusive.
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def loaded_rows(self) -> list[RowT]:
        return list(self._rows)

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(self._rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.extra_data(self._rows[index.row()], index.column(), role)

    def extra_data(self, row: RowT, column: int, role: int) -> object:  # noqa: ARG002
        """Subclasses add colours, tooltips and the like here."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return translate("Column", self._columns[section].title)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns) or self._columns[column].sort_key is None:
            return
        self._sort = self._columns[column].sort_key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
