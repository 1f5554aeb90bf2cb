"""A small read-only table model over rows the insights services return (a store list,
a few hundred days, one day's orders), so no paging here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.models.money import format_money
from app.services.insights.figures import Figures

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Column = tuple[str, Callable[[Any], str], bool]


class RowsModel(QAbstractTableModel, Generic[T]):
    """Columns are (title, how to show a row, right-aligned?)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__()
        self._columns = list(columns)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        _title, show, right = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return show(self.rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return int(_RIGHT.value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return self._columns[section][0]
        return None


def _money(field: str) -> Callable[[Any], str]:
    def show(row: Any) -> str:
        f: Figures = row.figures
        return format_money(getattr(f, field), f.currency)
    return show


def _margin(row: Any) -> str:
    m = row.figures.margin
    return "–" if m is None else f"{m}%"


def _estimated(row: Any) -> str:
    return "estimate" if row.figures.estimated else ""


# The P&L columns every table shares, after its own first columns.
PNL: list[Column] = [
    ("Orders", lambda r: str(r.figures.orders), True),
    ("Revenue", _money("revenue_minor"), True),
    ("Discounts", _money("discounts_minor"), True),
    ("Refunds", _money("refunds_minor"), True),
    ("Fees", _money("fees_minor"), True),
    ("Cost of goods", _money("cogs_minor"), True),
    ("Shipping", _money("shipping_cost_minor"), True),
    ("Profit", _money("profit_minor"), True),
    ("Margin", _margin, True),
    ("", _estimated, False),
]
