"""The Labels tab with real widgets: scan into the queue, live preview, print through
QPrinter, send ZPL to a socket, import carrier labels and link by hand, reprint, settings."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from app.services.labels import jobs as labels
from app.services.labels import printers as labels_printers
from app.services.printing.transports import PrinterProfile
from app.ui.labels.tab import LabelsTab
from app.ui.main_window import MainWindow
from tests.unit.printing.decoding import decode, decode_cells
from tests.unit.printing.listener import Listener
from tests.unit.printing.zpl_reader import parse


@pytest.fixture
def tab(qtbot, demo_backend):
    widget = LabelsTab(demo_backend)
    qtbot.addWidget(widget)
    yield widget
    widget.runner.wait(5000)


def _choose(page, template: str, size: str | None = None) -> None:
    page.template.setCurrentIndex(page.template.findData(template))
    if size:
        page.size_choice.setCurrentIndex(page.size_choice.findData(size))


def test_the_tab_is_ctrl_3_and_models_pass_the_tester(qtbot, qtmodeltester, demo_backend):
    window = MainWindow(demo_backend)
    qtbot.addWidget(window)
    assert window.show_tab("Labels")
    tab = window.tab("Labels")
    assert isinstance(tab, LabelsTab)
    qtmodeltester.check(tab.history_page.model)
    qtmodeltester.check(tab.carrier_page.model)
    tab.runner.wait(5000)


def test_scanned_items_preview_and_print(qtbot, tab, tmp_path: Path):
    page = tab.print_page
    _choose(page, "product", "l7160")
    for code in ("2000000000015", "2000000000015", "KC-00002"):
        qtbot.keyClicks(page.queue.scan, code)
        with qtbot.waitSignal(page.preview_ready, timeout=5000):
            qtbot.keyClick(page.queue.scan, Qt.Key.Key_Return)
    assert page.queue.table.rowCount() == 2
    assert page.queue.table.cellWidget(0, 2).value() == 2
    qtbot.waitUntil(lambda: page.preview.page_count() == 1, timeout=3000)
    page.skip.setValue(4)
    qtbot.waitUntil(lambda: page.last_request == page.request(), timeout=5000)
    from app.services.printing import sizes

    cells = decode_cells(page.last.data, sizes.layout("l7160"))
    assert cells == [(0, 4, "2000000000015"), (0, 5, "2000000000015"),
                     (0, 6, "2000000000022")]
    assert "3 labels to print, 1 page" in page.status.text()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert page.print_to(printer) == 1
    assert sorted(f.text for f in decode(out.read_bytes())) == [
        "2000000000015", "2000000000015", "2000000000022"]
    [job] = tab.backend.run(labels.job_history)
    assert (job.template, job.labels, job.destination) == ("product", 3, str(out))


def test_unknown_scan_is_refused(qtbot, tab):
    page = tab.print_page
    _choose(page, "bin")
    qtbot.keyClicks(page.queue.scan, "NOT-A-BIN")
    with qtbot.waitSignal(page.job_failed) as blocker:
        qtbot.keyClick(page.queue.scan, Qt.Key.Key_Return)
    assert "not a bin" in blocker.args[0]
    assert page.queue.table.rowCount() == 0


def test_send_zpl_to_a_network_printer_and_test_print(qtbot, tab, demo_backend):
    listener = Listener()
    printers = tab.printers_page
    printers.name.setText("Zebra")
    printers.kind.setCurrentIndex(printers.kind.findData("zpl"))
    printers.address.setText(f"tcp://127.0.0.1:{listener.port}")
    printers.media.setCurrentIndex(printers.media.findData("2x1"))
    printers.save.click()
    assert printers.list.count() == 1
    page = tab.print_page
    _choose(page, "bin")
    page.add_items([("A-01-1", ""), ("A-01-2", "")])
    page.printer.setCurrentIndex(page.printer.findText("Zebra (ZPL)"))
    assert page.size_choice.currentData() == "2x1"
    with qtbot.waitSignal(page.job_done, timeout=5000):
        page.print_button.click()
    listener.thread.join(5)
    parsed, _ = parse(listener.received.decode("ascii"))
    assert [lab.barcodes() for lab in parsed] == [[("BC", "A-01-1")], [("BC", "A-01-2")]]
    assert demo_backend.run(labels.job_history)[0].destination == "Zebra"
    second = Listener()
    printers.address.setText(f"tcp://127.0.0.1:{second.port}")
    with qtbot.waitSignal(printers.test_sent, timeout=5000) as blocker:
        printers.test.click()
    assert blocker.args[0].startswith("Sent to")
    second.thread.join(5)
    [test_label], _ = parse(second.received.decode("ascii"))
    assert test_label.barcodes() == [("BC", "TEST-PRINT")]


def test_reprint_from_history(qtbot, tab):
    page = tab.print_page
    _choose(page, "shipping")
    page.add_items([("#1002", "")])
    qtbot.waitUntil(lambda: page.last is not None, timeout=5000)
    rendered = page.current()
    tab.backend.run(labels.record_job, tab.backend.actor, page.request(), rendered, "x.pdf")
    history = tab.history_page
    history.reload()
    history.view.selectRow(0)
    _choose(page, "bin")
    history.reprint.click()
    assert tab.pages.currentWidget() is page
    assert page.template.currentData() == "shipping" and page.reprint_of is not None
    assert page.queue.table.item(0, 0).text() == "#1002"
    qtbot.waitUntil(lambda: page.last_request == page.request(), timeout=5000)
    assert [f.text for f in decode(page.last.data)] == ["#1002"]


def _carrier_pdf(names: list[str]) -> bytes:
    buf = BytesIO()
    c = Canvas(buf, pagesize=(4 * inch, 6 * inch))
    for name in names:
        c.drawString(20, 280, f"SHIP TO: {name.upper()}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_carrier_labels_import_and_link_by_hand(qtbot, tab, tmp_path: Path, demo_backend):
    from sqlalchemy import select  # the test reads the demo data; the tab does not

    from app.models import Order

    name, number = demo_backend.run(lambda s: tuple(s.execute(
        select(Order.ship_name, Order.number).where(Order.status == "reserved")
        .order_by(Order.id)).first()))
    path = tmp_path / "labels.pdf"
    path.write_bytes(_carrier_pdf([name, "Somebody Unknown"]))
    carrier = tab.carrier_page
    with qtbot.waitSignal(carrier.imported, timeout=5000):
        carrier.import_file(path)
    assert carrier.only_unmatched.isChecked()
    assert carrier.model.rowCount() == 1
    carrier.view.selectRow(0)
    qtbot.waitUntil(lambda: carrier.preview.page_count() == 1, timeout=3000)
    carrier.order.setText(number)
    carrier.link.click()
    assert carrier.model.rowCount() == 0
    found = demo_backend.run(labels.label_for_order, demo_backend.run(
        lambda s: s.scalar(select(Order.id).where(Order.number == number))))
    assert found.kind == "carrier" and len(PdfReader(BytesIO(found.pdf)).pages) >= 1


def test_store_settings_round_trip(qtbot, tab, demo_backend):
    page = tab.settings_page
    page.fields["method"].setChecked(False)
    page.return_name.setText("Kettle Returns")
    page.return_address.setPlainText("Unit 4\nLeeds LS1 1AA\n")
    page.font_size.setValue(12)
    page.save.click()
    look = demo_backend.run(labels_printers.store_settings, page.store.currentData())
    assert look.hidden == frozenset({"method"}) and look.return_lines == ("Unit 4",
                                                                         "Leeds LS1 1AA")
    page.return_name.setText("changed, not saved")
    page.load()
    assert page.return_name.text() == "Kettle Returns" and page.font_size.value() == 12


def test_pdf_printer_profile_saves_into_its_folder(qtbot, tab, tmp_path: Path, demo_backend):
    demo_backend.run(labels_printers.save_printer,
                     PrinterProfile("Office", "pdf", str(tmp_path), "a4"))
    page = tab.print_page
    page.reload_printers()
    _choose(page, "packing-slip")
    page.add_items([("#1002", "")])
    page.printer.setCurrentIndex(page.printer.findText("Office (PDF)"))
    with qtbot.waitSignal(page.job_done, timeout=5000):
        page.print_button.click()
    assert [f.text for f in decode((tmp_path / "packing-slip.pdf").read_bytes(), dpi=200)
            ][0] == "#1002"


def test_custom_grid_size(qtbot, tab):
    page = tab.print_page
    _choose(page, "bin")
    page.use_custom_grid("custom:a4:2x4:90x60:10,10:5,5")
    page.add_items([("A-01-1", ""), ("A-01-2", "")])
    qtbot.waitUntil(lambda: page.last_request == page.request(), timeout=5000)
    from app.services.printing import sizes

    grid = sizes.layout("custom:a4:2x4:90x60:10,10:5,5")
    assert decode_cells(page.last.data, grid) == [(0, 0, "A-01-1"), (0, 1, "A-01-2")]
    assert page.skip.isEnabled()
