"""Vector barcodes on a reportlab canvas: checking a value, sizing it to a box, drawing it.

Code 128 and EAN-13 come from reportlab.graphics.barcode; their bars are drawn as one filled
path straight onto the canvas (much faster than going through a Drawing per label). Quiet
zones are part of the size: 10 modules each side for Code 128, 11 left / 7 right for EAN-13,
4 modules round a QR code.
"""

from __future__ import annotations

from dataclasses import dataclass

# reportlab ships no type hints (and types-reportlab is no dependency).
from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.graphics.barcode import code128, eanbc, qr  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, Rect, String  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from app.services.core.errors import InvalidInput
from app.services.stock.barcodes import gtin_check_digit

CODE128_QUIET = 10
EAN13_LEFT_QUIET, EAN13_RIGHT_QUIET = 11, 7
EAN13_MODULES = 95
# Narrowest bar we trust a thermal printer and a cheap scanner with (7.5 mil); ZPL uses it.
MIN_MODULE = 0.19 * mm
# PDF bars are whole multiples of 1/300 in, so that on 300, 600 and 1200 dpi printers (and a
# 300 dpi render) every bar covers whole dots; a fractional module makes bars of one width
# print one dot wider or narrower at random, which is how EAN digits get misread.
PDF_UNIT = 72 / 300
PDF_MIN_UNITS = 2          # 0.17 mm: fine for a laser sheet, the narrowest we draw
TEXT_FONT = "Helvetica"
QR_MAX_BYTES = 1200  # far below QR's limit, but more than a label's small code can carry


def check_value(value: str, symbology: str) -> None:
    """Refuse, with a readable reason, a value the symbology cannot carry."""
    if not value:
        raise InvalidInput(f"An empty value cannot be printed as {_name(symbology)}.")
    if symbology == "ean13":
        if not (value.isascii() and value.isdigit()) or len(value) != 13:
            raise InvalidInput(f"EAN-13 needs exactly 13 digits; {value!r} is not that. "
                               "Print it as Code 128 instead.")
        expected = gtin_check_digit(value[:12])
        if value[12] != expected:
            raise InvalidInput(f"{value} is not a valid EAN-13: its check digit should be "
                               f"{expected}, not {value[12]}.")
    elif symbology == "code128":
        bad = sorted({ch for ch in value if not 32 <= ord(ch) <= 126})
        if bad:
            shown = ", ".join(repr(ch) for ch in bad)
            raise InvalidInput(f"Code 128 holds plain ASCII letters, digits and signs only; "
                               f"{value!r} contains {shown}.")
    elif symbology == "qr":
        if len(value.encode("utf-8")) > QR_MAX_BYTES:
            raise InvalidInput(f"That text is too long for a QR code on a label "
                               f"(more than {QR_MAX_BYTES} bytes).")
    else:
        raise InvalidInput(f"Unknown barcode type {symbology!r}: use ean13, code128 or qr.")


def _name(symbology: str) -> str:
    return {"ean13": "EAN-13", "code128": "Code 128", "qr": "a QR code"}.get(symbology,
                                                                              symbology)


def code128_modules(value: str) -> int:
    """Width of the symbol in modules, without quiet zones."""
    width: float = code128.Code128(value, barWidth=1, quiet=0).width
    return round(width)


def symbol_modules(value: str, symbology: str) -> int:
    """Width in modules including the quiet zones."""
    if symbology == "ean13":
        return EAN13_MODULES + EAN13_LEFT_QUIET + EAN13_RIGHT_QUIET
    return code128_modules(value) + 2 * CODE128_QUIET


def module_for(value: str, symbology: str, width: float, max_module: float = 0.5 * mm,
               where: str = "this label") -> float:
    """The widest module (bar unit) that fits `width` in whole 1/300 in, refused when under
    the printable minimum."""
    check_value(value, symbology)
    fits = min(max_module, width / symbol_modules(value, symbology))
    module = int(fits / PDF_UNIT + 1e-9) * PDF_UNIT
    if module < PDF_MIN_UNITS * PDF_UNIT:
        raise InvalidInput(f"{value!r} is too long to print as {_name(symbology)} on {where}: "
                           "choose a larger label or a shorter code.")
    return module


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points: bottom-left corner and size."""

    x: float
    y: float
    width: float
    height: float


def draw_linear(c: Canvas, value: str, symbology: str, box: Box, *, font_size: float = 7.0,
                max_module: float = 0.5 * mm, human_readable: bool = True) -> Box:
    """Draw a Code 128 or EAN-13 centred in the box, its text underneath; returns its box."""
    module = module_for(value, symbology, box.width, max_module)
    total = symbol_modules(value, symbology) * module
    placed = Box(box.x + (box.width - total) / 2, box.y, total, box.height)
    text_h = font_size * 1.15 if human_readable else 0.0
    if symbology == "ean13":
        _draw_ean13(c, value, placed, module, font_size if human_readable else 0.0)
    else:
        bars = Box(placed.x + CODE128_QUIET * module, box.y + text_h, 0, box.height - text_h)
        _draw_code128(c, value, bars, module)
        if human_readable:
            c.setFont(TEXT_FONT, font_size)
            c.drawCentredString(box.x + box.width / 2, box.y + 0.2 * font_size, value)
    return placed


def _draw_code128(c: Canvas, value: str, bars: Box, module: float) -> None:
    x, y, height = bars.x, bars.y, bars.height
    symbol = code128.Code128(value, barWidth=module, barHeight=height, quiet=0)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    path = c.beginPath()
    pos = x
    # decomposed spells the symbol as letters: upper case a bar, lower case a space, the
    # letter's place in the alphabet its width in modules.
    for ch in symbol.decomposed:
        if ch.isupper():
            w = (ord(ch) - 64) * module
            path.rect(pos, y, w, height)
        else:
            w = (ord(ch) - 96) * module
        pos += w
    c.drawPath(path, stroke=0, fill=1)


def _draw_ean13(c: Canvas, value: str, box: Box, module: float, font_size: float) -> None:
    """EAN-13 with its standard digits (font_size 0: bars only)."""
    # The widget's own quiet zones are 9 modules a side (and its lquiet attribute refuses a
    # length), so it draws none and the 11-module left zone is our offset.
    x, y = box.x + EAN13_LEFT_QUIET * module, box.y
    widget = eanbc.Ean13BarcodeWidget(
        value[:12], barWidth=module, barHeight=box.height, fontSize=font_size or 7.0,
        fontName=TEXT_FONT, humanReadable=int(font_size > 0), quiet=0)
    group = widget.draw()
    path = c.beginPath()
    texts: list[String] = []
    for shape in group.contents:
        if isinstance(shape, Rect) and shape.fillColor is not None:
            path.rect(x + shape.x, y + shape.y, shape.width, shape.height)
        elif isinstance(shape, String):
            texts.append(shape)
    c.drawPath(path, stroke=0, fill=1)
    for s in texts:
        c.setFont(s.fontName, s.fontSize)
        if s.textAnchor == "middle":
            c.drawCentredString(x + s.x, y + s.y, s.text)
        else:
            c.drawString(x + s.x, y + s.y, s.text)


def draw_qr(c: Canvas, value: str, x: float, y: float, size: float) -> Box:
    """A QR code (with its 4-module quiet zone) filling a size x size square."""
    check_value(value, "qr")
    widget = qr.QrCodeWidget(value, barBorder=4)
    bx0, by0, bx1, by1 = widget.getBounds()
    scale = size / (bx1 - bx0)
    drawing = Drawing(size, size, transform=[scale, 0, 0, scale, -bx0 * scale, -by0 * scale])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)
    return Box(x, y, size, size)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """The text cut with an ellipsis so that it fits the width."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
