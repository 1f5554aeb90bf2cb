"""Icons for actions and tabs, drawn from the fonts of the qtawesome package (Font Awesome 6):
`icon("orders")`. One fixed table of our action names, so the same thing has the same icon
in the menu, the tab bar and the command palette; an unknown name gives an empty icon.

Drawn when first painted, and kept as PNG files in the user's cache folder (issue 13):
importing qtawesome and loading its fonts took ~0.3 s of every start, for the nine tab icons
and the menus' icons nobody has opened yet. A start then reads the few small pictures it
paints; qtawesome is imported only for a picture not drawn before (a new size, colour,
glyph or qtawesome version).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QRect, QSize, QStandardPaths
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

# qtawesome reaches Qt through qtpy; name the binding so it never picks up another one.
os.environ.setdefault("QT_API", "pyside6")

ICONS: dict[str, str] = {
    # tabs
    "orders": "fa6s.cart-shopping",
    "pack": "fa6s.box-open",
    "label": "fa6s.tag",
    "stock": "fa6s.boxes-stacked",
    "returns": "fa6s.rotate-left",
    "suppliers": "fa6s.truck-field",
    "reconciliation": "fa6s.scale-balanced",
    "insights": "fa6s.chart-line",
    # actions
    "import": "fa6s.file-import",
    "export": "fa6s.file-export",
    "print": "fa6s.print",
    "settings": "fa6s.gear",
    "help": "fa6s.circle-question",
    "guide": "fa6s.book",
    "about": "fa6s.circle-info",
    "backup": "fa6s.floppy-disk",
    "restore": "fa6s.clock-rotate-left",
    "database": "fa6s.database",
    "open": "fa6s.folder-open",
    "refresh": "fa6s.arrows-rotate",
    "search": "fa6s.magnifying-glass",
    "user": "fa6s.user",
    "people": "fa6s.users",
    "lock": "fa6s.lock",
    "quit": "fa6s.right-from-bracket",
    "scanner": "fa6s.barcode",
    "printer": "fa6s.print",
    "keyboard": "fa6s.keyboard",
    "fullscreen": "fa6s.expand",
    "command": "fa6s.terminal",
    "log": "fa6s.file-lines",
    "new": "fa6s.plus",
    "delete": "fa6s.trash-can",
    "demo": "fa6s.wand-magic-sparkles",
    # settings pages
    "store": "fa6s.store",
    "station": "fa6s.desktop",
    "carrier": "fa6s.truck",
    "units": "fa6s.ruler",
    "language": "fa6s.language",
    "legend": "fa6s.palette",
    "today": "fa6s.sun",
}
# The tab titles of the main window and the action names above that draw them.
TAB_ICONS = {"Orders": "orders", "Pick & Pack": "pack", "Labels": "label", "Stock": "stock",
             "Returns": "returns", "Suppliers": "suppliers",
             "Reconciliation": "reconciliation", "Insights": "insights", "Today": "today"}


DISABLED_COLOUR = "#9e9e9e"


def icon(name: str) -> QIcon:
    """The icon for one of our action names (ICONS), coloured for the current palette."""
    glyph = ICONS.get(name)
    if glyph is None:
        return QIcon()
    return _lazy(glyph, _text_colour())


def _text_colour() -> str:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "#333333"
    return app.palette().color(QPalette.ColorRole.WindowText).name()


@cache
def _lazy(glyph: str, colour: str) -> QIcon:
    return QIcon(_GlyphEngine(glyph, colour))


# The engines Qt holds (a QIcon owns its engine on the C++ side; kept here too, so Python
# never collects one Qt still draws with).
_ENGINES: list[QIconEngine] = []


class _GlyphEngine(QIconEngine):
    """A qtawesome glyph, drawn (or read from the cache folder) only when Qt paints it."""

    def __init__(self, glyph: str, colour: str) -> None:
        super().__init__()
        self.glyph, self.colour = glyph, colour
        _ENGINES.append(self)

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.glyph, self.colour)

    def isNull(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def key(self) -> str:
        return "backroom-glyph"

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return _picture(self.glyph, self.colour, size, mode, state)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802
                     scale: float) -> QPixmap:
        scaled = QSize(round(size.width() * scale), round(size.height() * scale))
        picture = _picture(self.glyph, self.colour, scaled, mode, state)
        if scale != 1.0:
            picture = QPixmap(picture)  # the cached one keeps its own ratio
            picture.setDevicePixelRatio(scale)
        return picture

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        picture = self.scaledPixmap(rect.size(), mode, state, scale)
        painter.drawPixmap(rect, picture)


_PICTURES: dict[tuple[str, str, int, int, int, int], QPixmap] = {}


def _picture(glyph: str, colour: str, size: QSize, mode: QIcon.Mode,
             state: QIcon.State) -> QPixmap:
    """The glyph at this size: from memory, else the cache folder, else qtawesome."""
    width, height = size.width(), size.height()
    key = (glyph, colour, width, height, int(mode.value), int(state.value))
    found = _PICTURES.get(key)
    if found is not None:
        return found
    if width <= 0 or height <= 0:
        return QPixmap()
    folder = _cache_folder()
    name = "-".join(str(part) for part in key).replace(".", "_").replace("#", "") + ".png"
    path = folder / name if folder is not None else None
    picture = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
    if picture.isNull():
        picture = _drawn(glyph, colour).pixmap(size, mode, state)
        if path is not None:
            _save(picture, path)
    _PICTURES[key] = picture
    return picture


def _save(picture: QPixmap, path: Path) -> None:
    """Into the cache folder, atomically (two windows may draw the same picture at once);
    a folder we may not write to only costs the next start the drawing again."""
    partial = path.with_name(f"{path.stem}.{os.getpid()}.part.png")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        if picture.save(str(partial), "PNG"):
            os.replace(partial, path)
        partial.unlink(missing_ok=True)


@cache
def _cache_folder() -> Path | None:
    """<user cache>/icons/<qtawesome's build>: a new qtawesome draws afresh (found without
    importing it: that is what the cache saves)."""
    import importlib.util

    spec = importlib.util.find_spec("qtawesome")
    if spec is None or spec.origin is None:
        return None
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    if not base:
        return None
    try:
        stat = Path(spec.origin).stat()
    except OSError:   # a packaged app keeps no source: its own build is the key
        stat = Path(sys.executable).stat()
    stamp = hashlib.sha256(f"{spec.origin} {stat.st_mtime_ns} {stat.st_size}".encode())
    return Path(base) / "Backroom" / "icons" / stamp.hexdigest()[:12]


@cache
def _drawn(glyph: str, colour: str) -> QIcon:
    import qtawesome  # type: ignore[import-untyped]

    drawn: QIcon = qtawesome.icon(glyph, color=colour, color_disabled=DISABLED_COLOUR)
    return drawn


def set_tab_icons(tabs: QTabWidget, by_title: dict[str, QWidget]) -> None:
    """An icon on each tab, found by its English title (the shown text may be translated)."""
    for title, widget in by_title.items():
        index = tabs.indexOf(widget)
        if index >= 0 and title in TAB_ICONS:
            tabs.setTabIcon(index, icon(TAB_ICONS[title]))
