"""Numbers, money, dates, weights and sizes as this PC shows them: written the chosen
language's way (QLocale, set by i18n.install) in the units and date format chosen in
Settings ▸ Units and formats. Table models and figures use these, never strftime or f"{n} g".

The choices are read once and kept (a table asks for every cell, and reading QSettings
costs ~70 µs); Settings calls `forget()` after saving them, and they are read again after
each i18n.install (a start), so the next refresh of a list shows the new units.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from app.ui.common import i18n
from app.ui.common.money_text import money_text
from app.ui.common.station_prefs import StationPrefs, load_prefs

__all__ = ["date_text", "datetime_text", "forget", "length_text", "money_text", "number_text",
           "weight_text"]

# Grams per unit and millimetres per unit, exact (an ounce is 28.349523125 g).
_GRAMS = {"g": Decimal(1), "kg": Decimal(1000), "oz": Decimal("28.349523125"),
          "lb": Decimal("453.59237")}
_MILLIMETRES = {"mm": Decimal(1), "cm": Decimal(10), "in": Decimal("25.4")}
# Digits after the point worth showing in each unit (a gram, a tenth of an ounce).
_DIGITS = {"g": 0, "kg": 3, "oz": 1, "lb": 2, "mm": 0, "cm": 1, "in": 1}

_prefs: StationPrefs | None = None
_read_at_install = -1   # i18n.installs when _prefs was read


def forget() -> None:
    """Read the chosen units and date format again when next needed (Settings saved them)."""
    global _prefs  # noqa: PLW0603 (one set of choices per PC, read by every cell)
    _prefs = None


def _chosen() -> StationPrefs:
    global _prefs, _read_at_install  # noqa: PLW0603
    if _prefs is None or _read_at_install != i18n.installs:
        _prefs, _read_at_install = load_prefs(), i18n.installs
    return _prefs


def number_text(value: int) -> str:
    """A count with the language's digit grouping: 12,345 (or 12.345, 12 345)."""
    return QLocale().toString(value)


def _decimal_text(value: Decimal, digits: int) -> str:
    """`value` rounded to `digits` places, trailing zeros dropped, the language's point."""
    rounded = value.quantize(Decimal(1).scaleb(-digits)) if digits else value.quantize(1)
    text = QLocale().toString(int(rounded)) if digits == 0 else \
        QLocale().toString(float(rounded), "f", digits)
    if digits and QLocale().decimalPoint() in text:
        text = text.rstrip("0").rstrip(QLocale().decimalPoint())
    return text


def weight_text(grams: int, unit: str | None = None) -> str:
    """A weight kept in grams, in the chosen unit: '1.25 kg', '2.76 lb', '850 g'."""
    unit = unit or _chosen().weight_unit
    return f"{_decimal_text(Decimal(grams) / _GRAMS[unit], _DIGITS[unit])} {unit}"


def length_text(millimetres: int, unit: str | None = None) -> str:
    """A size kept in millimetres, in the chosen unit: '30 cm', '11.8 in'."""
    unit = unit or _chosen().length_unit
    return f"{_decimal_text(Decimal(millimetres) / _MILLIMETRES[unit], _DIGITS[unit])} {unit}"


def _date_format() -> str:
    return _chosen().date_format or QLocale().dateFormat(QLocale.FormatType.ShortFormat)


def date_text(day: date) -> str:
    """A day in the chosen date format (by default the language's short one: 2026/11/23 in
    Chinese, 11/23/26 in English)."""
    return QLocale().toString(QDate(day.year, day.month, day.day), _date_format())


def datetime_text(moment: datetime, seconds: bool = False) -> str:
    """A moment in this PC's time zone: the chosen date, then the language's short time."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    time_format = QLocale().timeFormat(QLocale.FormatType.ShortFormat)
    if seconds and ":ss" not in time_format:
        time_format = time_format.replace("mm", "mm:ss", 1)
    when = QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute, local.second))
    return QLocale().toString(when, f"{_date_format()} {time_format}")
