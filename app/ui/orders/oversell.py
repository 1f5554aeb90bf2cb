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
from app.services.orders import reservations as order_reservations

HEADERS = ["SKU", "Product", "Short", "Open demand", "Free", "Incoming", "Orders"]


class OversellPanel(QGroupBox):
    def __init__(self, backend: Backend) -> None:
        super().__init__("About to oversell")
        self.backend = backend
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
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
        rows = self.backend.read(order_reservations.oversell_report)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = row.name if row.linked else f"{row.name} (store SKU, not linked)"
            orders = ", ".join(row.orders[:20]) + (" …" if len(row.orders) > 20 else "")
            for c, text in enumerate((row.sku, name, str(row.short), str(row.open_demand),
                                      str(row.available), str(row.incoming), orders)):
                item = QTableWidgetItem(text)
                item.setToolTip(", ".join(row.orders) if c == 6 else text)
                self.table.setItem(r, c, item)
        count = f"{len(rows)} SKU" if len(rows) == 1 else f"{len(rows)} SKUs"
        self.setTitle(f"About to oversell: {count}" if rows else "About to oversell: nothing")
        return len(rows)
