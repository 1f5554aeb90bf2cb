"""What this one PC prefers, kept in QSettings beside its scanner set-up: the station's
name, whether the station plays sounds, and the units and date format it shows."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from app.ui.common.i18n import QT_TRANSLATE_NOOP

WEIGHT_UNITS = {
    "g": QT_TRANSLATE_NOOP("common.station_prefs", "grams (g)"),
    "kg": QT_TRANSLATE_NOOP("common.station_prefs", "kilograms (kg)"),
    "oz": QT_TRANSLATE_NOOP("common.station_prefs", "ounces (oz)"),
    "lb": QT_TRANSLATE_NOOP("common.station_prefs", "pounds (lb)"),
}
LENGTH_UNITS = {
    "cm": QT_TRANSLATE_NOOP("common.station_prefs", "centimetres (cm)"),
    "mm": QT_TRANSLATE_NOOP("common.station_prefs", "millimetres (mm)"),
    "in": QT_TRANSLATE_NOOP("common.station_prefs", "inches (in)"),
}
# Qt date formats; "" = the language's own short format.
DATE_FORMATS = {
    "": QT_TRANSLATE_NOOP("common.station_prefs", "as the language writes it"),
    "yyyy-MM-dd": "2026-12-31",
    "dd/MM/yyyy": "31/12/2026",
    "MM/dd/yyyy": "12/31/2026",
    "dd.MM.yyyy": "31.12.2026",
}


def _qs(qs: QSettings | None) -> QSettings:
    return qs if qs is not None else QSettings("Backroom", "Backroom")


@dataclass(frozen=True)
class StationPrefs:
    name: str = ""  # "" = the computer's name (or --station)
    sounds: bool = True
    weight_unit: str = "g"
    length_unit: str = "cm"
    date_format: str = ""


def load_prefs(qs: QSettings | None = None) -> StationPrefs:
    s = _qs(qs)

    def pick(key: str, allowed: dict[str, str], default: str) -> str:
        value = str(s.value(key, default))
        return value if value in allowed else default

    return StationPrefs(
        str(s.value("station/name", "")),
        str(s.value("station/sounds", "true")) == "true",
        pick("formats/weight_unit", WEIGHT_UNITS, "g"),
        pick("formats/length_unit", LENGTH_UNITS, "cm"),
        pick("formats/date_format", DATE_FORMATS, ""),
    )


def save_prefs(prefs: StationPrefs, qs: QSettings | None = None) -> None:
    s = _qs(qs)
    s.setValue("station/name", prefs.name.strip())
    s.setValue("station/sounds", "true" if prefs.sounds else "false")
    s.setValue("formats/weight_unit", prefs.weight_unit)
    s.setValue("formats/length_unit", prefs.length_unit)
    s.setValue("formats/date_format", prefs.date_format)
    s.sync()


def station_name(default: str, qs: QSettings | None = None) -> str:
    """The name this PC was given in Settings, else `default`."""
    return load_prefs(qs).name or default
