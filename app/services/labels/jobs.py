"""The Labels use cases: render a label request to PDF or ZPL, keep the print-job history
(and reprint from it), and hand the packing station the label for an order."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.printing import PrintJob
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.permissions import requires
from app.services.labels import sources
from app.services.labels.carrier import carrier_pdf_for_order, mark_printed
from app.services.labels.printers import get_printer
from app.services.printing import pdf_documents, pdf_labels, sizes, transports, zpl
from app.services.printing.cancel import CancelCheck
from app.services.printing.transports import PrinterProfile

TEMPLATES = ("shipping", "packing-slip", "product", "bin", "pick-list")
SOURCES = ("orders", "products", "bins")
# Which item lists each template can take.
TEMPLATE_SOURCES = {"shipping": ("orders",), "packing-slip": ("orders",),
                    "pick-list": ("orders",), "product": ("products",), "bin": ("bins",)}
ZPL_TEMPLATES = ("shipping", "product", "bin")


@dataclass(frozen=True)
class LabelRequest:
    """One print run. `items` are (reference, quantity): order numbers, SKUs or bin codes;
    empty items with source products/bins means all of them."""

    template: str
    source: str
    items: tuple[tuple[str, int], ...] = ()
    size: str | None = None
    copies: int = 1
    skip: int = 0
    output: str = "pdf"                       # pdf | zpl
    zpl_options: zpl.ZplOptions = field(default_factory=zpl.ZplOptions)

    def checked(self) -> LabelRequest:
        if self.template not in TEMPLATES:
            raise InvalidInput(f"Unknown template {self.template!r}; use one of "
                               f"{', '.join(TEMPLATES)}.")
        if self.source not in TEMPLATE_SOURCES[self.template]:
            raise InvalidInput(f"The {self.template} template prints from "
                               f"{' or '.join(TEMPLATE_SOURCES[self.template])}, "
                               f"not {self.source}.")
        if self.output == "zpl" and self.template not in ZPL_TEMPLATES:
            raise InvalidInput(f"A {self.template} is a page for an office printer; ZPL is "
                               f"for {', '.join(ZPL_TEMPLATES)} labels.")
        if self.output not in ("pdf", "zpl"):
            raise InvalidInput("Output is pdf or zpl.")
        if any(qty < 1 for _, qty in self.items):
            raise InvalidInput("Each item needs a quantity of at least 1.")
        if not self.items and self.source == "orders":
            raise InvalidInput("Choose at least one order.")
        sizes.layout_for(self.template, self.size)
        return self


@dataclass(frozen=True)
class Rendered:
    data: bytes
    kind: str          # pdf | zpl
    labels: int        # labels (or documents) in it
    # Stores of shipping labels in it printed without a return address (none set): the
    # screen asks to set one rather than print a bare "FROM".
    no_return_address: tuple[str, ...] = ()


@dataclass(frozen=True)
class JobRow:
    id: int
    created_at: datetime
    user: str
    template: str
    size: str
    items: str          # a short summary for the list
    labels: int
    output: str
    destination: str
    reprint_of: int | None


def _expanded(records: Sequence[Any], items: tuple[tuple[str, int], ...]) -> list[Any]:
    """Each record as many times as its item's quantity (records follow the items' order)."""
    if not items:
        return list(records)
    return [record for record, (_, qty) in zip(records, items, strict=True)
            for _ in range(qty)]


def render(session: Session, request: LabelRequest,
           progress: Callable[[int, int], None] | None = None, *,
           cancelled: CancelCheck = None) -> Rendered:
    """Build the records for the request from the database and render them.

    `cancelled()` is asked between labels and pages; once it says yes the render stops with
    Cancelled and nothing comes back to print, save or record."""
    req = request.checked()
    refs = [ref for ref, _ in req.items]
    layout = sizes.layout_for(req.template, req.size)
    t = req.template
    if t == "pick-list":
        pick = sources.pick_list_record(session, refs)
        return Rendered(pdf_documents.pick_list_pdf(pick, layout, cancelled=cancelled), "pdf", 1)
    if t == "packing-slip":
        slips = _expanded(sources.packing_slip_records(session, refs), req.items)
        slips = [s for s in slips for _ in range(req.copies)]
        pdf = pdf_documents.packing_slips_pdf(slips, layout, cancelled=cancelled)
        return Rendered(pdf, "pdf", len(slips))
    if t == "shipping":
        records = _expanded(sources.shipping_records(session, refs), req.items)
    elif t == "product":
        records = _expanded(sources.product_records(session, refs or None), req.items)
    else:
        records = _expanded(sources.bin_records(session, refs or None), req.items)
    count = len(records) * req.copies
    unset = _no_return_address(records) if t == "shipping" else ()
    if req.output == "zpl":
        # The three take differently typed records; the template picked them above.
        makers: dict[str, Callable[..., str]] = {
            "shipping": zpl.shipping_labels_zpl, "product": zpl.product_labels_zpl,
            "bin": zpl.bin_labels_zpl}
        make_zpl = makers[t]
        data = make_zpl(records, layout, req.copies, req.zpl_options,
                        cancelled=cancelled).encode("ascii")
        return Rendered(data, "zpl", count, unset)
    if t == "shipping":
        pdf = pdf_labels.shipping_labels_pdf(records, layout, req.copies, progress,
                                             cancelled=cancelled)
    elif t == "product":
        pdf = pdf_labels.product_labels_pdf(records, layout, req.copies, req.skip, progress,
                                           cancelled=cancelled)
    else:
        pdf = pdf_labels.bin_labels_pdf(records, layout, req.copies, req.skip, progress,
                                       cancelled=cancelled)
    return Rendered(pdf, "pdf", count, unset)


def _no_return_address(records: Sequence[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.store for r in records if not r.return_address.lines))


@requires("print_labels")
def record_job(session: Session, actor: Actor, request: LabelRequest, rendered: Rendered,
               destination: str, *, reprint_of: int | None = None) -> int:
    """Add the job to the history; returns its id."""
    req = request.checked()
    job = PrintJob(user=actor.user, station=actor.station, template=req.template,
                   size=req.size or sizes.TEMPLATE_SIZES[req.template][0], source=req.source,
                   items=json.dumps([[ref, qty] for ref, qty in req.items]),
                   copies=req.copies, skip=req.skip, output=rendered.kind,
                   destination=destination[:255], labels=rendered.labels,
                   reprint_of=reprint_of)
    session.add(job)
    session.flush()
    return job.id


def _summary(items: list[list[Any]], source: str) -> str:
    if not items:
        return f"all {source}"
    shown = ", ".join(f"{ref}" + (f" x{qty}" if qty > 1 else "") for ref, qty in items[:4])
    return shown + (f" and {len(items) - 4} more" if len(items) > 4 else "")


def job_history(session: Session, limit: int = 200, offset: int = 0) -> list[JobRow]:
    jobs = session.scalars(select(PrintJob).order_by(PrintJob.id.desc())
                           .offset(offset).limit(limit))
    return [JobRow(j.id, j.created_at, j.user, j.template, j.size,
                   _summary(json.loads(j.items), j.source), j.labels, j.output,
                   j.destination, j.reprint_of) for j in jobs]


def job_request(session: Session, job_id: int) -> LabelRequest:
    """The request a past job was printed from, to print it again."""
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(f"No print job {job_id}.")
    return LabelRequest(job.template, job.source,
                        tuple((str(ref), int(qty)) for ref, qty in json.loads(job.items)),
                        job.size, job.copies, job.skip, job.output)


@dataclass(frozen=True)
class OrderLabel:
    pdf: bytes
    kind: str                 # "carrier" (bought label pages) or "shipping" (our own 4x6)
    pages: tuple[int, ...]    # carrier label page ids in it


def label_for_order(session: Session, order_id: int, size: str | None = None) -> OrderLabel:
    """What the packing station prints when an order is verified: its carrier label pages if
    any were imported and linked, otherwise a shipping label of our own."""
    found = carrier_pdf_for_order(session, order_id)
    if found is not None:
        pdf, pages = found
        return OrderLabel(pdf, "carrier", pages)
    records = [sources.shipping_record(session, sources.order_by_id(session, order_id))]
    layout = sizes.layout_for("shipping", size)
    return OrderLabel(pdf_labels.shipping_labels_pdf(records, layout), "shipping", ())


@dataclass(frozen=True)
class OrderLabelJob:
    """An order's shipping label made for one printer, ready to send (no database needed)."""

    order_id: int
    order_number: str
    printer: PrinterProfile
    rendered: Rendered
    carrier_pages: tuple[int, ...]   # imported carrier label pages in it (marked printed)
    request: LabelRequest

    def describe(self) -> str:
        what = "carrier label" if self.carrier_pages else "shipping label"
        return f"{what} for {self.order_number} to {self.printer.name}"


def prepare_order_label(session: Session, order_id: int, printer: str) -> OrderLabelJob:
    """The label the packing station prints when an order is complete (a read job): the
    carrier label imported for the order if there is one, else our own shipping label, as
    ZPL for a thermal printer or PDF for a sheet printer."""
    profile = get_printer(session, printer)
    order = sources.order_by_id(session, order_id)
    found = carrier_pdf_for_order(session, order_id)
    pages: tuple[int, ...]
    if found is not None:
        if profile.kind == "zpl":
            raise InvalidInput(f"Order {order.number} has a carrier label PDF; "
                               f"{profile.name} is a thermal ZPL printer. Send it to a PDF "
                               "printer, or download the carrier's ZPL.")
        pdf, pages = found
        rendered = Rendered(pdf, "pdf", len(pages))
    else:
        pages = ()
        size = profile.media if profile.media in sizes.TEMPLATE_SIZES["shipping"] else None
        record = [sources.shipping_record(session, order)]
        layout = sizes.layout_for("shipping", size)
        if profile.kind == "zpl":
            options = zpl.ZplOptions(profile.dpi, profile.darkness, profile.offset_x_mm,
                                     profile.offset_y_mm)
            data = zpl.shipping_labels_zpl(record, layout, 1, options).encode("ascii")
            rendered = Rendered(data, "zpl", 1, _no_return_address(record))
        else:
            rendered = Rendered(pdf_labels.shipping_labels_pdf(record, layout), "pdf", 1,
                                _no_return_address(record))
    request = LabelRequest("shipping", "orders", ((order.number, 1),), layout_key(profile),
                           output=rendered.kind)
    return OrderLabelJob(order.id, order.number, profile, rendered, tuple(pages), request)


def send_order_label(job: OrderLabelJob) -> str:
    """Send a prepared label to its printer, outside any transaction (a printer that does not
    answer must not hold the database); returns what the printer transport said."""
    if job.rendered.kind == "zpl":
        return transports.send_raw(job.printer, job.rendered.data)
    return transports.send_pdf(job.printer, job.rendered.data,
                               f"label-{job.order_id}.pdf")


@requires("print_labels")
def record_order_label(session: Session, actor: Actor, job: OrderLabelJob) -> None:
    """Keep a sent label in the history (for reprints) and mark carrier pages printed."""
    mark_printed(session, job.carrier_pages)
    record_job(session, actor, job.request, job.rendered, job.printer.name)


def layout_key(profile: PrinterProfile) -> str:
    return profile.media if profile.media in sizes.TEMPLATE_SIZES["shipping"] else "4x6"
