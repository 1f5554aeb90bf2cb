"""The return reasons the owner keeps: add, rename, retire (or restore) one.

Reasons are what the station's reason box offers and what the statistics count by. A
retired reason is no longer offered; returns opened with it keep it. Keyboard only: type a
name and press Enter (Alt+A) to add it; pick a row (arrows) and Alt+N renames it to the
name typed, Alt+R retires or restores it; Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.returns import reasons
from app.ui.common.i18n import translate
from app.ui.returns.list_page import reason_words


class ReasonsDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.changed = False
        self.setWindowTitle(translate("returns.reasons_dialog", "Return reasons"))
        self.resize(560, 440)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([translate("returns.reasons_dialog", "Reason"),
                                              translate("returns.reasons_dialog", "State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.name = QLineEdit()
        self.name.setPlaceholderText(translate("returns.reasons_dialog",
                                               "A reason's name, e.g. Arrived too late"))
        name_label = QLabel(translate("returns.reasons_dialog", "Na&me"))
        name_label.setBuddy(self.name)
        self.add_button = QPushButton(translate("returns.reasons_dialog", "&Add"))
        self.rename_button = QPushButton(translate("returns.reasons_dialog", "Re&name"))
        self.retire_button = QPushButton(translate("returns.reasons_dialog", "&Retire"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Enter belongs to the name field (it adds); no button may take it as well.
        for button in (self.add_button, self.rename_button, self.retire_button,
                       buttons.button(QDialogButtonBox.StandardButton.Close)):
            button.setAutoDefault(False)
            button.setDefault(False)
        row = QHBoxLayout()
        row.addWidget(name_label)
        row.addWidget(self.name, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.rename_button)
        row.addWidget(self.retire_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("returns.reasons_dialog", 
            "Reasons offered when a return is opened, and counted in the statistics. A "
            "retired reason is no longer offered; returns opened with it keep it.")))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.name.returnPressed.connect(self.add)
        self.table.itemSelectionChanged.connect(self._selected)
        self.reload()


    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.name.setFocus()  # a scan or typing goes straight into the field

    def reload(self, select_code: str = "") -> None:
        self.rows = self.backend.read(reasons.list_reasons, include_inactive=True)
        self.table.setRowCount(len(self.rows))
        for r, reason in enumerate(self.rows):
            name = QTableWidgetItem(reason_words(reason.label))
            name.setData(Qt.ItemDataRole.UserRole, reason.code)
            state = QTableWidgetItem(translate("returns.reasons_dialog", "in use")
                                     if reason.active
                                     else translate("returns.reasons_dialog", "retired"))
            if not reason.active:
                name.setForeground(Qt.GlobalColor.gray)
                state.setForeground(Qt.GlobalColor.gray)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, state)
        for r, reason in enumerate(self.rows):
            if reason.code == select_code:
                self.table.selectRow(r)

    def selected(self) -> reasons.Reason | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked else None

    def _selected(self) -> None:
        reason = self.selected()
        if reason is not None:
            self.retire_button.setText(translate("returns.reasons_dialog",
                                                 "&Retire") if reason.active
                                       else translate("returns.reasons_dialog", "&Restore"))

    def _run(self, job: object, *args: object, **kwargs: object) -> reasons.Reason | None:
        try:
            done: reasons.Reason = self.backend.run(job, *args, **kwargs)  # type: ignore[arg-type]
        except BackroomError as exc:
            self.message.setStyleSheet("color: #c62828;")
            self.message.setText(str(exc))
            return None
        self.changed = True
        self.message.setStyleSheet("")
        return done

    def add(self) -> None:
        done = self._run(reasons.add_reason, self.name.text())
        if done is not None:
            self.message.setText(translate("returns.reasons_dialog",
                                           "Added “{0}”.").format(done.label))
            self.name.clear()
            self.reload(done.code)

    def rename(self) -> None:
        reason = self.selected()
        if reason is None:
            self.message.setText(translate("returns.reasons_dialog",
                                           "Pick the reason to rename first (arrow keys)."))
            return
        if not self.name.text().strip():
            self.name.setText(reason.label)
            self.name.selectAll()
            self.name.setFocus()
            self.message.setText(translate("returns.reasons_dialog",
                                           "Type the new name, then Alt+N."))
            return
        done = self._run(reasons.rename_reason, reason.code, self.name.text())
        if done is not None:
            self.message.setText(translate("returns.reasons_dialog",
                                           "“{0}” is now “{1}”.").format(reason.label,
                                                                        done.label))
            self.name.clear()
            self.reload(done.code)

    def toggle_retired(self) -> None:
        reason = self.selected()
        if reason is None:
            self.message.setText(translate("returns.reasons_dialog",
                                           "Pick the reason to retire first (arrow keys)."))
            return
        done = self._run(reasons.retire_reason, reason.code, retired=reason.active)
        if done is not None:
            self.message.setText((translate("returns.reasons_dialog",
                                            "Retired “{0}”.") if not done.active
                                  else translate("returns.reasons_dialog",
                                                 "Restored “{0}”.")).format(done.label))
            self.reload(done.code)
