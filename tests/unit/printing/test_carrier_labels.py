"""Carrier-label PDFs: pages split, text read, each page matched to its order."""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from app.services.core.errors import InvalidInput
from app.services.printing import carrier_labels as cl

# (recipient as the carrier prints it, tracking as printed, order it belongs to)
PAGES = [
    ("JANE MULLER", "9400 1000 0000 0000 0000 01", "#1001"),
    ("JOSÉ GARCÍA", "1Z999AA10123456784", "#1002"),
    ("Ana Ruiz", "", "#1003"),
    ("Kim Lee", "RR123456785GB", "#1004"),
    ("JOHN SMITH", "", None),                   # two orders for a John Smith: ambiguous
    ("Nobody Known", "9400 1000 0000 0000 0000 99", None),
]
CANDIDATES = [
    cl.Candidate("#1001", "Jane Müller", ("9400100000000000000001",)),
    cl.Candidate("#1002", "Jose Garcia"),
    cl.Candidate("#1003", "Ana  Ruiz"),
    cl.Candidate("#1004", "K. Lee", ("RR 123 456 785 GB",)),
    cl.Candidate("#1005", "John Smith"),
    cl.Candidate("#1006", "John Smith"),
    cl.Candidate("#1007", "Someone Else", ("1Z000000000000000",)),
]


def _label_pdf(order: list[int]) -> bytes:
    buf = BytesIO()
    c = Canvas(buf, pagesize=(4 * inch, 6 * inch))
    for i in order:
        name, tracking, _ = PAGES[i]
        c.setFont("Helvetica", 9)
        c.drawString(20, 400, "FROM: KILN & CO, 1 POTTER LANE, BRISTOL")
        c.setFont("Helvetica-Bold", 14)
        c.drawString(20, 330, "SHIP TO:")
        c.drawString(20, 310, name)
        c.drawString(20, 292, "12 MAIN ST")
        c.setFont("Helvetica", 10)
        if tracking:
            c.drawString(20, 120, f"TRACKING # {tracking}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_shuffled_pages_match_their_orders() -> None:
    order = list(range(len(PAGES)))
    random.Random(5).shuffle(order)
    pages = cl.split_pages(_label_pdf(order))
    assert len(pages) == len(PAGES)
    for page, source in zip(pages, order, strict=True):
        one = PdfReader(BytesIO(page.pdf))
        assert len(one.pages) == 1
        assert PAGES[source][0] in one.pages[0].extract_text()
    result = cl.match_pages(pages, CANDIDATES)
    expected = {pos: PAGES[src][2] for pos, src in enumerate(order) if PAGES[src][2]}
    assert {m.page: m.order_ref for m in result.matched} == expected
    by = {m.order_ref: m.by for m in result.matched}
    assert by == {"#1001": "tracking", "#1002": "name", "#1003": "name", "#1004": "tracking"}
    reasons = {PAGES[order[u.page]][0]: u.reason for u in result.unmatched}
    assert set(reasons) == {"JOHN SMITH", "Nobody Known"}
    assert "#1005, #1006" in reasons["JOHN SMITH"]
    page_of = {PAGES[src][0]: pages[pos] for pos, src in enumerate(order)}
    assert page_of["JANE MULLER"].tracking == ("9400100000000000000001",)
    assert page_of["JOSÉ GARCÍA"].tracking == ("1Z999AA10123456784",)
    assert page_of["Kim Lee"].tracking == ("RR123456785GB",)


def test_a_file_that_is_not_a_pdf() -> None:
    with pytest.raises(InvalidInput, match="not a readable PDF"):
        cl.split_pages(b"^XA^XZ", "labels.zpl")


@given(st.text(alphabet=st.characters(categories=("L", "Zs", "Pd", "Po")), max_size=30))
def test_name_normalising_ignores_case_accents_and_punctuation(name: str) -> None:
    once = cl.normalise_name(name)
    assert cl.normalise_name(once) == once
    assert set(once) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert "  " not in once and once == once.strip()


def test_names_compare_across_case_and_accents() -> None:
    assert cl.normalise_name("MÜLLER-LÜDENSCHEIDT, J.") == cl.normalise_name(
        "Müller Lüdenscheidt j") == "muller ludenscheidt j"
