"""The Labels service over a demo database: requests rendered, jobs kept and reprinted,
printer profiles, store settings, carrier labels imported and handed to the packing station."""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from app.models import Order, Product
from app.services.core.errors import InvalidInput, NotFound
from app.services.labels import carrier as labels_carrier
from app.services.labels import jobs as labels
from app.services.labels import printers as labels_printers
from app.services.labels.jobs import LabelRequest
from app.services.labels.sources import StoreLook
from app.services.printing import sizes
from app.services.printing.transports import PrinterProfile
from tests.unit.printing.decoding import decode, decode_cells, pdf_text
from tests.unit.printing.listener import Listener
from tests.unit.printing.zpl_reader import parse


def _orders(backend, status=None, n=3):
    def q(s):
        query = select(Order.id, Order.number, Order.ship_name, Order.store_id).order_by(
            Order.id)
        if status:
            query = query.where(Order.status.in_(status))
        return [tuple(r) for r in s.execute(query).all()]
    return backend.run(q)[:n]


def _products(backend, n=3):
    return backend.run(lambda s: [tuple(r) for r in s.execute(
        select(Product.sku, Product.name).order_by(Product.sku).limit(n))])


def test_product_labels_with_quantities_per_item(demo_backend) -> None:
    skus = [sku for sku, _ in _products(demo_backend)]
    req = LabelRequest("product", "products", ((skus[0], 2), (skus[1], 1), (skus[2], 3)),
                       "l7160", skip=2)
    out = demo_backend.run(labels.render, req)
    assert out.kind == "pdf" and out.labels == 6
    cells = decode_cells(out.data, sizes.layout("l7160"))
    assert [cell for _, cell, _ in cells] == [2, 3, 4, 5, 6, 7]
    assert [t for _, _, t in cells] == ["2000000000015"] * 2 + ["2000000000022"] + [
        "2000000000039"] * 3
    text = pdf_text(out.data)[0]
    assert skus[0] in text and "€56.31" in text


def test_unknown_items_and_wrong_combinations_are_refused(demo_backend) -> None:
    with pytest.raises(NotFound, match="NOPE"):
        demo_backend.run(labels.render, LabelRequest("product", "products", (("NOPE", 1),)))
    with pytest.raises(NotFound, match="Z-99"):
        demo_backend.run(labels.render, LabelRequest("bin", "bins", (("Z-99", 1),)))
    with pytest.raises(InvalidInput, match="prints from orders"):
        demo_backend.run(labels.render, LabelRequest("shipping", "products", (("KC-1", 1),)))
    with pytest.raises(InvalidInput, match="office printer"):
        demo_backend.run(labels.render, LabelRequest("packing-slip", "orders", (("#1002", 1),),
                                                     output="zpl"))
    with pytest.raises(InvalidInput, match="at least 1"):
        demo_backend.run(labels.render, LabelRequest("bin", "bins", (("A-01-1", 0),)))


def test_shipping_labels_use_the_store_settings(demo_backend) -> None:
    (oid, number, name, store_id), = _orders(demo_backend, n=1)
    look = StoreLook(frozenset({"contents"}), "", "Kettle & Co Returns",
                     ("Unit 4, Mill Road", "Leeds LS1 1AA"), "", 10)
    demo_backend.run(labels_printers.save_store_settings, store_id, look)
    assert demo_backend.run(labels_printers.store_settings, store_id) == look
    out = demo_backend.run(labels.render, LabelRequest("shipping", "orders", ((number, 1),),
                                                       copies=2))
    assert [f.text for f in decode(out.data)] == [number, number]
    text = pdf_text(out.data)[0]
    assert name in text and "Unit 4, Mill Road" in text and "Contents" not in text
    with pytest.raises(InvalidInput, match="Unknown field"):
        demo_backend.run(labels_printers.save_store_settings, store_id,
                         StoreLook(frozenset({"colour"})))


def test_packing_slip_pick_list_and_bins(demo_backend, tmp_path) -> None:
    rows = _orders(demo_backend, n=2)
    (oid, number, _, store_id) = rows[0]
    demo_backend.run(labels_printers.save_store_settings, store_id,
                     StoreLook(return_instructions="Return within 30 days.", font_size=11))
    slip = demo_backend.run(labels.render, LabelRequest("packing-slip", "orders",
                                                        ((number, 1),), "letter"))
    assert [f.text for f in decode(slip.data, dpi=200)] == [number, f"R{oid:06d}"]
    pick = demo_backend.run(labels.render, LabelRequest(
        "pick-list", "orders", tuple((r[1], 1) for r in rows)))
    text = "".join(pdf_text(pick.data))
    assert rows[0][1] in text and rows[1][1] in text
    bins = demo_backend.run(labels.render, LabelRequest("bin", "bins", (("A-01-1", 1),
                                                                        ("A-01-2", 1)), "2x1",
                                                        output="zpl"))
    parsed, _ = parse(bins.data.decode("ascii"))
    assert [lab.barcodes() for lab in parsed] == [[("BC", "A-01-1")], [("BC", "A-01-2")]]


def test_jobs_are_kept_and_reprinted(demo_backend) -> None:
    actor = demo_backend.actor
    req = LabelRequest("bin", "bins", (("A-01-1", 2),), "50x25")
    out = demo_backend.run(labels.render, req)
    first = demo_backend.run(labels.record_job, actor, req, out, "/tmp/x.pdf")
    again = demo_backend.run(labels.job_request, first)
    assert again == req
    second = demo_backend.run(labels.record_job, actor, again,
                              demo_backend.run(labels.render, again), "Zebra",
                              reprint_of=first)
    history = demo_backend.run(labels.job_history)
    assert [(j.id, j.reprint_of, j.labels, j.items) for j in history] == [
        (second, first, 2, "A-01-1 x2"), (first, None, 2, "A-01-1 x2")]


def test_printer_profiles_and_test_label(demo_backend) -> None:
    zebra = PrinterProfile("Zebra", "zpl", "tcp://10.0.0.9", "50x25", 300, 1.5, -0.5, 20)
    demo_backend.run(labels_printers.save_printer, zebra)
    demo_backend.run(labels_printers.save_printer, PrinterProfile("Laser", "pdf", "", "a4"))
    assert demo_backend.run(labels_printers.get_printer, "Zebra") == zebra
    with pytest.raises(InvalidInput, match="already"):
        demo_backend.run(labels_printers.save_printer, PrinterProfile("Laser", "pdf"),
                         "Zebra")
    with pytest.raises(InvalidInput, match="203 or 300"):
        demo_backend.run(labels_printers.save_printer,
                         PrinterProfile("Bad", "zpl", "tcp://h", "2x1", 600))
    [label], tildes = parse(labels_printers.test_label(zebra).decode("ascii"))
    assert tildes == ["~SD20"] and label.home == (18, -6)
    assert label.barcodes() == [("BC", "TEST-PRINT")]
    demo_backend.run(labels_printers.delete_printer, "Zebra")
    assert [p.name for p in demo_backend.run(labels_printers.list_printers)] == ["Laser"]


def _carrier_pdf(names: list[str]) -> bytes:
    buf = BytesIO()
    c = Canvas(buf, pagesize=(4 * inch, 6 * inch))
    for name in names:
        c.drawString(20, 300, "SHIP TO:")
        c.drawString(20, 280, name.upper())
        c.drawString(20, 100, "USPS TRACKING # 9400 1000 0000 0000 0000 00")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_carrier_labels_imported_linked_and_printed_at_the_station(demo_backend) -> None:
    open_orders = _orders(demo_backend, status=("reserved", "packed"), n=3)
    names = [row[2] for row in open_orders] + ["Nobody Here"]
    random.Random(3).shuffle(names)
    data = _carrier_pdf(names)
    result = demo_backend.run(labels_carrier.import_carrier_labels, data, "pirate.pdf")
    unique = [r for r in open_orders if [x[2] for x in open_orders].count(r[2]) == 1]
    assert result.pages == 4 and result.matched == len(unique)
    assert len(result.unmatched) == 4 - len(unique)
    again = demo_backend.run(labels_carrier.import_carrier_labels, data, "pirate.pdf")
    assert again.already == 4 and again.pages == 4 and again.matched == 0
    oid, number, name, _ = unique[0]
    found = demo_backend.run(labels.label_for_order, oid)
    assert found.kind == "carrier" and name.upper() in pdf_text(found.pdf)[0]
    # The unmatched page is linked by hand to an order, which then gets two pages.
    page_id = result.unmatched[-1]
    row = demo_backend.run(labels_carrier.link_page, page_id, number)
    assert row.order_number == number and row.matched_by == "hand"
    both = demo_backend.run(labels.label_for_order, oid)
    assert len(PdfReader(BytesIO(both.pdf)).pages) == 2 and len(both.pages) == 2
    demo_backend.run(labels_carrier.unlink_page, page_id)
    assert page_id in [p.id for p in demo_backend.run(labels_carrier.carrier_pages,
                                                       unmatched_only=True)]


def test_station_falls_back_to_our_own_shipping_label(demo_backend) -> None:
    (oid, number, name, _), = _orders(demo_backend, n=1)
    found = demo_backend.run(labels.label_for_order, oid)
    assert found.kind == "shipping" and found.pages == ()
    assert [f.text for f in decode(found.pdf)] == [number]
    with pytest.raises(NotFound):
        demo_backend.run(labels.label_for_order, 99999)


def test_packing_station_prints_the_orders_label(demo_backend, tmp_path) -> None:
    from app.models.printing import CarrierLabelPage

    (oid, number, name, _), (other, _n2, name2, _s2) = _orders(
        demo_backend, status=("reserved", "packed"), n=2)
    printer = Listener()
    zebra = PrinterProfile("Zebra", "zpl", f"tcp://127.0.0.1:{printer.port}",
                           "100x150", 300)
    office = PrinterProfile("Office", "pdf", str(tmp_path))
    for profile in (zebra, office):
        demo_backend.run(labels_printers.save_printer, profile)

    def print_label(order_id: int, printer_name: str) -> str:
        """The station's three steps: prepare (read), send (no database), record (write)."""
        job = demo_backend.read(labels.prepare_order_label, order_id, printer_name)
        said = labels.send_order_label(job)
        demo_backend.run(labels.record_order_label, demo_backend.actor, job)
        return said

    said = print_label(oid, "Zebra")
    printer.thread.join(5)
    assert said.startswith("Sent to")
    [label], _ = parse(printer.received.decode("ascii"))
    assert label.barcodes() == [("BC", number)] and name in label.texts()
    # An order with a bought carrier label: refused on the thermal printer, sent to a PDF one.
    demo_backend.run(labels_carrier.import_carrier_labels, _carrier_pdf([name2]), "c.pdf")
    with pytest.raises(InvalidInput, match="carrier label PDF"):
        print_label(other, "Zebra")
    print_label(other, "Office")
    assert name2.upper() in pdf_text((tmp_path / f"label-{other}.pdf").read_bytes())[0]
    printed = demo_backend.run(lambda s: s.scalars(select(CarrierLabelPage.printed_at)).all())
    assert all(p is not None for p in printed)
    history = demo_backend.run(labels.job_history)
    assert [(j.destination, j.output) for j in history[:2]] == [("Office", "pdf"),
                                                                ("Zebra", "zpl")]
