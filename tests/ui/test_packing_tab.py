"""The packing station driven like a packer does: a scanner typing at 2 ms per key + Enter,
the keyboard for everything else."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models import Order, StockLevel, StockMove
from app.models.packing import Parcel, Shipment
from app.services.core.supervisors import set_pin
from app.services.stock import ledger
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.scanner_input import ScannerSettings
from app.ui.packing.dialogs import OverrideDialog, QuantityDialog, WeightDialog
from app.ui.packing.lines_model import PackLinesModel
from app.ui.packing.station import PackingStation, StationSettings
from tests.packing_world import MUG_EAN, TEA_UPC, build_world

# Real key clicks, 2 ms apart like a cabled scanner. The threshold is raised to 250 ms so a
# busy test machine cannot make a scan look like typing; human typing in the tests is slower
# than that (300 ms per key), so both sides of the rule are exercised with wide margins.
SCAN_GAP_MS = 2
SETTINGS = ScannerSettings(max_gap_ms=250)


def scan(qtbot, widget, code: str) -> None:
    target = QApplication.focusWidget() or widget
    for ch in code:
        QTest.keyClick(target, ch, Qt.KeyboardModifier.NoModifier, SCAN_GAP_MS)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, SCAN_GAP_MS)


def key(widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget() or widget, k, mods)


@pytest.fixture
def station(qtbot, backend, tmp_path):
    world = backend.run(build_world)
    backend.run(set_pin, "boss", "4321")
    sounds = FeedbackSounds(muted=True)
    heard: list[str] = []
    sounds.requested.connect(heard.append)
    widget = PackingStation(backend, sounds=sounds, settings=StationSettings(
        scanner=SETTINGS, slip_folder=str(tmp_path / "slips")))
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.show()
    qtbot.waitExposed(widget)
    widget.table.setFocus()
    return widget, world, heard


def stock(backend):
    def job(s):
        return (sorted(s.execute(select(StockLevel.product_id, StockLevel.location_id,
                                        StockLevel.on_hand, StockLevel.reserved)).all()),
                s.scalar(select(func.count(StockMove.id))))
    return backend.run(job)


def back_to_station(qtbot, widget) -> None:
    """After a dialog closes, the station window is active again (as the WM would do)."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.table.setFocus()


def banner(widget) -> str:
    return widget.banner.text()


def test_full_pack_with_every_kind_of_scan(qtbot, backend, station, tmp_path):
    widget, world, heard = station
    scan(qtbot, widget, "#1001")
    assert widget.view is not None and widget.view.number == "#1001"
    assert "scan its 3 item" in banner(widget)

    # right item
    scan(qtbot, widget, MUG_EAN)
    assert widget.view.verified == 1 and "1 of 2" in banner(widget) and heard[-1] == "good"
    assert widget.lines_model.data(widget.lines_model.index(0, 3)) == "1 / 2"

    # wrong item: refused, stock untouched
    before = stock(backend)
    scan(qtbot, widget, "PEN-1")
    assert banner(widget).startswith("✘ Wrong item") and heard[-1] == "error"
    assert stock(backend) == before and widget.view.verified == 1

    # misread check digit
    scan(qtbot, widget, MUG_EAN[:-1] + "2")
    assert "Misread" in banner(widget) and heard[-1] == "error"

    # second mug, then an over-scan
    scan(qtbot, widget, MUG_EAN)
    scan(qtbot, widget, MUG_EAN)
    assert "Too many" in banner(widget) and widget.view.verified == 2
    assert stock(backend) == before

    # undo the second mug, scan it again
    key(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.view.verified == 1 and "Undone" in banner(widget)
    scan(qtbot, widget, MUG_EAN)

    # weigh parcel 1, scan its tracking, start parcel 2
    key(widget, Qt.Key.Key_F7)
    dlg = widget.findChild(WeightDialog)
    qtbot.waitUntil(dlg.isVisible)
    QTest.keyClicks(dlg.weight, "0.85 kg")
    QTest.keyClick(dlg.weight, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "850 g" in widget.parcels.text())
    back_to_station(qtbot, widget)
    key(widget, Qt.Key.Key_F8)
    assert "tracking" in banner(widget)
    scan(qtbot, widget, "1Z999AA10123456784")
    assert "Tracking 1Z999AA10123456784 on parcel 1" in banner(widget), banner(widget)
    key(widget, Qt.Key.Key_F6)
    assert widget.view.current_parcel == 2

    # completing now is refused; then an override without the PIN is refused too
    key(widget, Qt.Key.Key_F9)
    assert "Not complete" in banner(widget)
    key(widget, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    over = widget.findChild(OverrideDialog)
    qtbot.waitUntil(over.isVisible)
    QTest.keyClicks(over.pin, "0000")
    QTest.keyClick(over.pin, Qt.Key.Key_Tab)
    QTest.keyClicks(over.reason, "test")
    QTest.keyClick(over.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "PIN" in banner(widget))
    assert backend.run(lambda s: s.get(Order, world.order1).status) == "reserved"

    # the last item completes the order by itself: stock moved, order packed, slip written
    back_to_station(qtbot, widget)
    with qtbot.wait_signal(widget.order_packed, timeout=3000) as blocker:
        scan(qtbot, widget, TEA_UPC)
    done = blocker.args[0]
    assert (done.items, done.parcels) == (3, 2)
    assert "packed" in banner(widget) and heard[-1] == "done"
    assert widget.view is None

    def check(s):
        assert s.get(Order, world.order1).status == "packed"
        mug = s.get(StockLevel, (world.mug, world.bins["A-01-1"]))
        tea = s.get(StockLevel, (world.tea, world.bins["B-02-1"]))
        assert (mug.on_hand, mug.reserved, tea.on_hand, tea.reserved) == (8, 0, 4, 0)
        parcels = s.execute(select(Parcel.number, Parcel.weight_g, Parcel.tracking)
                            .order_by(Parcel.number)).all()
        assert parcels == [(1, 850, "1Z999AA10123456784"), (2, None, "")]
        shipment = s.scalar(select(Shipment))
        assert shipment.errors == 3 and shipment.station == "test-station"
        assert ledger.check_ledger(s) == []
    backend.run(check)
    assert (tmp_path / "slips" / "packing-slip-1001.pdf").stat().st_size > 1000
    assert "Packed today: 1 order · 3 items" in widget.stats.text()
    assert "errors caught: 3" in widget.stats.text()


def test_override_with_pin_completes_and_typed_quantity(qtbot, backend, station):
    widget, world, heard = station
    scan(qtbot, widget, "1001")
    widget.table.selectRow(0)
    key(widget, Qt.Key.Key_F2)
    qty = widget.findChild(QuantityDialog)
    qtbot.waitUntil(qty.isVisible)
    assert qty.quantity.value() == 2
    QTest.keyClick(qty.quantity, Qt.Key.Key_Tab)
    QTest.keyClicks(qty.pin, "4321")
    QTest.keyClick(qty.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.view.verified == 2)
    assert "(typed)" in banner(widget)
    back_to_station(qtbot, widget)
    key(widget, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    over = widget.findChild(OverrideDialog)
    qtbot.waitUntil(over.isVisible)
    QTest.keyClicks(over.pin, "4321")
    QTest.keyClick(over.pin, Qt.Key.Key_Tab)
    QTest.keyClicks(over.reason, "Tea box without barcode")
    with qtbot.wait_signal(widget.order_packed, timeout=3000) as blocker:
        QTest.keyClick(over.reason, Qt.Key.Key_Return)
    assert blocker.args[0].override_by == "boss"
    assert backend.run(lambda s: s.scalar(select(Shipment.override_reason))) == \
        "Tea box without barcode"


def test_scans_back_to_back_at_ten_per_second_are_all_counted(qtbot, backend, station):
    widget, world, heard = station
    scan(qtbot, widget, "#1001")
    codes = [MUG_EAN, "4006381333932", MUG_EAN, "PEN-1", MUG_EAN]
    started = time.monotonic()
    for n, code in enumerate(codes):
        while time.monotonic() < started + n * 0.1:  # one scan every 100 ms
            qtbot.wait(1)
        scan(qtbot, widget, code)
    # 2 mugs counted, misread + wrong + over-scan refused: no scan lost, none merged
    assert widget.view.lines[0].verified == 2
    assert heard[-5:] == ["good", "error", "good", "error", "error"]


def test_typing_a_note_at_human_speed_is_not_a_scan(qtbot, backend, station):
    widget, world, heard = station
    scan(qtbot, widget, "#1001")
    widget.note.setFocus()
    for ch in "gift 2":
        QTest.keyClick(widget.note, ch, Qt.KeyboardModifier.NoModifier, 300)
    qtbot.waitUntil(lambda: widget.note.text() == "gift 2")
    assert widget.view.verified == 0 and heard == ["good"]  # only the order opening


def test_manual_code_entry_counts_like_a_scan(qtbot, backend, station):
    widget, world, heard = station
    scan(qtbot, widget, "#1001")
    widget.code_entry.setFocus()
    for ch in MUG_EAN:
        QTest.keyClick(widget.code_entry, ch, Qt.KeyboardModifier.NoModifier, 300)
    qtbot.waitUntil(lambda: widget.code_entry.text() == MUG_EAN)
    QTest.keyClick(widget.code_entry, Qt.Key.Key_Return)
    assert widget.view.verified == 1


def test_another_station_has_it(qtbot, backend, station):
    from app.services.core.backend import Actor
    from app.services.packing import station as packing
    widget, world, heard = station
    backend.run(packing.open_order, Actor("sam", "station-B"), "#1001")
    scan(qtbot, widget, "#1001")
    assert "station-B by sam" in banner(widget) and widget.view is None


def test_escape_puts_the_order_aside(qtbot, backend, station):
    widget, world, heard = station
    scan(qtbot, widget, "#1002")
    key(widget, Qt.Key.Key_Escape)
    assert widget.view is None and "put aside" in banner(widget)


def test_lines_model_passes_modeltester(qtmodeltester, backend, station):
    widget, world, heard = station
    backend.run(__import__("app.services.packing.station", fromlist=["open_order"]).open_order,
                backend.actor, "#1001")
    model = PackLinesModel()
    from app.services.packing.reads import pack_view
    model.reset(backend.run(pack_view, world.order1).lines)
    qtmodeltester.check(model)


def test_a_scan_while_another_writer_holds_the_database_is_refused(qtbot, backend, station):
    """Another program (an import, the office PC's job) holds SQLite's write lock: the scan is
    refused within about a second with the buzz and a message, and changes nothing."""
    import sqlite3

    widget, world, heard = station
    scan(qtbot, widget, "#1001")
    assert widget.view is not None and heard[-1] == "good"
    before = stock(backend)
    other = sqlite3.connect(backend.database_label, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        scan(qtbot, widget, MUG_EAN)
        waited = time.monotonic() - started
        assert banner(widget).startswith("✘ The database is busy") and heard[-1] == "error"
        assert widget.view.verified == 0
        # Refused after the scanner wait (0.8 s), not the 5 s an office job may wait.
        assert waited < 4, waited
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert stock(backend) == before
    scan(qtbot, widget, MUG_EAN)
    assert widget.view.verified == 1 and heard[-1] == "good"


def test_a_packed_order_shows_as_packed_when_the_orders_tab_is_next_shown(qtbot, backend):
    """The main window wires the station to the other tabs: they reload when shown, not while
    the packer scans."""
    from app.ui.main_window import MainWindow

    backend.run(build_world)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    orders = window.tab("Orders")
    statuses = lambda: {r.number: r.status for r in orders.model.loaded_rows()}  # noqa: E731
    assert statuses()["#1001"] == "reserved"
    window.show_tab("Pick & Pack")
    window.tab("Pick & Pack").sounds.set_muted(True)   # no sound device on a test machine
    station = window.tab("Pick & Pack").station
    with qtbot.wait_signal(station.order_packed, timeout=3000):
        for code in ("#1001", MUG_EAN, MUG_EAN, TEA_UPC):
            station.on_scan(code)
    assert statuses()["#1001"] == "reserved"      # not reloaded behind the packer's back
    window.show_tab("Orders")
    assert statuses()["#1001"] == "packed"


def test_the_last_scan_sends_the_orders_label_and_f11_sends_it_again(qtbot, backend):
    """With a label printer set (F10), completing an order sends its address label as ZPL
    over a real socket to a stand-in printer on 127.0.0.1, says so, and keeps the job; a
    printer that is off is said in red with the buzz, and F11 sends the label again."""
    from app.services.labels import jobs as label_jobs
    from app.services.labels import printers as label_printers
    from app.services.printing.transports import PrinterProfile
    from tests.unit.printing.listener import Listener
    from tests.unit.printing.zpl_reader import parse

    backend.run(build_world)
    printer = Listener()
    backend.run(label_printers.save_printer, PrinterProfile(
        "Zebra", "zpl", f"tcp://127.0.0.1:{printer.port}", "100x150", 203))
    sounds = FeedbackSounds(muted=True)
    heard: list[str] = []
    sounds.requested.connect(heard.append)
    widget = PackingStation(backend, sounds=sounds, settings=StationSettings(
        scanner=SETTINGS, label_printer="Zebra"))
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.wait_signal(widget.label_printed, timeout=5000) as sent:
        for code in ("#1001", MUG_EAN, MUG_EAN, TEA_UPC):
            scan(qtbot, widget, code)
    assert sent.args[0] == "#1001"
    printer.thread.join(5)
    [label], _ = parse(printer.received.decode("ascii"))
    assert label.barcodes() == [("BC", "#1001")] and "Ada Lovelace" in label.texts()
    assert widget.label_status.text().startswith("✔ Shipping label for #1001 to Zebra")
    history = backend.read(label_jobs.job_history)
    assert [(j.destination, j.output) for j in history] == [("Zebra", "zpl")]
    # The printer is switched off: the packer hears it and sees it, and nothing is kept.
    backend.run(label_printers.save_printer, PrinterProfile(
        "Zebra", "zpl", "tcp://127.0.0.1:9", "100x150", 203), "Zebra")
    with qtbot.wait_signal(widget.label_failed, timeout=15000):
        key(widget, Qt.Key.Key_F11)
    assert widget.label_status.text().startswith("✘ No label printed for #1001")
    assert "F11" in widget.label_status.text() and heard[-1] == "error"
    assert len(backend.read(label_jobs.job_history)) == 1
