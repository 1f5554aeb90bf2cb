"""The PO as a PDF for the supplier (their SKUs, exact totals in their currency) and the bin
labels printed for putting a receipt away (their barcodes read back from the PDF / ZPL)."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import Store
from app.models.printing import TemplateSettings
from app.services.core.errors import InvalidInput
from app.services.labels.putaway import putaway_labels
from app.services.suppliers import po_document, purchase_orders, receiving, shipments
from app.services.suppliers.purchase_orders import LineInput
from app.services.suppliers.receiving import ReceiptInput
from tests.unit.printing.decoding import decode, pdf_text
from tests.unit.suppliers.world import OWNER, make_world


def _po_in_usd(session):
    """A USD supplier at 0.9213 EUR per USD, with costs that do not add up in floats."""
    from app.services.suppliers import catalog

    catalog.save_supplier(session, catalog.SupplierInput(
        "Dongguan Glass", "USD", contact="Ms Li", email="li@dg.example",
        payment_terms="30% deposit, 70% against B/L", incoterm="FOB"), actor=OWNER)
    sid = catalog.supplier_by_name(session, "Dongguan Glass").id
    catalog.link_products(session, sid, [
        catalog.SupplierProductInput("MUG-RED", "DG-M-0042", "Red mug 350ml",
                                     unit_cost_minor=110, pack_size=6)])
    return purchase_orders.create_po(
        session, "Dongguan Glass", [LineInput("MUG-RED", 36, 110), LineInput("TEA-50", 7, 333)],
        expected=date(2027, 2, 1), fx_rate="0.9213", note="Pack in double-wall cartons.",
        actor=OWNER)


def test_po_pdf_lists_their_skus_and_the_exact_total(session):
    make_world(session)
    store = session.query(Store).one()
    session.add(TemplateSettings(store_id=store.id, return_name="Backroom Goods GmbH",
                                 return_address="Lagerstraße 5\n10115 Berlin\nGermany"))
    made = _po_in_usd(session)
    purchase_orders.send_po(session, made.id, actor=OWNER)
    shipments.ship(session, made.id, "sea", [("MUG-RED", 36)], eta=date(2027, 1, 20),
                   container="MSCU1234565", actor=OWNER)
    pdf = po_document.purchase_order_pdf(session, made.id)
    text = " ".join(pdf_text(pdf))
    # 36 x 1.10 + 7 x 3.33 = 39.60 + 23.31 = 62.91 exactly
    for expected in (f"Purchase order {made.number}", "Dongguan Glass", "Ms Li", "DG-M-0042",
                     "MUG-RED", "Red mug 350ml", "6 × 6", "$1.10", "$39.60", "$3.33",
                     "$23.31", "$62.91", "Deliver by: 2027-02-01", "Incoterm: FOB",
                     "30% deposit", "Backroom Goods GmbH", "Lagerstraße 5", "10115 Berlin",
                     "sea freight", "ETA 2027-01-20", "MSCU1234565", "double-wall",
                     "prices in USD"):
        assert expected in text, expected
    assert "EUR" not in text and "€" not in text      # the supplier's currency only
    codes = decode(pdf)
    assert [(c.kind, c.text) for c in codes] == [("Code128", made.number)]


def test_po_pdf_scan_opens_the_po_at_the_station(session):
    make_world(session)
    made = _po_in_usd(session)
    purchase_orders.send_po(session, made.id, actor=OWNER)
    shipments.ship(session, made.id, "air", actor=OWNER)
    [code] = decode(po_document.purchase_order_pdf(session, made.id, "letter"))
    assert receiving.open_for_receiving(session, code.text).po_id == made.id
    with pytest.raises(InvalidInput):
        po_document.purchase_order_pdf(session, made.id, "4x6")


def test_bin_labels_for_put_away_read_back(session):
    w = make_world(session)
    made = purchase_orders.create_po(session, "Ningbo Ceramics",
                                     [LineInput("MUG-RED", 12), LineInput("TEA-50", 5)],
                                     actor=OWNER)
    purchase_orders.send_po(session, made.id, actor=OWNER)
    # Before anything is received: the products' own bins (only the mug has one).
    assert putaway_labels(session, made.id).bins == ("A-01-1",)
    shipments.ship(session, made.id, "sea", actor=OWNER)
    receiving.receive(session, made.id, [ReceiptInput("MUG-RED", 12, "good", "B-02-1"),
                                         ReceiptInput("TEA-50", 5, "good", "B-02-1")],
                      actor=OWNER)
    got = putaway_labels(session, made.id, size="l7160")
    assert got.bins == ("B-02-1", "A-01-1")
    found = decode(got.rendered.data)
    assert sorted(f.text for f in found if f.kind == "Code128") == ["A-01-1", "B-02-1"]
    zpl = putaway_labels(session, made.id, output="zpl").rendered.data.decode("ascii")
    assert zpl.count("^XA") == 2 and "B-02-1" in zpl and "A-01-1" in zpl
    assert w.bin_b


def test_no_bin_to_label_is_a_clear_refusal(session):
    make_world(session)
    made = purchase_orders.create_po(session, "Ningbo Ceramics", [LineInput("TEA-50", 5)],
                                     actor=OWNER)
    with pytest.raises(InvalidInput, match="No bin to label"):
        putaway_labels(session, made.id)
