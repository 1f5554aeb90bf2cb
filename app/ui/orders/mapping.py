"""Setting up a column mapping for any order CSV, with a live preview of the first orders."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.core.messages import CONTEXT
from app.services.importers import mapped_orders
from app.services.importers.csv_text import Source
from app.services.importers.detect import read_header
from app.services.importers.mapped_orders import FIELDS, ColumnMapping
from app.services.orders import setup as order_setup
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text, message_text
from app.ui.common.money_text import money_text

PREVIEW_ROWS = 50
DATE_FORMATS = ("auto", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S",
                "%d.%m.%Y %H:%M", "%m/%d/%y")


class MappingDialog(QDialog):
    def __init__(self, backend: Backend, source: Source, *, store_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("orders.mapping",
            "Column mapping for {name}").format(
            name=source.name))
        self.resize(900, 640)
        self.backend = backend
        self.source = source
        self.saved_name: str | None = None
        self.store_name = store_name
        self.header = read_header(source)
        guess = mapped_orders.guess_mapping(self.header)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for fld, label in FIELDS.items():
            combo = QComboBox()
            combo.addItem("—", "")
            for h in self.header:
                combo.addItem(h, h)
            combo.setCurrentIndex(max(combo.findData(guess.columns.get(fld, "")), 0))
            self.combos[fld] = combo
            form.addRow(translate(CONTEXT, label), combo)
        self.date_format = QComboBox()
        self.date_format.setEditable(True)
        # "auto" in the window's language; the formats themselves are codes.
        self.auto_label = translate("orders.mapping", "automatic")
        self.date_format.addItems([self.auto_label, *DATE_FORMATS[1:]])
        self.decimal = QComboBox()
        for label, value in ((self.auto_label, "auto"), ("1,234.50", "."), ("1.234,50", ",")):
            self.decimal.addItem(label, value)
        self.day_first = QCheckBox(translate("orders.mapping", "Dates are day first (31/12)"))
        self.timezone = QLineEdit("UTC")
        self.currency = QLineEdit("EUR")
        self.name = QLineEdit(store_name or source.name.rsplit(".", 1)[0])
        options = QFormLayout()
        options.addRow(translate("orders.mapping", "Date format"), self.date_format)
        options.addRow(translate("orders.mapping", "Decimal mark"), self.decimal)
        options.addRow("", self.day_first)
        options.addRow(translate("orders.mapping", "Time zone of the dates"), self.timezone)
        options.addRow(translate("orders.mapping", "Currency when none is given"), self.currency)
        options.addRow(translate("orders.mapping", "Save as"), self.name)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.preview = QTableWidget(0, 6)
        self.preview.setHorizontalHeaderLabels([translate("orders.mapping",
            "Order"), translate("orders.mapping",
            "Placed (UTC)"), translate("orders.mapping",
            "Customer"), translate("orders.mapping",
            "Lines"), translate("orders.mapping", "Total"), translate("orders.mapping", "Ship to")])
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.preview.horizontalHeader().setStretchLastSection(True)   # Ship to: the long one
        self.save_button = QPushButton(translate("orders.mapping", "&Save mapping"))
        self.cancel_button = QPushButton(translate("orders.mapping", "Cancel"))

        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)
        top = QHBoxLayout()
        top.addWidget(scroll, 1)
        right = QVBoxLayout()
        right.addLayout(options)
        right.addStretch(1)
        top.addLayout(right)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 3)
        layout.addWidget(QLabel(translate("orders.mapping",
            "Preview of the first orders (up to {PREVIEW_ROWS} rows)").format(
            PREVIEW_ROWS=PREVIEW_ROWS)))
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_preview)
        for combo in (*self.combos.values(), self.date_format, self.decimal):
            combo.currentIndexChanged.connect(self._timer.start)
        self.date_format.editTextChanged.connect(self._timer.start)
        for edit in (self.timezone, self.currency):
            edit.textChanged.connect(self._timer.start)
        self.day_first.toggled.connect(self._timer.start)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.update_preview()

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(
            columns={f: c.currentData() for f, c in self.combos.items() if c.currentData()},
            date_format=self._date_format(),
            decimal_mark=self.decimal.currentData(), timezone=self.timezone.text().strip(),
            currency=self.currency.text().strip().upper() or "EUR",
            day_first=self.day_first.isChecked())

    def _date_format(self) -> str:
        text = self.date_format.currentText().strip()
        return "auto" if text in ("", self.auto_label) else text

    def update_preview(self) -> int:
        """Parse the first rows with the mapping as it stands; returns orders previewed."""
        self._timer.stop()
        mapping = self.mapping()
        errors = mapping.check()
        if errors:
            self.preview.setRowCount(0)
            self.problems.setText("\n".join(map(message_text, errors)))
            self.save_button.setEnabled(False)
            return 0
        result = mapped_orders.parse(self.source, mapping, max_rows=PREVIEW_ROWS)
        self.preview.setRowCount(len(result.orders))
        for r, o in enumerate(result.orders):
            lines = ", ".join(f"{ln.quantity}× {ln.channel_sku or ln.title}" for ln in o.lines)
            ship = ", ".join(p for p in (o.ship_street1, o.ship_postcode, o.ship_city,
                                         o.ship_country) if p)
            for c, text in enumerate((o.number, f"{o.placed_at:%Y-%m-%d %H:%M}",
                                      o.customer_name, lines,
                                      money_text(o.total_minor, o.currency), ship)):
                self.preview.setItem(r, c, QTableWidgetItem(text))
        shown = [message_text(p.message) for p in result.problems[:8]]
        more = len(result.problems) - len(shown)
        self.problems.setText("\n".join(shown) + (translate("orders.mapping",
            "\n… and {more} more").format(
            more=more) if more > 0 else "")
                              or translate("orders.mapping", "No problems in these rows."))
        self.save_button.setEnabled(True)
        return len(result.orders)

    def save(self) -> bool:
        name = self.name.text().strip()
        try:
            stores = {s.name: s.id for s in self.backend.read(order_setup.list_stores)}
            self.backend.run(order_setup.save_mapping, name, self.mapping(),
                             stores.get(self.store_name))
        except BackroomError as exc:
            self.problems.setText(error_text(exc))
            return False
        self.saved_name = name
        self.accept()
        return True
