"""What the screens say: words instead of database names, real plurals, the full text of a
clipped cell on hover, save dialogs that start in Documents (or the last folder) and say where
a file went, and a prompt to set a store's return address instead of a bare FROM."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QToolTip
from sqlalchemy import select

from app.models import Order
from app.services.stock import ledger
from app.ui.common.cell_tooltips import show_clipped_text
from app.ui.common.file_dialogs import remember, save_dialog, start_folder
from app.ui.common.words import event_words, plural
from app.ui.labels.tab import LabelsTab
from app.ui.stock.history import StockHistoryView
from tests.packing_world import build_world
from tests.unit.printing.decoding import pdf_text


def test_plurals_and_event_words() -> None:
    assert [plural(n, "item") for n in (0, 1, 2)] == ["0 items", "1 item", "2 items"]
    assert plural(3, "box") == "3 boxes" and plural(1, "parcel") == "1 parcel"
    assert event_words("pack_put_aside") == "Put aside at the station"
    assert event_words("scan_refused") == "Scan refused"
    assert event_words("receive") == "Received"
    assert event_words("some_new_event") == "Some new event"


def _hover(qtbot, view, index) -> str:
    """Ask the view for the tooltip of a cell, as a resting mouse does."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    rect = view.visualRect(index)
    pos = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


# The offscreen platform cannot raise the tooltip window; it says so when one shows.
NO_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")


@NO_RAISE
def test_a_clipped_cell_shows_its_whole_text_on_hover(qtbot) -> None:
    table = QTableWidget(1, 2)
    qtbot.addWidget(table)
    show_clipped_text(table)
    long = "/home/pat/Documents/labels/2026/november/shipping-label-#1001.pdf"
    table.setItem(0, 0, QTableWidgetItem("short"))
    table.setItem(0, 1, QTableWidgetItem(long))
    table.setColumnWidth(0, 120)
    table.setColumnWidth(1, 120)
    table.resize(400, 200)
    table.show()
    qtbot.waitExposed(table)
    assert _hover(qtbot, table, table.model().index(0, 1)) == long
    assert _hover(qtbot, table, table.model().index(0, 0)) == ""
    table.setColumnWidth(1, 900)         # wide enough now: no tooltip
    assert _hover(qtbot, table, table.model().index(0, 1)) == ""


@NO_RAISE
def test_stock_history_says_reasons_in_words_and_where_it_saved(qtbot, backend, tmp_path):
    world = backend.run(build_world)
    view = StockHistoryView(backend)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    view.show_for(world.mug, None, "MUG-RED")
    reasons = {view.model.data(view.model.index(r, 2)) for r in range(view.model.rowCount())}
    assert reasons == {"Received"}
    assert [view.reason.itemText(i) for i in range(view.reason.count())] == [
        "All reasons", "Received"]
    backend.run(lambda s: ledger.move(s, ledger.MoveSpec(
        world.mug, world.bins["A-01-1"], ledger.location_id(s, "QUARANTINE"), 1, "transfer",
        "checked at the bench: the enamel is chipped on the rim, back to supplier")))
    view.refresh()
    reference = view.model.index(0, 3)
    assert _hover(qtbot, view.table, reference).startswith("checked at the bench")
    out = tmp_path / "history.csv"
    assert view.export_csv(str(out)) == str(out)
    assert view.saved_to.text() == f"Saved 2 moves to {out}"


def test_save_dialogs_start_in_documents_then_the_last_folder(qtbot, tmp_path, monkeypatch):
    monkeypatch.chdir(Path(__file__).parent)      # as if started from the source folder
    qs = QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat)
    first = start_folder(qs)
    assert first != Path.cwd() and first.is_dir()
    folder = tmp_path / "exports"
    folder.mkdir()
    remember(folder / "labels.pdf", qs)
    assert start_folder(qs) == folder
    dialog = save_dialog(None, "Save PDF", "shipping.pdf", "PDF (*.pdf)", qs)
    assert Path(dialog.directory().absolutePath()) == folder
    assert Path(dialog.selectedFiles()[0]) == folder / "shipping.pdf"
    dialog.deleteLater()
    remember(tmp_path / "gone" / "x.pdf", qs)     # a folder since removed: back to Documents
    assert start_folder(qs) == first


@pytest.fixture
def labels_tab(qtbot, backend):
    def job(session):
        build_world(session)
        order = session.scalar(select(Order).where(Order.number == "#1001"))
        order.ship_street1, order.ship_city = "10 Downing Street", "London"
        order.ship_postcode, order.ship_country = "SW1A 1AA", "GB"
    backend.run(job)
    tab = LabelsTab(backend)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    qtbot.waitExposed(tab)
    yield tab
    tab.runner.wait(5000)


def test_no_return_address_is_a_prompt_with_a_way_to_set_it(qtbot, labels_tab, backend):
    page = labels_tab.print_page
    page.template.setCurrentIndex(page.template.findData("shipping"))
    with qtbot.waitSignal(page.preview_ready, timeout=5000):
        page.add_items([("#1001", "")])
    qtbot.waitUntil(lambda: page.last_request == page.request(), timeout=5000)
    assert page.status.text() == "1 label to print, 1 page."
    assert page.return_note.isVisible() and page.return_button.isVisible()
    assert "No return address is set for Kettle & Co" in page.return_note.text()
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    settings = labels_tab.settings_page
    assert labels_tab.pages.currentWidget() is settings
    assert settings.store.currentText() == "Kettle & Co"
    qtbot.waitUntil(settings.return_address.hasFocus)
    qtbot.keyClicks(settings.return_address, "Unit 4, Mill Lane")
    qtbot.mouseClick(settings.save, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.preview_ready, timeout=5000):
        labels_tab.pages.setCurrentWidget(page)
    assert not page.return_note.isVisible()
    assert "FROM" in pdf_text(page.last.data)[0]


def test_saving_a_pdf_says_where(qtbot, labels_tab, tmp_path):
    page = labels_tab.print_page
    page.template.setCurrentIndex(page.template.findData("shipping"))
    with qtbot.waitSignal(page.preview_ready, timeout=5000):
        page.add_items([("#1001", "")])
    qtbot.waitUntil(lambda: page.last_request == page.request(), timeout=5000)
    out = tmp_path / "label.pdf"
    page.save_to(out)
    assert out.stat().st_size > 1000
    assert page.status.text() == f"Saved 1 label to {out}"
