"""Settings ▸ Stores: each store's name, kind, currency, time zone and confirmation file,
and (the Labels tab's editor, hosted here) its return address and label and slip template."""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.models.catalog import STORE_KINDS
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.labels import printers as labels_printers
from app.services.orders import stores as store_service
from app.services.orders.stores import StoreDetails
from app.ui.common.form_dialog import error_label
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.labels.printers import StoreSettingsPage

KIND_TITLES = {
    "shopify": "Shopify",
    "amazon": "Amazon",
    "ebay": "eBay",
    "etsy": "Etsy",
    "woocommerce": "WooCommerce",
    "counter": QT_TRANSLATE_NOOP("settings.stores_page", "Shop counter"),
    "other": QT_TRANSLATE_NOOP("settings.stores_page", "Other"),
}
CONFIRMATIONS = {
    "": QT_TRANSLATE_NOOP("settings.stores_page", "As the store's kind takes it"),
    "amazon": QT_TRANSLATE_NOOP("settings.stores_page", "Amazon flat file (.txt)"),
    "csv": QT_TRANSLATE_NOOP("settings.stores_page", "Generic CSV (.csv)"),
}
NEW = -1  # the store list's entry for a store not saved yet


class StoresPage(QWidget):
    saved = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.store = QComboBox()
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind in STORE_KINDS:
            self.kind.addItem(translate("settings.stores_page", KIND_TITLES.get(kind, kind)), kind)
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText(translate("settings.stores_page", "USD, EUR, GBP, CNY…"))
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        zones = sorted(available_timezones() | {"UTC"})
        self.timezone.addItems(zones)
        completer = QCompleter(zones, self.timezone)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.timezone.setCompleter(completer)
        self.confirmation = QComboBox()
        for key, title in CONFIRMATIONS.items():
            self.confirmation.addItem(translate("settings.stores_page", title), key)
        # The label and slip template editor of the Labels tab, for the same store.
        self.look = StoreSettingsPage(backend)
        form_of_look = self.look.layout()
        if isinstance(form_of_look, QFormLayout):
            form_of_look.setRowVisible(self.look.store, False)
        self.look.save.setVisible(False)  # one Save for the whole page
        self.save_button = QPushButton(translate("settings.stores_page", "&Save store"))
        self.add_button = QPushButton(translate("settings.stores_page", "&Add a store"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()

        pick = QHBoxLayout()
        store_label = QLabel(translate("settings.stores_page", "S&tore"))
        store_label.setBuddy(self.store)
        pick.addWidget(store_label)
        pick.addWidget(self.store, 1)
        pick.addWidget(self.add_button)
        details = QGroupBox(translate("settings.stores_page", "Details"))
        form = QFormLayout(details)
        for title, widget in (
            (QT_TRANSLATE_NOOP("settings.stores_page", "&Name"), self.name),
            (QT_TRANSLATE_NOOP("settings.stores_page", "&Kind"), self.kind),
            (QT_TRANSLATE_NOOP("settings.stores_page", "C&urrency"), self.currency),
            (QT_TRANSLATE_NOOP("settings.stores_page", "T&ime zone"), self.timezone),
            (
                QT_TRANSLATE_NOOP("settings.stores_page", "Shipment &confirmations"),
                self.confirmation,
            ),
        ):
            label = QLabel(translate("settings.stores_page", title))
            label.setBuddy(widget)
            form.addRow(label, widget)
        looks = QGroupBox(
            translate("settings.stores_page", "Return address, labels and packing slips")
        )
        QVBoxLayout(looks).addWidget(self.look)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(pick)
        column.addWidget(details)
        column.addWidget(looks)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.error, 2)   # beside Save: no empty line under the scroll area
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        self.store.currentIndexChanged.connect(self.show_store)
        self.save_button.clicked.connect(self.on_save)
        self.add_button.clicked.connect(self.add_store)
        self.reload()

    def reload(self, select: str = "") -> None:
        self._stores = {s.id: s for s in self.backend.read(store_service.store_details)}
        wanted = select or self.store.currentText()
        self.store.blockSignals(True)
        self.store.clear()
        for s in self._stores.values():
            self.store.addItem(s.name, s.id)
        self.store.setCurrentIndex(max(0, self.store.findText(wanted)))
        self.store.blockSignals(False)
        self.look.store.blockSignals(True)
        self.look.store.clear()
        for s in self._stores.values():
            self.look.store.addItem(s.name, s.id)
        self.look.store.blockSignals(False)
        self.show_store()

    def show_store(self) -> None:
        store_id = self.store.currentData()
        details = self._stores.get(store_id) if store_id is not None else None
        if details is None:
            details = StoreDetails(0, "", "shopify", "USD")
        self.name.setText(details.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(details.kind)))
        self.currency.setText(details.currency)
        self.timezone.setCurrentText(details.timezone)
        self.confirmation.setCurrentIndex(
            max(0, self.confirmation.findData(details.confirmation_format))
        )
        self.look.setEnabled(bool(details.id))
        if details.id:
            self.look.store.setCurrentIndex(self.look.store.findData(details.id))
            self.look.load()
        self.error.clear()

    def add_store(self) -> None:
        """A blank form for a new store (saved with Save store)."""
        self.store.blockSignals(True)
        self.store.addItem(translate("settings.stores_page", "(new store)"), NEW)
        self.store.setCurrentIndex(self.store.count() - 1)
        self.store.blockSignals(False)
        self.show_store()
        self.status.setText(
            translate(
                "settings.stores_page",
                "Type the new store's name, kind and currency, then Save store.",
            )
        )
        self.name.setFocus()

    def details(self) -> StoreDetails:
        store_id = self.store.currentData()
        return StoreDetails(
            store_id if isinstance(store_id, int) and store_id > 0 else 0,
            self.name.text(),
            self.kind.currentData(),
            self.currency.text(),
            self.timezone.currentText(),
            self.confirmation.currentData(),
        )

    def on_save(self) -> bool:
        details = self.details()
        try:
            store_id = self.backend.run(store_service.save_store, details)
            if details.id:
                self.backend.run(labels_printers.save_store_settings, store_id, self.look.look())
        except BackroomError as exc:
            self.error.setText(str(exc))
            return False
        self.reload(select=details.name.strip())
        self.status.setText(
            translate("settings.stores_page", "Saved {store}.").format(store=details.name.strip())
        )
        self.saved.emit()
        return True

    def edit_return_address(self, store: str) -> None:
        """Show `store` with the keyboard in its return address (a label needs one)."""
        index = self.store.findText(store)
        if index >= 0:
            self.store.setCurrentIndex(index)
        self.status.setText(
            translate(
                "settings.stores_page",
                "Type {store}'s return address, one line per line, then Save store.",
            ).format(store=store)
        )
        self.look.return_address.setFocus()
