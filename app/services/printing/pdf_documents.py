"""Page documents to PDF: packing slips, pick lists and count sheets (A4 or US Letter).

Built with reportlab's platypus so long tables run onto further pages with their heading
repeated. Barcodes are the same vector drawings as on the labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

# reportlab ships no type hints (and types-reportlab is no dependency).
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import KeepTogether  # type: ignore[import-untyped]

from app.services.core.errors import InvalidInput
from app.services.printing.cancel import CancelCheck, stop_if
from app.services.printing.fonts import font_for
from app.services.printing.label_records import CountSheet, PackingSlip, PickList
from app.services.printing.pdf_barcodes import (
    PDF_UNIT,
    Box,
    draw_linear,
    module_for,
    symbol_modules,
)
from app.services.printing.sizes import Layout


class Barcode128(Flowable):  # type: ignore[misc]  # Flowable is Any: reportlab is untyped
    """A Code 128 with its text, sized from the value: module `module`, bars `height` high."""

    def __init__(self, value: str, height: float = 14 * mm, module: float = 0.33 * mm,
                 max_width: float = 80 * mm, text: bool = True) -> None:
        super().__init__()
        self.value = value
        self.module = module_for(value, "code128", max_width, module)
        self.width = symbol_modules(value, "code128") * self.module
        self.height = height
        self.text = text

    def wrap(self, *_avail: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        draw_linear(canvas, self.value, "code128", Box(0, 0, self.width, self.height),
                    font_size=9, max_module=self.module, human_readable=self.text)


def _styles(size: float) -> dict[str, ParagraphStyle]:
    return {
        "body": ParagraphStyle("body", fontName="Helvetica", fontSize=size, leading=size * 1.25),
        "small": ParagraphStyle("small", fontName="Helvetica", fontSize=size * 0.85,
                                leading=size * 1.1),
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=size * 1.8,
                                leading=size * 2.2),
        "head": ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=size * 1.1,
                               leading=size * 1.4),
    }


def _p(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    """A paragraph in a font that can show the text (names from anywhere in the world)."""
    font = font_for(text, bold=bold or style.fontName.endswith("Bold"))
    if font != style.fontName:
        style = ParagraphStyle(f"{style.name}-{font}", parent=style, fontName=font)
    return Paragraph(escape(text), style)


def _table(rows: list[list[object]], widths: list[float], size: float,
           right_cols: Sequence[int] = ()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", size),
        ("FONT", (0, 1), (-1, -1), "Helvetica", size),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("ALIGN", (col, 0), (col, -1), "RIGHT") for col in right_cols]
    table.setStyle(TableStyle(style))
    return table


def _frame_width(layout: Layout) -> float:
    """The text width inside the 15 mm margins and the frame's own 6 pt padding."""
    width: float = layout.page_width - 30 * mm - 12
    return width


def _build(story: list[Flowable], layout: Layout, title: str,
           cancelled: CancelCheck = None) -> bytes:
    if layout.is_sheet or layout.page_width < 150 * mm:
        raise InvalidInput(f"{title} print on A4 or US Letter, not {layout.title}.")
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(layout.page_width, layout.page_height),
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, creator="Backroom",
                            invariant=1)
    # reportlab calls these as each page starts: the place to stop a long document.
    doc.build(story, onFirstPage=lambda *_: stop_if(cancelled),
              onLaterPages=lambda *_: stop_if(cancelled))
    return buf.getvalue()


def _header(left: list[Flowable], barcode: Flowable | None, width: float) -> Table:
    cells = [[left, barcode or ""]]
    table = Table(cells, colWidths=[width * 0.6, width * 0.4])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def packing_slips_pdf(slips: Sequence[PackingSlip], layout: Layout,
                      *, cancelled: CancelCheck = None) -> bytes:
    """One packing slip per order (each starts on a new page); `cancelled()` is asked
    between slips and pages."""
    if not slips:
        raise InvalidInput("There is nothing to print.")
    width = _frame_width(layout)
    story: list[Flowable] = []
    for n, slip in enumerate(slips):
        stop_if(cancelled)
        st = _styles(slip.font_size)
        left: list[Flowable] = []
        if slip.logo_path:
            if not Path(slip.logo_path).is_file():
                raise InvalidInput(f"The logo file {slip.logo_path} is missing.")
            left.append(Image(slip.logo_path, width=40 * mm, height=15 * mm,
                              kind="proportional", hAlign="LEFT"))
        left += [_p(slip.store_name, st["title"]), _p("Packing slip", st["head"]),
                 _p(f"Order {slip.order_number}", st["body"], bold=True)]
        if slip.placed_on:
            left.append(_p(f"Placed {slip.placed_on}", st["body"]))
        if slip.shipping_method:
            left.append(_p(f"Shipping: {slip.shipping_method}", st["body"]))
        if n:
            story.append(PageBreak())
        story += [_header(left, Barcode128(slip.order_number), width), Spacer(1, 6 * mm),
                  _p("Ship to", st["head"])]
        story += [_p(line, st["body"]) for line in slip.customer.text_lines()]
        story.append(Spacer(1, 6 * mm))
        rows: list[list[object]] = [["SKU", "Item", "Bin", "Qty"]]
        rows += [[_p(line.sku, st["body"]), _p(line.name, st["body"]), line.bin,
                  str(line.quantity)] for line in slip.lines]
        total = sum(line.quantity for line in slip.lines)
        rows.append(["", _p("Total items", st["body"], bold=True), "", str(total)])
        story.append(_table(rows, [0.2 * width, 0.55 * width, 0.15 * width, 0.1 * width],
                            slip.font_size, right_cols=(3,)))
        if slip.return_code or slip.return_instructions:
            block: list[Flowable] = [Spacer(1, 8 * mm), _p("Returns", st["head"])]
            if slip.return_instructions:
                block.append(_p(slip.return_instructions, st["body"]))
            if slip.return_code:
                block += [_p(f"Return code: {slip.return_code}", st["body"], bold=True),
                          Spacer(1, 2 * mm), Barcode128(slip.return_code, height=10 * mm)]
            story.append(KeepTogether(block))
    return _build(story, layout, "Packing slips", cancelled)


def pick_list_pdf(pick: PickList, layout: Layout, *,
                  cancelled: CancelCheck = None) -> bytes:
    """A pick list walked in bin order, with a tick box and the tote split for a batch.

    Every line carries a Code 128 of its bin and of its SKU, so the picker can scan the bin
    and (for an item without its own barcode) the SKU straight off the paper.
    """
    st = _styles(10)
    width = _frame_width(layout)
    left: list[Flowable] = [_p(pick.title, st["title"])]
    if pick.created:
        left.append(_p(pick.created, st["body"]))
    if pick.orders:
        orders = "1 order" if len(pick.orders) == 1 else f"{len(pick.orders)} orders"
        left.append(_p(f"{orders}: {', '.join(pick.orders)}", st["small"]))
    code = Barcode128(pick.reference, height=12 * mm) if pick.reference else None
    story: list[Flowable] = [_header(left, code, width), Spacer(1, 5 * mm)]
    batch = any(line.totes for line in pick.lines)
    head: list[object] = ["", "Bin", "SKU / item", "Qty", *(["Totes"] if batch else [])]
    # The SKU and the name share a column so the SKU's barcode has room for long SKUs.
    widths = [0.05, 0.2, 0.5, 0.07, 0.18] if batch else [0.05, 0.22, 0.63, 0.1]
    bin_room, sku_room = (w * width - 2 * _CELL_PAD for w in widths[1:3])
    rows: list[list[object]] = [head]
    for line in pick.lines:  # in the walking order the caller chose
        bin_cell: list[Flowable] = [_p(line.bin or "(no bin)", st["head"])]
        if line.bin:
            bin_cell.append(_line_code(line.bin, bin_room, st))
        item_cell = [_p(line.sku, st["body"], bold=True), _p(line.name, st["body"]),
                     _line_code(line.sku, sku_room, st)]
        row: list[object] = ["", bin_cell, item_cell, str(line.quantity)]
        if batch:
            row.append(_p(", ".join(f"{tote} \u00d7{qty}" for tote, qty in line.totes),
                          st["small"]))
        rows.append(row)
    table = _table(rows, [w * width for w in widths], 10, right_cols=(3,))
    table.setStyle(TableStyle([("VALIGN", (0, 1), (-1, -1), "TOP"),
                               ("VALIGN", (0, 1), (0, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD),
                               ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD)]))
    story.append(_TickBoxes(table))
    return _build(story, layout, "Pick list", cancelled)


_CELL_PAD = 6.0                 # pt, left and right inside each table cell
_LINE_BARS = 8 * mm             # tall enough to hit with a hand scanner's line
_LINE_MODULE = 3 * PDF_UNIT     # 0.25 mm (10 mil); narrower only when the value is long


def _line_code(value: str, room: float, st: dict[str, ParagraphStyle]) -> Flowable:
    """A pick line's bars-only Code 128 (its text is printed above it), or a short note when
    the value cannot be printed as one in the room there is."""
    try:
        code = Barcode128(value, height=_LINE_BARS, module=_LINE_MODULE, max_width=room,
                          text=False)
    except InvalidInput:
        return _p("(no barcode: too long or not plain ASCII)", st["small"])
    code.hAlign = "LEFT"
    # A little air above the bars so the text's descenders stay out of the scan line.
    code.spaceBefore = 1.5 * mm
    return code


class _TickBoxes(Flowable):  # type: ignore[misc]  # Flowable is Any: reportlab is untyped
    """Wraps a table and draws an empty tick box at the left of every body row."""

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.table.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [_TickBoxes(part) for part in self.table.split(availWidth, availHeight)]

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)
        heights = self.table._rowHeights  # reportlab keeps row heights here
        y = self.height
        for i, h in enumerate(heights):
            y -= h
            if i == 0:
                continue
            side = min(10.0, h - 4)
            self.canv.rect(4, y + (h - side) / 2, side, side, stroke=1, fill=0)


def count_sheet_pdf(sheet: CountSheet, layout: Layout) -> bytes:
    """A count sheet: bin, SKU, item, (expected), and an empty column to write the count."""
    st = _styles(10)
    width = _frame_width(layout)
    left: list[Flowable] = [_p(sheet.title, st["title"])]
    if sheet.created:
        left.append(_p(sheet.created, st["body"]))
    code = Barcode128(sheet.reference, height=12 * mm) if sheet.reference else None
    story: list[Flowable] = [_header(left, code, width), Spacer(1, 5 * mm)]
    head: list[object] = ["Bin", "SKU", "Item", *(["Expected"] if sheet.show_expected else []),
                          "Counted"]
    rows: list[list[object]] = [head]
    for line in sheet.lines:
        row: list[object] = [line.bin, _p(line.sku, st["body"]), _p(line.name, st["body"])]
        if sheet.show_expected:
            row.append("" if line.expected is None else str(line.expected))
        row.append("")
        rows.append(row)
    if sheet.show_expected:
        widths = [0.13, 0.2, 0.39, 0.12, 0.16]
    else:
        widths = [0.13, 0.2, 0.49, 0.18]
    table = _table(rows, [w * width for w in widths], 10,
                   right_cols=(3,) if sheet.show_expected else ())
    # A box to write in: the counted column is outlined on every row.
    table.setStyle(TableStyle([("BOX", (-1, 1), (-1, -1), 0.75, colors.black),
                               ("INNERGRID", (-1, 1), (-1, -1), 0.75, colors.black),
                               ("TOPPADDING", (0, 1), (-1, -1), 7),
                               ("BOTTOMPADDING", (0, 1), (-1, -1), 7)]))
    story.append(table)
    return _build(story, layout, "Count sheet")
