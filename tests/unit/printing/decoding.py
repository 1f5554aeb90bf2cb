"""Test helpers: render PDF pages to images with pdfium and read their barcodes with zxing-cpp."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from pypdf import PdfReader

PREVIEWS = Path("/tmp/label_previews")


def _read(image) -> list:
    # The page is rendered at print resolution already. zxing's extra pass over a
    # downscaled copy resamples the bars to fractional widths and, now and then, reads an
    # EAN-13 backwards into a different code whose check digit happens to fit; a scanner
    # looks at the print, not at a resampled copy, so that pass is left out.
    return zxingcpp.read_barcodes(image, try_downscale=False)


@dataclass(frozen=True)
class Found:
    page: int
    kind: str       # "EAN13", "Code128", "QRCode"
    text: str
    x: float        # centre of the symbol, PDF points from the left
    y: float        # centre, PDF points from the top


def render(pdf: bytes, dpi: int = 300) -> list:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def decode(pdf: bytes, dpi: int = 300, save_as: str | None = None) -> list[Found]:
    """Every barcode on every page, in page order then top-to-bottom, left-to-right."""
    found: list[Found] = []
    for n, image in enumerate(render(pdf, dpi)):
        if save_as:
            PREVIEWS.mkdir(exist_ok=True)
            image.save(PREVIEWS / f"{save_as}-p{n + 1}.png")
        for result in _read(image):
            pos = result.position
            xs = [pos.top_left.x, pos.top_right.x, pos.bottom_left.x, pos.bottom_right.x]
            ys = [pos.top_left.y, pos.top_right.y, pos.bottom_left.y, pos.bottom_right.y]
            scale = 72 / dpi
            found.append(Found(n, result.format.name, result.text,
                               sum(xs) / 4 * scale, sum(ys) / 4 * scale))
    return sorted(found, key=lambda f: (f.page, round(f.y / 10), f.x))


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def decode_cells(pdf: bytes, layout, dpi: int = 300) -> list[tuple[int, int, str]]:
    """(page, cell, text) for each label cell that holds a barcode, read cell by cell.

    zxing reports one of several identical symbols lying in a row, so a full sheet is cut
    into its labels before reading.
    """
    out = []
    scale = dpi / 72
    for n, image in enumerate(render(pdf, dpi)):
        for index in range(layout.per_page):
            x, y = layout.cell(index)
            top = layout.page_height - y - layout.label_height
            crop = image.crop((round(x * scale), round(top * scale),
                               round((x + layout.label_width) * scale),
                               round((top + layout.label_height) * scale)))
            out += [(n, index, r.text) for r in _read(crop)]
    return out
