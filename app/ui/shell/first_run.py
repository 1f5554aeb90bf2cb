"""The setup guide: shown once on a new database (after the demo store offer) and again
from Help > Setup guide. Your store, its return address, a printer test, a scanner test;
every page may be left as it is (Next skips it). Keyboard only: Tab between fields, Enter
for Next and Finish, Esc to leave. Done or left, it is remembered and does not come back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.models.catalog import STORE_KINDS
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.labels import printers as labels_printers
from app.services.orders.setup import list_stores
from app.services.orders.stores import StoreDetails, save_store, store_details
from app.services.printing import transports
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.workers import JobRunner, JobSignals

DONE_KEY = "setup/first_run_done"
KIND_NAMES = {"shopify": "Shopify", "amazon": "Amazon", "ebay": "eBay", "etsy": "Etsy",
              "woocommerce": "WooCommerce",
              "counter": QT_TRANSLATE_NOOP("shell.first_run", "Shop counter"),
              "other": QT_TRANSLATE_NOOP("shell.first_run", "Other")}


def _settings(qs: QSettings | None) -> QSettings:
    return qs if qs is not None else QSettings("Backroom", "Backroom")


def is_done(qs: QSettings | None = None) -> bool:
    return str(_settings(qs).value(DONE_KEY, "false")) == "true"


def mark_done(qs: QSettings | None = None) -> None:
    settings = _settings(qs)
    settings.setValue(DONE_KEY, "true")
    settings.sync()


def _note(text: str) -> QLabel:
    """A wrapped line of text. A page's explanation is one too, at its top, and not the
    wizard's subtitle: the header clips a subtitle's second line in Chinese."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class StoresPage(QWizardPage):
    """Change a store (the demo's, or one an import made) or add one; Enter keeps them."""

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.setTitle(translate("shell.first_run", "Your store"))
        self.lead = _note(translate(
            "shell.first_run", "Orders belong to a store: a Shopify shop, an Amazon account, "
            "the shop counter. Name yours, or press Enter to keep the stores as they are."))
        self.store = QComboBox()
        self.name = QLineEdit()
        self.name.setPlaceholderText(translate("shell.first_run", "e.g. My Shopify shop"))
        self.kind = QComboBox()
        for kind in STORE_KINDS:
            self.kind.addItem(translate("shell.first_run", KIND_NAMES.get(kind, kind)), kind)
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText("USD, EUR, GBP, CNY…")
        self.error = _note("")
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout(self)
        form.addRow(self.lead)
        form.addRow(translate("shell.first_run", "S&tore"), self.store)
        form.addRow(translate("shell.first_run", "&Name"), self.name)
        form.addRow(translate("shell.first_run", "&Kind"), self.kind)
        form.addRow(translate("shell.first_run", "&Currency"), self.currency)
        form.addRow(self.error)
        self.details: list[StoreDetails] = []
        self.store.currentIndexChanged.connect(self.load)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        self.details = self.backend.read(store_details)
        self.store.blockSignals(True)
        self.store.clear()
        for details in self.details:
            self.store.addItem(details.name, details.id)
        self.store.addItem(translate("shell.first_run", "+ a new store"), 0)
        self.store.setCurrentIndex(0)
        self.store.blockSignals(False)
        self.load()

    def chosen(self) -> StoreDetails:
        found = next((d for d in self.details if d.id == self.store.currentData()), None)
        return found or StoreDetails(0, "", "shopify", "USD")

    def load(self) -> None:
        details = self.chosen()
        self.name.setText(details.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(details.kind)))
        self.currency.setText(details.currency)
        self.error.clear()

    def wanted(self) -> StoreDetails:
        return replace(self.chosen(), name=self.name.text().strip(),
                       kind=self.kind.currentData(),
                       currency=self.currency.text().strip().upper())

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        wanted = self.wanted()
        if wanted == self.chosen() or (wanted.id == 0 and not wanted.name):
            return True  # nothing changed: skipped
        try:
            self.backend.run(save_store, wanted)
        except BackroomError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        return True


class ReturnAddressPage(QWizardPage):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.setTitle(translate("shell.first_run", "Return address"))
        self.lead = _note(translate(
            "shell.first_run", "Shipping labels print it as the sender. Leave it empty to "
            "do this later (Labels ▸ Store settings)."))
        self.store = QComboBox()
        self.return_name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)  # Tab leaves the box, as in every other field
        self.address.setPlaceholderText(translate(
            "shell.first_run", "One line per line of the address"))
        self.address.setMaximumHeight(110)
        self.status = _note("")
        form = QFormLayout(self)
        form.addRow(self.lead)
        form.addRow(translate("shell.first_run", "&Store"), self.store)
        form.addRow(translate("shell.first_run", "Return to (&name)"), self.return_name)
        form.addRow(translate("shell.first_run", "&Address"), self.address)
        form.addRow(self.status)
        self.store.currentIndexChanged.connect(self.load)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        self.store.blockSignals(True)
        self.store.clear()
        for store in self.backend.read(list_stores):
            self.store.addItem(store.name, store.id)
        self.store.blockSignals(False)
        self.load()

    def load(self) -> None:
        store_id = self.store.currentData()
        if store_id is None:
            self.status.setText(translate("shell.first_run", "Add a store first."))
            return
        look = self.backend.read(labels_printers.store_settings, store_id)
        self.return_name.setText(look.return_name)
        self.address.setPlainText("\n".join(look.return_lines))

    def lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.address.toPlainText().splitlines()
                     if line.strip())

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        store_id = self.store.currentData()
        if store_id is None:
            return True
        look = self.backend.read(labels_printers.store_settings, store_id)
        name, lines = self.return_name.text().strip(), self.lines()
        if (name, lines) == (look.return_name, look.return_lines):
            return True  # nothing changed: skipped
        try:
            self.backend.run(labels_printers.save_store_settings, store_id,
                             replace(look, return_name=name, return_lines=lines))
        except BackroomError as exc:
            self.status.setText(str(exc))
            return False
        return True


class PrinterPage(QWizardPage):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.runner = JobRunner(self)
        self._signals: JobSignals | None = None   # a test print's, kept until it reports
        self.setTitle(translate("shell.first_run", "Printer test"))
        self.lead = _note(translate(
            "shell.first_run", "Print a test label to see the printer works. Printers are "
            "added in Tools ▸ Printers… (a thermal printer's address, or a folder for PDFs)."))
        self.printer = QComboBox()
        self.test = QPushButton(translate("shell.first_run", "&Test print"))
        self.test.setAutoDefault(False)
        self.status = _note("")
        form = QFormLayout(self)
        form.addRow(self.lead)
        form.addRow(translate("shell.first_run", "&Printer"), self.printer)
        form.addRow("", self.test)
        form.addRow(self.status)
        self.test.clicked.connect(self.print_test)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        self.printer.clear()
        for profile in self.backend.read(labels_printers.list_printers):
            self.printer.addItem(profile.name, profile.name)
        has = self.printer.count() > 0
        self.printer.setEnabled(has)
        self.test.setEnabled(has)
        self.status.setText("" if has else translate(
            "shell.first_run", "No printer is set up yet: press Enter to go on, and add "
            "one later in Tools ▸ Printers…"))

    def print_test(self) -> None:
        name = self.printer.currentData()
        if not name:
            return
        profile = self.backend.read(labels_printers.get_printer, name)

        def job(_progress: object, _token: object) -> str:
            data = labels_printers.test_label(profile)
            if profile.kind == "zpl":
                return transports.send_raw(profile, data, timeout=5)
            return transports.send_pdf(profile, data, "test-print.pdf")

        self.status.setText(translate("shell.first_run", "Printing…"))
        self._signals, _ = self.runner.start(job, finished=self._tested,
                                             failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._tested(translate("shell.first_run", "Test print failed: {error}").format(
            error=exc))

    def _tested(self, message: str) -> None:
        self.status.setText(str(message))


class ScannerPage(QWizardPage):
    def __init__(self, scanner_test: Callable[[], QWidget] | None) -> None:
        super().__init__()
        self.setTitle(translate("shell.first_run", "Scanner test"))
        self.lead = _note(translate(
            "shell.first_run", "A USB scanner types like a keyboard. The scanner test shows "
            "exactly what it sends and how Backroom reads it; Esc closes it."))
        self.open_test = QPushButton(translate("shell.first_run", "&Open the scanner test…"))
        self.open_test.setAutoDefault(False)
        self.open_test.setEnabled(scanner_test is not None)
        if scanner_test is not None:
            # Not connected directly: clicked(bool) would arrive as an argument.
            self.open_test.clicked.connect(lambda: scanner_test())  # noqa: PLW0108
        layout = QVBoxLayout(self)
        layout.addWidget(self.lead)
        layout.addWidget(self.open_test, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(_note(translate(
            "shell.first_run", "The key gap and prefix of this PC's scanner are set in "
            "Tools ▸ Scanner set-up… (F10).")))
        layout.addStretch(1)


class DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(translate("shell.first_run", "Ready"))
        layout = QVBoxLayout(self)
        layout.addWidget(_note(translate(
            "shell.first_run", "That is all. F1 opens the guide for the tab you are on, "
            "Ctrl+K finds any command by name, and Help ▸ Setup guide brings this back.")))
        layout.addStretch(1)


class FirstRunWizard(QWizard):
    def __init__(self, backend: Backend, parent: QWidget | None = None, *,
                 qsettings: QSettings | None = None,
                 scanner_test: Callable[[], QWidget] | None = None) -> None:
        super().__init__(parent)
        self.qsettings = qsettings
        self.setWindowTitle(translate("shell.first_run", "Set up Backroom"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.stores = StoresPage(backend)
        self.return_address = ReturnAddressPage(backend)
        self.printer = PrinterPage(backend)
        self.scanner = ScannerPage(scanner_test)
        for page in (self.stores, self.return_address, self.printer, self.scanner,
                     DonePage()):
            self.addPage(page)
        # Tab from a page's last field goes to Next (then Enter), not to Back.
        next_button = self.button(QWizard.WizardButton.NextButton)
        for last in (self.stores.currency, self.return_address.address,
                     self.printer.test, self.scanner.open_test):
            QWidget.setTabOrder(last, next_button)
        self.currentIdChanged.connect(self._focus_first_field)
        self.finished.connect(lambda _result: mark_done(self.qsettings))
        self.resize(640, 460)

    def _focus_first_field(self, _id: int) -> None:
        """The field one types first (Qt would pick the page's first widget: a list)."""
        first = {self.stores: self.stores.name,
                 self.return_address: self.return_address.return_name,
                 self.printer: self.printer.printer}.get(self.currentPage())
        if first is not None and first.isEnabled():
            first.setFocus(Qt.FocusReason.TabFocusReason)
