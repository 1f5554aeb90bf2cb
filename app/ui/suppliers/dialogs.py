"""The Suppliers tab's small forms: a supplier, a new purchase order, a shipment."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.models.suppliers import INCOTERMS, SUPPLIER_CLASSES
from app.money import Money
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError, InvalidInput
from app.services.suppliers import catalog, purchase_orders, reads, scorecard, shipments
from app.services.suppliers.catalog import CLASS_WORDS
from app.ui.common.form_dialog import error_label, lay_out
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.qt_helpers import python_date

# Translated where shown: translate("suppliers.dialogs", MODE_WORDS[mode]).
MODE_WORDS = {"sea": QT_TRANSLATE_NOOP("suppliers.dialogs", "Sea (slow)"),
              "sea_fast": QT_TRANSLATE_NOOP("suppliers.dialogs", "Sea (fast)"),
              "air": QT_TRANSLATE_NOOP("suppliers.dialogs", "Air"),
              "express": QT_TRANSLATE_NOOP("suppliers.dialogs", "Express")}

# A supplier's class (app/services/suppliers/catalog.CLASS_WORDS), copied so lupdate finds
# the words; tests/ui/test_translations.py checks they stay the service's.
CLASS_WORDS_SHOWN = {"strategic": QT_TRANSLATE_NOOP("suppliers.dialogs", "Strategic"),
                     "preferred": QT_TRANSLATE_NOOP("suppliers.dialogs", "Preferred"),
                     "backup": QT_TRANSLATE_NOOP("suppliers.dialogs", "Backup"),
                     "trial": QT_TRANSLATE_NOOP("suppliers.dialogs", "On trial")}


def class_words(code: str) -> str:
    """A supplier class in the chosen language ("On trial", 试用中)."""
    words = CLASS_WORDS_SHOWN.get(code)
    return translate("suppliers.dialogs", words) if words else CLASS_WORDS.get(code, code)


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class SupplierDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None,
                 row: reads.SupplierRow | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(translate("suppliers.dialogs", "Supplier"))
        self.setMinimumWidth(440)   # the placeholders (payment terms) show whole
        self.name = QLineEdit(row.name if row else "")
        self.currency = QLineEdit(row.currency if row else "")
        self.currency.setPlaceholderText(translate("suppliers.dialogs", "USD, CNY, EUR…"))
        self.currency.setMaxLength(3)
        self.klass = QComboBox()
        for code in SUPPLIER_CLASSES:
            self.klass.addItem(class_words(code), code)
        self.klass.setCurrentIndex(SUPPLIER_CLASSES.index(row.klass) if row else 3)
        self.contact = QLineEdit(row.contact if row else "")
        self.email = QLineEdit(row.email if row else "")
        self.terms = QLineEdit(row.payment_terms if row else "")
        self.terms.setPlaceholderText(translate("suppliers.dialogs",
                                                "e.g. 30% deposit, 70% against B/L"))
        self.incoterm = QComboBox()
        self.incoterm.addItems(list(INCOTERMS))
        self.incoterm.setCurrentText(row.incoterm if row else "FOB")
        self.notes = QLineEdit(row.notes if row else "")
        self.active = QCheckBox(translate("suppliers.dialogs", "&Active"))
        self.active.setChecked(row.active if row else True)
        form = QFormLayout()
        form.addRow(translate("suppliers.dialogs", "&Name"), self.name)
        form.addRow(translate("suppliers.dialogs", "&Currency"), self.currency)
        form.addRow(translate("suppliers.dialogs", "C&lass"), self.klass)
        form.addRow(translate("suppliers.dialogs", "C&ontact"), self.contact)
        form.addRow(translate("suppliers.dialogs", "&E-mail"), self.email)
        form.addRow(translate("suppliers.dialogs", "Payment &terms"), self.terms)
        form.addRow(translate("suppliers.dialogs", "&Incoterm"), self.incoterm)
        form.addRow(translate("suppliers.dialogs", "N&otes"), self.notes)
        form.addRow("", self.active)
        self.error = error_label()
        lay_out(self, form, self.error, self._save)
        self.saved_id: int | None = None

    def _save(self) -> None:
        data = catalog.SupplierInput(
            self.name.text().strip(), self.currency.text().strip().upper(),
            self.contact.text().strip(), self.email.text().strip(), self.terms.text().strip(),
            self.incoterm.currentText(), self.notes.text().strip(),
            str(self.klass.currentData()), self.active.isChecked())
        try:
            self.saved_id = self.backend.run(catalog.save_supplier, data,
                                             actor=self.backend.actor)
        except BackroomError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class NewPODialog(QDialog):
    """Supplier (with its class and score, and a warning), lines, promised date, rate."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(translate("suppliers.dialogs", "New purchase order"))
        self.resize(560, 420)
        self.rows = [r for r in backend.read(reads.supplier_rows, active_only=True)]
        self.home = backend.read(catalog.store_currency)
        self.supplier = QComboBox()
        for r in self.rows:
            self.supplier.addItem(f"{r.name} ({r.currency})", r.id)
        self.standing = QLabel()
        self.standing.setWordWrap(True)
        self.lines = QPlainTextEdit()
        self.lines.setPlaceholderText(translate(
            "suppliers.dialogs",
            "One line each: SKU:QTY or SKU:QTY@COST\ne.g. MUG-RED:24@2.40  (cost per unit, "
            "supplier's currency; blank = price list)"))
        self.lines.setTabChangesFocus(True)
        self.expected = _date_edit(date.today() + timedelta(days=45))
        self.rate = QLineEdit()
        form = QFormLayout()
        form.addRow(translate("suppliers.dialogs", "&Supplier"), self.supplier)
        form.addRow("", self.standing)
        form.addRow(translate("suppliers.dialogs", "&Lines"), self.lines)
        form.addRow(translate("suppliers.dialogs", "&Promised by"), self.expected)
        self.rate_label = QLabel()
        form.addRow(self.rate_label, self.rate)
        self.rate_label.setBuddy(self.rate)
        self.error = error_label()
        lay_out(self, form, self.error, self._create)
        self.supplier.currentIndexChanged.connect(self._show_standing)
        self._show_standing()
        self.created: purchase_orders.CreatedPO | None = None

    def _current(self) -> reads.SupplierRow | None:
        i = self.supplier.currentIndex()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def _show_standing(self) -> None:
        row = self._current()
        if row is None:
            self.standing.setText(translate("suppliers.dialogs", "Add a supplier first."))
            return
        klass, score, warning = self.backend.read(scorecard.supplier_standing, row.id)
        text = class_words(klass) + " · " + (
            translate("suppliers.dialogs", "score – (no history yet)") if score is None
            else translate("suppliers.dialogs", "score {score} / 100").format(
                score=f"{score:g}"))
        if warning:
            text += f"  ⚠ {warning}"
            self.standing.setStyleSheet("color: #a15c00; font-weight: bold;")
        else:
            self.standing.setStyleSheet("")
        self.standing.setText(text)
        same = row.currency == self.home
        self.rate.setEnabled(not same)
        self.rate_label.setText(translate("suppliers.dialogs",
                                          "&Rate: 1 {currency} = ? {home}").format(
            currency=row.currency, home=self.home))
        self.rate.setText("1" if same else "")

    def _create(self) -> None:
        row = self._current()
        if row is None:
            self.error.setText(translate("suppliers.dialogs", "Add a supplier first."))
            return
        try:
            lines = [self._line(t, row.currency) for t in
                     self.lines.toPlainText().splitlines() if t.strip()]
            self.created = self.backend.run(
                purchase_orders.create_po, row.name, lines,
                expected=python_date(self.expected.date()),
                fx_rate=self.rate.text().strip() or None, actor=self.backend.actor)
        except BackroomError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    @staticmethod
    def _line(text: str, currency: str) -> purchase_orders.LineInput:
        body, at, price = text.strip().rpartition("@")
        if not at:
            body, price = text.strip(), ""
        sku, sep, qty = body.rpartition(":")
        if not sep or not qty.strip().isdigit():
            raise InvalidInput(f"{text.strip()!r}: write SKU:QTY or SKU:QTY@COST.")
        cost = None
        if price:
            try:
                cost = Money.of(price.strip(), currency).minor
            except ValueError:
                raise InvalidInput(f"{text.strip()!r}: {price!r} is not an amount.") from None
        return purchase_orders.LineInput(sku.strip(), int(qty), cost)


class ShipDialog(QDialog):
    """A shipment of a PO: mode, which units (default: all not shipped yet), ETA, tracking."""

    def __init__(self, backend: Backend, po_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.po_id = po_id
        detail = backend.read(reads.po_detail, po_id)
        self.setWindowTitle(translate("suppliers.dialogs",
                                      "Ship {number}").format(number=detail["number"]))
        self.mode = QComboBox()
        for code, words in MODE_WORDS.items():
            self.mode.addItem(translate("suppliers.dialogs", words), code)
        self.lines = QPlainTextEdit()
        self.lines.setTabChangesFocus(True)
        rest = [f"{ln['sku']}:{ln['quantity'] - ln['shipped']}"
                for ln in detail["lines"]  # type: ignore[attr-defined]
                if ln["quantity"] > ln["shipped"]]
        self.lines.setPlainText("\n".join(rest))
        self.eta = _date_edit(date.today() + timedelta(days=35))
        self.tracking = QLineEdit()
        self.container = QLineEdit()
        self.container.setPlaceholderText(translate("suppliers.dialogs",
                                                    "container no. (sea) or AWB (air)"))
        form = QFormLayout()
        form.addRow(translate("suppliers.dialogs", "&Mode"), self.mode)
        form.addRow(translate("suppliers.dialogs", "&Units (SKU:QTY)"), self.lines)
        form.addRow(translate("suppliers.dialogs", "&ETA"), self.eta)
        form.addRow(translate("suppliers.dialogs", "&Tracking"), self.tracking)
        form.addRow(translate("suppliers.dialogs", "&Container / AWB"), self.container)
        self.error = error_label()
        lay_out(self, form, self.error, self._ship)
        self.shipped: shipments.ShippedPO | None = None

    def _ship(self) -> None:
        try:
            lines = []
            for text in self.lines.toPlainText().splitlines():
                if not text.strip():
                    continue
                sku, sep, qty = text.strip().rpartition(":")
                if not sep or not qty.strip().isdigit():
                    raise InvalidInput(f"{text.strip()!r}: write SKU:QTY.")
                lines.append((sku.strip(), int(qty)))
            if not lines:
                raise InvalidInput("Say which units ship (SKU:QTY per line).")
            self.shipped = self.backend.run(
                shipments.ship, self.po_id, str(self.mode.currentData()), lines,
                eta=python_date(self.eta.date()), tracking=self.tracking.text(),
                container=self.container.text(), actor=self.backend.actor)
        except BackroomError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
