"""Exchange at the returns station: the replacement items for a received return.

Scan each replacement item (or type its SKU and press Enter); each scan adds one unit.
Ctrl+Enter creates the exchange order (a new order of the same customer, at no charge,
reserved and packable like any other); Esc leaves without one. Keyboard and scanner only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.returns import exchange, reads, refunds
from app.ui.common.i18n import translate


class ExchangeDialog(QDialog):
    def __init__(self, backend: Backend, view: reads.ReturnView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.view = view
        self.items: dict[str, tuple[str, int]] = {}    # SKU -> (name, units)
        self.order_id: int | None = None
        self.setWindowTitle(translate("returns.exchange_dialog",
                                      "Exchange for return {0}").format(view.number))
        self.resize(640, 420)
        back = ", ".join(f"{ln.received} × {ln.sku}" for ln in view.lines if ln.received)
        intro = QLabel(translate("returns.exchange_dialog",
                                 "Back from order {0}: {1}. Scan each replacement item or type "
                               "its SKU and press Enter; Ctrl+Enter creates the exchange "
                               "order, Esc leaves.").format(view.order_number, back))
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setPlaceholderText(translate("returns.exchange_dialog",
                                               "Replacement: scan it or type its SKU, Enter"))
        code_label = QLabel(translate("returns.exchange_dialog", "&Replacement"))
        code_label.setBuddy(self.code)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["SKU", translate("returns.exchange_dialog",
                                                               "Product"),
                                              translate("returns.exchange_dialog", "Units")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the scans go to the field
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 16px;")
        self.create_button = QPushButton(translate("returns.exchange_dialog",
                                                   "&Create exchange order (Ctrl+Enter)"))
        self.create_button.setAutoDefault(False)
        cancel = QPushButton(translate("returns.exchange_dialog", "Cancel (Esc)"))
        cancel.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(code_label)
        row.addWidget(self.code, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.code.returnPressed.connect(self.add_code)
        self.create_button.clicked.connect(self.create_order)
        cancel.clicked.connect(self.reject)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self).activated.connect(self.create_order)


    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.code.setFocus()  # a scan or typing goes straight into the field

    def _say(self, text: str, bad: bool = False) -> None:
        self.message.setStyleSheet("font-size: 16px;" + (" color: #c62828;" if bad else ""))
        self.message.setText(text)

    def add_code(self) -> None:
        raw = self.code.text().strip()
        self.code.clear()
        if not raw:
            return
        try:
            found = self.backend.read(exchange.replacement_for, raw)
        except BackroomError as exc:
            self._say(f"✘ {exc}", bad=True)
            return
        name, units = self.items.get(found.sku, (found.name, 0))
        self.items[found.sku] = (name, units + 1)
        self._say(translate("returns.exchange_dialog", "✔ {0} · {1} in the exchange").format(
            found.sku, sum(u for _n, u in self.items.values())))
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.items))
        for r, (sku, (name, units)) in enumerate(self.items.items()):
            for c, value in enumerate((sku, name, str(units))):
                self.table.setItem(r, c, QTableWidgetItem(value))

    def create_order(self) -> None:
        if not self.items:
            self._say(translate("returns.exchange_dialog",
                                "Scan the replacement item first."), bad=True)
            return
        try:
            self.order_id = self.backend.run(
                refunds.create_exchange, self.backend.actor, self.view.id,
                [(sku, units) for sku, (_n, units) in self.items.items()])
        except BackroomError as exc:
            self._say(f"✘ {exc}", bad=True)
            return
        self.accept()
