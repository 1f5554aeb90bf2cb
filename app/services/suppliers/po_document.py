"""The purchase order as a PDF for the supplier: their SKUs beside ours, quantities in packs
and units, unit costs and totals in the supplier's currency (exact, from integer minor
units), our ship-to address, the date promised and how it travels. The PO number is printed
as a Code 128, so the receiving station can open the PO by scanning the paper."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
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

from app.models import Product, Store
from app.models.printing import TemplateSettings
from app.models.suppliers import POLine, POShipment, Supplier, SupplierProduct
from app.money import format_money
from app.services.core.errors import InvalidInput
from app.services.printing import sizes
from app.services.printing.fonts import font_for
from app.services.printing.pdf_documents import Barcode128
from app.services.suppliers.purchase_orders import get_po

MODE_WORDS = {"sea": "sea freight", "sea_fast": "fast sea freight", "air": "air freight",
              "express": "express courier"}
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class SheetLine:
    supplier_sku: str
    sku: str
    name: str
    quantity: int
    pack_size: int
    unit_cost: str           # money text in the supplier's currency
    line_total: str


@dataclass(frozen=True)
class POSheet:
    """Everything printed on the PO, as plain text: no database, no money arithmetic left."""

    number: str
    status: str
    supplier: str
    supplier_lines: tuple[str, ...]       # contact, e-mail
    buyer: str
    ship_to: tuple[str, ...]
    currency: str
    created_on: str
    expected: str
    incoterm: str
    payment_terms: str
    lines: tuple[SheetLine, ...]
    units: int
    total: str
    shipping: tuple[str, ...] = ()        # "PO-000001-S1: sea freight, ETA 2026-12-20, ..."
    note: str = ""


def _ship_to(session: Session) -> tuple[str, tuple[str, ...]]:
    """Our name and address: the first store's return address (Labels > store template)."""
    store = session.scalar(select(Store).order_by(Store.id).limit(1))
    if store is None:
        return "", ()
    look = session.scalar(select(TemplateSettings).where(TemplateSettings.store_id == store.id))
    if look is None:
        return store.name, ()
    lines = tuple(ln.strip() for ln in look.return_address.splitlines() if ln.strip())
    return look.return_name.strip() or store.name, lines


def po_sheet(session: Session, po_id: int) -> POSheet:
    """The PO as it is printed (a read job)."""
    po = get_po(session, po_id)
    supplier = session.get(Supplier, po.supplier_id)
    assert supplier is not None
    rows = session.execute(
        select(POLine, Product.sku, Product.name, SupplierProduct.supplier_sku,
               SupplierProduct.supplier_name)
        .join(Product, Product.id == POLine.product_id)
        .outerjoin(SupplierProduct, (SupplierProduct.product_id == POLine.product_id)
                   & (SupplierProduct.supplier_id == po.supplier_id))
        .where(POLine.po_id == po.id).order_by(POLine.id)).all()
    lines = []
    total = units = 0
    for line, sku, name, their_sku, their_name in rows:
        amount = line.quantity * line.unit_cost_minor
        total += amount
        units += line.quantity
        lines.append(SheetLine(their_sku or "", sku, their_name or name, line.quantity,
                               line.pack_size, format_money(line.unit_cost_minor, po.currency),
                               format_money(amount, po.currency)))
    shipping = []
    for sh in session.scalars(select(POShipment).where(POShipment.po_id == po.id)
                              .order_by(POShipment.id)):
        parts = [f"{sh.number}: {MODE_WORDS.get(sh.mode, sh.mode)}"]
        if sh.eta:
            parts.append(f"ETA {sh.eta.isoformat()}")
        if sh.container:
            parts.append(f"container/AWB {sh.container}")
        if sh.tracking:
            parts.append(f"tracking {sh.tracking}")
        shipping.append(", ".join(parts))
    buyer, ship_to = _ship_to(session)
    return POSheet(
        po.number, po.status, supplier.name,
        tuple(t for t in (supplier.contact, supplier.email) if t.strip()), buyer, ship_to,
        po.currency, po.created_at.date().isoformat(),
        po.expected_date.isoformat() if po.expected_date else "",
        po.incoterm or supplier.incoterm, supplier.payment_terms, tuple(lines), units,
        format_money(total, po.currency), tuple(shipping), po.note)


def purchase_order_pdf(session: Session, po_id: int, paper: str = "a4") -> bytes:
    """The PO as PDF bytes (a read job): `backroom po pdf` and the POs page."""
    if paper not in PAPERS:
        raise InvalidInput(f"Paper is {' or '.join(PAPERS)}, not {paper!r}.")
    return render_sheet(po_sheet(session, po_id), paper)


# ---- rendering (plain records in, PDF bytes out) ----

def _style(size: float, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle(f"po-{size}-{bold}", fontName="Helvetica-Bold" if bold
                          else "Helvetica", fontSize=size, leading=size * 1.25)


def _p(text: str, size: float = 9, bold: bool = False) -> Paragraph:
    style = _style(size, bold)
    font = font_for(text, bold=bold)
    if font != style.fontName:  # a name in a script Helvetica lacks
        style = ParagraphStyle(f"{style.name}-{font}", parent=style, fontName=font)
    return Paragraph(escape(text), style)


def _block(title: str, lines: Sequence[str]) -> list[Flowable]:
    return [_p(title, 8, bold=True), *(_p(line) for line in lines if line)]


def render_sheet(sheet: POSheet, paper: str = "a4") -> bytes:
    layout = sizes.layout(paper)
    width = layout.page_width - 30 * mm - 12
    story: list[Flowable] = []
    left = [_p(sheet.buyer or "Purchase order", 16, bold=True),
            _p(f"Purchase order {sheet.number}", 12, bold=True),
            _p(f"Date {sheet.created_on} · prices in {sheet.currency}")]
    if sheet.status in ("draft", "cancelled"):
        left.append(_p(f"({sheet.status.upper()})", 10, bold=True))
    head = Table([[left, Barcode128(sheet.number, height=12 * mm)]],
                 colWidths=[width * 0.6, width * 0.4])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story += [head, Spacer(1, 5 * mm)]
    terms = [f"Deliver by: {sheet.expected or 'as agreed'}",
             f"Incoterm: {sheet.incoterm}" if sheet.incoterm else "",
             f"Payment: {sheet.payment_terms}" if sheet.payment_terms else ""]
    parties = Table([[_block("Supplier", [sheet.supplier, *sheet.supplier_lines]),
                      _block("Ship to", [sheet.buyer, *sheet.ship_to]),
                      _block("Terms", terms)]], colWidths=[width / 3] * 3)
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [parties, Spacer(1, 6 * mm)]
    rows: list[list[object]] = [["Your SKU", "Our SKU / item", "Packs", "Qty",
                                 f"Unit ({sheet.currency})", f"Total ({sheet.currency})"]]
    for ln in sheet.lines:
        packs = (f"{ln.quantity // ln.pack_size} × {ln.pack_size}" if ln.pack_size > 1
                 else "")
        rows.append([_p(ln.supplier_sku or "–"), [_p(ln.sku, bold=True), _p(ln.name, 8)],
                     packs, str(ln.quantity), ln.unit_cost, ln.line_total])
    rows.append(["", "Total", "", str(sheet.units), "", sheet.total])
    table = Table(rows, colWidths=[w * width for w in (0.17, 0.35, 0.1, 0.08, 0.14, 0.16)],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -2), "Helvetica", 9),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 10),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.grey),
        ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT")]))
    story += [table, Spacer(1, 6 * mm)]
    if sheet.shipping:
        story += _block("Shipments", sheet.shipping)
        story.append(Spacer(1, 4 * mm))
    if sheet.note:
        story += _block("Note", [sheet.note])
    story.append(Spacer(1, 4 * mm))
    story.append(_p("Please quote our PO number on every carton, invoice and shipping "
                    "document.", 8))
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(layout.page_width, layout.page_height),
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Purchase order {sheet.number}",
                            creator="Backroom", invariant=1)
    doc.build(story)
    return buf.getvalue()
