"""The Returns list's Import… action: a store's returns file opens expected returns that the
list shows and the station's scan finds; importing it again changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.models.returns import Return
from tests.ui.test_returns_tab import key, scan, tab  # noqa: F401  (the fixture)
from tests.unit.returns.test_returns_import import DATA, _mfn, _mfn_row


def test_import_from_the_list_then_scan_at_the_station(qtbot, backend, tab, tmp_path):  # noqa: F811
    widget, _w, _heard = tab
    key(widget.station, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    page = widget.list_page
    page.runner.wait()
    store = page.store.findText("Kettle & Co")
    page.store.setCurrentIndex(store)          # the file's store: the one the list shows
    page.runner.wait()
    report = tmp_path / "returns-report.txt"
    report.write_bytes(_mfn(_mfn_row("1001", "RMA-77", "MUG-RED", "1", "CR-DEFECTIVE",
                                     tracking="TBA123456789")).data)
    page.import_file(str(report))
    qtbot.waitUntil(lambda: "returns opened" in page.import_result.text())
    assert "1 returns opened, 0 imported before" in page.import_result.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.rows[0].status == "expected"
    page.import_file(str(report))
    qtbot.waitUntil(lambda: "0 returns opened, 1 imported before" in page.import_result.text())
    assert backend.read(lambda s: s.scalar(select(func.count(Return.id)))) == 1
    # A file that is no returns file: named, nothing changes.
    page.import_file(str(DATA / "SOURCES.md"))
    qtbot.waitUntil(lambda: "nothing changed" in page.import_result.text())
    # At the station, the parcel's tracking opens the expected return.
    key(widget.station, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    widget.station.table.setFocus()
    scan(widget.station, "TBA123456789")
    assert widget.station.view is not None, widget.station.banner.text()
    assert widget.station.view.status == "expected"
    assert "1 unit to receive" in widget.station.banner.text()
