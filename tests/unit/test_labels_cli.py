"""`backroom labels ...` end to end on a demo database file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.services.labels import jobs as labels
from app.services.labels import printers as labels_printers
from app.services.printing.transports import PrinterProfile
from tests.unit.printing.decoding import decode
from tests.unit.printing.listener import Listener
from tests.unit.printing.zpl_reader import parse


@pytest.fixture
def dbfile(demo_backend, db) -> str:
    return db.url


def test_product_labels_to_pdf(dbfile, tmp_path: Path, capsys) -> None:
    out = tmp_path / "p.pdf"
    code = main(["--db", dbfile, "labels", "product", "--skus", "KC-00001:2,KC-00002",
                 "--size", "2x1", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "3 labels" in capsys.readouterr().out
    assert [f.text for f in decode(out.read_bytes())] == ["2000000000015"] * 2 + [
        "2000000000022"]


def test_bins_to_zpl_and_history(dbfile, tmp_path: Path, capsys, demo_backend) -> None:
    out = tmp_path / "bins.zpl"
    assert main(["--db", dbfile, "labels", "bin", "--bins", "A-01-1,A-01-2", "--size", "2x1",
                 "--copies", "2", "--dpi", "300", "--zpl", str(out)]) == 0
    parsed, _ = parse(out.read_text("ascii"))
    assert [(lab.copies, lab.barcodes()) for lab in parsed] == [
        (2, [("BC", "A-01-1")]), (2, [("BC", "A-01-2")])]
    [job] = demo_backend.run(labels.job_history)
    assert (job.template, job.labels, job.output, job.destination) == ("bin", 4, "zpl",
                                                                      str(out))


def test_shipping_to_a_network_printer(dbfile, capsys, demo_backend) -> None:
    printer = Listener()
    port = printer.port
    demo_backend.run(labels_printers.save_printer,
                     PrinterProfile("Zebra", "zpl", f"tcp://127.0.0.1:{port}", "4x6"))
    assert main(["--db", dbfile, "labels", "shipping", "--orders", "#1002,#1003",
                 "--printer", "Zebra"]) == 0
    printer.thread.join(5)
    parsed, _ = parse(printer.received.decode("ascii"))
    assert [lab.barcodes() for lab in parsed] == [[("BC", "#1002")], [("BC", "#1003")]]
    assert f"Sent to 127.0.0.1:{port}: 2 labels." in capsys.readouterr().out


def test_errors_are_one_readable_line(dbfile, tmp_path: Path, capsys) -> None:
    assert main(["--db", dbfile, "labels", "product", "--skus", "NOPE", "-o",
                 str(tmp_path / "x.pdf")]) == 1
    assert capsys.readouterr().err.strip() == "backroom: No product with SKU NOPE."
    assert main(["--db", dbfile, "labels", "packing-slip", "--orders", "#1002", "--zpl",
                 str(tmp_path / "x.zpl")]) == 1
    assert "office printer" in capsys.readouterr().err
    assert main(["--db", dbfile, "labels", "bin", "--bins", "A-01-1", "--printer", "Nope",
                 "-o", "x.pdf"]) == 2
    assert not (tmp_path / "x.pdf").exists()
