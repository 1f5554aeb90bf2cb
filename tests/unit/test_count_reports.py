"""The count sheet and the count report as PDF (read back as text) and CSV."""

from __future__ import annotations

import csv
import io

from pypdf import PdfReader

from app.services.counts import counting as counts
from app.services.counts import posting as count_posting
from app.services.counts import reports as count_reports
from tests.unit.count_fixtures import OWNER, make_shop


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_sheet_and_report(session) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "full", actor=OWNER)
    sheet = pdf_text(count_reports.count_sheet(session, made.id))
    assert made.reference in sheet and "KC-1" in sheet and "Expected" in sheet
    blind = counts.create_count(session, "full", blind=True, actor=OWNER)
    assert "Expected" not in pdf_text(count_reports.count_sheet(session, blind.id))
    counts.set_counted(session, made.id, ids["A-01"], "KC-1", 7, actor=OWNER)
    count_posting.post_count(session, made.id, actor=OWNER, unscanned="zero")
    report = pdf_text(count_reports.count_report_pdf(session, made.id))
    assert "short" in report and "not found" in report and "-3" in report
    rows = list(csv.DictReader(io.StringIO(count_reports.count_report_csv(session, made.id))))
    assert {(r["sku"], r["bin"], r["difference"], r["status"]) for r in rows} == {
        ("KC-1", "A-01", "-3", "short"), ("KC-2", "A-01", "-4", "not found"),
        ("KC-3", "B-01", "0", "not counted")}
