"""The one Settings dialog: what it saves survives a restart, every page is reached by the
keyboard, and a label that lacks its return address opens it at the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.services.labels import printers as labels_printers
from app.services.orders import stores
from app.services.packing import carriers
from app.services.printing.transports import PrinterProfile
from app.ui.common import i18n
from app.ui.common.scanner_settings import load_setup
from app.ui.common.station_prefs import load_prefs
from app.ui.common.theme import chosen_theme
from app.ui.main_window import MainWindow
from app.ui.settings.dialog import PAGES, SettingsDialog, settings_dialog
from tests.ui.settings_fixtures import own_settings  # noqa: F401  (a fixture)

# Every QSettings of these tests lives under tmp_path.
pytestmark = pytest.mark.usefixtures("own_settings")


def _dialog(qtbot, backend, qs, window=None) -> SettingsDialog:
    dialog = SettingsDialog(backend, window, qsettings=qs)
    qtbot.addWidget(dialog)
    return dialog


def test_settings_survive_a_restart(qtbot, demo_backend, tmp_path: Path):
    demo_backend.run(labels_printers.save_printer,
                     PrinterProfile("Zebra", "zpl", "tcp://127.0.0.1:9100", "4x6"))
    ini = str(tmp_path / "station.ini")
    qs = QSettings(ini, QSettings.Format.IniFormat)
    dialog = _dialog(qtbot, demo_backend, qs)
    # Stores (shared, in the database)
    page = dialog.show_page("stores")
    store = page.store.currentText()
    page.currency.setText("cny")
    page.timezone.setCurrentText("Asia/Shanghai")
    page.confirmation.setCurrentIndex(page.confirmation.findData("csv"))
    page.look.return_name.setText("Returns desk")
    page.look.return_address.setPlainText("Unit 4\nMill Lane\nLeeds LS1 1AA")
    assert page.on_save(), page.error.text()
    # Station (this PC)
    station = dialog.show_page("station")
    station.station_name.setText("Packing 2")
    station.label_printer.setCurrentIndex(station.label_printer.findData("Zebra"))
    station.slip_folder.setText(str(tmp_path))
    station.sounds.setChecked(False)
    station.auto_complete.setChecked(False)
    station.save_button.click()
    # Carriers (shared)
    carrier_page = dialog.show_page("carriers")
    carrier_page.add_row("DHL", "Express", edit=False)
    carrier_page.add_row("Royal Mail", "Tracked 48", edit=False)
    assert carrier_page.on_save(), carrier_page.error.text()
    # Units, formats, look, language (this PC)
    formats = dialog.show_page("formats")
    formats.weight.setCurrentIndex(formats.weight.findData("lb"))
    formats.date_format.setCurrentIndex(formats.date_format.findData("dd/MM/yyyy"))
    formats.theme.setCurrentIndex(formats.theme.findData("dark"))
    formats.save_button.click()
    language = dialog.show_page("language")
    language.language.setCurrentIndex(language.language.findData("zh_CN"))
    assert language.on_save()
    assert "Restart" in language.status.text()
    dialog.close()

    # A restart: new QSettings objects, a new dialog, the database read again.
    again_qs = QSettings(ini, QSettings.Format.IniFormat)
    assert load_prefs(again_qs).name == "Packing 2" and not load_prefs(again_qs).sounds
    assert load_prefs(again_qs).weight_unit == "lb"
    assert load_prefs(again_qs).date_format == "dd/MM/yyyy"
    assert chosen_theme(again_qs) == "dark"
    setup = load_setup(again_qs)
    assert (setup.label_printer, setup.slip_folder, setup.complete_on_last_item) == (
        "Zebra", str(tmp_path), False)
    assert i18n.current_language() == "zh_CN"
    again = _dialog(qtbot, demo_backend, again_qs)
    assert again.station.station_name.text() == "Packing 2"
    assert again.station.label_printer.currentData() == "Zebra"
    assert not again.station.sounds.isChecked()
    assert again.formats.weight.currentData() == "lb"
    assert again.language.language.currentData() == "zh_CN"
    assert [c.title for c in again.carriers.carriers()] == ["DHL Express",
                                                            "Royal Mail Tracked 48"]
    again.stores.store.setCurrentIndex(again.stores.store.findText(store))
    assert again.stores.currency.text() == "CNY"
    assert again.stores.timezone.currentText() == "Asia/Shanghai"
    assert again.stores.confirmation.currentData() == "csv"
    assert again.stores.look.return_address.toPlainText() == "Unit 4\nMill Lane\nLeeds LS1 1AA"
    details = {d.name: d for d in demo_backend.read(stores.store_details)}[store]
    assert (details.currency, details.timezone, details.confirmation_format) == (
        "CNY", "Asia/Shanghai", "csv")
    i18n.set_language("en")


def test_a_new_store_is_added_and_a_bad_one_refused(qtbot, demo_backend, tmp_path):
    dialog = _dialog(qtbot, demo_backend, QSettings(str(tmp_path / "s.ini"),
                                                    QSettings.Format.IniFormat))
    page = dialog.show_page("stores")
    before = page.store.count()
    page.add_button.click()
    assert not page.look.isEnabled()       # templates once the store exists
    page.name.setText("Counter shop")
    page.kind.setCurrentIndex(page.kind.findData("counter"))
    page.currency.setText("EUR")
    page.timezone.setCurrentText("Mars/Olympus")
    assert not page.on_save()
    assert "is not a time zone" in page.error.text()
    page.timezone.setCurrentText("Europe/Berlin")
    assert page.on_save(), page.error.text()
    assert page.store.count() == before + 1 and page.store.currentText() == "Counter shop"
    assert page.look.isEnabled()


def test_every_page_is_reached_by_the_keyboard(qtbot, demo_backend, tmp_path):
    dialog = _dialog(qtbot, demo_backend, QSettings(str(tmp_path / "s.ini"),
                                                    QSettings.Format.IniFormat))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.pages_list.hasFocus)
    seen = [dialog.current_page()]
    for _ in PAGES[1:]:
        qtbot.keyClick(dialog.pages_list, Qt.Key.Key_Down)
        seen.append(dialog.current_page())
    assert seen == [key for key, _title, _icon in PAGES]
    # Ctrl+PgDown from inside a page goes on (and round to the first page).
    qtbot.keyClick(dialog.pages_list, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not None and dialog.stack.currentWidget().isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert dialog.current_page() == "stores"
    qtbot.keyClick(dialog.pages_list, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert dialog.current_page() == PAGES[-1][0]


@pytest.fixture
def window(qtbot, demo_backend):
    w = MainWindow(demo_backend)
    qtbot.addWidget(w)
    w.tab("Pick & Pack").sounds.set_muted(True)
    yield w
    w.tab("Labels").runner.wait(5000)


def test_a_label_without_return_address_opens_settings_at_its_store(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.show_tab("Labels")
    page = window.tab("Labels").print_page
    page.template.setCurrentIndex(page.template.findData("shipping"))
    page.add_items([("#1002", "")])
    qtbot.waitUntil(lambda: page.last is not None and page.last_request == page.request(),
                    timeout=5000)
    assert page._unset_stores, "the demo store has no return address"
    store = page._unset_stores[0]
    page.print_button.click()        # asks for the address instead of printing no FROM
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.current_page() == "stores"
    assert dialog.stores.store.currentText() == store
    qtbot.waitUntil(dialog.stores.look.return_address.hasFocus)
    qtbot.keyClicks(dialog.stores.look.return_address, "1 Quay Street")
    with qtbot.waitSignal(page.preview_ready, timeout=5000):
        assert dialog.stores.on_save()
    assert not page.return_note.isVisible()
    dialog.close()


def test_carriers_saved_in_settings_reach_the_packing_station(qtbot, window):
    dialog = settings_dialog(window, window.backend, page="carriers")
    qtbot.addWidget(dialog)
    page = dialog.carriers
    assert page.table.rowCount() == 0 and not page.empty.isHidden()   # says what to do
    page.add_common()
    assert page.empty.isHidden()
    assert page.on_save()
    station = window.tab("Pick & Pack").station
    offered = [station.carrier.itemText(i) for i in range(station.carrier.count())]
    assert offered[1:] == list(carriers.COMMON_CARRIERS)
    assert "Settings" in station.carrier.toolTip()
    dialog.close()


def test_turning_sounds_off_reaches_the_running_station(qtbot, window):
    dialog = settings_dialog(window, window.backend, page="station")
    qtbot.addWidget(dialog)
    packing = window.tab("Pick & Pack")
    packing.sounds.set_muted(False)
    dialog.station.sounds.setChecked(False)
    dialog.station.save_button.click()
    assert packing.sounds.muted
    dialog.close()


def test_a_stores_chosen_confirmation_file_is_the_one_shipping_offers(qtbot, demo_backend):
    from app.ui.common.feedback_sounds import FeedbackSounds
    from app.ui.packing.shipping_page import FORMATS, ShippingPage

    amazon = next(s for s in demo_backend.read(stores.store_details) if s.kind == "amazon")

    page = ShippingPage(demo_backend, sounds=FeedbackSounds(muted=True))
    qtbot.addWidget(page)
    page.store.setCurrentIndex(page.store.findText(amazon.name))

    def offered() -> str:
        page._format_for_store()      # as choosing the store does
        return next(k for t, (k, _) in FORMATS.items()
                    if page.format.currentData() in (t, k) or page.format.currentText() == t)

    assert offered() == "amazon"
    demo_backend.run(stores.save_store, stores.StoreDetails(
        amazon.id, amazon.name, amazon.kind, amazon.currency, amazon.timezone, "csv"))
    assert offered() == "csv"
