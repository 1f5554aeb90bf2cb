"""Packing slips, pick lists and count sheets: barcodes read back, text extracted."""

from __future__ import annotations

import pytest
from PIL import Image

from app.services.core.errors import InvalidInput
from app.services.printing import pdf_documents, sizes
from app.services.printing.label_records import (
    Address,
    CountLine,
    CountSheet,
    PackingSlip,
    PickLine,
    PickList,
    SlipLine,
)
from tests.unit.printing.decoding import decode, pdf_text

SLIP = PackingSlip(
    "Kiln & Co", "#1001", Address("Jane Müller", ("Hauptstraße 12", "10115 Berlin", "Germany")),
    (SlipLine("KC-00001", "Ceramic mug", 2, "A-01-1"), SlipLine("KC-00002", "Tea towel", 1,
                                                                  "B-02-3")),
    placed_on="2026-11-21", return_code="R1001-7Q",
    return_instructions="Send items back within 30 days.", shipping_method="DHL Paket")


@pytest.mark.parametrize("page", ["a4", "letter"])
def test_packing_slip_order_and_return_codes_scan(page: str) -> None:
    other = PackingSlip("Kiln & Co", "#1002", Address("Ana Ruiz"),
                        (SlipLine("KC-00003", "Vase", 1),))
    pdf = pdf_documents.packing_slips_pdf([SLIP, other], sizes.layout(page))
    found = decode(pdf, dpi=200, save_as=f"test-packing-slip-{page}")
    assert [(f.page, f.text) for f in found] == [(0, "#1001"), (0, "R1001-7Q"), (1, "#1002")]
    first, second = pdf_text(pdf)
    for words in ("Kiln & Co", "Packing slip", "Order #1001", "Jane Müller", "KC-00001",
                  "Ceramic mug", "A-01-1", "Return code: R1001-7Q", "within 30 days"):
        assert words in first
    assert "Returns" not in second and "Ana Ruiz" in second


def test_packing_slip_with_logo_and_long_order_runs_over_pages(tmp_path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (20, 60, 140)).save(logo)
    lines = tuple(SlipLine(f"SKU-{i:03d}", f"Item {i}", 1, "A-01-1") for i in range(80))
    slip = PackingSlip("Kiln & Co", "#2000", Address("X"), lines, logo_path=str(logo))
    pdf = pdf_documents.packing_slips_pdf([slip], sizes.layout("a4"))
    pages = pdf_text(pdf)
    assert len(pages) >= 2
    assert all("SKU" in p and "Qty" in p for p in pages)   # heading repeated
    assert "SKU-079" in pages[-1] and "Total items" in pages[-1]
    missing = PackingSlip("K", "#1", Address("X"), lines[:1], logo_path=str(tmp_path / "no"))
    with pytest.raises(InvalidInput, match="logo"):
        pdf_documents.packing_slips_pdf([missing], sizes.layout("a4"))


def test_documents_refuse_label_media() -> None:
    with pytest.raises(InvalidInput, match="A4 or US Letter"):
        pdf_documents.packing_slips_pdf([SLIP], sizes.layout("4x6"))


def test_pick_list_keeps_the_walking_order_and_tote_split() -> None:
    pick = PickList("Pick list 7", (
        PickLine("C-01-1", "KC-3", "Vase", 2, (("T1", 1), ("T2", 1))),
        PickLine("A-01-1", "KC-1", "Mug", 3, (("T1", 3),)),
    ), orders=("#1001", "#1002"), reference="PICK-7")
    pdf = pdf_documents.pick_list_pdf(pick, sizes.layout("letter"))
    assert [f.text for f in decode(pdf, dpi=200, save_as="test-pick-list")] == [
        "PICK-7", "C-01-1", "KC-3", "A-01-1", "KC-1"]   # the list's, then each line's bin, SKU
    text = pdf_text(pdf)[0]
    assert text.index("C-01-1") < text.index("A-01-1")
    assert "T1 ×1, T2 ×1" in text and "#1001, #1002" in text


@pytest.mark.parametrize("expected", [True, False])
def test_count_sheet_has_a_blank_count_column(expected: bool) -> None:
    sheet = CountSheet("Count C-12", tuple(
        CountLine(f"A-0{i}-1", f"KC-{i}", f"Item {i}", i * 7) for i in range(1, 4)),
        show_expected=expected, reference="C-12")
    pdf = pdf_documents.count_sheet_pdf(sheet, sizes.layout("a4"))
    assert [f.text for f in decode(pdf, dpi=200)] == ["C-12"]
    text = pdf_text(pdf)[0]
    assert "Counted" in text and "KC-3" in text
    assert ("Expected" in text) is expected
    assert ("21" in text) is expected
