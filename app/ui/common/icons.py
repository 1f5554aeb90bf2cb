"""Icons for actions and tabs, drawn from the fonts of the qtawesome package (Font Awesome 6):
`icon("orders")`. One fixed table of our action names, so the same thing has the same icon
in the menu, the tab bar and the command palette; an unknown name gives an empty icon."""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtGui import QIcon, QPalette
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


def icon(name: str) -> QIcon:
    """The icon for one of our action names (ICONS), coloured for the current palette."""
    glyph = ICONS.get(name)
    if glyph is None:
        return QIcon()
    return _drawn(glyph, _text_colour())


def _text_colour() -> str:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "#333333"
    return app.palette().color(QPalette.ColorRole.WindowText).name()


@cache
def _drawn(glyph: str, colour: str) -> QIcon:
    import qtawesome  # type: ignore[import-untyped]

    drawn: QIcon = qtawesome.icon(glyph, color=colour, color_disabled="#9e9e9e")
    return drawn


def set_tab_icons(tabs: QTabWidget, by_title: dict[str, QWidget]) -> None:
    """An icon on each tab, found by its English title (the shown text may be translated)."""
    for title, widget in by_title.items():
        index = tabs.indexOf(widget)
        if index >= 0 and title in TAB_ICONS:
            tabs.setTabIcon(index, icon(TAB_ICONS[title]))
