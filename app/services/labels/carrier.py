"""Carrier labels bought elsewhere: import a label PDF, link its pages to orders (by tracking
number or recipient, or by hand), and give the packing station an order's pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order, utcnow
from app.models.packing import PackParcel, PackSession, Parcel, Shipment
from app.models.printing import CarrierLabelPage
from app.services.core.errors import NotFound
from app.services.labels.sources import find_order
from app.services.printing import carrier_labels as cl

# Orders a bought label can still be for: not cancelled, not long gone.
LINKABLE = ("new", "reserved", "backorder", "picking", "packed", "on_hold")


@dataclass(frozen=True)
class ImportResult:
    pages: int
    matched: int
    unmatched: tuple[int, ...]     # page ids left for the user to link
    already: int                   # pages of this file imported before (skipped)


@dataclass(frozen=True)
class PageRow:
    id: int
    file_name: str
    page: int              # 1-based, as a person counts pages
    text: str
    tracking: str
    order_number: str      # "" while unlinked
    matched_by: str


def _candidates(session: Session) -> list[cl.Candidate]:
    orders = session.execute(select(Order.id, Order.number, Order.ship_name)
                             .where(Order.status.in_(LINKABLE))).all()
    tracking: dict[int, list[str]] = {}
    for order_id, number in session.execute(
            select(Shipment.order_id, Parcel.tracking).join(Parcel)
            .where(Parcel.tracking != "")):
        tracking.setdefault(order_id, []).append(number)
    for order_id, number in session.execute(
            select(PackSession.order_id, PackParcel.tracking).join(PackParcel)
            .where(PackParcel.tracking != "")):
        tracking.setdefault(order_id, []).append(number)
    return [cl.Candidate(str(oid), name, tuple(tracking.get(oid, ())))
            for oid, _number, name in orders]


def import_carrier_labels(session: Session, data: bytes, file_name: str) -> ImportResult:
    """Store each page and link the ones whose tracking number or recipient identifies an
    order. Importing the same file again adds nothing."""
    sha1 = hashlib.sha1(data).hexdigest()  # noqa: S324 - an identity, not a secret
    pages = cl.split_pages(data, file_name)
    known = set(session.scalars(select(CarrierLabelPage.page_index)
                                .where(CarrierLabelPage.file_sha1 == sha1)))
    fresh = [p for p in pages if p.index not in known]
    result = cl.match_pages(fresh, _candidates(session))
    links = {m.page: (int(m.order_ref), m.by) for m in result.matched}
    unmatched = []
    for page in fresh:
        order_id, by = links.get(page.index, (None, ""))
        row = CarrierLabelPage(file_name=file_name[:255], file_sha1=sha1,
                               page_index=page.index, pdf=page.pdf, text=page.text,
                               tracking=page.tracking[0] if page.tracking else "",
                               order_id=order_id, matched_by=by)
        session.add(row)
        session.flush()
        if order_id is None:
            unmatched.append(row.id)
    return ImportResult(len(pages), len(links), tuple(unmatched), len(pages) - len(fresh))


def _row(page: CarrierLabelPage, number: str) -> PageRow:
    return PageRow(page.id, page.file_name, page.page_index + 1, page.text, page.tracking,
                   number, page.matched_by)


def carrier_pages(session: Session, *, unmatched_only: bool = False, offset: int = 0,
                  limit: int = 500) -> list[PageRow]:
    """Imported pages, newest first (or only those not linked to an order)."""
    query = (select(CarrierLabelPage, Order.number)
             .outerjoin(Order, Order.id == CarrierLabelPage.order_id)
             .order_by(CarrierLabelPage.id.desc()).offset(offset).limit(limit))
    if unmatched_only:
        query = query.where(CarrierLabelPage.order_id.is_(None))
    return [_row(page, number or "") for page, number in session.execute(query)]


def link_page(session: Session, page_id: int, order_ref: str) -> PageRow:
    """Link a page to an order by hand (or to another order than the one it was matched to)."""
    page = session.get(CarrierLabelPage, page_id)
    if page is None:
        raise NotFound(f"No carrier label page {page_id}.")
    order = find_order(session, order_ref)
    page.order_id, page.matched_by = order.id, "hand"
    return _row(page, order.number)


def unlink_page(session: Session, page_id: int) -> None:
    page = session.get(CarrierLabelPage, page_id)
    if page is None:
        raise NotFound(f"No carrier label page {page_id}.")
    page.order_id, page.matched_by = None, ""


def page_pdf(session: Session, page_id: int) -> bytes:
    page = session.get(CarrierLabelPage, page_id)
    if page is None:
        raise NotFound(f"No carrier label page {page_id}.")
    return page.pdf


def carrier_pdf_for_order(session: Session, order_id: int
                          ) -> tuple[bytes, tuple[int, ...]] | None:
    """The order's carrier label pages as one PDF (several parcels, several pages), or None."""
    pages = list(session.scalars(select(CarrierLabelPage)
                                 .where(CarrierLabelPage.order_id == order_id)
                                 .order_by(CarrierLabelPage.id)))
    if not pages:
        return None
    if len(pages) == 1:
        return pages[0].pdf, (pages[0].id,)
    writer = PdfWriter()
    for page in pages:
        for part in PdfReader(BytesIO(page.pdf)).pages:
            writer.add_page(part)
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue(), tuple(p.id for p in pages)


def mark_printed(session: Session, page_ids: tuple[int, ...]) -> None:
    """Note that the packing station printed these pages (shown in the carrier list)."""
    for page in session.scalars(select(CarrierLabelPage)
                                .where(CarrierLabelPage.id.in_(page_ids))):
        page.printed_at = utcnow()
