"""The language of the window: Qt's translation files, the chosen locale, and the setting.

Every visible string goes through `translate("context", "text")` (or `QT_TRANSLATE_NOOP`
for a module-level constant, translated where it is shown). pyside6-lupdate finds both call
forms by name, so the .ts file under translations/ lists every string; `make translations`
turns it into the .qm file loaded here. Text with values uses placeholders, never an
f-string (lupdate cannot extract those): `translate("orders.tab", "{count} shown").format(...)`.

The context is the module's path under app/ui ("orders.tab", "packing.station"); table
column titles use the shared context "Column" and are translated by the table models.
`self.tr()` is not used: PySide looks it up under the class of the *instance*, so a string
in a base class would never be found for a subclass.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTime,
    QTranslator,
)

__all__ = ["LANGUAGES", "QT_TRANSLATE_NOOP", "current_language", "install", "local_time",
           "long_time", "set_language", "translate"]

SETTING = "ui/language"
DEFAULT = "en"
# The languages a person can choose, with their names as a speaker of each writes them.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

_log = logging.getLogger(__name__)
_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators
_qm_data: list[bytes] = []          # the loaded .qm's bytes, which Qt does not copy


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark a module-level `text` for lupdate (which reads this name); translate it where it
    is shown: `translate(context, TEXT)`. Typed, unlike PySide6's (which returns object)."""
    del context
    return text


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the chosen language (itself when there is no translation)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def local_time(moment: datetime, seconds: bool = False) -> str:
    """A moment in this PC's time zone, year first (the same in English and Chinese).
    Lists and figures use common/formats.datetime_text (the chosen date format) instead."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def long_time(moment: datetime) -> str:
    """A moment with its weekday and month in the chosen language ("Tue 1 Dec 2026, 07:13";
    "周二 2026年12月1日 07:13")."""
    local = moment.astimezone()
    when = QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute))
    return QLocale().toString(when, translate("common.i18n", "ddd d MMM yyyy, HH:mm"))


def translations_folder() -> Path:
    """translations/ beside the `app` package (in a PyInstaller build: in its data folder)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return base / "translations"


def _settings(qs: QSettings | None) -> QSettings:
    return qs if qs is not None else QSettings("Backroom", "Backroom")


def current_language(qs: QSettings | None = None) -> str:
    """The stored choice ("en" when none or unknown)."""
    code = str(_settings(qs).value(SETTING, DEFAULT) or DEFAULT)
    return code if code in LANGUAGES else DEFAULT


def set_language(code: str, qs: QSettings | None = None) -> bool:
    """Store the choice for the next start; True when it differs from the running language
    (the caller says "applies after a restart": tabs are built once, with their words)."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    settings = _settings(qs)
    settings.setValue(SETTING, code)
    settings.sync()
    return code != _running


_running = DEFAULT
installs = 0   # how many times install() ran (this process's starts, and the tests')


def install(code: str | None = None) -> str:
    """Load the language's translations into the application and make its locale the
    default (numbers, money and dates). Call once after QApplication exists, before any
    window is built. Returns the code installed."""
    global _running, installs  # noqa: PLW0603 (one language per process, read by set_language)
    app = QCoreApplication.instance()
    assert app is not None, "install() needs the QApplication"
    code = code or current_language()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(code if code != DEFAULT else "en_US"))
    _running = code
    installs += 1   # common/formats.py reads the chosen units and date format again
    if code == DEFAULT:
        return code
    ours = QTranslator(app)
    # From a copy in memory, not the file: QTranslator maps a file it loads, and a .qm
    # rewritten while the window runs (`make translations`, an update) then crashed the
    # next translate() (issue 19: the Chinese screenshot runs that died with SIGSEGV).
    qm = translations_folder() / f"backroom_{code}.qm"
    data = qm.read_bytes() if qm.is_file() else b""
    if data and ours.load(data):
        _qm_data[:] = [data]    # Qt reads these bytes for as long as the translator lives
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        _log.warning("no translation file backroom_%s.qm in %s (run `make translations`)",
                     code, translations_folder())
    # Qt's own words: the standard buttons (OK, Cancel, Yes, No), file dialogs, context menus.
    qt = QTranslator(app)
    if qt.load(QLocale(code), "qtbase", "_",
               QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return code
