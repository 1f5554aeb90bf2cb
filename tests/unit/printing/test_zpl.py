"""ZPL output: read back as a printer would, and sent over a real socket."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.core.errors import InvalidInput
from app.services.printing import sizes, transports, zpl
from app.services.printing.label_records import Address, BinLabel, ProductLabel, ShippingLabel
from app.services.printing.pdf_barcodes import CODE128_QUIET, code128_modules
from tests.unit.printing.listener import Listener
from tests.unit.printing.zpl_reader import parse, unhex

PRODUCTS = [
    ProductLabel("KC-00001", "Mug ^ ~ _ Łódź", "€12.50", "2000000000015", "ean13"),
    ProductLabel("KC_2", "Tea towel", "$8.00", "KC_2^~", "code128"),
    ProductLabel("KC-3", "Gift card", "", "https://example.com/g/3", "qr"),
]
SHIP = ShippingLabel(Address("Jane Müller", ("Hauptstraße 12", "10115 Berlin", "Germany")),
                     Address("Kiln & Co", ("1 Potter Lane", "Bristol")), "#1001", "Kiln & Co",
                     "2 x Mug", "DHL")


def _inside(label) -> None:
    """Every field starts on the label, and every barcode with its quiet zones ends on it."""
    for f in label.fields:
        assert 0 <= f.x < label.width and 0 <= f.y < label.length, f
        if f.kind == "BC":
            right = f.x + (code128_modules(f.data) + CODE128_QUIET) * label.module
            assert f.x - CODE128_QUIET * label.module >= 0 and right <= label.width, f
        elif f.kind == "BE":
            right = f.x + (95 + 7) * label.module
            assert f.x - 11 * label.module >= 0 and right <= label.width, f


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", ["50x25", "2.25x1.25", "2x1"])
def test_product_labels(dpi: int, size: str) -> None:
    layout = sizes.layout(size)
    text = zpl.product_labels_zpl(PRODUCTS, layout, copies=3,
                                  options=zpl.ZplOptions(dpi=dpi, darkness=18))
    assert text.isascii()   # everything else went through ^FH escapes
    labels, tildes = parse(text)
    assert tildes == ["~SD18"]
    assert len(labels) == 3 and all(lab.copies == 3 for lab in labels)
    dots_per_inch = layout.label_width / 72 * dpi
    assert labels[0].width == round(dots_per_inch)
    assert [lab.barcodes() for lab in labels] == [
        [("BE", "200000000001")], [("BC", "KC_2^~")], [("BQ", "QA,https://example.com/g/3")]]
    assert labels[0].texts()[:3] == ["Mug ^ ~ _ Łódź", "KC-00001", "€12.50"]
    for lab in labels:
        _inside(lab)
        assert lab.module == 0 or lab.module * 25.4 / dpi >= 0.19


@pytest.mark.parametrize("size", ["4x6", "100x150"])
def test_shipping_and_bin_labels(size: str) -> None:
    opts = zpl.ZplOptions(dpi=203, offset_x_mm=2, offset_y_mm=1)
    [label], tildes = parse(zpl.shipping_labels_zpl([SHIP], sizes.layout(size), 2, opts))
    assert tildes == [] and label.copies == 2 and label.home == (16, 8)
    assert label.barcodes() == [("BC", "#1001")]
    assert {"Jane Müller", "Hauptstraße 12", "Order #1001", "FROM"} <= set(label.texts())
    _inside(label)
    bins, _ = parse(zpl.bin_labels_zpl([BinLabel("A-01-1", "Aisle A")], sizes.layout(size)))
    assert bins[0].barcodes() == [("BC", "A-01-1")] and "A-01-1" in bins[0].texts()
    _inside(bins[0])


def test_refusals() -> None:
    with pytest.raises(InvalidInput, match="sheet"):
        zpl.product_labels_zpl(PRODUCTS, sizes.layout("avery5160"))
    with pytest.raises(InvalidInput, match="203 or 300"):
        zpl.product_labels_zpl(PRODUCTS, sizes.layout("2x1"), options=zpl.ZplOptions(dpi=600))
    with pytest.raises(InvalidInput, match="check digit"):
        zpl.product_labels_zpl([ProductLabel("a", "b", "", "2000000000016", "ean13")],
                               sizes.layout("2x1"))
    with pytest.raises(InvalidInput, match="'>'"):
        zpl.bin_labels_zpl([BinLabel("A>1")], sizes.layout("2x1"))
    with pytest.raises(InvalidInput, match="too long"):
        zpl.bin_labels_zpl([BinLabel("X" * 40)], sizes.layout("2x1"))
    with pytest.raises(InvalidInput, match="Darkness"):
        zpl.bin_labels_zpl([BinLabel("A")], sizes.layout("2x1"), options=zpl.ZplOptions(
            darkness=31))


@given(st.text())
def test_field_escaping_round_trips_any_text(text: str) -> None:
    escaped = zpl.escape_field(text)
    assert escaped.isascii() and "^" not in escaped and "~" not in escaped
    assert unhex(escaped) == text


def test_zpl_over_a_real_socket() -> None:
    listener = Listener()
    data = zpl.shipping_labels_zpl([SHIP] * 3, sizes.layout("4x6")).encode("ascii")
    profile = transports.PrinterProfile("Zebra", "zpl", f"tcp://127.0.0.1:{listener.port}")
    assert transports.send_raw(profile, data) == f"Sent to 127.0.0.1:{listener.port}"
    listener.thread.join(5)
    assert listener.received == data
    labels, _ = parse(listener.received.decode("ascii"))
    assert [lab.barcodes() for lab in labels] == [[("BC", "#1001")]] * 3
