"""Product, bin and shipping labels: rendered, rasterised and every barcode read back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.core.errors import InvalidInput
from app.services.printing import pdf_labels, sizes
from app.services.printing.label_records import Address, BinLabel, ProductLabel, ShippingLabel
from app.services.stock.barcodes import gtin_check_digit
from tests.unit.printing.decoding import Found, decode, decode_cells, pdf_text

PRODUCTS = [
    ProductLabel("KC-00001", "Ceramic mug, speckled blue glaze 350 ml", "€12.50",
                 "2000000000015", "ean13"),
    ProductLabel("KC-00002", "Tea towel", "$8.00", "KC-00002", "code128"),
    ProductLabel("LDZ-1", "Łódź świeca zapachowa", "zł 29,99", "4006381333931", "ean13"),
    ProductLabel("GIFT-1", "Gift card", "", "https://kiln.example/g/1", "qr"),
]
PRODUCT_SIZES = sizes.TEMPLATE_SIZES["product"]


def cell_of(found: Found, layout: sizes.Layout) -> int:
    """Which cell (0 = top left) of its page a decoded barcode sits in."""
    for index in range(layout.per_page):
        x, y = layout.cell(index)
        top = layout.page_height - y - layout.label_height
        if x <= found.x <= x + layout.label_width and top <= found.y <= top + layout.label_height:
            return index
    raise AssertionError(f"{found} is in no label cell")


@pytest.mark.parametrize("size", PRODUCT_SIZES)
def test_every_product_barcode_scans_with_copies(size: str) -> None:
    layout = sizes.layout(size)
    pdf = pdf_labels.product_labels_pdf(PRODUCTS, layout, copies=2)
    decode(pdf, save_as=f"test-product-{size}")
    expected = [p.barcode for p in PRODUCTS for _ in range(2)]
    cells = decode_cells(pdf, layout)
    assert [text for _, _, text in cells] == expected
    text = "\n".join(pdf_text(pdf))
    for p in PRODUCTS:
        assert p.sku in text and p.price_text in text
    if not layout.is_sheet:
        assert len(pdf_text(pdf)) == 8    # one label per page on a roll


@pytest.mark.parametrize("size", ["avery5160", "l7160"])
@pytest.mark.parametrize("skip", [0, 1, 5])
def test_skip_used_labels_starts_at_the_next_free_cell(size: str, skip: int) -> None:
    layout = sizes.layout(size)
    labels = [ProductLabel(f"S-{i}", f"Item {i}", "", f"S-{i}", "code128") for i in range(4)]
    found = decode(pdf_labels.product_labels_pdf(labels, layout, skip=skip))
    assert sorted((cell_of(f, layout), f.text) for f in found) == [
        (skip + i, f"S-{i}") for i in range(4)]
    assert not any(cell_of(f, layout) < skip for f in found)


def test_a_full_sheet_runs_onto_a_second_page() -> None:
    layout = sizes.layout("l7160")   # 21 a sheet
    labels = [ProductLabel(f"P{i:03d}", "x", "", f"P{i:03d}", "code128") for i in range(5)]
    pdf = pdf_labels.product_labels_pdf(labels, layout, copies=4, skip=18)
    cells = decode_cells(pdf, layout)
    expected = [f"P{i:03d}" for i in range(5) for _ in range(4)]
    slots = [divmod(18 + n, 21) for n in range(20)]
    assert cells == [(page, cell, text) for (page, cell), text in zip(slots, expected,
                                                                     strict=True)]


@pytest.mark.parametrize(("barcode", "symbology", "words"), [
    ("2000000000016", "ean13", "check digit should be 5"),
    ("12345", "ean13", "13 digits"),
    ("ABCDEFGHIJKLM", "ean13", "13 digits"),
    ("CAFÉ-1", "code128", "'É'"),
    ("TAB\tX", "code128", "'\\t'"),
    ("", "code128", "empty"),
    ("X" * 60, "code128", "too long"),
])
def test_a_value_the_symbology_cannot_carry_stops_the_job(barcode: str, symbology: str,
                                                         words: str) -> None:
    good = ProductLabel("OK", "fine", "", "OK-1", "code128")
    bad = ProductLabel("BAD", "bad", "", barcode, symbology)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match=words.replace("\\", "\\\\").replace("'", ".")):
        pdf_labels.product_labels_pdf([good, bad], sizes.layout("50x25"))


def test_skip_and_copies_are_checked() -> None:
    with pytest.raises(InvalidInput, match="at most 29"):
        pdf_labels.product_labels_pdf(PRODUCTS, sizes.layout("avery5160"), skip=30)
    with pytest.raises(InvalidInput, match="single label"):
        pdf_labels.product_labels_pdf(PRODUCTS, sizes.layout("50x25"), skip=1)
    with pytest.raises(InvalidInput, match="at least 1"):
        pdf_labels.product_labels_pdf(PRODUCTS, sizes.layout("50x25"), copies=0)
    with pytest.raises(InvalidInput, match="nothing to print"):
        pdf_labels.product_labels_pdf([], sizes.layout("50x25"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1,
               max_size=14))
def test_any_printable_ascii_code128_reads_back_exactly(value: str) -> None:
    pdf = pdf_labels.product_labels_pdf([ProductLabel("S", "n", "", value, "code128")],
                                        sizes.layout("2.25x1.25"))
    assert [f.text for f in decode(pdf)] == [value]


@pytest.mark.parametrize("size", ["50x25", "2x1", "avery5160"])
@settings(max_examples=15, deadline=None)
@given(body=st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_any_ean13_reads_back_exactly(size: str, body: str) -> None:
    value = body + gtin_check_digit(body)
    layout = sizes.layout(size)
    pdf = pdf_labels.product_labels_pdf([ProductLabel("S", "n", "", value, "ean13")], layout)
    assert [text for _, _, text in decode_cells(pdf, layout)] == [value]


@pytest.mark.parametrize("size", sizes.TEMPLATE_SIZES["bin"])
def test_bin_labels_scan_on_every_size(size: str) -> None:
    bins = [BinLabel("A-01-1", "Aisle A shelf 1", "Main"), BinLabel("B-12-4")]
    pdf = pdf_labels.bin_labels_pdf(bins, sizes.layout(size), copies=1)
    assert [f.text for f in decode(pdf, save_as=f"test-bin-{size}")] == ["A-01-1", "B-12-4"]
    text = "\n".join(pdf_text(pdf))
    assert "A-01-1" in text and "Aisle A shelf 1" in text


LABEL = ShippingLabel(
    Address("Jane Müller", ("Hauptstraße 12", "10115 Berlin", "Germany")),
    Address("Kiln & Co", ("1 Potter's Lane", "Bristol BS1 4AA", "United Kingdom")),
    "#1001", "Kiln & Co Shopify", "2 x Ceramic mug, 1 x Tea towel", "DHL Paket")


@pytest.mark.parametrize("size", sizes.TEMPLATE_SIZES["shipping"])
def test_shipping_label_has_address_and_order_barcode(size: str) -> None:
    second = ShippingLabel(Address("Кирилл Иванов", ("ул. Ленина 1", "Москва")),
                           LABEL.return_address, "20x-1234567-7654321", "Amazon")
    pdf = pdf_labels.shipping_labels_pdf([LABEL, second], sizes.layout(size))
    found = decode(pdf, save_as=f"test-shipping-{size}")
    assert [(f.page, f.kind, f.text) for f in found] == [
        (0, "Code128", "#1001"), (1, "Code128", "20x-1234567-7654321")]
    first, other = pdf_text(pdf)
    for words in ("Jane Müller", "Hauptstraße 12", "10115 Berlin", "Kiln & Co",
                  "1 Potter's Lane", "Order #1001", "Contents: 2 x Ceramic mug"):
        assert words in first
    assert "Кирилл Иванов" in other


def test_shipping_label_without_an_address_is_refused() -> None:
    empty = ShippingLabel(Address(""), LABEL.return_address, "#1", "S")
    with pytest.raises(InvalidInput, match="no address"):
        pdf_labels.shipping_labels_pdf([empty], sizes.layout("4x6"))


def test_progress_is_reported_page_by_page() -> None:
    seen: list[tuple[int, int]] = []
    labels = [ProductLabel(f"P{i}", "x", "", f"P{i}", "code128") for i in range(50)]
    pdf_labels.product_labels_pdf(labels, sizes.layout("l7160"), skip=2,
                                  progress=lambda done, total: seen.append((done, total)))
    assert seen == [(19, 50), (40, 50), (50, 50)]


def test_custom_grid_sheet_scans_cell_by_cell() -> None:
    grid = sizes.layout("custom:letter:2x5:95x45:10,12:5,5")
    labels = [ProductLabel(f"C-{i}", f"Item {i}", "$1.00", f"C-{i}", "code128")
              for i in range(3)]
    pdf = pdf_labels.product_labels_pdf(labels, grid, skip=3)
    assert decode_cells(pdf, grid) == [(0, 3, "C-0"), (0, 4, "C-1"), (0, 5, "C-2")]
