"""What the signed-in person may do, asked by any tab: "may this user see money?".

The services refuse what a role may not do anyway; these helpers only keep a screen from
offering it (a disabled button says why) and from showing money to a role without
`see_money`. Each call reads the person in a small read job, so after a switch of user
the next refresh of a tab shows what the new person may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QTableView, QTableWidget, QWidget

from app.services.core.backend import Backend
from app.services.core.permissions import PermissionDenied, person
from app.ui.common.i18n import translate
from app.ui.common.words import code_words, permission_words

NO_MONEY = "—"


def may(backend: Backend, permission: str) -> bool:
    """May the backend's person do this? (Unknown or deactivated: no.)"""
    try:
        return backend.read(person, backend.actor.user).may(permission)
    except PermissionDenied:
        return False


def sees_money(backend: Backend) -> bool:
    return may(backend, "see_money")


def why_not(backend: Backend, permission: str) -> str:
    """The tooltip of something this person may not do."""
    words = permission_words(permission)
    try:
        role = code_words(backend.read(person, backend.actor.user).role)
    except PermissionDenied:
        role = translate("common.access", "not a user")
    return (translate("common.access",
        "{user} ({role}) may not {what}; ask the owner or a supervisor.").format(
        user=backend.actor.user, role=role, what=words[:1].lower() + words[1:]))


def why_not_owner(backend: Backend, what: str) -> str:
    """Empty when the backend's person is an owner; else the tooltip saying who may `what`."""
    try:
        who = backend.read(person, backend.actor.user)
    except PermissionDenied:
        who = None
    if who is not None and who.role == "owner":
        return ""
    role = code_words(who.role) if who else translate("common.access", "not a user")
    return translate("common.access", "{user} ({role}) may not {what}; only an owner may.").format(
        user=backend.actor.user, role=role, what=what)


def gate(widget: QWidget, backend: Backend, permission: str, *, enabled: bool = True) -> None:
    """Enable `widget` when `enabled` and the person may; a refusal's tooltip says why."""
    allowed = may(backend, permission)
    widget.setEnabled(enabled and allowed)
    widget.setToolTip("" if allowed else why_not(backend, permission))


def hide_money_columns(view: QTableView | QTableWidget, backend: Backend,
                       columns: Iterable[int]) -> bool:
    """Hide a table's money columns from a person without `see_money`; True if shown."""
    shown = sees_money(backend)
    for column in columns:
        view.setColumnHidden(column, not shown)
    return shown
