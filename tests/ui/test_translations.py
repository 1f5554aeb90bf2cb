"""Chinese as well as English: every visible string of the core tabs goes through Qt's
translation, the .ts file has a Chinese text for each, and the language choice is kept.

The scan builds each tab and its main dialogs under the zh_CN translator and fails on any
visible text (labels, buttons, group boxes, tab titles, table headers, placeholders,
tooltips, actions, combo items) that still holds a Latin word that is not a proper noun,
unit or code from the allow-list below. A string added without translate(...) fails it."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

from app.ui.common import i18n

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "translations" / "backroom_zh_CN.ts"
QM = TS.with_suffix(".qm")

# The translation contexts of the tabs this file checks (the other tabs follow the same
# pattern; add their prefixes here once their strings are translated).
CONTEXTS = ("Column", "words", "orders.", "packing.", "labels.", "counts.", "stock.",
            "people.", "backups.", "common.access", "common.crash", "common.feedback_sounds",
            "common.i18n", "common.keyboard_layouts", "common.scanner_settings",
            "common.scanner_test", "common.serial_scanner",
            # the menu bar, help, first run, Settings, database, replenishment
            "shell.", "settings.", "database.", "suppliers.replenish_page", "common.empty_state",
            "common.pdf_view", "common.station_prefs",
            # the office tabs: returns, insights, today, suppliers, reconciliation, push
            "returns.", "insights.", "today.", "suppliers.", "reconciliation.", "push.",
            # the services' words (app/services/core/messages.py), shown by common/messages.py
            "messages")

# Latin words that stay as they are in Chinese: codes, units, keys, brands, formats.
ALLOWED = {
    "SKU", "SKUs", "PDF", "CSV", "TSV", "ZPL", "PIN", "UTC", "HS", "EAN", "UPC", "USB", "GS",
    "Tab", "Enter", "Esc", "Ctrl", "Shift", "Alt", "Backroom", "PNG", "JPEG", "MB", "ms",
    "kg", "g", "dpi", "ABC", "N", "A", "PICK", "FROM", "listing", "Amazon", "eBay", "Shopify",
    "Etsy", "WooCommerce", "Dropbox", "OneDrive", "iCloud", "Drive", "tcp", "cups", "Zebra",
    "windows", "ZDesigner", "GK", "d", "QWERTZ", "AZERTY", "US", "EUR", "GBP", "USD", "CHF",
    "SEK", "PLN", "CAD", "AUD", "JPY", "CNY", "DHL", "DPD", "UPS", "FedEx", "USPS", "GLS",
    "PostNL", "Evri", "Royal", "Mail", "Deutsche", "Post", "La", "Poste", "products", "import",
    "backroom",   # the command line: `backroom products import`
    "U",          # U 盘, a USB stick
    "x", "mm", "in", "pt", "Avery", "Letter", "L",  # sizes: 4 x 6 in, Avery L7160 (Letter)
    "Counter",    # the store name of orders typed in at the counter (data, like any store)
    "English",    # each language is listed by its own name
    "Python", "Qt", "PySide", "SQLAlchemy", "PostgreSQL", "SQLite", "IP", "Return",
    "cm", "oz", "lb",
    "QUARANTINE", "SCRAP", "SUPPLIER",   # the place barcodes the returns station scans
    "CLV", "ACoS", "TACoS",              # customer value and ad figures, named so in Chinese too
    "AWB",                               # an air waybill's number
    "PayPal", "Stripe", "Payments",      # payment brands: Shopify Payments, PayPal, Stripe
    "WordPress",
}
_WORD = re.compile(r"[A-Za-z]+")
# Keys (F2, Ctrl+Shift+L) and bin codes (A-01-2) are codes in every language.
_KEY = re.compile(r"\b(?:(?:Ctrl|Shift|Alt)\+)*(?:F\d{1,2}\b|[A-Z]\b)|\b[A-Z]-\d+(?:-\d+)*\b")
_MNEMONIC = re.compile(r"\(&[A-Za-z0-9]\)")                       # 新建订单(&N)
_TAGS = re.compile(r"<[^>]+>|&[a-z#0-9]+;")                        # rich text markup
# Data, not words: paths, emails, file suffixes, serial ports, command-line options, files.
_PATH = re.compile(r"\S*[/\\]\S*|\S+@\S+|\.(?:sqlite3|db|csv|pdf|txt)\b|\btty\w+|\bCOM\d+"
                   r"|--\w+|\b\w+\.py\b")


def latin_words(text: str) -> list[str]:
    """The Latin words of a visible text that a Chinese reader should not see."""
    text = _PATH.sub(" ", _TAGS.sub(" ", _MNEMONIC.sub("", text)))
    text = _KEY.sub(" ", text.replace("&&", "&").replace("&", ""))
    return [w for w in _WORD.findall(text) if w not in ALLOWED]


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a person sees on `root` and its children."""
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__}"
        if widget.isWindow():
            yield f"{name}.windowTitle", widget.windowTitle()
        yield f"{name}.toolTip", widget.toolTip()
        for action in widget.actions():
            yield f"{name} action", action.text()
            yield f"{name} action toolTip", action.toolTip() if action.toolTip() != \
                action.text().replace("&", "") else ""
        if isinstance(widget, QLabel):
            yield name, widget.text()
        elif isinstance(widget, QAbstractButton):
            yield name, widget.text()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QLineEdit):
            yield f"{name}.placeholder", widget.placeholderText()
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            yield f"{name}.placeholder", widget.placeholderText()
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            yield f"{name}.suffix", widget.suffix()
            yield f"{name}.specialValueText", widget.specialValueText()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{name} item", widget.itemText(i)
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{name} tab", widget.tabText(i)
        elif isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                yield f"{name} header", str(header or "")


def untranslated(root: QWidget) -> list[str]:
    return sorted({f"{where}: {text!r}" for where, text in visible_texts(root)
                   if text and latin_words(text)})


@pytest.fixture(scope="module")
def qm_file() -> Path:
    """The compiled translations (built here when `make translations` has not run)."""
    if not QM.exists() or QM.stat().st_mtime < TS.stat().st_mtime:
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(QM)], check=True)
    return QM


@pytest.fixture
def chinese(qapp, qm_file) -> Iterator[None]:
    assert i18n.install("zh_CN") == "zh_CN"
    assert i18n.translate("Column", "Order") == "订单", "the .qm file was not loaded"
    yield
    i18n.install("en")


def _tabs(backend, db, tmp_path) -> dict[str, QWidget]:
    from app.services.backups.store import StoreBackups
    from app.ui.backups.controller import BackupsController
    from app.ui.backups.dialog import BackupsDialog
    from app.ui.common.scanner_input import ScannerSettings
    from app.ui.common.scanner_settings import ScannerSettingsDialog, ScannerSetup
    from app.ui.common.scanner_test import ScannerTestDialog
    from app.ui.counts.overview import CountsView, CreateCountDialog
    from app.ui.labels.tab import LabelsTab
    from app.ui.orders.importing import ImportDialog
    from app.ui.orders.manual import ManualOrderDialog
    from app.ui.orders.tab import OrdersTab
    from app.ui.packing.tab import PackingTab
    from app.ui.people.audit_screen import AuditScreen
    from app.ui.people.login import LoginDialog
    from app.ui.people.people_screen import PeopleScreen, SecretDialog
    from app.ui.stock.move_dialog import AdjustDialog, StockMoveDialog
    from app.ui.stock.product_dialog import ProductDialog
    from app.ui.stock.tab import StockTab

    packing = PackingTab(backend)
    packing.sounds.set_muted(True)
    controller = BackupsController(StoreBackups.of(db, settings_path=tmp_path / "backups.json"))
    built: dict[str, QWidget] = {
        "Orders": OrdersTab(backend), "Pick & Pack": packing, "Labels": LabelsTab(backend),
        "Stock": StockTab(backend), "Counts": CountsView(backend),
        "Import orders": ImportDialog(backend), "New order": ManualOrderDialog(backend),
        "New count": CreateCountDialog(backend), "New product": ProductDialog(backend),
        "Move stock": StockMoveDialog(backend), "Adjust stock": AdjustDialog(backend),
        "People": PeopleScreen(backend), "Audit trail": AuditScreen(backend),
        "Sign in": LoginDialog(backend, station="pack-1"), "PIN": SecretDialog(backend),
        "Scanner set-up": ScannerSettingsDialog(None, ScannerSetup(ScannerSettings())),
        "Scanner test": ScannerTestDialog(None, ScannerSettings()),
        "Backups": BackupsDialog(controller),
    }
    return built


def test_every_visible_string_of_the_core_tabs_is_chinese(chinese, qtbot, db, backend,
                                                          tmp_path):
    found: dict[str, list[str]] = {}
    for title, widget in _tabs(backend, db, tmp_path).items():
        qtbot.addWidget(widget)
        problems = untranslated(widget)
        if problems:
            found[title] = problems
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {line}" for title, lines in found.items() for line in lines)


def test_the_scan_catches_a_string_that_is_not_translated(chinese, qtbot):
    """The check itself: a plain English label fails, its Chinese twin and codes pass."""
    box = QGroupBox(i18n.translate("labels.tab", "Printers"))
    QLabel("Scan the next order", box)
    QLabel("SKU · PDF · F9 · A-01-2 · 新建订单(&N)", box)
    qtbot.addWidget(box)
    assert untranslated(box) == ["QLabel: 'Scan the next order'"]


def test_the_ts_file_is_complete_for_the_core_tabs():
    root = ET.parse(TS).getroot()
    unfinished, placeholders = [], []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        if not name.startswith(CONTEXTS):
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            text = translation.text or ""
            if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
                unfinished.append(f"{name}: {source!r}")
            # A placeholder the source does not fill would raise KeyError at .format().
            extra = set(re.findall(r"\{[^{}]*\}", text)) - set(re.findall(r"\{[^{}]*\}",
                                                                        source))
            if extra:
                placeholders.append(f"{name}: {source!r} -> {sorted(extra)}")
    assert not unfinished, "no Chinese yet for:\n" + "\n".join(unfinished)
    assert not placeholders, "\n".join(placeholders)


def test_the_language_choice_survives_a_restart(qapp, tmp_path):
    path = str(tmp_path / "settings.ini")
    first = QSettings(path, QSettings.Format.IniFormat)
    assert i18n.current_language(first) == "en"
    i18n.set_language("zh_CN", first)
    del first
    again = QSettings(path, QSettings.Format.IniFormat)   # the next start reads the file
    assert i18n.current_language(again) == "zh_CN"
    with pytest.raises(ValueError):
        i18n.set_language("xx", again)
    again.setValue(i18n.SETTING, "tlh")                   # an unknown stored value: English
    assert i18n.current_language(again) == "en"


def test_numbers_money_and_dates_follow_the_language(chinese):
    from datetime import UTC, datetime

    from app.ui.common.money_text import money_text

    assert QLocale().name() == "zh_CN"
    assert money_text(123450, "EUR") == "€1,234.50"
    moment = datetime(2026, 12, 1, 7, 13, tzinfo=UTC).astimezone()
    assert "年" in i18n.long_time(moment) and "周" in i18n.long_time(moment)
    QLocale.setDefault(QLocale("de_DE"))   # a language that writes 1.234,50
    assert money_text(123450, "EUR") == "€1.234,50"
    assert money_text(-5, "JPY") == "-¥5"


def test_the_permission_words_are_the_models_words():
    """The People screen translates what each role may do from a copy lupdate can read."""
    from app.models.people import PERMISSIONS
    from app.ui.common.words import PERMISSION_WORDS

    assert PERMISSION_WORDS == PERMISSIONS


# -- issue 19: the menu bar, palette, help, About, first run, Settings, database, replenishment


def _more_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """Texts visible_texts does not read: list items, wizard page titles, menu titles."""
    from PySide6.QtWidgets import QListWidget, QMenu, QWizardPage

    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                yield "QListWidget item", widget.item(i).text()
                yield "QListWidget item toolTip", widget.item(i).toolTip()
        elif isinstance(widget, QWizardPage):
            yield "QWizardPage.title", widget.title()
            yield "QWizardPage.subTitle", widget.subTitle()
        elif isinstance(widget, QMenu):
            yield "QMenu.title", widget.title()


def _untranslated_of(root: QWidget, data: tuple[str, ...] = ()) -> list[str]:
    """untranslated(), with list items and wizard pages, and the data `root` shows (a
    station's name, versions) left out: data is not words."""
    found = set()
    for where, text in [*visible_texts(root), *_more_texts(root)]:
        shown = text
        for value in data:
            shown = shown.replace(value, " ")
        if shown and latin_words(shown):
            found.add(f"{where}: {text!r}")
    return sorted(found)


def test_the_shell_settings_database_and_replenishment_are_chinese(chinese, qtbot, db,
                                                                   backend, tmp_path):
    from PySide6.QtWidgets import QMainWindow, QWizard

    from app.services.database import setup
    from app.ui.database.connect_dialog import STATE_WORDS, ConnectDialog, found_words
    from app.ui.main_window import TAB_ORDER
    from app.ui.settings.dialog import SettingsDialog
    from app.ui.shell.about import AboutDialog
    from app.ui.shell.menus import Shell, tab_title
    from app.ui.suppliers.replenish_page import ReplenishPage
    from tests.unit.replenishment.world import AS_OF, add_product, make_store, sell

    qs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = QMainWindow()
    qtbot.addWidget(window)
    tabs = QTabWidget()
    window.setCentralWidget(tabs)
    pages = {title: QWidget() for title in TAB_ORDER}
    for title, page in pages.items():
        tabs.addTab(page, tab_title(title).replace("&", "&&"))
    shell = Shell(window, backend, tabs, TAB_ORDER, pages.get, qsettings=qs)
    found: dict[str, list[str]] = {"Menu bar": _untranslated_of(window)}
    palette = shell.open_palette()
    assert "文件 ▸ 退出" in [c.name for c in palette.all]   # no "(&Q)" left in the palette
    found["Command palette"] = _untranslated_of(palette)
    palette.close()
    help_window = shell.open_guide()
    found["Help window"] = _untranslated_of(help_window, (str(guide_folder()),))
    about = AboutDialog(backend)
    qtbot.addWidget(about)
    found["About"] = _untranslated_of(about, tuple(v for _w, v in about.rows))
    wizard = shell.open_first_run()
    assert isinstance(wizard, QWizard)
    for _step in range(4):   # every page built and shown once (their status lines)
        found[f"First run {wizard.currentId()}"] = _untranslated_of(wizard)
        wizard.next()
    found["First run done"] = _untranslated_of(wizard)
    wizard.close()

    settings = SettingsDialog(backend, window, qsettings=qs)
    qtbot.addWidget(settings)
    settings.stores.timezone.clear()   # Europe/Berlin, Cuba, Zulu: time zone names, data
    for row in range(settings.pages_list.count()):
        settings.pages_list.setCurrentRow(row)
        found[f"Settings {settings.current_page()}"] = _untranslated_of(
            settings, (backend.actor.station,))

    connect = ConnectDialog(None, "")
    qtbot.addWidget(connect)
    found["Connect"] = _untranslated_of(connect)
    found["Connect states"] = [state for state in STATE_WORDS if latin_words(
        found_words(setup.Found(state, "The server cannot be reached."), "@"))]

    def world(s):
        sell(s, 1, add_product(s, "SPLIT", on_hand=200, offer={}), lambda d: 10)
    backend.run(make_store)
    backend.run(world)
    replenish = ReplenishPage(backend, today=AS_OF)
    qtbot.addWidget(replenish)
    with qtbot.waitSignal(replenish.model.modelReset, timeout=20000):
        replenish.reload()
    qtbot.waitUntil(lambda: replenish.plan is not None, timeout=20000)
    chart = replenish.chart.chart()
    shown = [chart.title(), *(s.name() for s in chart.series()), replenish.summary.text(),
             *(replenish.model.data(replenish.model.index(0, c)) for c in (2, 9))]
    found["Replenishment"] = _untranslated_of(replenish, ("SPLIT",)) + [
        t for t in shown if latin_words(t.replace("SPLIT", " "))]
    replenish.runner.wait()
    found = {title: lines for title, lines in found.items() if lines}
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {line}" for title, lines in found.items() for line in lines)


def test_the_help_window_shows_the_guide_in_the_chosen_language(chinese, qtbot):
    """Every page of the guide has its Chinese twin, and the help window shows it."""
    from app.ui.shell import guide
    from app.ui.shell.help_window import HelpWindow

    english = {p.stem for p in guide.guide_folder().glob("*.md")}
    chinese_pages = {p.stem for p in (guide.guide_folder() / "zh_CN").glob("*.md")}
    assert english and chinese_pages == english
    window = HelpWindow()
    qtbot.addWidget(window)
    assert len(window.pages) == len(english)
    assert all(re.search(r"[\u4e00-\u9fff]", p.title) for p in window.pages), \
        [p.title for p in window.pages]
    assert window.show_page(guide.page_for_tab("Orders"))
    assert "订单" in window.browser.toPlainText()


def test_the_help_window_stays_english_by_default(qapp, qtbot):
    from app.ui.shell.help_window import HelpWindow

    window = HelpWindow()
    qtbot.addWidget(window)
    assert window.pages[0].title == "Getting started"
    assert not re.search(r"[\u4e00-\u9fff]", "".join(p.title for p in window.pages))


def guide_folder() -> Path:
    from app.ui.shell import guide

    return guide.guide_folder()


# -- issue 19: the office tabs (returns, insights, today, reconciliation, suppliers, push)


def _office_problems(found: dict[str, list[str]], title: str, widget: QWidget,
                     data: tuple[str, ...] = ()) -> None:
    # The longest first: "Kettle & Co" must not eat the start of "Kettle & Co UK (Amazon)".
    problems = _untranslated_of(widget, tuple(sorted(data, key=len, reverse=True)))
    if problems:
        found[title] = problems


def test_the_returns_tab_and_its_dialogs_are_chinese(chinese, qtbot, backend):
    from app.services.returns import opening, reads
    from app.ui.common.feedback_sounds import FeedbackSounds
    from app.ui.returns.exchange_dialog import ExchangeDialog
    from app.ui.returns.reasons_dialog import ReasonsDialog
    from app.ui.returns.tab import ReturnsTab
    from tests.unit.returns.world import PACKER, shipped_world

    backend.run(shipped_world)
    done = backend.run(opening.create_return, PACKER, "#1001", [("MUG-RED", 1)], "damaged")
    view = backend.read(reads.return_view, done.id)
    data = (view.number, view.order_number, view.store, view.customer, view.reason,
            *(ln.sku for ln in view.lines), *(ln.name for ln in view.lines))
    tab = ReturnsTab(backend, sounds=FeedbackSounds(muted=True))
    qtbot.addWidget(tab)
    found: dict[str, list[str]] = {}
    _office_problems(found, "Returns station (waiting)", tab)
    tab.open_order(view.order_number)            # the return opens: its lines and the refund
    assert tab.station.view is not None
    tab.station.set_condition("damaged")
    tab.station.set_disposition("quarantine")
    _office_problems(found, "Returns station (a return)", tab, data)
    tab.list_page.refresh()
    qtbot.waitUntil(lambda: tab.list_page.model.rowCount() == 1)
    _office_problems(found, "Returns list", tab.list_page, data)
    reasons = ReasonsDialog(backend)
    qtbot.addWidget(reasons)
    labels = tuple(r.label for r in reasons.rows)
    _office_problems(found, "Return reasons", reasons, labels)
    exchange = ExchangeDialog(backend, view)
    qtbot.addWidget(exchange)
    _office_problems(found, "Exchange", exchange, data)
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {line}" for title, lines in found.items() for line in lines)


def test_the_starting_return_reasons_are_the_services_reasons():
    """The Returns tab translates the reasons a store starts with from a copy lupdate reads."""
    from app.services.returns.reasons import DEFAULT_REASONS
    from app.ui.returns.list_page import REASON_WORDS

    assert REASON_WORDS == tuple(label for _code, label in DEFAULT_REASONS)


def test_the_insights_and_today_tabs_are_chinese(chinese, qtbot, demo_backend):
    from app.services.insights import currency
    from app.services.returns import reads
    from app.ui.insights.tab import InsightsTab
    from app.ui.today.page import TodayPage
    from tests.conftest import DEMO_DAY

    demo_backend.run(currency.set_home_currency, "EUR")
    for month in ("2026-09", "2026-10", "2026-11", "2026-12"):
        demo_backend.run(currency.set_rate, month, "GBP", "1.1712")
    # Data, not words: the demo's store names and the command lines the Insights tab quotes.
    stores = (*(name for _id, name in demo_backend.read(reads.stores)),
              "backroom insights ads import", "--store")
    tab = InsightsTab(demo_backend, today=DEMO_DAY)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitSignal(tab.loaded, timeout=20000).wait()
    found: dict[str, list[str]] = {}
    _office_problems(found, "Insights: profit", tab, stores)
    with qtbot.waitSignal(tab.customers.loaded, timeout=20000):
        tab.pages.setCurrentWidget(tab.customers)
    _office_problems(found, "Insights: customers", tab.customers, stores)
    with qtbot.waitSignal(tab.more.loaded, timeout=20000):
        tab.pages.setCurrentWidget(tab.more)
    _office_problems(found, "Insights: ads, goals, currency", tab.more, stores)
    tab._runner.wait(5000)
    tab.customers.wait()
    page = TodayPage(demo_backend, day=DEMO_DAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.refresh()
    _office_problems(found, "Today", page, stores)
    page.wait()
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {line}" for title, lines in found.items() for line in lines)


def test_the_insights_words_are_the_services_words():
    """Customer tiers, the CLV formula and the Today list's lines are translated from copies
    lupdate reads: they must stay the services' words."""
    from app.services.insights import customers
    from app.ui.insights.customers import FORMULA, TIER_WORDS
    from app.ui.today.page import ITEM_TITLES

    assert tuple(TIER_WORDS) == customers.TIERS and tuple(TIER_WORDS.values()) == customers.TIERS
    assert FORMULA == customers.FORMULA
    source = (Path(customers.__file__).parent / "today.py").read_text(encoding="utf-8")
    for key, title in ITEM_TITLES.items():
        assert f'Item("{key}", "{title}"' in source.replace("\n", " ").replace("  ", " ")


def test_the_suppliers_tab_and_its_dialogs_are_chinese(chinese, qtbot, backend):
    from app.models.suppliers import INCOTERMS
    from app.services.suppliers import purchase_orders, shipments
    from app.services.suppliers.purchase_orders import LineInput
    from app.ui.suppliers.dialogs import NewPODialog, ShipDialog, SupplierDialog
    from app.ui.suppliers.document_dialog import DocumentDialog
    from app.ui.suppliers.tab import SuppliersTab
    from tests.unit.suppliers.world import OWNER, make_world

    def world(session) -> tuple[int, int]:
        make_world(session)
        shipped = purchase_orders.create_po(session, "Ningbo Ceramics",
                                            [LineInput("MUG-RED", 12, 245)], actor=OWNER)
        purchase_orders.send_po(session, shipped.id, actor=OWNER)
        shipments.ship(session, shipped.id, "sea", actor=OWNER)
        draft = purchase_orders.create_po(session, "Ningbo Ceramics",
                                          [LineInput("TEA-50", 5)], actor=OWNER)
        return shipped.id, draft.id

    shipped_id, draft_id = backend.run(world)
    # Data, not words: the world's supplier, store, products, PO numbers and codes.
    data = ("Ningbo Ceramics", "Red mug", "Green tea 50 g", "MUG-RED", "TEA-50", *INCOTERMS)
    tab = SuppliersTab(backend)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    found: dict[str, list[str]] = {}
    for index in range(tab.pages.count() - 1):   # replenishment has a test of its own
        tab.show_page(index)
        page = tab.pages.widget(index)
        numbers = tuple(r.number for r in getattr(page, "rows", []) if hasattr(r, "number"))
        _office_problems(found, f"Suppliers: {tab.pages.tabText(index)}", page,
                         data + numbers)
    tab.show_page(2)
    shipped = next(r.number for r in tab.orders.rows if r.id == shipped_id)
    tab.receiving.on_scan(shipped)                       # a PO open at the receiving page
    _office_problems(found, "Suppliers: receiving a PO", tab.receiving,
                     data + tuple(r.number for r in tab.orders.rows))
    for title, dialog in (("Supplier", SupplierDialog(backend)),
                          ("New PO", NewPODialog(backend)),
                          ("Ship", ShipDialog(backend, draft_id)),
                          ("Document", DocumentDialog("—", b"", "x.pdf"))):
        qtbot.addWidget(dialog)
        _office_problems(found, title, dialog,
                         data + tuple(r.number for r in tab.orders.rows) + ("EUR", "x"))
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {line}" for title, lines in found.items() for line in lines)


def test_the_supplier_words_are_the_services_words():
    from app.models.suppliers import MODES, PO_STATUSES, SHIPMENT_STATUSES, SUPPLIER_CLASSES
    from app.services.suppliers.catalog import CLASS_WORDS
    from app.ui.suppliers.dialogs import CLASS_WORDS_SHOWN, MODE_WORDS
    from app.ui.suppliers.pages import _STATUS_WORDS

    assert CLASS_WORDS_SHOWN == CLASS_WORDS and set(CLASS_WORDS) == set(SUPPLIER_CLASSES)
    assert set(_STATUS_WORDS) == set(PO_STATUSES) | set(SHIPMENT_STATUSES)
    assert set(MODE_WORDS) == set(MODES)


def test_the_reconciliation_tab_and_its_dialog_are_chinese(chinese, qtbot, backend, tmp_path):
    from datetime import UTC, datetime

    from app.services.reconciliation import reads
    from app.services.reconciliation.demo_month import generate_demo_month
    from app.ui.reconciliation.bank_dialog import BankLayoutDialog
    from app.ui.reconciliation.tab import ReconciliationTab

    made = backend.run(generate_demo_month, datetime.now(UTC))
    path = tmp_path / made.file_name
    path.write_bytes(made.data)
    tab = ReconciliationTab(backend)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    found: dict[str, list[str]] = {}
    data = (made.file_name, *(name for _id, name in backend.read(reads.stores)))
    _office_problems(found, "Reconciliation (empty)", tab, data)
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_files([path])
    _office_problems(found, "Reconciliation: payouts", tab, data)
    tab.pages.setCurrentIndex(1)
    _office_problems(found, "Reconciliation: bank", tab, data)
    header = ("Date", "Amount", "Text", "Ref")       # a statement's own column names: data
    dialog = BankLayoutDialog("bank.csv", header, ["Sparkasse"])
    qtbot.addWidget(dialog)
    _office_problems(found, "Bank layout", dialog, (*header, "Sparkasse", "USD", "bank.csv"))
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {line}" for title, lines in found.items() for line in lines)


def test_the_bank_statement_fields_are_the_importers_fields():
    from app.services.importers.bank_statement import FIELDS
    from app.ui.reconciliation.bank_dialog import FIELD_WORDS

    assert FIELD_WORDS == FIELDS


def test_the_push_page_and_its_dialog_are_chinese(chinese, qtbot, backend, tmp_path):
    from app.services.push import pushing
    from app.ui.push.dialog import PushDialog
    from app.ui.push.view import PushView
    from tests.ui.test_push_ui import _choose, _world

    backend.run(_world)
    view = PushView(backend)
    qtbot.addWidget(view)
    view.ask_path = lambda name: str(tmp_path / name)
    # Data, not words: the world's stores (and their kinds), SKUs and the file written.
    data = (*(view.store.itemText(i) for i in range(view.store.count())), "Web",
            "<b>Shop</b>", "MUG", "PEN", "web-stock.csv", str(tmp_path))
    found: dict[str, list[str]] = {}
    _choose(qtbot, view, "Web")
    _office_problems(found, "Push: a preview", view, data)
    with qtbot.wait_signals([view.pushed, view.planned]):
        view.save()
    _office_problems(found, "Push: saved", view, data)
    backend.run(pushing.save_settings, "Shop", fmt="shopify-inventory", location="Lager")
    _choose(qtbot, view, "Shop")                   # Shopify asks for its location
    _office_problems(found, "Push: Shopify", view, data)
    dialog = PushDialog(backend)
    qtbot.addWidget(dialog)
    qtbot.wait_signal(dialog.view.planned).wait()
    _office_problems(found, "Push dialog", dialog, data)
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {line}" for title, lines in found.items() for line in lines)
