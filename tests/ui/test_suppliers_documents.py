"""The Suppliers tab's papers and chart, by keyboard: the PO as a PDF for the supplier
(Ctrl+Shift+D), bin labels for put-away (Ctrl+Shift+B on the POs page, F9 at the receiving
station), and the scorecard's trend chart for the selected supplier."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.models.suppliers import POShipment, PurchaseOrder
from app.services.suppliers import purchase_orders, receiving, shipments
from app.services.suppliers.purchase_orders import LineInput
from app.services.suppliers.receiving import ReceiptInput
from app.ui.suppliers.document_dialog import DocumentDialog
from app.ui.suppliers.tab import SuppliersTab
from tests.unit.printing.decoding import decode, pdf_text
from tests.unit.suppliers.world import OWNER, make_world

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _received_po(session) -> int:
    """A PO of this month, shipped and put away in B-02-1, 12 mugs at 2.45."""
    make_world(session)
    made = purchase_orders.create_po(session, "Ningbo Ceramics",
                                     [LineInput("MUG-RED", 12, 245), LineInput("TEA-50", 5)],
                                     expected=date.today(), actor=OWNER)
    purchase_orders.send_po(session, made.id, actor=OWNER)
    shipped = shipments.ship(session, made.id, "sea", actor=OWNER)
    receiving.receive(session, made.id, [ReceiptInput("MUG-RED", 12, "good", "B-02-1"),
                                         ReceiptInput("TEA-50", 5, "good", "B-02-1")],
                      actor=OWNER)
    po = session.get(PurchaseOrder, made.id)
    po.sent_at = po.created_at
    session.get(POShipment, shipped.shipment_id).received_at = datetime.now(UTC)
    return made.id


def _tab(qtbot, backend) -> SuppliersTab:
    tab = SuppliersTab(backend)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitActive(tab)
    return tab


def _key(k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), k, mods)


def test_po_pdf_and_bin_labels_from_the_po_page(qtbot, backend, tmp_path):
    po_id = backend.run(_received_po)
    tab = _tab(qtbot, backend)
    tab.show_page(1)
    qtbot.waitUntil(tab.orders.table.hasFocus)
    assert tab.orders.current().id == po_id
    _key(Qt.Key.Key_D, CTRL_SHIFT)
    dialog = tab.orders.document
    assert isinstance(dialog, DocumentDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.preview.page_count() == 1
    text = " ".join(pdf_text(dialog.data))
    # 12 x €2.45 + 5 x €1.00 = €29.40 + €5.00 = €34.40
    assert "NB-MUG-R" in text and "€29.40" in text and "€34.40" in text
    saved = dialog.save(str(tmp_path / "po.pdf"))
    assert (tmp_path / "po.pdf").read_bytes() == dialog.data and saved
    dialog.reject()
    tab.orders.table.setFocus()
    qtbot.waitUntil(tab.orders.table.hasFocus)
    _key(Qt.Key.Key_B, CTRL_SHIFT)
    labels = tab.orders.document
    assert labels is not None and labels is not dialog
    qtbot.waitUntil(labels.isVisible)
    assert "B-02-1" in labels.note.text()
    assert sorted(f.text for f in decode(labels.data)) == ["A-01-1", "B-02-1"]
    labels.reject()


def test_f9_at_the_station_prints_the_bins_of_the_po_just_put_away(qtbot, backend):
    world = backend.run(make_world)
    made = backend.run(purchase_orders.create_po, "Ningbo Ceramics",
                       [LineInput("MUG-RED", 6)], actor=OWNER)
    backend.run(purchase_orders.send_po, made.id, actor=OWNER)
    backend.run(shipments.ship, made.id, "sea", actor=OWNER)
    tab = _tab(qtbot, backend)
    tab.show_page(2)
    page = tab.receiving
    qtbot.waitUntil(page.code.hasFocus)
    _key(Qt.Key.Key_F9)
    assert "Scan a PO first" in page.feedback.text()
    page.on_scan(made.number)
    page.quantity = 6
    page.on_scan("MUG-RED")
    page.on_scan("B-02-1")
    assert page.last_result is not None and page.last_result.good == 6
    page.code.setFocus()
    qtbot.waitUntil(page.code.hasFocus)
    _key(Qt.Key.Key_F9)
    assert page.document is not None
    qtbot.waitUntil(page.document.isVisible)
    # The bin just filled first, then the mug's own bin; one 4x6 label (page) each.
    assert [f.text for f in decode(page.document.data)] == ["B-02-1", "A-01-1"]
    page.document.reject()
    assert world.bin_b


def test_scorecard_trend_chart_follows_the_selected_supplier(qtbot, backend):
    backend.run(_received_po)
    tab = _tab(qtbot, backend)
    tab.show_page(3)
    page = tab.scorecard
    assert page.table.item(page.table.currentRow(), 0).text() == "Ningbo Ceramics"
    chart = page.chart
    assert len(chart.months) == 12 and chart.months[-1] == date.today().strftime("%Y-%m")
    assert "Ningbo Ceramics" in chart.chart().title()
    cost = chart.series["cost"].points()
    # The month's mean cost per unit: (12 x 2.45 + 5 x 1.00) / 17 = 2.0235… -> 2.02
    assert [(p.x(), p.y()) for p in cost] == [(11.0, 2.02)]
    assert [p.y() for p in chart.series["on_time"].points()] == [100.0]
    assert len(chart.series["score"].points()) == 1
    assert "cost per unit (EUR)" in [a.titleText() for a in chart.chart().axes()]


def test_arrowing_through_suppliers_redraws_the_chart_once_it_rests(qtbot, backend):
    backend.run(_received_po)
    from app.services.suppliers import catalog

    backend.run(catalog.save_supplier, catalog.SupplierInput("Aarhus Glass", "DKK"),
                actor=OWNER)
    tab = _tab(qtbot, backend)
    tab.show_page(3)
    page = tab.scorecard
    assert page.table.item(0, 0).text() == "Aarhus Glass"
    assert "Aarhus Glass" in page.chart.chart().title()
    assert "no purchase orders" in page.chart.chart().title()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    _key(Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "Ningbo Ceramics" in page.chart.chart().title())
    assert len(page.chart.series["cost"].points()) == 1
