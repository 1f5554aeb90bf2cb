"""Connect to a shared database: a PostgreSQL server (or a file), tried before it is used.

"Test connection" runs in the worker thread and says in words what failed: the server cannot
be reached, the user name or password is wrong, the database is missing, or it is not a
Backroom store (an empty one can be set up here, as `backroom db init` does). Every field,
button and choice is reachable from the keyboard; Enter connects.

The menu bar opens it with `ConnectDialog(parent, current_url)` and reads `chosen_url()`.
Accepting remembers the database (QSettings "database/url"): with its password only when
"Remember the password" is ticked, else without, and `database_at_start` asks for it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.errors import BackroomError
from app.services.database import setup
from app.services.database.urls import (
    DEFAULT_PORT,
    ServerParts,
    build_url,
    is_server,
    needs_password,
    shown,
    split_url,
    with_password,
    without_password,
)
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.workers import JobRunner
from app.ui.database.remembered import remember_database, remembered_database

# What a test found, in words (the service's English sentence is for the command line).
STATE_WORDS = {
    setup.READY: QT_TRANSLATE_NOOP("database.connect_dialog",
                                   "Connected: {database} holds a Backroom store."),
    setup.OLDER: QT_TRANSLATE_NOOP(
        "database.connect_dialog", "Connected: {database} holds a Backroom store from an "
        "older version; it is brought up to date when opened."),
    setup.NEWER: QT_TRANSLATE_NOOP(
        "database.connect_dialog", "{database} holds a store made by a newer Backroom; "
        "update Backroom on this PC to use it."),
    setup.EMPTY: QT_TRANSLATE_NOOP(
        "database.connect_dialog",
        "Connected: {database} is empty. Set it up as a new Backroom store?"),
    setup.FOREIGN: QT_TRANSLATE_NOOP(
        "database.connect_dialog", "{database} holds tables that are not a Backroom store; "
        "choose another database."),
    setup.WRONG_LOGIN: QT_TRANSLATE_NOOP(
        "database.connect_dialog", "The server refused the user name or password."),
    setup.NO_DATABASE: QT_TRANSLATE_NOOP(
        "database.connect_dialog", "The server has no database of that name; ask whoever "
        "runs the server to create it."),
    setup.UNREACHABLE: QT_TRANSLATE_NOOP(
        "database.connect_dialog", "The server cannot be reached: check the host name, the "
        "port and that PostgreSQL is running."),
    setup.NO_DRIVER: QT_TRANSLATE_NOOP("database.connect_dialog",
                                       "The PostgreSQL driver is not installed."),
}


def found_words(found: setup.Found, database: str) -> str:
    """What a test found, in the chosen language; the server's own words (the technical
    detail in brackets) are kept as they are."""
    words = STATE_WORDS.get(found.state)
    if words is None or (found.state == setup.UNREACHABLE
                         and not found.message.startswith("The server cannot")):
        return found.message   # a URL that is not one: the service names what is wrong
    text = translate("database.connect_dialog", words).format(database=database)
    if found.state in (setup.WRONG_LOGIN, setup.NO_DATABASE, setup.UNREACHABLE,
                       setup.NO_DRIVER) and found.message.endswith(").") \
            and "(" in found.message:
        text += " (" + found.message[found.message.index("(") + 1:-2] + ")"
    return text


def database_at_start(parent: QWidget | None = None, qs: QSettings | None = None) -> str | None:
    """The remembered database for main.py, asking for its password when it was not kept;
    None when none is remembered or the person cancels (the local file opens instead)."""
    url = remembered_database(qs)
    if url is None or not needs_password(url):
        return url
    password, ok = QInputDialog.getText(
        parent, translate("database.connect_dialog", "Password for the shared database"),
        translate("database.connect_dialog", "Password for {database}:").format(
            database=shown(url)), QLineEdit.EchoMode.Password)
    return with_password(url, password) if ok else None


class ConnectDialog(QDialog):
    def __init__(self, parent: QWidget | None, current_url: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("database.connect_dialog", "Connect to a shared database"))
        self.setMinimumWidth(520)
        self._chosen: str | None = None
        self._found: setup.Found | None = None
        self._tested_url = ""
        self._connect_when_tested = False
        self._runner = JobRunner(self)
        self._signals: Any = None
        parts = split_url(current_url)

        self.url = QLineEdit(current_url if current_url and not is_server(current_url) else "")
        self.url.setPlaceholderText(translate(
            "database.connect_dialog", "or a full URL: postgresql://user:password@host/backroom"))
        self.host = QLineEdit(parts.host)
        self.host.setPlaceholderText(translate("database.connect_dialog",
                                               "office-pc or 192.168.1.20"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(parts.port or DEFAULT_PORT)
        self.database = QLineEdit(parts.database or "backroom")
        self.user = QLineEdit(parts.user)
        self.password = QLineEdit(parts.password)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_password = QCheckBox(translate("database.connect_dialog",
                                                     "&Remember the password on this PC"))
        self.remember_password.setChecked(bool(parts.password))
        form = QFormLayout()
        form.addRow(translate("database.connect_dialog", "&Host:"), self.host)
        form.addRow(translate("database.connect_dialog", "P&ort:"), self.port)
        form.addRow(translate("database.connect_dialog", "&Database:"), self.database)
        form.addRow(translate("database.connect_dialog", "&User:"), self.user)
        form.addRow(translate("database.connect_dialog", "Pass&word:"), self.password)
        form.addRow("", self.remember_password)
        form.addRow(translate("database.connect_dialog", "Full UR&L:"), self.url)

        self.status = QLabel(translate(
            "database.connect_dialog", "Fill in the server's details, then test the connection."))
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton(translate("database.connect_dialog", "&Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.init_button = QPushButton(translate(
            "database.connect_dialog", "&Set it up as a new Backroom store"))
        self.init_button.clicked.connect(self.set_up_store)
        self.init_button.hide()
        for button in (self.test_button, self.init_button):
            button.setAutoDefault(False)   # Enter always connects; Space presses these
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(translate("database.connect_dialog", "&Connect"))
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.status)
        layout.addWidget(self.init_button)
        layout.addWidget(self.buttons)
        for edit in (self.host, self.database, self.user, self.password, self.url):
            edit.textEdited.connect(self._forget_test)
        self.port.valueChanged.connect(self._forget_test)
        (self.host if not self.url.text() else self.url).setFocus()

    # -- what the menu bar reads ---------------------------------------------------------
    def chosen_url(self) -> str | None:
        """The database to open now (with its password), or None when cancelled."""
        return self._chosen

    # -- the URL of the fields ------------------------------------------------------------
    def url_of_fields(self) -> str:
        text = self.url.text().strip()
        if text:
            return setup.plain_url(text) if "://" in text else text
        return build_url(ServerParts(self.host.text(), self.port.value(),
                                     self.database.text(), self.user.text(),
                                     self.password.text()))

    def _forget_test(self, *_args: object) -> None:
        self._found = None
        self.init_button.hide()

    def _busy(self, busy: bool, message: str = "") -> None:
        for widget in (self.test_button, self.init_button, self.connect_button):
            widget.setEnabled(not busy)
        if not busy:
            self.connect_button.setDefault(True)   # disabling it gave the default away
        if message:
            self._say(message)

    def _say(self, message: str, problem: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020; font-weight: bold;" if problem else "")
        self.status.setText(message)

    # -- testing and setting up, in the worker ----------------------------------------------
    def test_connection(self) -> None:
        try:
            url = self.url_of_fields()
        except BackroomError as exc:
            self._say(str(exc), problem=True)
            return
        self._tested_url = url
        self._busy(True, translate("database.connect_dialog", "Connecting to {database} …").format(
            database=shown(url)))
        self._signals, _token = self._runner.start(
            lambda _progress, _token: setup.try_connection(url),
            finished=self._tested, failed=self._failed)

    def _tested(self, found: setup.Found) -> None:
        self._busy(False)
        self._found = found
        self._say(found_words(found, shown(self._tested_url)),
                  problem=not found.usable and found.state != setup.EMPTY)
        self.init_button.setVisible(found.state == setup.EMPTY)
        if found.state == setup.EMPTY:
            self.init_button.setFocus()
        if self._connect_when_tested:
            self._connect_when_tested = False
            if found.usable:
                self._accept_url(self._tested_url)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._connect_when_tested = False
        self._say(str(exc), problem=True)

    def set_up_store(self) -> None:
        url = self._tested_url
        self._busy(True, translate(
            "database.connect_dialog", "Making a new Backroom store on {database} …").format(
            database=shown(url)))
        self._signals, _token = self._runner.start(
            lambda _progress, _token: setup.init_store(url), finished=self._set_up,
            failed=self._failed)

    def _set_up(self, _result: object) -> None:
        self.init_button.hide()
        self._busy(False)
        self.test_connection()

    # -- connecting -------------------------------------------------------------------------
    def try_accept(self) -> None:
        """Connect: at once when this URL has just tested usable, else test it first."""
        try:
            url = self.url_of_fields()
        except BackroomError as exc:
            self._say(str(exc), problem=True)
            return
        if self._found is not None and self._found.usable and url == self._tested_url:
            self._accept_url(url)
            return
        self._connect_when_tested = True
        self.test_connection()

    def _accept_url(self, url: str) -> None:
        self._chosen = url
        remember_database(url if self.remember_password.isChecked() else without_password(url))
        self.accept()

    def done(self, result: int) -> None:
        self._runner.wait()   # a test still running reports to nobody
        super().done(result)
