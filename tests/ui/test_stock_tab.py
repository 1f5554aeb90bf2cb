"""The Stock tab's catalogue with real widgets: search, add with barcodes, refuse a bad EAN."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services.stock import catalog
from app.ui.main_window import TAB_ORDER, MainWindow
from app.ui.stock.product_dialog import ProductDialog
from app.ui.stock.tab import StockTab


def test_catalogue_model_passes_modeltester(qtbot, qtmodeltester, demo_backend):
    tab = StockTab(demo_backend)
    qtbot.addWidget(tab)
    qtmodeltester.check(tab.products)
    qtmodeltester.check(tab.history)


def test_search_filters_in_sql_and_fetches_more_on_scroll(qtbot, demo_backend):
    tab = StockTab(demo_backend)
    qtbot.addWidget(tab)
    tab.products._page = 10  # small pages so scrolling has to fetch more
    tab.refresh()
    assert tab.products.rowCount() == 10
    assert tab.products.canFetchMore()
    tab.products.fetchMore()
    assert tab.products.rowCount() == 20
    assert tab.count.text() == "40 products"
    qtbot.keyClicks(tab.search, "KC-00017")
    qtbot.waitUntil(lambda: tab.products.rowCount() == 1, timeout=2000)
    assert tab.products.row_at(0).sku == "KC-00017"
    assert tab.title.text().startswith("KC-00017")
    assert tab.history.rowCount() >= 1  # its opening receipt at least


def test_history_shows_running_balance_newest_first(qtbot, demo_backend):
    tab = StockTab(demo_backend)
    qtbot.addWidget(tab)
    tab.table.selectRow(0)
    rows = tab.history.loaded_rows()
    assert rows, "the first demo product has moves"
    assert rows[-1].reason == "receive"
    # Newest first on screen: the newest row's balance is the product's total on hand.
    assert rows[0].balance == tab.products.row_at(0).on_hand


def _fill(dialog: ProductDialog, qtbot, sku: str, codes: str) -> None:
    qtbot.keyClicks(dialog.sku, sku)
    qtbot.keyClicks(dialog.name, "Scanned mug")
    dialog.price.clear()
    qtbot.keyClicks(dialog.price, "9,90")
    qtbot.keyClicks(dialog.bin, "z-09-1")
    dialog.barcodes.setFocus()
    for code in codes.split():
        qtbot.keyClicks(dialog.barcodes, code)
        qtbot.keyClick(dialog.barcodes, Qt.Key.Key_Return)


def test_add_product_with_several_barcodes(qtbot, backend):
    tab = StockTab(backend)
    qtbot.addWidget(tab)
    dialog = ProductDialog(backend, parent=tab)
    qtbot.addWidget(dialog)
    _fill(dialog, qtbot, "NEW-1", "4006381333931 036000291452 SHELF-7")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == ProductDialog.DialogCode.Accepted
    detail = backend.run(catalog.product_detail, dialog.saved_id)
    assert detail.barcodes == ("4006381333931", "0036000291452", "SHELF-7")
    assert detail.price.minor == 990 and detail.bin == "Z-09-1"
    tab.refresh()
    assert tab.products.row_at(0).sku == "NEW-1"


def test_invalid_ean_is_refused_with_a_clear_message(qtbot, backend):
    dialog = ProductDialog(backend)
    qtbot.addWidget(dialog)
    _fill(dialog, qtbot, "BAD-1", "4006381333932")
    dialog.save()
    assert dialog.result() != ProductDialog.DialogCode.Accepted
    assert "check digit should be 1, not 2" in dialog.error.text()
    assert backend.run(catalog.count_products) == 0


def test_main_window_tabs_shortcuts_and_status_bar(qtbot, demo_backend):
    window = MainWindow(demo_backend)
    qtbot.addWidget(window)
    window.show()
    titles = [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())]
    assert titles == [t for t in TAB_ORDER if t in titles]  # fixed order, no placeholders
    assert {"Orders", "Pick & Pack", "Labels", "Stock"} <= set(titles)
    assert "Stock" in titles
    # Shortcuts only fire in the active window (Stock is not the first tab any more).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.tab("Stock")
    text = " ".join(w.text() for w in window.statusBar().findChildren(type(window.db_label)))
    assert "Station: test-station" in text and "User: tester" in text
    assert "backroom.sqlite3" in text
    QApplication.processEvents()


def test_who_may_edit_products_but_not_see_money_keeps_prices_unseen(qtbot, demo_backend):
    from app.services.core.backend import Actor
    from app.services.people import accounts

    owner = demo_backend.actor
    demo_backend.run(accounts.add_user, "pat", "packer", actor=owner)
    demo_backend.run(accounts.set_role_permissions, "packer",
                     frozenset({"move_stock", "print_labels", "edit_products"}), actor=owner)
    pid = demo_backend.read(catalog.search_products, limit=1)[0].id
    before = demo_backend.read(catalog.product_detail, pid)
    demo_backend.actor = Actor("pat", "pack-1")
    dialog = ProductDialog(demo_backend, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.price.isVisible() and not dialog.cost.isVisible()
    assert dialog.name.isVisible()
    dialog.name.setText("Renamed by the packer")
    dialog.save()
    after = demo_backend.read(catalog.product_detail, pid)
    assert after.name == "Renamed by the packer"
    assert (after.price, after.cost) == (before.price, before.cost)
