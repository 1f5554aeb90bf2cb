"""Carrier labels bought elsewhere (Pirate Ship, ShipStation, Shopify Shipping): one label per
PDF page. Split the file into pages, read each page's text, and find the order it belongs to:
by tracking number first, then by the recipient's name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from app.services.core.errors import InvalidInput


@dataclass(frozen=True)
class CarrierPage:
    index: int          # 0-based page number in the imported file
    pdf: bytes          # that page alone, as a one-page PDF
    text: str
    tracking: tuple[str, ...]   # tracking numbers recognised in the text (spaces removed)


@dataclass(frozen=True)
class Candidate:
    order_ref: str
    recipient: str
    tracking: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageMatch:
    page: int
    order_ref: str
    by: str             # "tracking" or "name"


@dataclass(frozen=True)
class Unmatched:
    page: int
    reason: str


@dataclass(frozen=True)
class MatchResult:
    matched: tuple[PageMatch, ...]
    unmatched: tuple[Unmatched, ...]


# Shapes of tracking numbers printed on labels: UPS 1Z..., USPS 20-22 digits starting 9x,
# UPU S10 (Royal Mail, Deutsche Post, La Poste ...: two letters, 9 digits, country).
_TRACKING = (
    re.compile(r"\b1Z[0-9A-Z]{16}\b"),
    re.compile(r"\b9[1-5](?:\s?\d){18,24}\b"),
    re.compile(r"\b[A-Z]{2}\d{9}[A-Z]{2}\b"),
)


def split_pages(data: bytes, name: str = "the file") -> list[CarrierPage]:
    """Each page of a label PDF as its own one-page PDF, with its text."""
    try:
        reader = PdfReader(BytesIO(data))
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidInput(f"{name} is not a readable PDF ({exc}).") from None
    if not pages:
        raise InvalidInput(f"{name} has no pages.")
    out = []
    for index, page in enumerate(pages):
        writer = PdfWriter()
        writer.add_page(page)
        buf = BytesIO()
        writer.write(buf)
        text = page.extract_text() or ""
        out.append(CarrierPage(index, buf.getvalue(), text, find_tracking(text)))
    return out


def find_tracking(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for pattern in _TRACKING:
        for m in pattern.finditer(text.upper()):
            number = re.sub(r"\s", "", m.group(0))
            if number not in found:
                found.append(number)
    return tuple(found)


def normalise_name(text: str) -> str:
    """Lower case, accents and punctuation gone, single spaces: 'Müller-Lüdenscheidt, J.'
    and 'MULLER LUDENSCHEIDT J' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def _compact(text: str) -> str:
    return re.sub(r"[\s-]", "", text.upper())


def match_pages(pages: Sequence[CarrierPage], candidates: Sequence[Candidate]) -> MatchResult:
    """Link each page to one order: a tracking number on the page wins; else the recipient's
    name, if exactly one order's recipient appears; otherwise the page is left to the user."""
    by_tracking = {_compact(t): c for c in candidates for t in c.tracking if t.strip()}
    names = [(normalise_name(c.recipient), c) for c in candidates if c.recipient.strip()]
    matched: list[PageMatch] = []
    unmatched: list[Unmatched] = []
    for page in pages:
        compact = _compact(page.text)
        hit = next((c for t, c in by_tracking.items() if t and t in compact), None)
        if hit is not None:
            matched.append(PageMatch(page.index, hit.order_ref, "tracking"))
            continue
        words = f" {normalise_name(page.text)} "
        refs = sorted({c.order_ref for name, c in names if name and f" {name} " in words})
        if len(refs) == 1:
            matched.append(PageMatch(page.index, refs[0], "name"))
        elif refs:
            unmatched.append(Unmatched(page.index, "The name fits several orders: "
                                       + ", ".join(refs)))
        elif not page.text.strip():
            unmatched.append(Unmatched(page.index, "The page has no text (a scanned image)."))
        else:
            unmatched.append(Unmatched(page.index, "No order's tracking number or recipient "
                                       "is on this page."))
    return MatchResult(tuple(matched), tuple(unmatched))
