"""Supervisor PINs: set one, and check one typed at a station for an override."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User
from app.services.core.errors import BackroomError, InvalidInput

SUPERVISOR_ROLES = ("owner", "supervisor")
_ITERATIONS = 120_000


class PermissionDenied(BackroomError):
    """The user may not do this, or the PIN given is not a supervisor's."""


def hash_pin(pin: str, *, salt: str | None = None) -> str:
    """PBKDF2-SHA256 of the PIN as "salt$hash" (hex), the form users.pin_hash holds."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), _ITERATIONS)
    return f"{salt}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    if "$" not in stored:
        return False
    salt, _ = stored.split("$", 1)
    try:
        candidate = hash_pin(pin, salt=salt)
    except ValueError:  # a stored salt that is not hex
        return False
    return hmac.compare_digest(candidate, stored)


def set_pin(session: Session, user_name: str, pin: str, *, role: str | None = None) -> None:
    """Give a user a PIN (creating the user if needed); PINs are 4 to 12 digits."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise InvalidInput("A PIN is 4 to 12 digits.")
    user = session.scalar(select(User).where(User.name == user_name))
    if user is None:
        user = User(name=user_name, role=role or "supervisor")
        session.add(user)
    elif role:
        user.role = role
    user.pin_hash = hash_pin(pin)
    session.flush()


def supervisor_for_pin(session: Session, pin: str) -> str:
    """The name of the active supervisor (or owner) whose PIN this is; else PermissionDenied."""
    pin = pin.strip()
    if pin:
        for name, stored in session.execute(select(User.name, User.pin_hash).where(
                User.active.is_(True), User.role.in_(SUPERVISOR_ROLES), User.pin_hash != "")):
            if pin_matches(pin, stored):
                return name
    raise PermissionDenied("That PIN is not a supervisor's PIN.")


def is_supervisor(session: Session, user_name: str) -> bool:
    role = session.scalar(select(User.role).where(User.name == user_name, User.active.is_(True)))
    return role in SUPERVISOR_ROLES
