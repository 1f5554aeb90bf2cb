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

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.orders import reads as orders
from app.services.orders.reads import SHIP_FIELDS, OrderDetail
from app.ui.common.access import hide_money_columns
from app.ui.common.formats import datetime_text
from app.ui.common.i18n import translate
from app.ui.common.messages import message_text
from app.ui.common.money_text import money_text
from app.ui.common.words import address_words, event_words, payment_words, status_words


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
        self.title = QLabel(translate("orders.detail", "Select an order."))
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lines = _table(["SKU", translate("orders.detail",
            "Title"), translate("orders.detail",
            "Qty"), translate("orders.detail",
            "Price"), translate("orders.detail",
            "Line total"), translate("orders.detail",
            "Held"), translate("orders.detail",
            "State"),
                             translate("orders.detail", "Why")])
        # The title and the reason share the room the other columns leave (cut with "…",
        # whole on hover): in a narrow pane every column stays in sight, none off to the right.
        lines_header = self.lines.horizontalHeader()
        lines_header.setStretchLastSection(False)
        for column in (1, 7):
            lines_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.link_button = QPushButton(translate("orders.detail", "&Link line to product…"))
        self.link_button.setToolTip(translate("orders.detail",
            "Link the selected line (or the first unlinked one) to one of our products; every "
            "open line of this store with the same SKU or listing is linked, and later imports "
            "too."))
        self.ship = {f: QLineEdit() for f in SHIP_FIELDS}
        self.save_address = QPushButton(translate("orders.detail", "Save &address"))
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(60)
        self.events = _table([translate("orders.detail",
            "When"), translate("orders.detail",
            "What"), translate("orders.detail",
            "Who"), translate("orders.detail",
            "Station"), translate("orders.detail",
            "Details")])

        # Two columns of address fields, so the lines and events keep most of the height.
        form = QGridLayout()
        for i, (f, edit) in enumerate(self.ship.items()):
            form.addWidget(QLabel(address_words(f)), i // 2, (i % 2) * 2)
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
        layout.addWidget(QLabel(translate("orders.detail", "Ship to")))
        layout.addLayout(form)
        layout.addLayout(address_buttons)
        layout.addWidget(QLabel(translate("orders.detail", "Notes")))
        layout.addWidget(self.notes)
        self.notes.setMaximumHeight(48)
        layout.addWidget(QLabel(translate("orders.detail", "Events")))
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
            self.title.setText(translate("orders.detail", "Select an order."))
            self.summary.clear()
            self.lines.setRowCount(0)
            self.events.setRowCount(0)
            self.notes.clear()
            for edit in self.ship.values():
                edit.clear()
            return
        self.title.setText(f"{d.number} — {d.store} — {status_words(d.status, capital=False)}")
        money = money_text(d.total_minor, d.currency)
        record = (translate("orders.detail",
            " (customer record: {customer_record}, {customer_orders} order{value})").format(
            customer_record=d.customer_record, customer_orders=d.customer_orders,
            value='' if d.customer_orders == 1 else 's')
                  if d.customer_record and d.customer_record != d.customer_name else "")
        who = translate("orders.detail", "Placed {placed} · {customer_name} {customer_email}"
                        "{record}").format(placed=datetime_text(d.placed_at),
                                           customer_name=d.customer_name,
                                           customer_email=d.customer_email, record=record)
        paid = translate("orders.detail", " · total {money} (shipping {shipping}, tax {tax}) · "
                         "payment {value}").format(
            money=money, shipping=money_text(d.shipping_minor, d.currency),
            tax=money_text(d.tax_minor, d.currency), value=payment_words(d.financial_status) or "—")
        paid += (translate("orders.detail", " · fulfilled by the channel")
                 if d.fulfilled_by_channel else "")
        paid += (translate("orders.detail", " · priority {priority}").format(priority=d.priority)
                 if d.priority else "")
        shown = hide_money_columns(self.lines, self.backend, (3, 4))  # no see_money: no money
        self.summary.setText(who + paid if shown else who)
        self.lines.setRowCount(len(d.lines))
        for r, ln in enumerate(d.lines):
            sku = ln.product_sku or ln.channel_sku or (
                translate("orders.detail",
                    "listing {listing_id}").format(
                    listing_id=ln.listing_id) if ln.listing_id else translate("orders.detail",
                    "(no SKU)"))
            title = f"{ln.title} — {ln.variation}" if ln.variation else ln.title
            cells: tuple[str, ...] = (
                sku, title, str(ln.quantity), money_text(ln.unit_price_minor, d.currency),
                money_text(ln.line_total_minor, d.currency), str(ln.reserved),
                status_words(ln.state, capital=False),
                message_text(ln.reason))
            for c, text in enumerate(cells):
                self.lines.setItem(r, c, _item(text))
        for f, edit in self.ship.items():
            edit.setText(d.ship_to.get(f, ""))
        self.notes.setPlainText(d.notes)
        self.events.setRowCount(len(d.events))
        for r, e in enumerate(reversed(d.events)):  # newest on top
            cells = (datetime_text(e.at), event_words(e.action), e.user,
                     e.station,
                     message_text(e.details))
            for c, text in enumerate(cells):
                self.events.setItem(r, c, _item(text))

    def save_ship_to(self) -> bool:
        if self.order is None:
            return False
        changes = {f: edit.text() for f, edit in self.ship.items()}
        # The writers are imported when first used, not with the Orders tab (issue 13).
        from app.services.orders import actions as order_actions

        try:
            self.backend.run(order_actions.update_ship_to, self.order.id, changes,
                             actor=self.backend.actor)
        except BackroomError as exc:
            QMessageBox.warning(self, translate("orders.detail", "Ship-to address"), str(exc))
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
        from app.services.orders import sku_links as sku_matching
        from app.services.orders.reservations import key_words

        if not product_sku:
            key = sku_matching.listing_key(line.listing_id, line.title, line.variation)
            what = (translate("orders.detail",
                "the store's SKU '{channel_sku}' ({title})").format(
                channel_sku=line.channel_sku, title=line.title) if line.channel_sku
                    else f"{message_text(key_words(key))}, '{line.title}'" if key
                    else f"'{line.title}'")
            product_sku, ok = QInputDialog.getText(
                self, translate("orders.detail",
                    "Link line"), translate("orders.detail",
                    "Which of our products is {what}?\nEvery open line of {store} like it is "
                    "linked too, and later imports.\nOur SKU:").format(
                    what=what, store=self.order.store))
            if not ok or not product_sku:
                return False
        try:
            self.backend.run(sku_matching.link_line, line.line_id, product_sku,
                             actor=self.backend.actor)
        except BackroomError as exc:
            QMessageBox.warning(self, translate("orders.detail", "Link line"), str(exc))
            return False
        self.show_order(self.order.id)
        self.changed.emit()
        return True
