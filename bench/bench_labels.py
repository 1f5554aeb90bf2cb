"""Label batches: 1,000 product labels on sheets and 500 4x6 shipping labels, to PDF."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from app.services.printing import pdf_labels, sizes, zpl
from app.services.printing.label_records import Address, ProductLabel, ShippingLabel
from app.services.stock.barcodes import ean13_from_number
from bench.common import Figure, best_of


def _products(n: int) -> list[ProductLabel]:
    # Half EAN-13, half Code 128, as a real catalogue mixes bought-in and own products.
    return [ProductLabel(f"KC-{i:05d}", f"Ceramic mug number {i}, speckled glaze", f"€{i % 40}.50",
                         ean13_from_number(i) if i % 2 else f"KC-{i:05d}",
                         "ean13" if i % 2 else "code128") for i in range(n)]


def _shipping(n: int) -> list[ShippingLabel]:
    home = Address("Kiln & Co", ("1 Potter's Lane", "Bristol BS1 4AA", "United Kingdom"))
    return [ShippingLabel(Address(f"Customer {i}", (f"{i} High Street", "10115 Berlin",
                                                    "Germany")),
                          home, f"#{1000 + i}", "Kiln & Co Shopify", "2 x Ceramic mug")
            for i in range(n)]


def _baseline(strings_per_page: int, pages: int, size: tuple[float, float]) -> bytes:
    """A plain reportlab canvas drawing the same number of short strings, nothing else."""
    buf = BytesIO()
    c = Canvas(buf, pagesize=size, invariant=1)
    for p in range(pages):
        for i in range(strings_per_page):
            c.drawString(20 + (i % 3) * 180, 20 + (i // 3) * 24, f"KC-{p:03d}-{i:03d}")
        c.showPage()
    c.save()
    return buf.getvalue()


def run(workdir: Path) -> list[Figure]:
    products = _products(1000)
    sheet = sizes.layout("l7160")
    pages = -(-1000 // sheet.per_page)
    out = workdir / "products.pdf"
    sheet_s = best_of(3, lambda: out.write_bytes(
        pdf_labels.product_labels_pdf(products, sheet)))
    sheet_base = best_of(3, lambda: _baseline(sheet.per_page, pages,
                                              (sheet.page_width, sheet.page_height)))
    shipping = _shipping(500)
    four_six = sizes.layout("4x6")
    ship_s = best_of(3, lambda: (workdir / "ship.pdf").write_bytes(
        pdf_labels.shipping_labels_pdf(shipping, four_six)))
    ship_base = best_of(3, lambda: _baseline(1, 500, (four_six.page_width,
                                                      four_six.page_height)))
    zpl_s = best_of(3, lambda: zpl.shipping_labels_zpl(shipping, four_six))
    return [
        Figure("labels: 1,000 product labels on L7160 sheets (PDF)", sheet_s,
               "canvas, 1,000 strings", sheet_base, goal_seconds=2.0),
        Figure("labels: 500 4x6 shipping labels (PDF)", ship_s, "canvas, 500 pages",
               ship_base, goal_seconds=3.0),
        Figure("labels: 500 4x6 shipping labels (ZPL)", zpl_s, "canvas, 500 pages",
               ship_base),
    ]
