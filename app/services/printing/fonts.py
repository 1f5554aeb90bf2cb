"""Fonts for labels: Helvetica (built into every PDF reader) unless the text needs more.

Helvetica covers Western European names (cp1252). A name in Polish, Greek or Cyrillic needs
a TrueType font that is embedded; the first one found on the machine is used for that text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# reportlab ships no type hints (and types-reportlab is no dependency).
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
)


@cache
def _unicode_fonts() -> tuple[str, str] | None:
    for regular, bold in _CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            pdfmetrics.registerFont(TTFont("BackroomSans", regular))
            pdfmetrics.registerFont(TTFont("BackroomSans-Bold", bold))
            return "BackroomSans", "BackroomSans-Bold"
    return None


def _latin(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def font_for(text: str, bold: bool = False) -> str:
    """The font name to draw this text with."""
    if text.isascii() or _latin(text):
        return BOLD if bold else REGULAR
    found = _unicode_fonts()
    if found is None:
        return BOLD if bold else REGULAR
    return found[1] if bold else found[0]
