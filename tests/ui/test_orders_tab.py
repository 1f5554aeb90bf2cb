"""The Orders tab with real widgets: filter, search, open, hold, cancel, import, mapping."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from app.services.importers.csv_text import Source
from app.services.orders import reads as orders
from app.services.orders.reads import OrderFilter
from app.ui.main_window import MainWindow
from app.ui.orders.importing import ImportDialog
from app.ui.orders.manual import ManualOrderDialog
from app.ui.orders.mapping import MappingDialog
from app.ui.orders.tab import OrdersTab

DATA = Path(__file__).parents[1] / "data" / "orders"


def make_tab(qtbot, backend):
    tab = OrdersTab(backend)
    qtbot.addWidget(tab)
    return tab


def test_order_model_passes_modeltester(qtbot, qtmodeltester, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    qtmodeltester.check(tab.model)


def test_list_is_newest_first_and_fetches_more_on_scroll(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    tab.model._page = 25
    tab.refresh()
    assert tab.model.rowCount() == 25 and tab.model.canFetchMore()
    tab.model.fetchMore()
    assert tab.model.rowCount() == 50
    placed = [r.placed_at for r in tab.model.loaded_rows()]
    assert placed == sorted(placed, reverse=True)
    assert tab.count.text() == "50+ orders shown"


def test_status_filter_shows_only_that_status(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    tab.status.setCurrentIndex(tab.status.findData("cancelled"))
    rows = tab.model.loaded_rows()
    expected = demo_backend.run(orders.count_orders, OrderFilter(statuses=("cancelled",)))
    assert len(rows) == expected > 0
    assert {r.status for r in rows} == {"cancelled"}


def test_flag_and_store_filters(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    tab.flag_boxes["oversold"].setChecked(True)
    assert {r.status for r in tab.model.loaded_rows()} <= {"backorder"}
    tab.flag_boxes["oversold"].setChecked(False)
    tab.store.setCurrentIndex(1)
    assert {r.store for r in tab.model.loaded_rows()} == {tab.store.currentText()}


def test_ctrl_f_search_and_enter_opens_the_order(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.table.setFocus()
    target = demo_backend.run(orders.list_orders, None, 7, 1)[0]
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.search.hasFocus()
    qtbot.keyClicks(tab.search, target.number)
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert target.number in [r.number for r in tab.model.loaded_rows()]
    assert tab.table.hasFocus()
    row = [r.number for r in tab.model.loaded_rows()].index(target.number)
    tab.table.selectRow(row)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert tab.detail.order is not None and tab.detail.order.number == target.number
    assert tab.detail.title.text().startswith(target.number)
    assert tab.detail.events.rowCount() >= 0 and tab.detail.lines.rowCount() >= 1


def _select_number(tab, number):
    tab.search.setText(number)
    tab.refresh()
    numbers = [r.number for r in tab.model.loaded_rows()]
    tab.table.selectRow(numbers.index(number))


def test_hold_release_and_cancel_selected(qtbot, demo_backend, monkeypatch):
    tab = make_tab(qtbot, demo_backend)
    target = demo_backend.run(orders.list_orders, OrderFilter(statuses=("reserved",)), 0, 1)[0]
    _select_number(tab, target.number)
    assert tab.hold_selected() == 1
    assert tab.model.loaded_rows()[0].status == "on_hold"
    assert tab.detail.order.status == "on_hold"
    assert "On hold" in tab.detail.events.item(0, 1).text()  # words, not event names
    assert tab.release_selected() == 1
    assert tab.model.loaded_rows()[0].status == "reserved"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("customer phoned", True))
    assert tab.cancel_selected() == 1
    assert tab.model.loaded_rows()[0].status == "cancelled"
    assert tab.detail.events.item(0, 1).text() == "Cancelled"
    assert "customer phoned" in tab.detail.events.item(0, 4).text()


def test_edit_ship_to_from_the_detail_panel(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    target = demo_backend.run(orders.list_orders, OrderFilter(statuses=("reserved",)), 0, 1)[0]
    _select_number(tab, target.number)
    tab.detail.ship["street2"].setText("Back door")
    assert tab.detail.save_ship_to()
    assert tab.detail.order.ship_to["street2"] == "Back door"
    assert tab.detail.events.item(0, 1).text() == "Address edited"


def test_import_dialog_runs_off_thread_and_shows_the_oversell(qtbot, backend):
    tab = make_tab(qtbot, backend)
    dialog = ImportDialog(backend, parent=tab)
    dialog.imported.connect(tab._after_import)
    dialog.files.setText(str(DATA / "shopify_orders.csv"))
    with qtbot.waitSignal(dialog.finished_job, timeout=10000):
        assert dialog.start()
    assert "3 new, 0 updated, 0 unchanged" in dialog.report.toPlainText()
    assert tab.model.rowCount() == 3
    assert tab.oversell.isVisibleTo(tab) and tab.oversell.table.rowCount() == 2  # unmatched
    with qtbot.waitSignal(dialog.finished_job, timeout=10000):
        dialog.start()
    assert "0 new, 0 updated, 3 unchanged" in dialog.report.toPlainText()
    dialog.done(0)


def test_bad_file_then_good_rows_only_and_rejects_saved(qtbot, backend, tmp_path):
    dialog = ImportDialog(backend)
    qtbot.addWidget(dialog)
    dialog.files.setText(str(DATA / "shopify_orders_bad.csv"))
    with qtbot.waitSignal(dialog.finished_job, timeout=10000):
        dialog.start()
    text = dialog.report.toPlainText()
    assert "Nothing imported" in text and "row 5, column 'Lineitem price'" in text
    assert dialog.good_rows_button.isEnabled()
    with qtbot.waitSignal(dialog.finished_job, timeout=10000):
        dialog.start(good_rows_only=True)
    assert "1 new" in dialog.report.toPlainText()
    written = dialog.save_rejected(str(tmp_path))
    assert [p.name for p in written] == ["shopify_orders_bad.rejected.csv"]


def test_cancel_leaves_nothing_imported(qtbot, backend):
    dialog = ImportDialog(backend)
    qtbot.addWidget(dialog)
    dialog.files.setText(str(DATA / "shopify_orders.csv"))
    dialog.start()
    dialog.cancel()
    with qtbot.waitSignal(dialog.finished_job, timeout=10000) as blocker:
        pass
    outcome = blocker.args[0]
    imported = backend.run(orders.count_orders)
    # Either the cancel arrived in time (nothing stored) or the tiny job had finished.
    assert (imported == 0 and "cancelled" in dialog.report.toPlainText()) or (
        imported == 3 and not getattr(outcome, "refused", True))
    dialog.done(0)


def test_mapping_dialog_previews_and_saves(qtbot, backend):
    source = Source("handmade_orders.csv", (DATA / "handmade_orders.csv").read_bytes())
    dialog = MappingDialog(backend, source)
    qtbot.addWidget(dialog)
    assert dialog.update_preview() == 0  # German headers: nothing guessed yet
    for field, header in (("order_id", "Bestellnr"), ("placed_at", "Datum"),
                          ("sku", "Artikelnummer"), ("quantity", "Menge"),
                          ("unit_price", "Einzelpreis"), ("customer_name", "Kunde")):
        combo = dialog.combos[field]
        combo.setCurrentIndex(combo.findData(header))
    assert dialog.update_preview() == 2
    assert dialog.preview.item(0, 0).text() == "M-1"
    assert dialog.preview.item(0, 4).text() == "€1,025.00"
    dialog.name.setText("Market stall")
    assert dialog.save()
    import_dialog = ImportDialog(backend)
    qtbot.addWidget(import_dialog)
    assert import_dialog.format.findData("mapped:Market stall") > 0


def test_manual_order_dialog_creates_and_reserves(qtbot, demo_backend):
    dialog = ManualOrderDialog(demo_backend)
    qtbot.addWidget(dialog)
    dialog.customer.setText("Walk-in")
    dialog.set_line(0, "KC-00001", 1)
    assert dialog.create_order()
    detail = demo_backend.run(orders.order_detail, dialog.order_id)
    assert detail.lines[0].product_sku == "KC-00001"
    assert detail.status in ("reserved", "backorder")
    assert [e.action for e in detail.events][-1] == "entered by hand"


def test_orders_is_the_first_tab_on_ctrl_1(qtbot, demo_backend):
    window = MainWindow(demo_backend)
    qtbot.addWidget(window)
    assert isinstance(window.tab("Orders"), OrdersTab)
    assert window.tabs.tabText(0) == "Orders"


def test_packing_slips_for_the_selection(qtbot, demo_backend, tmp_path):
    tab = make_tab(qtbot, demo_backend)
    target = demo_backend.run(orders.list_orders, OrderFilter(statuses=("reserved",)), 0, 1)[0]
    _select_number(tab, target.number)
    path = tab.packing_slips(str(tmp_path / "slips.pdf"))
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF")
    from app.services.labels import jobs as labels
    jobs = demo_backend.run(labels.job_history)
    assert jobs[0].template == "packing-slip" and target.number in jobs[0].items


def test_priority_is_set_and_flagged(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    target = demo_backend.run(orders.list_orders, OrderFilter(statuses=("reserved",)), 0, 1)[0]
    _select_number(tab, target.number)
    assert tab.set_priority(7) == 1
    assert "priority" in tab.model.loaded_rows()[0].flags
    assert tab.detail.order.priority == 7


def test_scrolling_pages_by_key_match_offset_for_every_sortable_column(qtbot, qtmodeltester,
                                                                      demo_backend):
    tab = make_tab(qtbot, demo_backend)
    tab.model._page = 17
    for column, col in enumerate(tab.model._columns):
        if col.sort_key is None:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            tab.table.sortByColumn(column, order)
            while tab.model.canFetchMore():
                tab.model.fetchMore()
            expected = demo_backend.run(orders.list_orders, None, 0, 1000, sort=col.sort_key,
                                        descending=order == Qt.SortOrder.DescendingOrder)
            assert [r.id for r in tab.model.loaded_rows()] == [r.id for r in expected]
            assert tab.model.rowCount() == demo_backend.run(orders.count_orders, None)
    assert [c.title for c in tab.model._columns if c.sort_key] == [
        "Number", "Store", "Placed", "Customer", "Total", "Status"]
    tab.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(tab.model)


def test_a_page_asked_for_without_scrolling_there_is_found_then_sought(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    expected = demo_backend.run(orders.list_orders, None, 0, 1000, sort="customer",
                                descending=True)
    tab._cursors.clear()
    assert [r.id for r in tab._fetch(30, 20, "customer", True)] == [
        r.id for r in expected[30:50]]
    # ... and the next page continues from the remembered key.
    assert [r.id for r in tab._fetch(50, 20, "customer", True)] == [
        r.id for r in expected[50:70]]
    assert tab._fetch(len(expected) + 5, 20, "customer", True) == []


# -- issue 11 ------------------------------------------------------------------------------

def _shown_window(qtbot, backend, width=1400, height=860):
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.tab("Orders"))
    return window


def test_the_window_keeps_its_size_when_the_oversell_panel_opens(qtbot, backend):
    from app.services.importers.detect import parse_paths
    from app.services.orders.importing import import_into_store

    # Lines with unknown SKUs: the panel has rows, so it asks for real height.
    backend.run(import_into_store, parse_paths([DATA / "shopify_orders.csv"]), "Shop",
                "shopify", actor=backend.actor)
    window = _shown_window(qtbot, backend)
    # As small as the window goes (a laptop screen): no room to spare.
    window.resize(window.width(), window.minimumSizeHint().height())
    qtbot.wait(1)  # let the layout settle (no timing asserted)
    tab = window.tab("Orders")
    before = window.size()
    tab.toggle_oversell()
    qtbot.wait(1)
    assert tab.oversell.isVisible() and tab.oversell.table.rowCount() == 2
    assert window.size() == before
    assert window.minimumSizeHint().height() <= before.height()


def test_the_splitter_stays_put_when_an_order_is_selected(qtbot, demo_backend):
    window = _shown_window(qtbot, demo_backend)
    tab = window.tab("Orders")
    tab.table.clearSelection()
    tab.detail.show_order(None)
    qtbot.wait(1)
    before = tab.split.sizes()
    # An order with a long name, a long address and a long reason on its lines.
    target = demo_backend.run(orders.list_orders, None, 0, 1)[0]
    _select_number(tab, target.number)
    tab.detail.title.setText(tab.detail.title.text() + " — " + "very long store name " * 8)
    qtbot.wait(1)
    assert tab.split.sizes() == before


def test_clipped_cells_have_their_text_as_tooltip(qtbot, demo_backend):
    tab = make_tab(qtbot, demo_backend)
    row = tab.model.loaded_rows()[0]
    for column, text in ((1, row.store), (3, row.customer)):
        index = tab.model.index(0, column)
        assert tab.model.data(index, Qt.ItemDataRole.ToolTipRole) == text
    tab.table.selectRow(0)
    why = tab.detail.lines.item(0, tab.detail.lines.columnCount() - 1)
    assert why.toolTip() == why.text()
    assert tab.detail.events.item(0, 4).toolTip() == tab.detail.events.item(0, 4).text()


def test_counts_are_written_as_words_not_brackets(qtbot, demo_backend, monkeypatch):
    tab = make_tab(qtbot, demo_backend)
    tab.oversell.reload()
    assert "(s)" not in tab.oversell.title()
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda _w, _t, text, *a, **k: (asked.append(text), ("", False))[1])
    tab.table.selectRow(0)
    tab.cancel_selected()
    assert asked and "Cancel 1 order and" in asked[0] and "(s)" not in asked[0]


def test_import_dialog_offers_replace_for_clashing_numbers(qtbot, backend, tmp_path):
    from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
    from app.services.orders.importing import import_into_store

    # Like the demo store's orders: number '#1001', but not Shopify's id for it.
    demo = OrderRecord("1001", "#1001", datetime(2026, 10, 1, tzinfo=UTC), "EUR",
                       (OrderLineRecord("MUG-RED", "Mug", 1, 1250),), total_minor=1250)
    backend.run(import_into_store, ParseResult("demo", (demo,)), "Shop", "shopify",
                actor=backend.actor)
    dialog = ImportDialog(backend)
    qtbot.addWidget(dialog)
    dialog.files.setText(str(DATA / "shopify_orders.csv"))
    dialog.store.setCurrentText("Shop")
    assert not dialog.replace_button.isEnabled()
    with qtbot.waitSignal(dialog.finished_job, timeout=10000):
        dialog.start()
    text = dialog.report.toPlainText()
    assert "Nothing imported" in text and "#1001 (backorder)" in text
    assert dialog.replace_button.isEnabled()
    assert backend.run(orders.count_orders) == 1
    with qtbot.waitSignal(dialog.finished_job, timeout=10000):
        dialog.replace_button.click()
    assert "3 new, 0 updated, 0 unchanged, 1 replaced" in dialog.report.toPlainText()
    assert backend.run(orders.count_orders) == 3
    assert not dialog.replace_button.isEnabled()


def test_a_line_without_a_sku_is_linked_from_the_detail_panel(qtbot, backend, monkeypatch):
    from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
    from app.services.orders.importing import import_into_store
    from tests.unit.orders.helpers import ACTOR, add_product

    backend.run(add_product, "RING-M", 5)
    when = datetime(2026, 11, 1, tzinfo=UTC)
    records = tuple(OrderRecord(str(n), f"#{n}", when, "EUR", (OrderLineRecord(
        "", "Silver ring", 1, 1000, listing_id="1234567", variation="Size: M"),),
        total_minor=1000, bill_name=f"Buyer {n}") for n in (1, 2))
    backend.run(import_into_store, ParseResult("etsy", records), "Etsy", "etsy", actor=ACTOR)
    tab = make_tab(qtbot, backend)
    _select_number(tab, "#1")
    assert tab.detail.lines.item(0, 0).text() == "listing 1234567"
    assert "Size: M" in tab.detail.lines.item(0, 1).text()
    assert tab.detail.link_button.isEnabled()
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda _w, _t, text, *a, **k: (asked.append(text), ("RING-M", True))[1])
    assert tab.detail.link_selected_line()
    assert "listing 1234567 (Size: M)" in asked[0]
    assert [ln.state for ln in tab.detail.order.lines] == ["reserved"]
    other = backend.run(orders.order_detail, backend.run(orders.find_order, "#2"))
    assert [ln.product_sku for ln in other.lines] == ["RING-M"]
