"""The People screen (for whoever may manage users, the owner by default): add people, give
them a role and a PIN or password, deactivate them, and edit what each role may do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.people import PERMISSIONS, ROLES
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.people import accounts
from app.ui.common.column_widths import fit_columns
from app.ui.common.form_dialog import error_label, lay_out
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text
from app.ui.common.words import code_words, permission_words
from app.ui.people import idle


class SecretDialog(QDialog):
    """A name (when adding), a role, and a PIN or password typed twice."""

    def __init__(self, backend: Backend, *, name: str = "", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.adding = not name
        self.setWindowTitle(translate("people.people_screen",
            "Add a person") if self.adding else translate("people.people_screen",
            "PIN or password of {name}").format(
            name=name))
        self.name = QLineEdit(name)
        self.name.setReadOnly(not self.adding)
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(code_words(role), role)
        self.role.setCurrentIndex(self.role.findData("packer"))
        self.secret = QLineEdit()
        self.again = QLineEdit()
        for edit in (self.secret, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(translate("people.people_screen",
            "4–12 digits, or 8+ characters"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(translate("people.people_screen", "&Name"), self.name)
        if self.adding:
            form.addRow(translate("people.people_screen", "&Role"), self.role)
        form.addRow(translate("people.people_screen", "&PIN or password"), self.secret)
        form.addRow(translate("people.people_screen", "&Again"), self.again)
        lay_out(self, form, self.error, self.save)

    def save(self) -> None:
        if self.secret.text() != self.again.text():
            self.error.setText(translate("people.people_screen", "The two do not match."))
            return
        try:
            if self.adding:
                self.backend.run(accounts.add_user, self.name.text(), self.role.currentData(),
                                 self.secret.text(), actor=self.backend.actor)
            else:
                self.backend.run(accounts.set_secret, self.name.text(), self.secret.text(),
                                 actor=self.backend.actor)
        except BackroomError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()


class PeopleScreen(QWidget):
    """`changed` after anything here changed people or roles."""

    changed = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(translate("people.people_screen", "People"))
        self.users = QTableWidget(0, 4)
        self.users.setHorizontalHeaderLabels([translate("people.people_screen",
            "Name"), translate("people.people_screen",
            "Role"), translate("people.people_screen",
            "PIN / password"), translate("people.people_screen",
            "Active")])
        self.users.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users.verticalHeader().hide()
        fit_columns(self.users, "people/users")
        self.add_button = QPushButton(translate("people.people_screen", "&Add person…"))
        self.pin_button = QPushButton(translate("people.people_screen", "Set &PIN or password…"))
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(code_words(role), role)
        self.role_button = QPushButton(translate("people.people_screen", "Set &role"))
        self.active_button = QPushButton(translate("people.people_screen", "&Deactivate"))
        self.perms = QTableWidget(len(PERMISSIONS), len(ROLES))
        self.perms.setHorizontalHeaderLabels([code_words(r).capitalize() for r in ROLES])
        self.perms.setVerticalHeaderLabels([permission_words(p) for p in PERMISSIONS])
        self.perms.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.save_perms = QPushButton(translate("people.people_screen",
            "&Save what each role may do"))
        self.lock = QSpinBox()
        self.lock.setRange(0, 240)
        self.lock.setSuffix(translate("people.people_screen", " min"))
        self.lock.setSpecialValueText(translate("people.people_screen", "never"))
        self.lock.setValue(idle.lock_minutes())
        self.error = error_label()
        self.note = QLabel()
        self.note.setWordWrap(True)

        buttons = QHBoxLayout()
        for w in (self.add_button, self.pin_button, self.role, self.role_button,
                  self.active_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        lock_row = QHBoxLayout()
        lock_label = QLabel(translate("people.people_screen", "&Lock this station after"))
        lock_label.setBuddy(self.lock)
        lock_row.addWidget(lock_label)
        lock_row.addWidget(self.lock)
        lock_row.addWidget(QLabel(translate("people.people_screen",
            "without use (when people sign in)")))
        lock_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("people.people_screen", "<b>People</b>")))
        layout.addWidget(self.users, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(QLabel(translate("people.people_screen",
            "<b>What each role may do</b> (the owner may always do everything)")))
        layout.addWidget(self.perms, 3)
        layout.addWidget(self.save_perms, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(lock_row)
        layout.addWidget(self.error)

        self.add_button.clicked.connect(lambda: self.add_person())  # noqa: PLW0108
        self.pin_button.clicked.connect(lambda: self.set_secret())  # noqa: PLW0108
        self.role_button.clicked.connect(lambda: self.set_role())  # noqa: PLW0108
        self.active_button.clicked.connect(lambda: self.toggle_active())  # noqa: PLW0108
        self.save_perms.clicked.connect(lambda: self.save_permissions())  # noqa: PLW0108
        self.users.itemSelectionChanged.connect(self._on_selection)
        self.lock.valueChanged.connect(idle.set_lock_minutes)
        self.resize(900, 680)
        self.refresh()

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        rows = self.backend.read(accounts.list_users)
        self.users.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = ((row.name, row.name), (code_words(row.role), row.role),
                     (translate("people.people_screen", "set") if row.has_secret
                      else translate("people.people_screen", "none"), row.has_secret),
                     (translate("people.people_screen", "yes") if row.active
                      else translate("people.people_screen", "deactivated"), row.active))
            for c, (text, value) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)  # the code, whatever the language
                self.users.setItem(r, c, item)
        open_names = [r.name for r in rows if r.active and not r.has_secret]
        self.note.setText(
            translate("people.people_screen",
                "No PIN or password: {join} — anyone at a station can sign in as them.").format(
                join=', '.join(open_names))
            if open_names and any(r.has_secret for r in rows) else "")
        table = self.backend.read(accounts.permission_table)
        for p_row, permission in enumerate(PERMISSIONS):
            for r_col, role in enumerate(ROLES):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, (role, permission))
                flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                if role == "owner":
                    flags = Qt.ItemFlag.ItemIsUserCheckable  # shown, never changed
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if permission in table[role]
                                   else Qt.CheckState.Unchecked)
                self.perms.setItem(p_row, r_col, item)
        self._on_selection()

    def selected_name(self) -> str:
        rows = self.users.selectionModel().selectedRows()
        if not rows:
            return ""
        item = self.users.item(rows[0].row(), 0)
        return item.text() if item is not None else ""

    def select(self, name: str) -> None:
        for r in range(self.users.rowCount()):
            item = self.users.item(r, 0)
            if item is not None and item.text() == name:
                self.users.selectRow(r)
                return

    def _on_selection(self) -> None:
        name = self.selected_name()
        for b in (self.pin_button, self.role_button, self.active_button):
            b.setEnabled(bool(name))
        if name:
            r = self.users.selectionModel().selectedRows()[0].row()
            role_item, active_item = self.users.item(r, 1), self.users.item(r, 3)
            if role_item is not None:
                self.role.setCurrentIndex(self.role.findData(
                    role_item.data(Qt.ItemDataRole.UserRole)))
            active = active_item is not None and active_item.data(Qt.ItemDataRole.UserRole) is True
            self.active_button.setText(translate("people.people_screen", "&Deactivate") if active
                                       else translate("people.people_screen", "Re&activate"))

    # -- changing ----------------------------------------------------------------------
    def _do(self, job, *args: object) -> bool:  # type: ignore[no-untyped-def]
        self.error.clear()
        try:
            self.backend.run(job, *args, actor=self.backend.actor)
        except BackroomError as exc:
            self.error.setText(error_text(exc))
            return False
        name = self.selected_name()
        self.refresh()
        self.select(name)
        self.changed.emit()
        return True

    def add_person(self) -> None:
        dialog = SecretDialog(self.backend, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.select(dialog.name.text().strip())
            self.changed.emit()

    def set_secret(self) -> None:
        name = self.selected_name()
        if name and SecretDialog(self.backend, name=name, parent=self).exec():
            self.refresh()
            self.select(name)
            self.changed.emit()

    def set_role(self) -> bool:
        return self._do(accounts.set_role, self.selected_name(), self.role.currentData())

    def toggle_active(self) -> bool:
        active = self.active_button.text().replace("&", "") == "Deactivate"
        return self._do(accounts.set_active, self.selected_name(), not active)

    def permissions_shown(self) -> dict[str, set[str]]:
        shown: dict[str, set[str]] = {role: set() for role in ROLES}
        for p_row in range(self.perms.rowCount()):
            for r_col in range(self.perms.columnCount()):
                item = self.perms.item(p_row, r_col)
                if item is not None and item.checkState() == Qt.CheckState.Checked:
                    role, permission = item.data(Qt.ItemDataRole.UserRole)
                    shown[role].add(permission)
        return shown

    def save_permissions(self) -> bool:
        shown = self.permissions_shown()
        self.error.clear()
        try:
            for role in ROLES:
                if role != "owner":
                    self.backend.run(accounts.set_role_permissions, role, shown[role],
                                     actor=self.backend.actor)
        except BackroomError as exc:
            self.error.setText(error_text(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True
