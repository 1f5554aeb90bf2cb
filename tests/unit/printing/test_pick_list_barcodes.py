"""Every pick-list line carries a scannable Code 128 of its bin and of its SKU."""

from __future__ import annotations

import pytest
import zxingcpp

from app.services.core.backend import Actor
from app.services.packing.documents import pick_list_pdf_bytes
from app.services.packing.picking import create_pick_list, pick_list_view, pick_scan, scan_bin
from app.services.printing import pdf_documents, sizes
from app.services.printing.label_records import PickLine, PickList
from tests.packing_world import build_world
from tests.unit.printing.decoding import decode, pdf_text, render

LINES = (
    PickLine("A-01-1", "KC-00001", "Ceramic mug, speckled glaze, large", 3,
             (("T1-1", 2), ("T1-2", 1))),
    PickLine("A-01-1", "KC-00002", "Tea towel", 1, (("T1-1", 1),)),   # same bin again
    PickLine("B-12-4", "VASE-TALL-BLUE-2026", "Vase " * 12, 2, (("T1-3", 2),)),
    PickLine("C-03-2", "1234567890", "All-digit SKU", 4, (("T1-2", 4),)),
    PickLine("WH2-Z-99-12", "kc-lower-7", "Lower-case SKU, long bin", 1, (("T1-3", 1),)),
)
# Code 128's quiet zone is 10 modules; the narrowest module drawn is 2/300 in, so at 300 dpi
# at least 20 white pixels must lie either side of every symbol.
QUIET_PX = 20


def _expected(lines: tuple[PickLine, ...]) -> list[str]:
    """Top to bottom: each line's bin barcode (higher in its row), then its SKU's."""
    return [code for line in lines for code in (line.bin, line.sku) if code]


@pytest.mark.parametrize("page", ["a4", "letter"])
@pytest.mark.parametrize("batch", [True, False])
def test_every_line_has_its_bin_and_sku_barcode(page: str, batch: bool) -> None:
    lines = LINES if batch else tuple(PickLine(x.bin, x.sku, x.name, x.quantity)
                                      for x in LINES)
    pick = PickList("Pick list 7", lines, orders=("#1001", "#1002"), reference="PICK-7")
    pdf = pdf_documents.pick_list_pdf(pick, sizes.layout(page))
    found = decode(pdf, dpi=300, save_as=f"test-pick-lines-{page}-{batch}")
    assert [f.kind for f in found] == ["Code128"] * (1 + 2 * len(lines))
    assert [f.text for f in found] == ["PICK-7", *_expected(lines)]
    # each line's two codes sit side by side in its row: bin left of SKU, a row apart at most
    for bin_code, sku in zip(found[1::2], found[2::2], strict=True):
        assert bin_code.x < sku.x and abs(bin_code.y - sku.y) < 25


def test_line_barcodes_have_their_quiet_zones() -> None:
    pdf = pdf_documents.pick_list_pdf(PickList("Pick", LINES), sizes.layout("a4"))
    (image,) = render(pdf, 300)
    grey = image.convert("L")
    results = zxingcpp.read_barcodes(image, try_downscale=False)
    assert sorted(r.text for r in results) == sorted(_expected(LINES))
    for r in results:
        p = r.position
        left = min(p.top_left.x, p.bottom_left.x)
        right = max(p.top_right.x, p.bottom_right.x)
        y = (p.top_left.y + p.bottom_left.y) // 2
        # the outermost bars on the scan line (zxing's corners are within a pixel or two)
        dark = [x for x in range(left - 4, right + 5) if grey.getpixel((x, y)) < 128]
        first, last = dark[0], dark[-1]
        assert first >= left - 3 and last <= right + 3, r.text
        for x in [*range(first - QUIET_PX, first - 1), *range(last + 2, last + QUIET_PX)]:
            assert grey.getpixel((x, y)) > 200, (r.text, x - first, last - x)


def test_a_line_without_a_bin_or_with_an_unprintable_sku_still_prints() -> None:
    lines = (PickLine("", "KC-00009", "Nowhere yet", 1),
             PickLine("C-03-2", "GRÖSSE-M", "Non-ASCII SKU", 1),
             PickLine("D-01-1", "X" * 60, "SKU too long for any barcode", 1))
    pdf = pdf_documents.pick_list_pdf(PickList("Pick", lines), sizes.layout("a4"))
    assert [f.text for f in decode(pdf)] == ["KC-00009", "C-03-2", "D-01-1"]
    text = pdf_text(pdf)[0]
    assert "(no bin)" in text and "GRÖSSE-M" in text and text.count("no barcode") == 2


def test_pick_page_pdf_from_the_database_scans_bin_and_sku(backend) -> None:
    """The Pick page's PDF, read back and scanned into a strict pick: bin, then SKU."""
    w = backend.run(build_world)
    view = backend.run(create_pick_list, Actor("pat", "s"), [w.order1, w.order2],
                       strict_bins=True)
    rows = backend.run(pick_list_view, view.id).rows
    assert len(rows) >= 3
    found = decode(backend.run(pick_list_pdf_bytes, view.id), dpi=300)
    assert [f.text for f in found] == [f"PICK-{view.id}",
                                       *[c for r in rows for c in (r.bin, r.sku)]]
    for bin_code, sku in zip(found[1::2], found[2::2], strict=True):
        at = backend.run(scan_bin, view.id, bin_code.text)
        backend.run(pick_scan, view.id, sku.text, bin_code=at)
    picked = {r.sku: r.picked for r in backend.run(pick_list_view, view.id).rows}
    assert picked == {r.sku: 1 for r in rows}
