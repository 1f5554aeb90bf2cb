"""The look: Fusion style everywhere (the same spacing on every platform), a dark palette
when the system is dark (Qt 6.5+ `styleHints().colorScheme()`, followed as it changes) or
when this PC chose dark in Settings, and our own colours kept readable on it.

Widgets colour their messages with fixed colours made for a light window ("color: #b00020"
red, "#1b5e20" green, "#333" grey). On a dark palette those are hard to read, so while dark
every style sheet's text colour that is too dark is lifted to the same hue, lighter, when
the sheet is set (`_Lighten`); `readable()` does the same for colours a model hands out."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEME_KEY = "ui/theme"          # system | light | dark
THEMES = ("system", "light", "dark")
_COLOUR = re.compile(r"(?<![-\w])(color\s*:\s*)(#[0-9a-fA-F]{3,6})\b")


def chosen_theme(qs: QSettings | None = None) -> str:
    value = str((qs or QSettings("Backroom", "Backroom")).value(THEME_KEY, "system"))
    return value if value in THEMES else "system"


def is_dark(app: QGuiApplication | None = None) -> bool:
    """Whether the window is dark now (the palette says, whatever made it so)."""
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QGuiApplication):
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {role.Window: "#2b2b2b", role.WindowText: "#e8e8e8", role.Base: "#1f1f1f",
               role.AlternateBase: "#2a2a2a", role.ToolTipBase: "#3a3a3a",
               role.ToolTipText: "#f0f0f0", role.PlaceholderText: "#9a9a9a",
               role.Text: "#e8e8e8", role.Button: "#353535", role.ButtonText: "#e8e8e8",
               role.BrightText: "#ff6b6b", role.Light: "#4a4a4a", role.Midlight: "#3e3e3e",
               role.Mid: "#303030", role.Dark: "#1a1a1a", role.Shadow: "#000000",
               role.Highlight: "#2f65ca", role.HighlightedText: "#ffffff",
               role.Link: "#7fb2ff", role.LinkVisited: "#b89cff"}
    for r, colour in colours.items():
        p.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return p


def readable(colour: str | QColor, *, background: bool = False) -> QColor:
    """`colour` as made for a light window, adjusted for the current one: on a dark palette a
    dark text colour gets lighter and a light background darker, keeping its hue."""
    c = QColor(colour)
    if not is_dark():
        return c
    h, s, lightness, a = c.hslHue(), c.hslSaturation(), c.lightness(), c.alpha()
    if background and lightness > 110:
        return QColor.fromHsl(h, min(s, 160), 255 - lightness + 40, a)
    if not background and lightness < 150:
        return QColor.fromHsl(h, s, max(170, 255 - lightness), a)
    return c


def _lifted(sheet: str) -> str:
    return _COLOUR.sub(lambda m: m.group(1) + readable(m.group(2)).name(), sheet)


class _Lighten(QObject):
    """While dark: every style sheet a widget is given has its dark text colours lifted."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.Polish) \
                and isinstance(watched, QWidget) and is_dark():
            sheet = watched.styleSheet()
            if sheet and "color" in sheet:
                lifted = _lifted(sheet)
                if lifted != sheet:   # lifted colours are light already: no second round
                    watched.setStyleSheet(lifted)
        return False


def apply_theme(app: QApplication, theme: str | None = None) -> bool:
    """Fusion, and the palette the theme (or the system) asks for; returns True when dark.
    Called once at start; it follows the system's light/dark switch from then on."""
    app.setStyle("Fusion")   # a style's name, not a word: never translated
    theme = theme or chosen_theme()
    hints = app.styleHints()
    dark = theme == "dark" or (theme == "system"
                               and hints.colorScheme() == Qt.ColorScheme.Dark)
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    lighten = getattr(app, "_backroom_lighten", None)
    if lighten is None:
        lighten = _Lighten(app)
        app._backroom_lighten = lighten  # type: ignore[attr-defined]  # lives with the app
        hints.colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    # Only while dark: a filter on the application sees every event of every widget.
    app.removeEventFilter(lighten)
    if dark:
        app.installEventFilter(lighten)
        for widget in app.allWidgets():
            sheet = widget.styleSheet()
            if sheet and "color" in sheet:
                widget.setStyleSheet(_lifted(sheet))
    return dark
