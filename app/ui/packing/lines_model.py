"""Small in-memory table models of Pick & Pack: the open order's lines, a pick list's rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.ui.common.i18n import translate

Index = QModelIndex | QPersistentModelIndex
DONE = QColor("#c8ecd0")      # a verified line
LAST = QColor("#fff2a8")      # the line the last scan counted
SHORT = QColor("#ffd0cc")
INK = QColor("#1a1a1a")


class RowsModel(QAbstractTableModel):
    """Rows of plain records; `reset(rows)` swaps them all (lists here are a few dozen)."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], object]]],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def reset(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self._columns[index.column()][1](row))
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self.row_colour(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and self.row_colour(row) is not None:
            return QBrush(INK)   # dark text on the pale row colours, in a dark window too
        if role == Qt.ItemDataRole.TextAlignmentRole and self.is_number(index.column()):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_colour(self, row: Any) -> QColor | None:  # noqa: ARG002 (hook)
        return None

    def is_number(self, column: int) -> bool:  # noqa: ARG002 (hook)
        return False


class PackLinesModel(RowsModel):
    """The open order's lines: product, SKU, bin, packed of ordered."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([(translate("packing.lines_model",
            "Product"), lambda r: r.name), ("SKU", lambda r: r.sku),
                          (translate("packing.lines_model", "Bin"), lambda r: r.bins),
                          (translate("packing.lines_model",
                              "Packed"), lambda r: f"{r.verified} / {r.quantity}")], parent)
        self.last_line_id: int | None = None

    def row_colour(self, row: Any) -> QColor | None:
        if row.line_id == self.last_line_id:
            return LAST
        return DONE if row.done else None

    def is_number(self, column: int) -> bool:
        return column == 3


class PickRowsModel(RowsModel):
    """A pick list's rows in walking order, with the per-tote split."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            (translate("packing.lines_model", "Bin"), lambda r: r.bin), ("SKU", lambda r: r.sku),
            (translate("packing.lines_model", "Product"), lambda r: r.name),
            (translate("packing.lines_model", "Picked"), lambda r: f"{r.picked} / {r.quantity}"),
            (translate("packing.lines_model",
                "Totes"), lambda r: ", ".join(f"{t.tote} ×{t.quantity}" for t in r.totes))],
            parent)

    def row_colour(self, row: Any) -> QColor | None:
        if row.short:
            return SHORT
        return DONE if row.done else None

    def is_number(self, column: int) -> bool:
        return column == 3
