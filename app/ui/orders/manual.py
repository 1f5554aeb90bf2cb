"""Entering an order by hand: a shop-counter or phone sale, reserved like any other."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError, InvalidInput
from app.services.orders import actions as order_actions
from app.services.orders import setup as order_setup
from app.services.orders.actions import ManualLine
from app.services.orders.reads import SHIP_FIELDS
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import translate
from app.ui.common.words import address_words

COUNTER = "Counter"


class ManualOrderDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("orders.manual", "New order"))
        self.setMinimumWidth(480)   # room for an address line and a SKU without clipping
        self.backend = backend
        self.order_id: int | None = None
        self.store = QComboBox()
        stores = backend.read(order_setup.list_stores)
        for s in stores:
            self.store.addItem(s.name, s.id)
        if not any(s.name == COUNTER for s in stores):
            self.store.addItem(translate("orders.manual",
                "{COUNTER} (new)").format(
                COUNTER=COUNTER), None)
        self.customer = QLineEdit()
        self.email = QLineEdit()
        self.lines = QTableWidget(3, 2)
        self.lines.setHorizontalHeaderLabels([translate("orders.manual", "Our SKU"),
                                              translate("orders.manual", "Quantity")])
        fit_columns(self.lines, "orders/new order lines", stretch=0)   # the SKU takes the room
        self.add_line = QPushButton(translate("orders.manual", "Add &line"))
        self.ship = {f: QLineEdit() for f in SHIP_FIELDS}
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.ok = QPushButton(translate("orders.manual", "&Create order"))
        self.ok.setDefault(True)
        self.cancel = QPushButton(translate("orders.manual", "Cancel"))
        form = QFormLayout()
        form.addRow(translate("orders.manual", "Store"), self.store)
        form.addRow(translate("orders.manual", "Customer"), self.customer)
        form.addRow(translate("orders.manual", "Email"), self.email)
        for f, edit in self.ship.items():
            form.addRow(translate("orders.manual", "Ship-to {f}").format(
                f=address_words(f).lower()), edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_line)
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lines)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.add_line.clicked.connect(lambda: self.lines.setRowCount(self.lines.rowCount() + 1))
        self.ok.clicked.connect(self.create_order)
        self.cancel.clicked.connect(self.reject)

    def set_line(self, row: int, sku: str, quantity: int) -> None:
        if row >= self.lines.rowCount():
            self.lines.setRowCount(row + 1)
        self.lines.setItem(row, 0, QTableWidgetItem(sku))
        self.lines.setItem(row, 1, QTableWidgetItem(str(quantity)))

    def _lines(self) -> list[ManualLine]:
        out = []
        for r in range(self.lines.rowCount()):
            sku_item, qty_item = self.lines.item(r, 0), self.lines.item(r, 1)
            sku = sku_item.text().strip() if sku_item else ""
            if not sku:
                continue
            qty_text = qty_item.text().strip() if qty_item else "1"
            if not qty_text.isdigit():
                raise InvalidInput(translate("orders.manual",
                    "Line {r}: '{qty_text}' is not a quantity.").format(
                    r=r + 1, qty_text=qty_text))
            out.append(ManualLine(sku, int(qty_text)))
        return out

    def create_order(self) -> bool:
        try:
            lines = self._lines()
            store_id = self.store.currentData()
            if store_id is None:
                store_id = self.backend.run(order_setup.resolve_store, COUNTER, "counter",
                                            currency="EUR").id
            self.order_id = self.backend.run(
                order_actions.create_manual_order, store_id, lines, actor=self.backend.actor,
                customer_name=self.customer.text(), customer_email=self.email.text(),
                ship_to={f: e.text() for f, e in self.ship.items()})
        except BackroomError as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True
