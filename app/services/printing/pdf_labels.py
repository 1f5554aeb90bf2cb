"""Labels to PDF: product labels, bin labels and shipping labels, on single labels or sheets.

Every value is checked (symbology and fit) before the first page is drawn, so a bad barcode
stops the job with a readable message instead of printing half a sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import BytesIO
from typing import TypeVar

# reportlab ships no type hints (and types-reportlab is no dependency).
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from app.services.core.errors import InvalidInput
from app.services.printing.cancel import CancelCheck, stop_if
from app.services.printing.fonts import font_for
from app.services.printing.label_records import BinLabel, ProductLabel, ShippingLabel
from app.services.printing.pdf_barcodes import (
    Box,
    check_value,
    draw_linear,
    draw_qr,
    fit_text,
    module_for,
)
from app.services.printing.sizes import Layout

T = TypeVar("T")
EAN_MAX_MODULE = 0.34 * mm    # EAN-13 at about 100 % (4 x 1/300 in); bigger buys nothing here
LINEAR_MAX_MODULE = 0.5 * mm


def repeat(items: Sequence[T], copies: int) -> list[T]:
    """Each item `copies` times, copies of one item side by side."""
    if copies < 1:
        raise InvalidInput("The number of copies must be at least 1.")
    return [item for item in items for _ in range(copies)]


Progress = Callable[[int, int], None] | None


def place(items: Sequence[T], layout: Layout, draw: Callable[[Canvas, T, Box], None],
          skip: int = 0, *, title: str = "Labels", progress: Progress = None,
          cancelled: CancelCheck = None) -> bytes:
    """Draw each item into the next free cell of the layout; returns the PDF bytes.

    `progress(done, total)` is told after every page, for a long batch on a worker thread;
    `cancelled()` is asked before every label and, once true, stops with Cancelled.
    """
    if skip < 0:
        raise InvalidInput("The number of used labels to skip cannot be negative.")
    if skip and not layout.is_sheet:
        raise InvalidInput(f"{layout.title} is a single label: there are no used labels to "
                           "skip.")
    if skip >= layout.per_page:
        raise InvalidInput(f"A {layout.title} sheet has {layout.per_page} labels; you can skip "
                           f"at most {layout.per_page - 1}.")
    if not items:
        raise InvalidInput("There is nothing to print.")
    buf = BytesIO()
    c = Canvas(buf, pagesize=(layout.page_width, layout.page_height), invariant=1)
    c.setTitle(title)
    c.setCreator("Backroom")
    for n, item in enumerate(items):
        stop_if(cancelled)
        slot = skip + n
        if slot and slot % layout.per_page == 0:
            c.showPage()
            if progress:
                progress(n, len(items))
        x, y = layout.cell(slot)
        draw(c, item, Box(x, y, layout.label_width, layout.label_height))
    c.showPage()
    c.save()
    if progress:
        progress(len(items), len(items))
    return buf.getvalue()


# -- product labels -------------------------------------------------------------------------

def _product_boxes(cell: Box) -> tuple[float, float, Box]:
    """(padding, font size, barcode box) of a product label in this cell."""
    pad = max(1.5 * mm, min(cell.width, cell.height) * 0.06)
    inner_h = cell.height - 2 * pad
    size = max(6.0, min(12.0, inner_h * 0.16))
    code_h = inner_h - 2.45 * size
    return pad, size, Box(cell.x + pad, cell.y + pad, cell.width - 2 * pad, code_h)


def check_product_labels(labels: Sequence[ProductLabel], layout: Layout) -> None:
    _, _, code = _product_boxes(Box(0, 0, layout.label_width, layout.label_height))
    for label in labels:
        if label.symbology == "qr":
            check_value(label.barcode, "qr")
        else:
            _module(label.barcode, label.symbology, code.width, layout)


def _module(value: str, symbology: str, width: float, layout: Layout) -> float:
    cap = EAN_MAX_MODULE if symbology == "ean13" else LINEAR_MAX_MODULE
    return module_for(value, symbology, width, cap, where=f"a {layout.title} label")


def draw_product_label(c: Canvas, label: ProductLabel, cell: Box) -> None:
    pad, size, code = _product_boxes(cell)
    left, right, top = cell.x + pad, cell.x + cell.width - pad, cell.y + cell.height - pad
    width = right - left
    name_font = font_for(label.name, bold=True)
    c.setFont(name_font, size)
    c.drawString(left, top - size * 0.85, fit_text(label.name, name_font, size, width))
    line_y = top - size * 1.95
    price_w = 0.0
    if label.price_text:
        price_font = font_for(label.price_text, bold=True)
        c.setFont(price_font, size)
        c.drawRightString(right, line_y, label.price_text)
        price_w = c.stringWidth(label.price_text, price_font, size) + size * 0.6
    sku_font = font_for(label.sku)
    c.setFont(sku_font, size)
    c.drawString(left, line_y, fit_text(label.sku, sku_font, size, width - price_w))
    if label.symbology == "qr":
        # A QR code (a web address, say) as a square at the left, its text beside it.
        draw_qr(c, label.barcode, code.x, code.y, code.height)
        small = max(5.0, size * 0.7)
        c.setFont("Helvetica", small)
        c.drawString(code.x + code.height + small * 0.5, code.y + code.height / 2 - small / 3,
                     fit_text(label.barcode, "Helvetica", small,
                              code.width - code.height - small * 0.5))
        return
    cap = EAN_MAX_MODULE if label.symbology == "ean13" else LINEAR_MAX_MODULE
    draw_linear(c, label.barcode, label.symbology, code, font_size=max(6.0, size * 0.8),
                max_module=cap)


def product_labels_pdf(labels: Sequence[ProductLabel], layout: Layout, copies: int = 1,
                       skip: int = 0, progress: Progress = None,
                       *, cancelled: CancelCheck = None) -> bytes:
    """Product labels (SKU, name, price, EAN-13 or Code 128), `copies` of each."""
    check_product_labels(labels, layout)
    return place(repeat(labels, copies), layout, draw_product_label, skip,
                 title="Product labels", progress=progress, cancelled=cancelled)


# -- bin labels -----------------------------------------------------------------------------

def _bin_boxes(cell: Box) -> tuple[float, float, float, Box]:
    """(padding, code font size, small font size, barcode box) of a bin label."""
    pad = max(1.5 * mm, min(cell.width, cell.height) * 0.06)
    inner_h = cell.height - 2 * pad
    big = max(8.0, min(72.0, inner_h * 0.3))
    small = max(5.5, min(12.0, inner_h * 0.1))
    room = inner_h - big * 1.05 - small * 1.3
    # On a tall label the bars stop at a scannable height and sit in the middle of the room.
    code_h = min(room, max(15 * mm, cell.width * 0.4))
    bottom = cell.y + pad + small * 1.3 + (room - code_h) / 2
    return pad, big, small, Box(cell.x + pad, bottom, cell.width - 2 * pad, code_h)


def draw_bin_label(c: Canvas, label: BinLabel, cell: Box) -> None:
    pad, big, small, code = _bin_boxes(cell)
    width = cell.width - 2 * pad
    top = cell.y + cell.height - pad
    size = big
    while size > 6 and c.stringWidth(label.code, "Helvetica-Bold", size) > width:
        size *= 0.9
    c.setFont("Helvetica-Bold", size)
    c.drawCentredString(cell.x + cell.width / 2, top - big * 0.8, label.code)
    # The big text above is the human-readable line; repeating it under the bars wastes room.
    draw_linear(c, label.code, "code128", code, human_readable=False,
                max_module=LINEAR_MAX_MODULE * 1.5)
    detail = " · ".join(part for part in (label.name, label.warehouse) if part)
    if detail:
        font = font_for(detail)
        c.setFont(font, small)
        c.drawCentredString(cell.x + cell.width / 2, cell.y + pad + small * 0.25,
                            fit_text(detail, font, small, width))


def bin_labels_pdf(labels: Sequence[BinLabel], layout: Layout, copies: int = 1,
                   skip: int = 0, progress: Progress = None,
                   *, cancelled: CancelCheck = None) -> bytes:
    """Bin labels: the bin code in large type over a large Code 128 of it."""
    _, _, _, code = _bin_boxes(Box(0, 0, layout.label_width, layout.label_height))
    for label in labels:
        module_for(label.code, "code128", code.width, LINEAR_MAX_MODULE * 1.5,
                   where=f"a {layout.title} label")
    return place(repeat(labels, copies), layout, draw_bin_label, skip,
                 title="Bin labels", progress=progress, cancelled=cancelled)


# -- shipping labels ------------------------------------------------------------------------

def _ship_code_box(cell: Box) -> Box:
    pad = 4 * mm
    return Box(cell.x + pad, cell.y + pad + 12, cell.width - 2 * pad, cell.height * 0.2)


def _lines(c: Canvas, lines: Sequence[str], at: tuple[float, float], size: float, width: float,
           *, bold_first: bool = False) -> float:
    """Draw lines downward from baseline at[1]; returns the baseline after the last one."""
    x, y = at
    for i, line in enumerate(lines):
        font = font_for(line, bold=bold_first and i == 0)
        c.setFont(font, size)
        c.drawString(x, y, fit_text(line, font, size, width))
        y -= size * 1.2
    return y


def draw_shipping_label(c: Canvas, label: ShippingLabel, cell: Box) -> None:
    pad = 4 * mm
    left, top = cell.x + pad, cell.y + cell.height - pad
    width = cell.width - 2 * pad
    half = width * 0.55
    if label.return_address.lines:  # no street, no FROM: a bare "FROM" helps nobody
        c.setFont("Helvetica-Bold", 7)
        c.drawString(left, top - 7, "FROM")
        _lines(c, label.return_address.text_lines()[:5], (left, top - 16), 8, half)
    right = cell.x + cell.width - pad
    c.setFont(font_for(label.store, bold=True), 9)
    c.drawRightString(right, top - 8, fit_text(label.store, font_for(label.store, True), 9,
                                               width - half - 6))
    c.setFont("Helvetica-Bold", 12)
    c.drawRightString(right, top - 22, fit_text(f"Order {label.order_number}",
                                                "Helvetica-Bold", 12, width - half - 6))
    if label.shipping_method:
        c.setFont(font_for(label.shipping_method), 8)
        c.drawRightString(right, top - 34, fit_text(label.shipping_method,
                                                    font_for(label.shipping_method), 8,
                                                    width - half - 6))
    rule_y = top - 16 - 5 * 8 * 1.2 - 4
    c.setLineWidth(1.5)
    c.line(cell.x + pad, rule_y, right, rule_y)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(left, rule_y - 14, "SHIP TO")
    ship = label.ship_to.text_lines()
    y = rule_y - 14 - 22
    name_size = 20
    while name_size > 11 and c.stringWidth(ship[0], font_for(ship[0], True),
                                           name_size) > width:
        name_size -= 1
    y = _lines(c, ship[:1], (left + 6, y), name_size, width - 6, bold_first=True)
    _lines(c, ship[1:7], (left + 6, y - 2), 14, width - 6)
    code = _ship_code_box(cell)
    c.line(cell.x + pad, code.y + code.height + 8, right, code.y + code.height + 8)
    draw_linear(c, label.order_number, "code128", code, font_size=11,
                max_module=LINEAR_MAX_MODULE)
    if label.contents:
        text = f"Contents: {label.contents}"
        font = font_for(text)
        c.setFont(font, 8)
        c.drawString(left, cell.y + pad, fit_text(text, font, 8, width))


def shipping_labels_pdf(labels: Sequence[ShippingLabel], layout: Layout,
                        copies: int = 1, progress: Progress = None,
                        *, cancelled: CancelCheck = None) -> bytes:
    """Shipping labels (4x6 in or 100x150 mm): ship-to in large type, order as Code 128."""
    code = _ship_code_box(Box(0, 0, layout.label_width, layout.label_height))
    for label in labels:
        if not label.ship_to.text_lines():
            raise InvalidInput(f"Order {label.order_number} has no address to ship to.")
        module_for(label.order_number, "code128", code.width, LINEAR_MAX_MODULE,
                   where=f"a {layout.title} label")
    return place(repeat(labels, copies), layout, draw_shipping_label, 0,
                 title="Shipping labels", progress=progress, cancelled=cancelled)
