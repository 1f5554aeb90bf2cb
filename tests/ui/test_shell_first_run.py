"""The setup guide: completed with the keyboard alone, saved through the services,
remembered as done; shown on a new database only once; every page may be skipped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from app.services.labels import printers as labels_printers
from app.services.orders.stores import store_details
from app.ui.main_window import MainWindow
from app.ui.shell.first_run import FirstRunWizard, is_done


@pytest.fixture
def qs(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _focus():
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _press(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(_focus(), key, modifier)


def _type(text: str) -> None:
    QTest.keyClicks(_focus(), text)


def _wizard(qtbot, backend, qs) -> FirstRunWizard:
    wizard = FirstRunWizard(backend, qsettings=qs)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.stores.name)
    return wizard


def test_completed_with_keys_only(qtbot, demo_backend, qs):
    first = demo_backend.read(store_details)[0]
    wizard = _wizard(qtbot, demo_backend, qs)
    # Your store: rename the first store, Tab past the kind, a new currency, Enter.
    _press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("Corner Shop")
    _press(Qt.Key.Key_Tab)
    _press(Qt.Key.Key_Tab)
    assert _focus() is wizard.stores.currency
    _press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("eur")
    _press(Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.return_address
    # Return address: a name, Tab, two lines, Tab to Next, Enter.
    qtbot.waitUntil(lambda: _focus() is wizard.return_address.return_name)
    _press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("Corner Shop Returns")
    _press(Qt.Key.Key_Tab)
    assert _focus() is wizard.return_address.address
    _press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("1 High Street")
    _press(Qt.Key.Key_Return)
    _type("London")
    _press(Qt.Key.Key_Tab)
    assert _focus() is wizard.button(QWizard.WizardButton.NextButton)
    _press(Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.printer
    _press(Qt.Key.Key_Return)           # printer test: skipped
    assert wizard.currentPage() is wizard.scanner
    _press(Qt.Key.Key_Return)           # scanner test: skipped
    _press(Qt.Key.Key_Return)           # Finish
    assert not wizard.isVisible() and wizard.result() == QWizard.DialogCode.Accepted
    assert is_done(qs)
    renamed = next(d for d in demo_backend.read(store_details) if d.id == first.id)
    assert (renamed.name, renamed.currency, renamed.kind) == ("Corner Shop", "EUR", first.kind)
    look = demo_backend.read(labels_printers.store_settings, first.id)
    assert look.return_name == "Corner Shop Returns"
    assert look.return_lines == ("1 High Street", "London")


def test_enter_on_every_page_changes_nothing(qtbot, demo_backend, qs):
    before = demo_backend.read(store_details)
    looks = [demo_backend.read(labels_printers.store_settings, d.id) for d in before]
    wizard = _wizard(qtbot, demo_backend, qs)
    for _page in range(5):
        _press(Qt.Key.Key_Return)
    assert wizard.result() == QWizard.DialogCode.Accepted and is_done(qs)
    assert demo_backend.read(store_details) == before
    assert [demo_backend.read(labels_printers.store_settings, d.id) for d in before] == looks


def test_a_bad_currency_keeps_the_page_and_says_why(qtbot, demo_backend, qs):
    wizard = _wizard(qtbot, demo_backend, qs)
    wizard.stores.currency.setText("E1")
    _press(Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.stores
    assert "currency" in wizard.stores.error.text()


def test_a_new_store_can_be_added(qtbot, backend, qs):
    wizard = _wizard(qtbot, backend, qs)   # an empty database: only "+ a new store"
    assert wizard.stores.store.count() == 1
    _type("Etsy Corner")
    wizard.stores.kind.setCurrentIndex(wizard.stores.kind.findData("etsy"))
    _press(Qt.Key.Key_Return)
    assert [(d.name, d.kind, d.currency) for d in backend.read(store_details)] == [
        ("Etsy Corner", "etsy", "USD")]


def test_esc_leaves_it_and_it_does_not_come_back(qtbot, demo_backend, qs):
    wizard = _wizard(qtbot, demo_backend, qs)
    _press(Qt.Key.Key_Escape)
    assert not wizard.isVisible() and is_done(qs)
    window = MainWindow(demo_backend, qsettings=qs)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    assert window.shell.offer_first_run() is None
    again = window.shell.actions["help.setup"]   # but Help > Setup guide opens it
    again.trigger()
    assert isinstance(window.shell.first_run, FirstRunWizard)
    window.shell.first_run.reject()


def test_a_new_database_offers_it_once(qtbot, demo_backend, qs):
    window = MainWindow(demo_backend, qsettings=qs)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    wizard = window.shell.offer_first_run()
    assert isinstance(wizard, FirstRunWizard) and wizard.isVisible()
    wizard.reject()
    assert window.shell.offer_first_run() is None
