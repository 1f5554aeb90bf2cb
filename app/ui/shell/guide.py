"""The user guide's pages: docs/guide/*.md beside the `app` package (in a PyInstaller build,
in its data folder, where packaging/backroom.spec puts them), which page belongs to which
tab, and finding the pages that hold some words."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale

# The pages in reading order (file stem). A tab's F1 opens its page.
ORDER = ("getting-started", "orders", "pick-and-pack", "labels", "stock-and-counts",
         "returns", "suppliers", "reconciliation", "insights", "people-and-backups",
         "keyboard-shortcuts")
TAB_PAGES = {"Orders": "orders", "Pick & Pack": "pick-and-pack", "Labels": "labels",
             "Stock": "stock-and-counts", "Returns": "returns", "Suppliers": "suppliers",
             "Reconciliation": "reconciliation", "Insights": "insights", "Today": "insights"}
START = "getting-started"
SHORTCUTS = "keyboard-shortcuts"


def guide_folder() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return base / "docs" / "guide"


@dataclass(frozen=True)
class Page:
    name: str       # the file stem: "orders"
    title: str      # its first heading
    text: str       # the Markdown

    def words(self) -> str:
        return self.text.lower()


def _title(text: str, name: str) -> str:
    match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else name.replace("-", " ").capitalize()


def load_pages(folder: Path | None = None) -> list[Page]:
    """Every page, in ORDER first and any others after, by name."""
    folder = folder or guide_folder()
    files = {p.stem: p for p in folder.glob("*.md")} if folder.is_dir() else {}
    # The chosen language's page where there is one (docs/guide/zh_CN/), else the English.
    translated = folder / QLocale().name()
    if translated.is_dir():
        files.update({p.stem: p for p in translated.glob("*.md")})
    names = [n for n in ORDER if n in files] + sorted(set(files) - set(ORDER))
    pages = []
    for name in names:
        text = files[name].read_text(encoding="utf-8")
        pages.append(Page(name, _title(text, name), text))
    return pages


def matching(pages: list[Page], query: str) -> list[Page]:
    """The pages that hold every word of `query` (any case); all pages for no words."""
    words = query.lower().split()
    return [p for p in pages if all(w in p.words() for w in words)]


def page_for_tab(title: str) -> str:
    return TAB_PAGES.get(title, START)
