"""No surprises at the station, driven by scanner keys: an order the bins cannot cover is
refused at its slip (not after every item), and one product on two order lines is one line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models import Store
from app.models.packing import PackSession, Shipment
from app.services.stock import ledger
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.scanner_input import ScannerSettings
from app.ui.packing.station import PackingStation, StationSettings
from tests.packing_world import MUG_EAN, build_world, make_order


def scan(widget, code: str) -> None:
    """A cabled scanner: keys 2 ms apart, then Enter."""
    target = QApplication.focusWidget() or widget
    for ch in code:
        QTest.keyClick(target, ch, Qt.KeyboardModifier.NoModifier, 2)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 2)


@pytest.fixture
def station(qtbot, backend, tmp_path):
    world = backend.run(build_world)
    sounds = FeedbackSounds(muted=True)
    heard: list[str] = []
    sounds.requested.connect(heard.append)
    widget = PackingStation(backend, sounds=sounds, settings=StationSettings(
        scanner=ScannerSettings(max_gap_ms=250), slip_folder=str(tmp_path / "slips")))
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.show()
    qtbot.waitExposed(widget)
    widget.table.setFocus()
    return widget, world, heard


def _store(session):
    return session.scalar(select(Store.id))


def test_a_backordered_order_is_refused_at_its_slip_with_what_is_missing(qtbot, backend,
                                                                         station):
    widget, world, heard = station

    def backorder(session):
        ledger.move(session, ledger.MoveSpec(world.vase, world.bins["C-01-1"],
                                             ledger.location_id(session, "QUARANTINE"), 2,
                                             "transfer"))
        make_order(session, _store(session), "#1003", [(world.vase, 1), (world.mug, 1)],
                   status="backorder", reserve=False)
    backend.run(backorder)
    scan(widget, "#1003")
    assert widget.view is None and heard[-1] == "error"
    assert widget.banner.text() == "✘ Order #1003 cannot be packed: not enough in the bins"
    assert widget.detail.isVisible()
    detail = widget.detail.text()
    assert "VASE-1 (Glass vase): 1 short, 0 of 1 in bins — 2 in QUARANTINE" in detail
    assert "MUG-RED" not in detail          # the mug is there: only what is short is named
    assert "Put its items aside and scan another order" in detail
    assert backend.run(lambda s: s.scalar(select(func.count(PackSession.id)))) == 0
    # The next order scanned opens as usual, and the details go away.
    scan(widget, "#1001")
    assert widget.view is not None and widget.view.number == "#1001"
    assert not widget.detail.isVisible()
    assert widget.banner.text() == "Order #1001: scan its 3 items"


def test_one_product_on_two_lines_shows_once_and_packs_by_scans(qtbot, backend, station):
    widget, world, heard = station
    backend.run(lambda s: make_order(s, _store(s), "#1003", [(world.mug, 1), (world.mug, 2)]))
    scan(widget, "#1003")
    assert widget.lines_model.rowCount() == 1
    packed = widget.lines_model.index(0, 3)
    assert widget.lines_model.data(packed) == "0 / 3"
    for done in (1, 2):
        scan(widget, MUG_EAN)
        assert widget.lines_model.data(widget.lines_model.index(0, 3)) == f"{done} / 3"
    scan(widget, MUG_EAN)      # the last unit completes the order
    assert widget.view is None and heard[-1] == "done"
    assert widget.banner.text().startswith("✔ #1003 packed: 3 items in 1 parcel")
    assert backend.run(lambda s: s.scalar(select(Shipment.items))) == 3


def test_a_label_without_a_return_address_is_said_at_the_station(qtbot, backend):
    """The label goes out (to a stand-in printer on 127.0.0.1) with no bare FROM, and the
    station says the store has no return address and where to set it."""
    from app.services.labels import printers as label_printers
    from app.services.labels.sources import StoreLook
    from app.services.printing.transports import PrinterProfile
    from tests.unit.printing.listener import Listener
    from tests.unit.printing.zpl_reader import parse

    backend.run(build_world)
    printer = Listener()
    backend.run(label_printers.save_printer, PrinterProfile(
        "Zebra", "zpl", f"tcp://127.0.0.1:{printer.port}", "100x150", 203))
    widget = PackingStation(backend, sounds=FeedbackSounds(muted=True), settings=StationSettings(
        scanner=ScannerSettings(max_gap_ms=250), label_printer="Zebra"))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.table.setFocus()
    with qtbot.wait_signal(widget.label_printed, timeout=5000):
        for code in ("#1002", "PEN-1"):
            scan(widget, code)
    printer.thread.join(5)
    [label], _ = parse(printer.received.decode("ascii"))
    assert "FROM" not in label.texts()
    status = widget.label_status.text()
    assert "No return address is set for Kettle & Co" in status
    assert "Tools ▸ Settings ▸ Stores" in status
    # With one set, the label has its FROM and the station says nothing more.
    backend.run(label_printers.save_store_settings, backend.run(_store), StoreLook(
        return_lines=("Unit 4, Mill Lane", "Leeds LS1 1AA")))
    again = Listener()
    backend.run(label_printers.save_printer, PrinterProfile(
        "Zebra", "zpl", f"tcp://127.0.0.1:{again.port}", "100x150", 203), "Zebra")
    with qtbot.wait_signal(widget.label_printed, timeout=5000):
        QTest.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_F11)
    again.thread.join(5)
    [label], _ = parse(again.received.decode("ascii"))
    assert "FROM" in label.texts() and "Unit 4, Mill Lane" in label.texts()
    assert "return address" not in widget.label_status.text()
