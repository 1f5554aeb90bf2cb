"""Supervisor PINs: set one, and check one typed at a station for an override.

Who counts as a supervisor here is whoever's role may override a pack (`override_pack`,
the owner edits it on the People screen); owners and supervisors by default.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User
from app.services.core.errors import InvalidInput
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.core.passwords import hash_secret, secret_matches
from app.services.core.permissions import PermissionDenied, forget_people, role_permissions

__all__ = ["SUPERVISOR_ROLES", "PermissionDenied", "hash_pin", "is_supervisor", "pin_matches",
           "set_pin", "supervisor_for_pin"]

SUPERVISOR_ROLES = ("owner", "supervisor")  # the roles that may override out of the box
OVERRIDE = "override_pack"


def hash_pin(pin: str) -> str:
    """The argon2id hash of a PIN, the form users.pin_hash holds."""
    return hash_secret(pin)


def pin_matches(pin: str, stored: str) -> bool:
    """True if `pin` is the PIN hashed in `stored` (argon2id, or an older PBKDF2 hash)."""
    return secret_matches(pin, stored)


def set_pin(session: Session, user_name: str, pin: str, *, role: str | None = None) -> None:
    """Give a user a PIN (creating the user if needed); PINs are 4 to 12 digits."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "A PIN is 4 to 12 digits."))
    user = session.scalar(select(User).where(User.name == user_name))
    if user is None:
        user = User(name=user_name, role=role or "supervisor")
        session.add(user)
    elif role:
        user.role = role
    user.pin_hash = hash_pin(pin)
    session.flush()
    forget_people(session)


def _overriding_roles(session: Session) -> list[str]:
    roles = {r for r in session.scalars(select(User.role).distinct())}
    return sorted(r for r in roles if OVERRIDE in role_permissions(session, r))


def supervisor_for_pin(session: Session, pin: str) -> str:
    """The name of the active user whose PIN this is and who may override; else refused."""
    pin = pin.strip()
    if pin:
        for name, stored in session.execute(select(User.name, User.pin_hash).where(
                User.active.is_(True), User.role.in_(_overriding_roles(session)),
                User.pin_hash != "").order_by(User.id)):
            if pin_matches(pin, stored):
                return name
    raise PermissionDenied(QT_TRANSLATE_NOOP("messages", "That PIN is not a supervisor's PIN."))


def is_supervisor(session: Session, user_name: str) -> bool:
    """May this user override a pack themselves (no PIN asked)?"""
    role = session.scalar(select(User.role).where(User.name == user_name, User.active.is_(True)))
    return role is not None and OVERRIDE in role_permissions(session, role)
