"""Who works at this window: Switch user (Ctrl+L), Lock (Ctrl+Shift+L), the idle lock, and
the People and Audit screens, as one menu the main window adds with one line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QWidget

from app.services.core.backend import Actor, Backend
from app.services.people import accounts
from app.ui.common.access import may
from app.ui.common.i18n import translate
from app.ui.people import idle
from app.ui.people.audit_screen import AuditScreen
from app.ui.people.login import LoginDialog
from app.ui.people.people_screen import PeopleScreen


class StationPeople(QObject):
    """`user_switched(name)` after someone else signed in at this window."""

    user_switched = Signal(str)

    def __init__(self, window: QMainWindow, backend: Backend, user_label: QLabel, *,
                 on_switch: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.backend = backend
        self.user_label = user_label
        self._on_switch = on_switch
        self.login: LoginDialog | None = None
        self.people_screen: PeopleScreen | None = None
        self.audit_screen: AuditScreen | None = None
        self.menu = menu = window.menuBar().addMenu(translate("people.station", "&People"))
        self.switch_action = self._action(menu, translate("people.station",
            "&Switch user…"), "Ctrl+L", self.switch_user)
        self.lock_action = self._action(menu, translate("people.station",
            "&Lock"), "Ctrl+Shift+L", self.lock)
        menu.addSeparator()
        self.people_action = self._action(menu, translate("people.station",
            "&People and roles…"), "",
                                          self.show_people)
        self.audit_action = self._action(menu, translate("people.station",
            "&Audit trail…"), "", self.show_audit)
        self.idle = idle.IdleWatch(idle.lock_minutes(), self)
        self.idle.timed_out.connect(self.lock)
        self.apply_access()

    def _action(self, menu, text: str, key: str, slot: Callable[[], object]) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.window)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def sign_in_needed(self) -> bool:
        return bool(self.backend.read(accounts.sign_in_needed))

    def apply_access(self) -> None:
        """Menus and the status bar for the person now signed in."""
        self.user_label.setText(translate("people.station",
            "User: {user}").format(
            user=self.backend.actor.user))
        self.people_action.setEnabled(may(self.backend, "manage_users"))
        self.audit_action.setEnabled(may(self.backend, "view_audit"))
        needed = self.sign_in_needed()
        self.lock_action.setEnabled(needed)
        # The idle lock only means something once people sign in.
        self.idle.set_minutes(idle.lock_minutes() if needed else 0)

    # -- switching and locking -------------------------------------------------------------
    def _ask(self, *, locked: bool) -> bool:
        """Show the sign-in over the window; True if someone signed in."""
        self.idle.pause()
        self.login = LoginDialog(self.backend, station=self.backend.actor.station,
                                 locked=locked, name="" if not locked else
                                 self.backend.actor.user, parent=self.window)
        if locked:
            self.login.setWindowModality(Qt.WindowModality.ApplicationModal)
        ok = self.login.exec() == QDialog.DialogCode.Accepted
        signed = self.login.actor() if ok else None
        self.login = None
        if signed is not None:
            self.become(signed)
        else:
            self.apply_access()
        return signed is not None

    def switch_user(self) -> bool:
        return self._ask(locked=False)

    def lock(self) -> bool:
        """Hide the window's work behind the sign-in until someone signs in."""
        if self.login is not None or not self.sign_in_needed():
            return False
        for screen in (self.people_screen, self.audit_screen):
            if screen is not None:
                screen.close()
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(False)
        try:
            return self._ask(locked=True)
        finally:
            if central is not None:
                central.setVisible(True)

    def become(self, actor: Actor) -> None:
        """Someone signed in: every tab and the scanner backend now work as them."""
        changed = actor.user != self.backend.actor.user
        self.backend.actor = actor
        self.apply_access()
        if changed:
            for screen in (self.people_screen, self.audit_screen):
                if screen is not None:
                    screen.close()
            self.people_screen = self.audit_screen = None
            if self._on_switch is not None:
                self._on_switch()
            self.user_switched.emit(actor.user)

    # -- the screens -----------------------------------------------------------------------
    def _show(self, screen: QWidget) -> None:
        screen.setWindowFlag(Qt.WindowType.Window, True)
        screen.show()
        screen.raise_()
        screen.activateWindow()

    def show_people(self) -> PeopleScreen | None:
        if not may(self.backend, "manage_users"):
            return None
        if self.people_screen is None:
            self.people_screen = PeopleScreen(self.backend, self.window)
            self.people_screen.changed.connect(self.apply_access)
        self.people_screen.refresh()
        self._show(self.people_screen)
        return self.people_screen

    def show_audit(self) -> AuditScreen | None:
        if not may(self.backend, "view_audit"):
            return None
        if self.audit_screen is None:
            self.audit_screen = AuditScreen(self.backend, self.window)
        else:
            self.audit_screen.refresh()
        self._show(self.audit_screen)
        return self.audit_screen
