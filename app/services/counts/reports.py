"""Paper and files for a count: the count sheet to print, the report as PDF and CSV."""

from __future__ import annotations

import io

# reportlab ships no type hints (and types-reportlab is no dependency).
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CountLine, Location, Product, StockCount, StockLevel
from app.money import format_money
from app.services.core import csv_out
from app.services.core.errors import NotFound
from app.services.counts.posting import Review, review
from app.services.printing import label_records, sizes
from app.services.printing.pdf_documents import count_sheet_pdf


def count_sheet(session: Session, count_id: int, *, page: str = "a4") -> bytes:
    """A sheet to count on paper, bin by bin in walking order; expected only if not blind."""
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(f"No stock count {count_id}.")
    rows = session.execute(
        select(Location.code, Product.sku, Product.name, CountLine.expected,
               StockLevel.on_hand)
        .join(Location, Location.id == CountLine.location_id)
        .join(Product, Product.id == CountLine.product_id)
        .outerjoin(StockLevel, (StockLevel.product_id == CountLine.product_id)
                   & (StockLevel.location_id == CountLine.location_id))
        .where(CountLine.count_id == count_id)
        .order_by(Location.path_order, Location.code, Product.sku)).all()
    lines = tuple(label_records.CountLine(code, sku, name,
                                          expected if expected is not None else (now or 0))
                  for code, sku, name, expected, now in rows)
    created = f"{count.description} · created {count.created_at:%Y-%m-%d} by {count.created_by}"
    if count.assigned_to:
        created += f" · counter: {count.assigned_to}"
    sheet = label_records.CountSheet(f"Count sheet {count.reference}", lines,
                                     show_expected=not count.blind,
                                     reference=count.reference, created=created)
    return count_sheet_pdf(sheet, sizes.layout(page))


def _money(by_currency: dict[str, int]) -> str:
    return ", ".join(format_money(v, c) for c, v in sorted(by_currency.items())) or "0"


def report_csv(result: Review) -> str:
    """The review as CSV; names and SKUs that look like formulas are kept as text."""
    return csv_out.csv_text(
        ["count", "bin", "sku", "name", "expected", "counted", "moves_since", "difference",
         "value", "currency", "status", "recount"],
        ([result.reference, r.bin, r.sku, r.name, r.expected, r.counted, r.moves_since,
          r.difference, format_money(r.value_minor, r.currency).replace("\u00a0", " "),
          r.currency, r.status, "yes" if r.flagged else ""] for r in result.lines),
        lineterminator="\n")


def count_report_csv(session: Session, count_id: int) -> str:
    return report_csv(review(session, count_id))


def count_report_pdf(session: Session, count_id: int) -> bytes:
    """The count's summary by status and every line with a difference, as an A4 PDF."""
    result = review(session, count_id)
    count = session.get(StockCount, count_id)
    assert count is not None
    styles = getSampleStyleSheet()
    story = [Paragraph(f"Stock count {result.reference} — {count.description}",
                       styles["Title"]),
             Paragraph(f"Status: {result.status}. Bins counted: {result.bins_begun}. "
                       f"Net difference: {result.net_units:+d} units, "
                       f"{_money(result.net_value)} at cost. "
                       f"Lines flagged for recount: {result.flagged}.", styles["Normal"]),
             Spacer(1, 5 * mm)]
    summary = [["Result", "Lines", "Units", "Value at cost"]]
    for status, (n, units, value) in sorted(result.by_status.items()):
        summary.append([status, str(n), f"{units:+d}", _money(value)])
    story += [_table(summary, [45, 25, 25, 60]), Spacer(1, 6 * mm)]
    head = ["Bin", "SKU", "Expected", "Counted", "Moved since", "Diff", "Value", "Result"]
    rows = [head] + [[r.bin, r.sku, _num(r.expected), _num(r.counted), f"{r.moves_since:+d}",
                      f"{r.difference:+d}", format_money(r.value_minor, r.currency),
                      r.status + (" · recount" if r.flagged else "")]
                     for r in result.lines if r.difference or r.status != "ok"]
    if len(rows) == 1:
        rows.append(["", "Every counted line matched.", "", "", "", "", "", ""])
    story.append(_table(rows, [22, 30, 18, 18, 20, 14, 26, 32]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=f"Count {result.reference}",
                      leftMargin=12 * mm, rightMargin=12 * mm).build(story)
    return out.getvalue()


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def _table(rows: list[list[str]], widths_mm: list[float]) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths_mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
    ]))
    return table
