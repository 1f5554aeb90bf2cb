"""The Audit screen: who did what, where and when — filtered, paged, exported; read-only.

The list is a keyset-paged model (newest first; the next page starts below the last id
seen), so a trail of millions of events opens as fast as one of ten. Nothing here edits
an event, and the database would refuse if anything tried.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.people import trail
from app.ui.common.column_widths import fit_columns
from app.ui.common.formats import datetime_text
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.messages import error_text
from app.ui.common.paged_model import Column, PagedTableModel
from app.ui.common.qt_helpers import python_date
from app.ui.common.words import detail_words, entity_words, event_words

AUDIT_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Column",
        "When"), lambda r: datetime_text(r.at, seconds=True)),
    Column(QT_TRANSLATE_NOOP("Column", "User"), lambda r: r.user),
    Column(QT_TRANSLATE_NOOP("Column", "Station"), lambda r: r.station),
    Column(QT_TRANSLATE_NOOP("Column", "What"), lambda r: event_words(r.action)),
    Column(QT_TRANSLATE_NOOP("Column", "On"), lambda r: f"{entity_words(r.entity)} {r.entity_id}"
           if r.entity_id else entity_words(r.entity)),
    Column("SKU", lambda r: r.sku),
    Column(QT_TRANSLATE_NOOP("Column", "Order"), lambda r: r.order_number),
    Column(QT_TRANSLATE_NOOP("Column", "Details"), lambda r: details_words(r.details)),
)


def details_words(details: str) -> str:
    """An event's details as "key: value, ..." with the keys in the chosen language (the
    values are what was recorded: names, numbers, notes)."""
    if not details:
        return ""
    try:
        data = json.loads(details)
    except ValueError:
        return details
    if not isinstance(data, dict):
        return str(data)
    separator = translate("people.audit_screen", ", ")
    return separator.join(translate("people.audit_screen", "{key}: {value}").format(
        key=detail_words(k), value=v) for k, v in data.items())


def _combo(placeholder: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = box.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
    box.setMinimumWidth(120)
    return box


class AuditScreen(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(translate("people.audit_screen", "Audit trail"))
        self.user = _combo(translate("people.audit_screen", "any user"))
        self.station = _combo(translate("people.audit_screen", "any station"))
        self.kind = _combo(translate("people.audit_screen", "anything"))
        self.order = QLineEdit()
        self.order.setPlaceholderText(translate("people.audit_screen", "order number"))
        self.sku = QLineEdit()
        self.sku.setPlaceholderText("SKU")
        for edit in (self.order, self.sku):
            edit.setClearButtonEnabled(True)
        self.use_since = QCheckBox(translate("people.audit_screen", "&Since"))
        self.since = QDateEdit(QDate.currentDate().addDays(-7))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.apply_button = QPushButton(translate("people.audit_screen", "&Show"))
        self.export_button = QPushButton(translate("people.audit_screen", "E&xport CSV…"))
        self.status = QLabel()
        self._cursors: dict[int, int] = {}
        self._filter = trail.AuditFilter()
        self.model: PagedTableModel[trail.AuditRow] = PagedTableModel(AUDIT_COLUMNS,
                                                                      self._fetch)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 90, 100, 140, 110, 100, 90)):
            self.table.setColumnWidth(col, width)
        fit_columns(self.table, "people/audit")

        filters = QHBoxLayout()
        for label, widget in ((translate("people.audit_screen",
            "&User"), self.user), (translate("people.audit_screen",
            "S&tation"), self.station),
                              (translate("people.audit_screen", "&What"), self.kind)):
            tag = QLabel(label)
            tag.setBuddy(widget)
            filters.addWidget(tag)
            filters.addWidget(widget)
        filters.addWidget(self.order)
        filters.addWidget(self.sku)
        filters.addWidget(self.use_since)
        filters.addWidget(self.since)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.apply_button.clicked.connect(lambda: self.refresh())  # noqa: PLW0108
        self.export_button.clicked.connect(lambda: self.export())  # noqa: PLW0108
        for edit in (self.order, self.sku):
            edit.returnPressed.connect(self.refresh)
        for box in (self.user, self.station, self.kind):
            line = box.lineEdit()
            if line is not None:
                line.returnPressed.connect(self.refresh)
            box.activated.connect(lambda _i: self.refresh())
        self.use_since.toggled.connect(lambda _on: self.refresh())
        self.since.dateChanged.connect(lambda _d: self.refresh()
                                       if self.use_since.isChecked() else None)
        self.resize(1200, 640)
        self.refresh()

    def current_filter(self) -> trail.AuditFilter:
        since = (datetime.combine(python_date(self.since.date()), time(0, 0)).astimezone(UTC)
                 if self.use_since.isChecked() else None)
        return trail.AuditFilter(user=self.user.currentText(), station=self.station.currentText(),
                                 kind=self._kind(), order=self.order.text(),
                                 sku=self.sku.text(), since=since)

    def _kind(self) -> str:
        """What happened, as the database names it: a chosen event's name (shown in words),
        or what was typed."""
        text = self.kind.currentText()
        found = self.kind.findText(text)
        return str(self.kind.itemData(found) or "") if found > 0 else text

    def _fill_choices(self) -> None:
        choices = self.backend.read(trail.filter_choices)
        for box, values in ((self.user, choices.users), (self.station, choices.stations),
                            (self.kind, choices.kinds)):
            text = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem("")
            for value in values:
                box.addItem(event_words(value) if box is self.kind else value, value)
            box.setCurrentText(text)
            box.blockSignals(False)

    def _fetch(self, offset: int, limit: int, _sort: str | None, _desc: bool
               ) -> list[trail.AuditRow]:
        before = self._cursors.get(offset) if offset else None
        if offset and before is None:
            return []
        try:
            rows = self.backend.read(trail.audit_page, self._filter, before_id=before,
                                     limit=limit)
        except BackroomError as exc:
            self.status.setText(error_text(exc))
            return []
        if rows:
            self._cursors[offset + len(rows)] = rows[-1].id
        return rows

    def refresh(self) -> None:
        """Read the first page again with the filters as they are now."""
        self._filter = self.current_filter()
        self._cursors.clear()
        self.status.clear()
        try:
            self._fill_choices()
        except BackroomError as exc:
            self.status.setText(error_text(exc))
        self.model.reload()
        if not self.status.text():
            shown = self.model.rowCount()
            self.status.setText(translate("people.audit_screen",
                "{shown}{value} event(s), newest first. Nobody can edit or delete them.").format(
                shown=shown, value='+' if self.model.canFetchMore() else ''))

    def export(self, path: Path | None = None) -> int | None:
        """Write every event matching the filters to a CSV file; how many, or None."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, translate("people.audit_screen",
                "Export the audit trail"),
                                                  "audit.csv", translate("people.audit_screen",
                                                      "CSV files (*.csv)"))
            if not name:
                return None
            path = Path(name)
        try:
            written = self.backend.read(trail.export_csv, self.current_filter(), path)
        except (BackroomError, OSError) as exc:
            self.status.setText(translate("people.audit_screen",
                "Not exported: {exc}").format(
                exc=exc))
            return None
        self.status.setText(translate("people.audit_screen",
            "Exported {written} event(s) to {path}.").format(
            written=written, path=path))
        return written
