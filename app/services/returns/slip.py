"""The return slip: a page the owner prints or emails to the customer, who puts it in the
parcel. Its Code 128 is the return's number; scanning it at the returns station opens the
return. Drawn with the Labels service's PDF pieces (the packing slip's barcode flowable),
on A4 or US Letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

# reportlab ships no type hints (and types-reportlab is no dependency).
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order
from app.services.packing.documents import ship_to_lines
from app.services.printing.fonts import font_for
from app.services.printing.pdf_documents import Barcode128
from app.services.printing.sizes import layout_for
from app.services.returns.reads import return_view

INSTRUCTIONS = ("Put this slip in the parcel with the items, so we can find your return "
                "the moment it arrives. Pack the items safely; keep the tracking number "
                "of the parcel you send.")


@dataclass(frozen=True)
class ReturnSlip:
    store: str
    number: str               # the return's number: the barcode
    order_number: str
    customer: str
    address: tuple[str, ...]
    reason: str
    lines: tuple[tuple[str, str, int], ...]    # SKU, item, units
    opened_on: str
    instructions: str = INSTRUCTIONS


def slip_record(session: Session, return_id: int) -> ReturnSlip:
    v = return_view(session, return_id)
    order = session.scalar(select(Order).where(Order.id == v.order_id))
    assert order is not None
    return ReturnSlip(v.store, v.number, v.order_number, v.customer, ship_to_lines(order),
                      v.reason, tuple((ln.sku, ln.name, ln.expected) for ln in v.lines),
                      v.created_at.date().isoformat())


def _p(text: str, size: float, *, bold: bool = False) -> Paragraph:
    font = font_for(text, bold=bold)
    return Paragraph(escape(text), ParagraphStyle(f"slip-{font}-{size}", fontName=font,
                                                  fontSize=size, leading=size * 1.25))


def slip_pdf(slip: ReturnSlip, page: str | None = None) -> bytes:
    layout = layout_for("packing-slip", page)
    width = layout.page_width - 30 * mm - 12
    head = Table([[[_p(slip.store, 18, bold=True), _p("Return slip", 13, bold=True),
                    _p(f"Return {slip.number} · order {slip.order_number}", 10),
                    _p(f"Opened {slip.opened_on}", 10)],
                   Barcode128(slip.number, height=18 * mm, max_width=0.45 * width)]],
                 colWidths=[width * 0.55, width * 0.45])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [head, Spacer(1, 6 * mm), _p("From", 11, bold=True),
                             _p(slip.customer, 10)]
    story += [_p(line, 10) for line in slip.address]
    story += [Spacer(1, 5 * mm), _p(f"Reason: {slip.reason}", 10), Spacer(1, 4 * mm)]
    rows: list[list[object]] = [["SKU", "Item", "Units"]]
    rows += [[_p(sku, 10), _p(name, 10), str(qty)] for sku, name, qty in slip.lines]
    table = Table(rows, colWidths=[0.25 * width, 0.63 * width, 0.12 * width], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 10),
                               ("FONT", (0, 1), (-1, -1), "Helvetica", 10),
                               ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                               ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [table, Spacer(1, 8 * mm), _p(slip.instructions, 10)]
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(layout.page_width, layout.page_height),
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Return slip {slip.number}",
                            creator="Backroom", invariant=1)
    doc.build(story)
    return buf.getvalue()


def return_slip_pdf(session: Session, return_id: int, *, page: str | None = None) -> bytes:
    return slip_pdf(slip_record(session, return_id), page)


def write_return_slip(session: Session, return_id: int, path: str, *,
                      page: str | None = None) -> str:
    """Write the return's slip PDF to `path` (a folder: return-slip-<number>.pdf in it)."""
    slip = slip_record(session, return_id)
    target = Path(path)
    if target.is_dir():
        target = target / f"return-slip-{slip.number}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(slip_pdf(slip, page))
    return str(target)
