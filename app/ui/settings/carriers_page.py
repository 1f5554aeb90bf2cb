"""Settings ▸ Carriers and services: the list the packing station's carrier box offers,
shared by every PC on this database."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.packing import carriers as carrier_service
from app.services.packing.carriers import Carrier
from app.ui.common.empty_state import add_empty_state
from app.ui.common.form_dialog import error_label
from app.ui.common.i18n import translate


class CarriersPage(QWidget):
    saved = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(
            [
                translate("settings.carriers_page", "Carrier"),
                translate("settings.carriers_page", "Service (optional)"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.add_button = QPushButton(translate("settings.carriers_page", "&Add"))
        self.remove_button = QPushButton(translate("settings.carriers_page", "&Remove"))
        self.up_button = QPushButton(translate("settings.carriers_page", "Move &up"))
        self.down_button = QPushButton(translate("settings.carriers_page", "Move &down"))
        self.common_button = QPushButton(
            translate("settings.carriers_page", "Add &common carriers")
        )
        self.save_button = QPushButton(translate("settings.carriers_page", "&Save carriers"))
        self.status = QLabel()
        self.error = error_label()
        self.empty = add_empty_state(
            self.table,
            translate(
                "settings.carriers_page",
                "No carriers yet — Add one, or add the common carriers and keep the ones you use.",
            ),
            [(translate("settings.carriers_page", "Add common carriers"), self.add_common)],
            icon_name="carrier",
        )
        side = QVBoxLayout()
        for button in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.common_button,
        ):
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                translate(
                    "settings.carriers_page",
                    "The packing station's carrier box offers these, in this "
                    "order. A service (Express, Tracked 48…) is optional.",
                )
            )
        )
        layout.addLayout(middle, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(lambda: self.add_row())  # noqa: PLW0108 (not clicked(bool))
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.common_button.clicked.connect(self.add_common)
        self.save_button.clicked.connect(self.on_save)
        self.reload()

    def reload(self) -> None:
        self.table.setRowCount(0)
        for c in self.backend.read(carrier_service.list_carriers):
            self.add_row(c.carrier, c.service, edit=False)

    def add_row(self, carrier: str = "", service: str = "", *, edit: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(carrier))
        self.table.setItem(row, 1, QTableWidgetItem(service))
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.setFocus()
            item = self.table.item(row, 0)
            if item is not None:
                self.table.editItem(item)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.carriers(strict=False)
        rows[row], rows[target] = rows[target], rows[row]
        self.table.setRowCount(0)
        for c in rows:
            self.add_row(c.carrier, c.service, edit=False)
        self.table.setCurrentCell(target, 0)

    def add_common(self) -> None:
        have = {c.carrier for c in self.carriers(strict=False)}
        for name in carrier_service.COMMON_CARRIERS:
            if name not in have:
                self.add_row(name, edit=False)
        self.status.setText(
            translate(
                "settings.carriers_page",
                "Added the common carriers: remove the ones you do not use, then Save carriers.",
            )
        )

    def carriers(self, *, strict: bool = True) -> list[Carrier]:
        found = []
        for row in range(self.table.rowCount()):
            texts = [
                (self.table.item(row, col) or QTableWidgetItem()).text().strip() for col in (0, 1)
            ]
            if texts[0] or (strict and texts[1]):
                found.append(Carrier(texts[0], texts[1]))
        return found

    def on_save(self) -> bool:
        try:
            count = self.backend.run(carrier_service.save_carriers, self.carriers())
        except BackroomError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        self.reload()
        self.status.setText(
            translate("settings.carriers_page", "Saved the carriers ({count}).").format(count=count)
        )
        self.saved.emit()
        return True
