"""The one Settings dialog (Tools ▸ Settings…): a list of pages on the left, the page on
the right. Stores and carriers are shared by every PC on the database; station, units and
language belong to this PC (QSettings).

Keys: the page list has the keyboard first (Up/Down pick a page, Tab goes into it);
Ctrl+PgDown / Ctrl+PgUp go to the next / previous page from anywhere in the dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.ui.common.cell_tooltips import cover_views
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.icons import icon
from app.ui.common.remember import remember_window
from app.ui.common.workers import JobRunner
from app.ui.labels.printers import PrintersPage
from app.ui.settings.carriers_page import CarriersPage
from app.ui.settings.formats_page import FormatsPage, LanguagePage
from app.ui.settings.station_page import StationPage
from app.ui.settings.stores_page import StoresPage

# key, title, icon: the pages in their order.
PAGES = (
    ("stores", QT_TRANSLATE_NOOP("settings.dialog", "Stores"), "store"),
    ("station", QT_TRANSLATE_NOOP("settings.dialog", "Station"), "station"),
    ("printers", QT_TRANSLATE_NOOP("settings.dialog", "Printers"), "printer"),
    ("people", QT_TRANSLATE_NOOP("settings.dialog", "People"), "people"),
    ("carriers", QT_TRANSLATE_NOOP("settings.dialog", "Carriers and services"), "carrier"),
    ("formats", QT_TRANSLATE_NOOP("settings.dialog", "Units and formats"), "units"),
    ("language", QT_TRANSLATE_NOOP("settings.dialog", "Language"), "language"),
)


class PeoplePage(QWidget):
    """Who works here: the People screen (names, roles, PINs) opens from here."""

    def __init__(
        self, window: QWidget | None, backend: Backend, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.main_window, self.backend = window, backend
        self.open_button = QPushButton(
            icon("people"), translate("settings.dialog", "Open &People…")
        )
        self.audit_button = QPushButton(translate("settings.dialog", "Open the &audit trail…"))
        text = QLabel(
            translate(
                "settings.dialog",
                "Give each person a name, a role (owner, supervisor, packer, "
                "accountant) and a PIN; the People screen also sets what each role "
                "may do and when an unused station locks itself.",
            )
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        for button in (self.open_button, self.audit_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.open_button.clicked.connect(self.open_people)
        self.audit_button.clicked.connect(self.open_audit)
        self.people_screen: QWidget | None = None

    def _station(self) -> Any:
        return getattr(self.main_window, "people", None)  # the main window's StationPeople

    def open_people(self) -> QWidget | None:
        station = self._station()
        if station is not None:
            self.people_screen = station.show_people()
            return self.people_screen
        from app.ui.people.people_screen import PeopleScreen

        self.people_screen = PeopleScreen(self.backend, self)
        self.people_screen.setWindowFlag(Qt.WindowType.Window, True)
        self.people_screen.show()
        return self.people_screen

    def open_audit(self) -> None:
        station = self._station()
        if station is not None:
            station.show_audit()


class SettingsDialog(QDialog):
    def __init__(
        self, backend: Backend, window: QWidget | None = None, *, qsettings: QSettings | None = None
    ) -> None:
        super().__init__(window)
        self.backend, self.main_window = backend, window
        self.setWindowTitle(translate("settings.dialog", "Settings"))
        self.runner = JobRunner(self)
        self.pages_list = QListWidget()
        self.pages_list.setObjectName("settings_pages")
        self.stack = QStackedWidget()
        self.stores = StoresPage(backend)
        self.station = StationPage(backend, qsettings)
        self.printers = PrintersPage(backend, self.runner)
        self.people = PeoplePage(window, backend)
        self.carriers = CarriersPage(backend)
        self.formats = FormatsPage(qsettings)
        self.language = LanguagePage()
        self.page: dict[str, QWidget] = {
            "stores": self.stores,
            "station": self.station,
            "printers": self.printers,
            "people": self.people,
            "carriers": self.carriers,
            "formats": self.formats,
            "language": self.language,
        }
        for key, title, icon_name in PAGES:
            item = QListWidgetItem(icon(icon_name), translate("settings.dialog", title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.pages_list.addItem(item)
            self.stack.addWidget(self.page[key])
        self.pages_list.setFixedWidth(self.pages_list.sizeHintForColumn(0) + 36)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.addWidget(self.pages_list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.pages_list.currentRowChanged.connect(self._on_page)
        self.pages_list.setCurrentRow(0)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.step(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.step(-1))
        self._wire()
        cover_views(self)
        # Tall enough for the Stores page to the last note line without scrolling (issue 19),
        # on a 1280×800 screen too; a smaller screen keeps the scroll bar.
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(960, 730 if screen is None else min(730, screen.height() - 40))
        remember_window(self, "settings", qsettings)
        self.pages_list.setFocus()

    def _wire(self) -> None:
        """Saving here reaches the screens that show it, at once."""
        self.printers.printers_changed.connect(self.station.reload_printers)
        self.station.printers_wanted.connect(lambda: self.show_page("printers"))
        window = self.main_window
        tab = getattr(window, "tab", None)
        if not callable(tab):
            return
        labels, orders, packing = tab("Labels"), tab("Orders"), tab("Pick & Pack")
        if labels is not None and hasattr(labels, "print_page"):
            self.printers.printers_changed.connect(labels.print_page.reload_printers)
            self.stores.saved.connect(labels.print_page.changed)
        if orders is not None and hasattr(orders, "reload_stores"):
            self.stores.saved.connect(orders.reload_stores)
        if packing is not None and hasattr(packing, "apply_setup"):
            self.station.saved.connect(packing.apply_setup)
            self.station.saved.connect(
                lambda _setup: packing.sounds.set_muted(not self.station.sounds.isChecked())
            )
            station = getattr(packing, "station", None)
            if station is not None and hasattr(station, "reload_carriers"):
                self.carriers.saved.connect(station.reload_carriers)

    def _on_page(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.title.setText(translate("settings.dialog", PAGES[row][1]))

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()][0]

    def show_page(self, key: str) -> QWidget:
        row = next(i for i, (k, _t, _i) in enumerate(PAGES) if k == key)
        self.pages_list.setCurrentRow(row)
        return self.page[key]

    def step(self, by: int) -> None:
        self.pages_list.setCurrentRow((self.pages_list.currentRow() + by) % len(PAGES))


def settings_dialog(
    window: QWidget | None,
    backend: Backend,
    *,
    page: str = "",
    store: str = "",
    qsettings: QSettings | None = None,
) -> SettingsDialog:
    """The Settings dialog over `window`, opened (window-modal) at `page`; for a store that
    lacks its return address, at that store with the keyboard in the address."""
    dialog = SettingsDialog(backend, window, qsettings=qsettings)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if page:
        dialog.show_page(page)
    dialog.open()
    if page == "stores" and store:
        dialog.stores.edit_return_address(store)
    return dialog


def open_settings(
    window: QWidget | None, backend: Backend, *, page: str = "", store: str = ""
) -> None:
    """Tools ▸ Settings…; `page` (stores, station, printers, people, carriers, formats,
    language) opens at that page."""
    settings_dialog(window, backend, page=page, store=store)
