"""The sign-in dialog: a name and a PIN or password, by keyboard alone.

Shown by main.py before the window when the shop has people with PINs, by "Switch user"
(Ctrl+L) and over the window when the idle lock closes it. Type (or pick) the name, Tab,
the PIN, Enter. A refused try says so and keeps the name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from app.services.core.backend import Actor, Backend
from app.services.core.errors import BackroomError
from app.services.core.permissions import Person
from app.services.people import accounts
from app.ui.common.form_dialog import error_label, lay_out
from app.ui.common.i18n import translate


class LoginDialog(QDialog):
    """Sign in at this station. `person` is set when it is accepted."""

    def __init__(self, backend: Backend, *, station: str, locked: bool = False,
                 name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.station = station
        self.locked = locked
        self.person: Person | None = None
        self.setWindowTitle(translate("people.login",
            "Backroom — locked") if locked else translate("people.login",
            "Backroom — sign in"))
        self.setModal(True)
        self.heading = QLabel(translate("people.login",
            "Locked after a while without use. Sign in to go on.")
                              if locked else translate("people.login",
                                  "Who is working at this station?"))
        self.heading.setWordWrap(True)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for row in backend.read(accounts.list_users, active_only=True):
            self.name.addItem(row.name)
        if name:
            self.name.setCurrentText(name)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(translate("people.login", "PIN or password"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.heading)
        form.addRow(translate("people.login", "&Name"), self.name)
        form.addRow(translate("people.login", "&PIN or password"), self.secret)
        lay_out(self, form, self.error, self.sign_in)
        self.secret.returnPressed.connect(self.sign_in)
        (self.secret if name else self.name).setFocus()
        self.resize(380, self.sizeHint().height())

    def sign_in(self) -> None:
        name = self.name.currentText().strip()
        if not name:
            self.error.setText(translate("people.login", "Type or choose your name."))
            self.name.setFocus()
            return
        found = self.backend.run(accounts.sign_in, name, self.secret.text(),
                                 station=self.station)
        self.secret.clear()
        if found is None:
            self.error.setText(accounts.SIGN_IN_REFUSED)
            self.secret.setFocus()
            return
        self.person = found
        self.accept()

    def actor(self) -> Actor:
        assert self.person is not None
        return Actor(self.person.name, self.station)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802  (Qt's name)
        # A locked window stays locked: Escape does not close the lock.
        if self.locked and event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if not self.locked:
            super().reject()


def sign_in_at_start(backend: Backend, station: str) -> bool:
    """Before the window: ask who works when the shop has people with PINs, or when the
    name the station was started with is not one of its people. False if nobody signed in
    (the app then quits); the backend then works as whoever did."""
    needed = backend.read(accounts.sign_in_needed)
    try:
        backend.read(accounts.who_is, backend.actor.user)
    except BackroomError:
        needed = True
    if not needed:
        return True
    dialog = LoginDialog(backend, station=station, name=backend.actor.user
                         if backend.actor.user != "owner" else "")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    backend.actor = dialog.actor()
    return True
