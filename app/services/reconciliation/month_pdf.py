"""A month's reconciliation as a PDF, drawn with reportlab like the packing slips and return
slips (the same fonts, so names from anywhere print): landscape, tables that run onto further
pages with their heading repeated."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING
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

from app.money import format_money
from app.services.printing.fonts import font_for
from app.services.printing.sizes import layout_for

if TYPE_CHECKING:
    from app.services.reconciliation.monthly import MonthReport

_SIZE = 8.0


def _p(text: str, size: float = _SIZE, *, bold: bool = False) -> Paragraph:
    font = font_for(text, bold=bold)
    return Paragraph(escape(text), ParagraphStyle(f"recon-{font}-{size}", fontName=font,
                                                  fontSize=size, leading=size * 1.25))


def _table(rows: list[list[object]], widths: list[float], right: tuple[int, ...]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, 0), "Helvetica-Bold", _SIZE),
             ("FONT", (0, 1), (-1, -1), "Helvetica", _SIZE),
             ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
             ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right]
    table.setStyle(TableStyle(style))
    return table


def render(report: MonthReport, page: str | None = None) -> bytes:
    layout = layout_for("packing-slip", page)
    width, height = layout.page_height, layout.page_width  # landscape
    room = width - 24 * mm - 12
    story: list[Flowable] = [_p(report.title, 16, bold=True), Spacer(1, 3 * mm)]
    for cur, (paid, fees, refunds, banked) in sorted(report.totals().items()):
        story.append(_p(f"{cur}: paid out {format_money(paid, cur)}, fees "
                        f"{format_money(fees, cur)}, refunds {format_money(refunds, cur)}, "
                        f"found in the bank {format_money(banked, cur)}", 10))
    story.append(Spacer(1, 4 * mm))
    rows: list[list[object]] = [["Store", "Report", "Payout", "Paid on", "Paid out", "Lines",
                                 "Matched", "Fees", "Refunds", "Difference", "In the bank"]]
    for p, d in report.payouts:
        bank = (f"{d.booked_on.date().isoformat()} ({d.matched_by})"
                if d is not None and d.booked_on is not None else "not found")
        rows.append([_p(p.store), _p(p.source), _p(p.external_id),
                     p.paid_on.date().isoformat() if p.paid_on else "",
                     format_money(p.total_minor, p.currency), str(p.lines),
                     str(p.matched), format_money(p.fees_minor, p.currency),
                     format_money(p.refunds_minor, p.currency),
                     format_money(p.difference_minor, p.currency), _p(bank)])
    if len(rows) == 1:
        rows.append([_p("No payouts in this month."), "", "", "", "", "", "", "", "", "", ""])
    parts = (0.11, 0.1, 0.13, 0.07, 0.09, 0.05, 0.06, 0.08, 0.08, 0.08, 0.15)
    story += [_table(rows, [room * f for f in parts], (4, 5, 6, 7, 8, 9)),
              Spacer(1, 6 * mm), _p("What needed a look", 12, bold=True), Spacer(1, 2 * mm)]
    found: list[list[object]] = [["Problem", "Store", "Order", "Amount", "Detail",
                                  "Resolved", "Note"]]
    for q in report.problems:
        found.append([_p(q.kind), _p(q.store), _p(q.order_number),
                      format_money(q.amount_minor, q.currency), _p(q.detail),
                      _p(f"{q.resolved_at.date().isoformat()} {q.resolved_by}"
                         if q.resolved_at else "open"), _p(q.note)])
    if len(found) == 1:
        found.append([_p("Nothing."), "", "", "", "", "", ""])
    found_parts = (0.1, 0.1, 0.12, 0.09, 0.3, 0.11, 0.18)
    story.append(_table(found, [room * f for f in found_parts], (3,)))
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(width, height), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title=report.title, creator="Backroom", invariant=1)
    doc.build(story)
    return buf.getvalue()
