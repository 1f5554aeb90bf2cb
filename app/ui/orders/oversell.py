"""The 'About to oversell' panel: SKUs whose open orders need more than is free in stock."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.services.core.backend import Backend
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate

HEADERS = ["SKU", QT_TRANSLATE_NOOP("Column", "Product"), QT_TRANSLATE_NOOP("Column", "Short"),
           QT_TRANSLATE_NOOP("Column", "Open demand"), QT_TRANSLATE_NOOP("Column", "Free"),
           QT_TRANSLATE_NOOP("Column", "Incoming"), QT_TRANSLATE_NOOP("Column", "Orders")]


class OversellPanel(QGroupBox):
    def __init__(self, backend: Backend) -> None:
        super().__init__(translate("orders.oversell", "About to oversell"))
        self.backend = backend
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([translate("Column", h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(180)
        # Small when space is short (it shares the tab's height with the list).
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def reload(self) -> int:
        """Fill from the service; returns how many SKUs are short."""
        # Here, not at the top: the Orders tab's first rows do not need reservations.
        from app.services.orders import reservations as order_reservations

        rows = self.backend.read(order_reservations.oversell_report)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = row.name if row.linked else translate("orders.oversell",
                "{name} (store SKU, not linked)").format(
                name=row.name)
            orders = ", ".join(row.orders[:20]) + (" …" if len(row.orders) > 20 else "")
            for c, text in enumerate((row.sku, name, str(row.short), str(row.open_demand),
                                      str(row.available), str(row.incoming), orders)):
                item = QTableWidgetItem(text)
                item.setToolTip(", ".join(row.orders) if c == 6 else text)
                self.table.setItem(r, c, item)
        count = translate("orders.oversell",
            "{rows} SKU").format(
            rows=len(rows)) if len(rows) == 1 else translate("orders.oversell",
            "{rows} SKUs").format(
            rows=len(rows))
        self.setTitle(translate("orders.oversell",
            "About to oversell: {count}").format(
            count=count) if rows else translate("orders.oversell",
            "About to oversell: nothing"))
        return len(rows)
