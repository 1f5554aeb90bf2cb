"""Add or edit a product: SKU, name, prices, bin and any number of barcodes.

Barcodes go one per line, so a scanner (which types the code and Enter) fills the list by
scanning the items themselves. The service validates; its message stays in the dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.stock import catalog
from app.ui.common.access import sees_money
from app.ui.common.form_dialog import Save, error_label, lay_out
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text
from app.ui.common.money_text import amount_text, parse_amount

CURRENCIES = ("EUR", "GBP", "USD", "CHF", "SEK", "PLN", "CAD", "AUD", "JPY")


class ProductDialog(QDialog):
    def __init__(self, backend: Backend, product_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.product_id = product_id
        self.saved_id: int | None = None
        self.setWindowTitle(translate("stock.product_dialog",
            "Edit product") if product_id else translate("stock.product_dialog",
            "New product"))
        self.setMinimumWidth(460)
        self.sku = QLineEdit()
        self.name = QLineEdit()
        self.price = QLineEdit("0.00")
        self.cost = QLineEdit("0.00")
        self.currency = QComboBox()
        self.currency.addItems(CURRENCIES)
        self.bin = QLineEdit()
        self.bin.setPlaceholderText(translate("stock.product_dialog", "e.g. A-01-2"))
        self.barcodes = QPlainTextEdit()
        self.barcodes.setPlaceholderText(translate("stock.product_dialog",
            "One per line: EAN-13, UPC-A or your own code.\nScan the item to add its code."))
        self.barcodes.setTabChangesFocus(True)
        self.barcodes.setFixedHeight(90)
        self.weight = QSpinBox()
        self.weight.setRange(0, 1_000_000)
        self.weight.setSuffix(" g")
        self.hs_code = QLineEdit()
        self.origin = QLineEdit()
        self.origin.setMaxLength(2)
        self.reorder = QSpinBox()
        self.reorder.setRange(0, 1_000_000)
        self.error = error_label()

        form = QFormLayout()
        form.addRow(translate("stock.product_dialog", "&SKU"), self.sku)
        form.addRow(translate("stock.product_dialog", "&Name"), self.name)
        form.addRow(translate("stock.product_dialog", "&Price"), self.price)
        form.addRow(translate("stock.product_dialog", "C&ost"), self.cost)
        form.addRow(translate("stock.product_dialog", "C&urrency"), self.currency)
        form.addRow(translate("stock.product_dialog", "&Bin"), self.bin)
        form.addRow(translate("stock.product_dialog", "Bar&codes"), self.barcodes)
        form.addRow(translate("stock.product_dialog", "&Weight"), self.weight)
        form.addRow(translate("stock.product_dialog", "&HS code"), self.hs_code)
        form.addRow(translate("stock.product_dialog", "Countr&y of origin"), self.origin)
        form.addRow(translate("stock.product_dialog", "&Reorder point"), self.reorder)
        # Someone who may edit products but not see money (a packer the owner trusted with
        # the catalogue) keeps the prices as they are, unseen: the fields stay, hidden.
        self.shows_money = sees_money(backend)
        for field in (self.price, self.cost, self.currency):
            form.setRowVisible(field, self.shows_money)
        lay_out(self, form, self.error, self.save, Save)
        if product_id is not None:
            self._load(backend.read(catalog.product_detail, product_id))

    def _load(self, d: catalog.ProductDetail) -> None:
        self.sku.setText(d.sku)
        self.name.setText(d.name)
        self.price.setText(amount_text(d.price))
        self.cost.setText(amount_text(d.cost))
        self.currency.setCurrentText(d.price.currency)
        self.bin.setText(d.bin or "")
        self.barcodes.setPlainText("\n".join(d.barcodes))
        self.weight.setValue(d.weight_g or 0)
        self.hs_code.setText(d.hs_code or "")
        self.origin.setText(d.origin_country or "")
        self.reorder.setValue(d.reorder_point)

    def product_input(self) -> catalog.ProductInput:
        currency = self.currency.currentText()
        codes = tuple(line.strip() for line in self.barcodes.toPlainText().splitlines()
                      if line.strip())
        return catalog.ProductInput(
            sku=self.sku.text(), name=self.name.text(),
            price=parse_amount(self.price.text(), currency, translate("stock.product_dialog",
                "Price")),
            cost=parse_amount(self.cost.text(), currency, translate("stock.product_dialog",
                "Cost")), barcodes=codes,
            bin=self.bin.text().strip() or None, weight_g=self.weight.value() or None,
            hs_code=self.hs_code.text().strip() or None,
            origin_country=self.origin.text().strip() or None,
            reorder_point=self.reorder.value())

    def save(self) -> None:
        try:
            self.saved_id = self.backend.run(catalog.save_product, self.product_input(),
                                             actor=self.backend.actor,
                                             product_id=self.product_id)
        except BackroomError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()
