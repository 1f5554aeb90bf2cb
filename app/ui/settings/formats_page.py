"""Settings ▸ Units and formats (weight, length, date; light or dark) and ▸ Language. Both
are this PC's choices, kept in QSettings; a new language or theme applies after a restart."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.common import formats, i18n
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.station_prefs import (
    DATE_FORMATS,
    LENGTH_UNITS,
    WEIGHT_UNITS,
    load_prefs,
    save_prefs,
)
from app.ui.common.theme import THEME_KEY, chosen_theme

THEME_TITLES = {
    "system": QT_TRANSLATE_NOOP("settings.formats_page", "As the system (light or dark)"),
    "light": QT_TRANSLATE_NOOP("settings.formats_page", "Light"),
    "dark": QT_TRANSLATE_NOOP("settings.formats_page", "Dark"),
}


def _combo(
    choices: dict[str, str], current: str, context: str = "settings.formats_page"
) -> QComboBox:
    combo = QComboBox()
    for key, title in choices.items():
        combo.addItem(translate(context, title), key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _form(rows: list[tuple[str, QWidget]]) -> QFormLayout:
    form = QFormLayout()
    for title, widget in rows:
        label = QLabel(translate("settings.formats_page", title))
        label.setBuddy(widget)
        form.addRow(label, widget)
    return form


class FormatsPage(QWidget):
    def __init__(self, qsettings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.qsettings = qsettings
        prefs = load_prefs(qsettings)
        self.weight = _combo(WEIGHT_UNITS, prefs.weight_unit, "common.station_prefs")
        self.length = _combo(LENGTH_UNITS, prefs.length_unit, "common.station_prefs")
        self.date_format = _combo(DATE_FORMATS, prefs.date_format, "common.station_prefs")
        self.theme = _combo(THEME_TITLES, chosen_theme(qsettings))
        self.save_button = QPushButton(translate("settings.formats_page", "&Save"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(
            _form(
                [
                    (QT_TRANSLATE_NOOP("settings.formats_page", "&Weights in"), self.weight),
                    (QT_TRANSLATE_NOOP("settings.formats_page", "&Sizes in"), self.length),
                    (QT_TRANSLATE_NOOP("settings.formats_page", "&Dates as"), self.date_format),
                    (QT_TRANSLATE_NOOP("settings.formats_page", "&Look"), self.theme),
                ]
            )
        )
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.save_button.clicked.connect(self.on_save)

    def on_save(self) -> None:
        prefs = replace(
            load_prefs(self.qsettings),
            weight_unit=self.weight.currentData(),
            length_unit=self.length.currentData(),
            date_format=self.date_format.currentData(),
        )
        save_prefs(prefs, self.qsettings)
        formats.forget()   # lists show the new units at their next refresh
        qs = self.qsettings if self.qsettings is not None else QSettings("Backroom", "Backroom")
        qs.setValue(THEME_KEY, self.theme.currentData())
        qs.sync()
        self.status.setText(
            translate(
                "settings.formats_page",
                "Saved for this PC. Lists show the new units and dates when they refresh; "
                "a new look applies after a restart."
            )
        )


class LanguagePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = _combo(i18n.LANGUAGES, i18n.current_language(), "common.i18n")
        self.save_button = QPushButton(translate("settings.formats_page", "&Save"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(
            _form([(QT_TRANSLATE_NOOP("settings.formats_page", "&Language"), self.language)])
        )
        layout.addWidget(
            QLabel(
                translate(
                    "settings.formats_page",
                    "Menus, tabs and messages in this language, and numbers, "
                    "money and dates written its way.",
                )
            )
        )
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.save_button.clicked.connect(self.on_save)

    def on_save(self) -> bool:
        """Store the choice; returns whether a restart is needed to see it."""
        changed = i18n.set_language(self.language.currentData())
        self.status.setText(
            translate("settings.formats_page", "Saved. Restart Backroom to use it.")
            if changed
            else translate("settings.formats_page", "Saved: this is the language in use.")
        )
        return changed
