"""The database opened at start when no --db is given: kept in the station's settings.

Only QtCore: main.py reads it before the widgets are imported, to open the database early.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

KEY = "database/url"


def _settings(qs: QSettings | None) -> QSettings:
    return qs if qs is not None else QSettings("Backroom", "Backroom")


def remember_database(url: str, qs: QSettings | None = None) -> None:
    """Open this database at the next start (when no --db is given). Pass the URL without
    its password unless the person chose to keep it on this PC."""
    _settings(qs).setValue(KEY, url)


def remembered_database(qs: QSettings | None = None) -> str | None:
    value = _settings(qs).value(KEY, "")
    return str(value) if value else None


def forget_database(qs: QSettings | None = None) -> None:
    _settings(qs).remove(KEY)
