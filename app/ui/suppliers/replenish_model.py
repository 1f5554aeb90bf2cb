"""The Replenishment page's table: one plan line a row, coloured by need; column 0 ticks the
lines to order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.replenishment.plan import PlanLine
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.suppliers.replenish_words import money_text, need_words, order_text

Index = QModelIndex | QPersistentModelIndex

NEED_COLOURS = {
    "late": "#f4b6b6",
    "air": "#f9d3a5",
    "now": "#fbeaa0",
    "soon": "#e3efc4",
    "ok": "",
    "no_supplier": "#e4e4e4",
    "none": "",
}


COLUMNS: tuple[tuple[str, Any, bool], ...] = (
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order"), lambda _ln: "", False),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "SKU"), lambda ln: ln.sku, False),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Need"), lambda ln: need_words(ln.need), False),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Per day"),
        lambda ln: f"{ln.daily_demand:.2f}",
        True,
    ),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Salable"), lambda ln: str(ln.on_hand), True),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Coming"), lambda ln: str(ln.in_transit), True),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Days"),
        lambda ln: "" if ln.cover_days is None else f"{ln.cover_days:.0f}",
        True,
    ),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Stockout"),
        lambda ln: str(ln.stockout or ""),
        False,
    ),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order by"),
        lambda ln: str(ln.order_by or ""),
        False,
    ),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "To order"), order_text, False),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Cost"),
        lambda ln: " ".join(
            filter(
                None,
                (
                    money_text(sum(s.cost_minor for s in ln.suggestion), ln.currency)
                    if ln.suggestion
                    else "",
                    ln.currency if ln.suggestion else "",
                ),
            )
        ),
        True,
    ),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Extra"),
        lambda ln: money_text(ln.extra_cost_minor, ln.currency) if ln.extra_cost_minor else "",
        True,
    ),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Supplier"), lambda ln: ln.supplier, False),
)

# What each column holds, in full: the headers are short so that every column fits beside the
# chart at 1280 pixels; hovering a header tells the rest.
COLUMN_TIPS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "Tick the lines to order (Space)"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "SKU"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "What to do: the colour says how urgent"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "Units sold per day (forecast)"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "Salable units in stock now"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "Units on open purchase orders"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page",
                      "Cover in days: how long salable and coming units last"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "The day it runs out"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page",
                      "The last day to order by sea and still arrive in time"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "Suggested quantities and modes"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "Cost of the suggested order"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page",
                      "Extra cost against sending it all by sea"),
    QT_TRANSLATE_NOOP("suppliers.replenish_page", "Supplier"),
)


class PlanModel(QAbstractTableModel):
    """The plan's lines; column 0 is a tick box for the lines to order."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[PlanLine] = []
        self.ticked: set[int] = set()

    def set_lines(self, lines: list[PlanLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.ticked = set()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0 and self.lines[index.row()].suggestion:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        title, show, right = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return show(line)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0 and line.suggestion:
            return Qt.CheckState.Checked if index.row() in self.ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and NEED_COLOURS[line.need]:
            return QBrush(QColor(NEED_COLOURS[line.need]))
        if role == Qt.ItemDataRole.ForegroundRole and NEED_COLOURS[line.need]:
            return QBrush(QColor("#1a1a1a"))  # dark text on the light need colours
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.ToolTipRole and title == "Need":
            return need_words(line.need)
        return None

    def setData(
        self,
        index: Index,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != 0
            or not self.lines[index.row()].suggestion
        ):
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        (self.ticked.add if checked else self.ticked.discard)(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return translate("suppliers.replenish_page", COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole:
            return translate("suppliers.replenish_page", COLUMN_TIPS[section])
        return None

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            checked = row not in self.ticked
            self.setData(
                self.index(row, 0),
                Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
                Qt.ItemDataRole.CheckStateRole,
            )

    def tick_all(self) -> None:
        self.ticked = {i for i, ln in enumerate(self.lines) if ln.suggestion}
        if self.lines:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.lines) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )

