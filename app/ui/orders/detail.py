"""One order in detail: lines with their reservation, editable ship-to, notes, events."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.money import format_money
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.orders import actions as order_actions
from app.services.orders import reads as orders
from app.services.orders import sku_links as sku_matching
from app.services.orders.reads import SHIP_FIELDS, OrderDetail
from app.ui.common.access import hide_money_columns
from app.ui.common.words import event_words


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 6)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setWordWrap(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _item(text: str) -> QTableWidgetItem:
    """A read-only cell whose whole text shows as a tooltip when the column clips it."""
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


class OrderDetailPanel(QWidget):
    changed = Signal()

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.order: OrderDetail | None = None
        self.title = QLabel("Select an order.")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lines = _table(["SKU", "Title", "Qty", "Price", "Line total", "Held", "State",
                             "Why"])
        self.link_button = QPushButton("&Link line to product…")
        self.link_button.setToolTip("Link the selected line (or the first unlinked one) to one "
                                    "of our products; every open line of this store with the "
                                    "same SKU or listing is linked, and later imports too.")
        self.ship = {f: QLineEdit() for f in SHIP_FIELDS}
        self.save_address = QPushButton("Save &address")
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(60)
        self.events = _table(["When", "What", "Who", "Station", "Details"])

        # Two columns of address fields, so the lines and events keep most of the height.
        form = QGridLayout()
        for i, (f, edit) in enumerate(self.ship.items()):
            label = f.capitalize().replace("1", "").replace("2", " 2")
            form.addWidget(QLabel(label), i // 2, (i % 2) * 2)
            form.addWidget(edit, i // 2, (i % 2) * 2 + 1)
        self.lines.setMinimumHeight(110)
        self.events.setMinimumHeight(110)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.link_button)
        line_buttons.addStretch(1)
        address_buttons = QHBoxLayout()
        address_buttons.addStretch(1)
        address_buttons.addWidget(self.save_address)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 2)
        layout.addLayout(line_buttons)
        layout.addWidget(QLabel("Ship to"))
        layout.addLayout(form)
        layout.addLayout(address_buttons)
        layout.addWidget(QLabel("Notes"))
        layout.addWidget(self.notes)
        self.notes.setMaximumHeight(48)
        layout.addWidget(QLabel("Events"))
        layout.addWidget(self.events, 2)
        self.save_address.clicked.connect(self.save_ship_to)
        self.link_button.clicked.connect(self.link_selected_line)
        self.show_order(None)

    def show_order(self, order_id: int | None) -> None:
        self.order = None if order_id is None else self.backend.read(orders.order_detail,
                                                                    order_id)
        d = self.order
        enabled = d is not None
        for w in (*self.ship.values(), self.save_address, self.link_button):
            w.setEnabled(enabled)
        if d is None:
            self.title.setText("Select an order.")
            self.summary.clear()
            self.lines.setRowCount(0)
            self.events.setRowCount(0)
            self.notes.clear()
            for edit in self.ship.values():
                edit.clear()
            return
        self.title.setText(f"{d.number} — {d.store} — {d.status.replace('_', ' ')}")
        money = format_money(d.total_minor, d.currency)
        record = (f" (customer record: {d.customer_record}, "
                  f"{d.customer_orders} order{'' if d.customer_orders == 1 else 's'})"
                  if d.customer_record and d.customer_record != d.customer_name else "")
        self.summary.setText(
            f"Placed {d.placed_at.astimezone():%Y-%m-%d %H:%M} · {d.customer_name} "
            f"{d.customer_email}{record} · total {money} (shipping "
            f"{format_money(d.shipping_minor, d.currency)}, tax "
            f"{format_money(d.tax_minor, d.currency)}) · payment {d.financial_status or '—'}"
            + (" · fulfilled by the channel" if d.fulfilled_by_channel else "")
            + (f" · priority {d.priority}" if d.priority else ""))
        if not hide_money_columns(self.lines, self.backend, (3, 4)):  # no see_money
            self.summary.setText(self.summary.text().split(" · total ")[0])
        self.lines.setRowCount(len(d.lines))
        for r, ln in enumerate(d.lines):
            sku = ln.product_sku or ln.channel_sku or (
                f"listing {ln.listing_id}" if ln.listing_id else "(no SKU)")
            title = f"{ln.title} — {ln.variation}" if ln.variation else ln.title
            cells: tuple[str, ...] = (
                sku, title, str(ln.quantity), format_money(ln.unit_price_minor, d.currency),
                format_money(ln.line_total_minor, d.currency), str(ln.reserved), ln.state,
                ln.reason)
            for c, text in enumerate(cells):
                self.lines.setItem(r, c, _item(text))
        for f, edit in self.ship.items():
            edit.setText(d.ship_to.get(f, ""))
        self.notes.setPlainText(d.notes)
        self.events.setRowCount(len(d.events))
        for r, e in enumerate(reversed(d.events)):  # newest on top
            cells = (f"{e.at.astimezone():%Y-%m-%d %H:%M}", event_words(e.action), e.user,
                     e.station,
                     e.details)
            for c, text in enumerate(cells):
                self.events.setItem(r, c, _item(text))

    def save_ship_to(self) -> bool:
        if self.order is None:
            return False
        changes = {f: edit.text() for f, edit in self.ship.items()}
        try:
            self.backend.run(order_actions.update_ship_to, self.order.id, changes,
                             actor=self.backend.actor)
        except BackroomError as exc:
            QMessageBox.warning(self, "Ship-to address", str(exc))
            return False
        self.show_order(self.order.id)
        self.changed.emit()
        return True

    def link_selected_line(self, product_sku: str | None = None) -> bool:
        """Link the selected unmatched line to one of our products, by what the store gave:
        its SKU, else its listing id (or title) and variation."""
        if self.order is None:
            return False
        row = self.lines.currentRow()
        if row < 0:
            row = next((i for i, ln in enumerate(self.order.lines) if ln.state == "unmatched"),
                       -1)
        if row < 0:
            return False
        line = self.order.lines[row]
        if not product_sku:
            key = sku_matching.listing_key(line.listing_id, line.title, line.variation)
            what = (f"the store's SKU '{line.channel_sku}' ({line.title})" if line.channel_sku
                    else f"{sku_matching.describe_key(key)}, '{line.title}'" if key
                    else f"'{line.title}'")
            product_sku, ok = QInputDialog.getText(
                self, "Link line", f"Which of our products is {what}?\nEvery open line of "
                f"{self.order.store} like it is linked too, and later imports.\nOur SKU:")
            if not ok or not product_sku:
                return False
        try:
            self.backend.run(sku_matching.link_line, line.line_id, product_sku,
                             actor=self.backend.actor)
        except BackroomError as exc:
            QMessageBox.warning(self, "Link line", str(exc))
            return False
        self.show_order(self.order.id)
        self.changed.emit()
        return True
