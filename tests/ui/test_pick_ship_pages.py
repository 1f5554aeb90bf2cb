"""Picking on screen and hand-over, driven by scans and keys; the whole tab in the window."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from app.models import Order
from app.services.packing import station as packing
from app.services.packing.completing import complete_pack
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.scanner_settings import ScannerSettingsDialog, load_setup
from app.ui.packing.lines_model import PickRowsModel
from app.ui.packing.station import StationSettings
from app.ui.packing.tab import PackingTab
from tests.packing_world import MUG_EAN, TEA_UPC, build_world
from tests.ui.test_packing_tab import SETTINGS, scan


@pytest.fixture
def tab(qtbot, backend, tmp_path):
    world = backend.run(build_world)
    sounds = FeedbackSounds(muted=True)
    qsettings = QSettings(str(tmp_path / "station.ini"), QSettings.Format.IniFormat)
    widget = PackingTab(backend, sounds=sounds, qsettings=qsettings, settings=StationSettings(
        scanner=SETTINGS, slip_folder=str(tmp_path)))
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, world


def test_pick_a_batch_by_scanning(qtbot, backend, tab, tmp_path):
    widget, world = tab
    widget.station.table.setFocus()
    QTest.keyClick(widget.station.table, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert widget.pages.currentWidget() is widget.picking
    page = widget.picking
    page.strict.setChecked(True)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.pick_id is not None and "2 orders" in page.banner.text()
    assert [r.bin for r in page.model._rows] == ["A-01-1", "A-02-1", "B-02-1"]
    scan(qtbot, page.table, MUG_EAN)                    # strict: bin first
    assert "Scan the bin first" in page.banner.text()
    scan(qtbot, page.table, "A-01-1")
    assert page.bin_code == "A-01-1"
    scan(qtbot, page.table, MUG_EAN)
    assert "Put in tote" in page.banner.text()
    scan(qtbot, page.table, "B-02-1")
    scan(qtbot, page.table, TEA_UPC)
    page.table.selectRow(0)
    QTest.keyClick(page.table, Qt.Key.Key_F4)           # second mug is not there
    assert "Short: MUG-RED" in page.banner.text()
    assert backend.run(lambda s: s.get(Order, world.order1).status) == "on_hold"
    path = page.write_pdf()
    assert Path(path).read_bytes().startswith(b"%PDF")
    # scanning the list's own barcode reopens it
    pick_id = page.pick_id
    page.pick_id = None
    scan(qtbot, page.table, f"PICK-{pick_id}")
    assert page.pick_id == pick_id


def test_hand_over_and_export(qtbot, backend, tab, tmp_path):
    widget, world = tab
    actor = backend.actor
    backend.run(packing.open_order, actor, "#1002")
    backend.run(packing.scan_item, actor, world.order2, "PEN-1")
    backend.run(packing.set_tracking, actor, world.order2, "00340434161094042557", 1,
                carrier="DHL")
    backend.run(complete_pack, actor, world.order2)
    widget.pages.setCurrentWidget(widget.shipping)
    page = widget.shipping
    page.shipped.setFocus()
    scan(qtbot, page.shipped, "00340434161094042557")
    assert "#1002 shipped" in page.banner.text() and page.shipped.count() == 1
    scan(qtbot, page.shipped, "#1001")
    assert "not packed" in page.banner.text()
    page.format.setCurrentIndex(1)
    out = tmp_path / "confirm.csv"
    assert page.export_to(str(out)) == 1
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[0]["order_number"] == "#1002" and rows[0]["tracking_number"] == \
        "00340434161094042557"
    assert backend.run(lambda s: s.scalar(select(Order.status).where(
        Order.id == world.order2))) == "shipped"


def test_pick_rows_model(qtmodeltester, backend, tab):
    widget, world = tab
    from app.services.packing.picking import create_pick_list
    view = backend.run(create_pick_list, backend.actor, [world.order1, world.order2])
    model = PickRowsModel()
    model.reset(view.rows)
    qtmodeltester.check(model)


def test_tab_is_in_the_main_window_on_ctrl_2(qtbot, backend):
    from app.ui.main_window import MainWindow
    window = MainWindow(backend)
    qtbot.addWidget(window)
    assert isinstance(window.tab("Pick & Pack"), PackingTab)
    assert window.show_tab("Pick & Pack")


def test_serial_scans_go_to_the_page_showing(qtbot, backend, tab):
    widget, world = tab
    widget.serial.feed(b"#1001\r\n")
    assert widget.station.view is not None and widget.station.view.number == "#1001"
    widget.serial.feed(MUG_EAN.encode() + b"\r")
    assert widget.station.view.verified == 1


def test_scanner_setup_dialog_saves_and_applies(qtbot, backend, tab, tmp_path):
    widget, world = tab
    widget.station.table.setFocus()
    QTest.keyClick(widget.station.table, Qt.Key.Key_F10)
    dlg = widget.findChild(ScannerSettingsDialog)
    qtbot.waitUntil(dlg.isVisible)
    dlg.trial.setFocus()
    QTest.keyClicks(dlg.trial, "4006381333932")
    QTest.keyClick(dlg.trial, Qt.Key.Key_Return)
    assert "Misread" in dlg.trial_result.text() and dlg.isVisible()  # Enter did not close it
    dlg.gap.setValue(70)
    dlg.auto_complete.setChecked(False)
    dlg.accept()
    assert widget.station.scanner.settings.max_gap_ms == 70
    assert widget.picking.scanner.settings.max_gap_ms == 70
    assert not widget.station.settings.complete_on_last_item
    again = load_setup(QSettings(str(tmp_path / "station.ini"), QSettings.Format.IniFormat))
    assert again.wedge.max_gap_ms == 70 and not again.complete_on_last_item


def test_the_confirmation_format_follows_the_stores_channel(qtbot, backend, tab):
    """A Shopify store gets the generic CSV, an Amazon store Amazon's flat file."""
    from app.models import Store
    widget, _world = tab
    backend.run(lambda s: s.add(Store(name="Amazon DE", kind="amazon", currency="EUR")))
    page = type(widget.shipping)(backend, sounds=widget.sounds)
    qtbot.addWidget(page)
    page.store.setCurrentText("Kettle & Co")
    assert page.store.currentData() == "shopify"
    assert page.format.currentText() == "Generic CSV (.csv)"
    page.store.setCurrentText("Amazon DE")
    assert page.format.currentText() == "Amazon shipping confirmation (.txt)"
    page.store.setCurrentText("Kettle & Co")
    assert page.format.currentText() == "Generic CSV (.csv)"
