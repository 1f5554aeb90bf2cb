"""A read-only table model over rows a service returns, one column per (title, how to show a
row, right-aligned?). Given a `more` function it fetches the next page as the view scrolls
(a settlement can hold 100,000 lines); without one it shows the rows it was given."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.ui.common.i18n import translate

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RowsModel(QAbstractTableModel, Generic[T]):
    """Columns are (title, how to show a row, right-aligned?)."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[T], str], bool]]) -> None:
        super().__init__()
        self._columns = list(columns)
        self.rows: list[T] = []
        self._more: Callable[[T], Sequence[T]] | None = None
        self._page = 0

    def set_rows(self, rows: Sequence[T], more: Callable[[T], Sequence[T]] | None = None,
                 page: int = 0) -> None:
        """Show `rows`; when `page` rows came back, `more(last row)` gives the next page."""
        self.beginResetModel()
        self.rows = list(rows)
        self._more, self._page = more, page
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (not parent.isValid() and self._more is not None and self._page > 0
                and len(self.rows) > 0 and len(self.rows) % self._page == 0)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._more is None:
            return
        page = list(self._more(self.rows[-1]))
        if not page:
            self._more = None
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()
        if len(page) < self._page:
            self._more = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        title, show, right = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return show(self.rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return int(_RIGHT.value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return translate("Column", self._columns[section][0])
        return None
