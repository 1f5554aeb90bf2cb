"""The people of a shop: add them, give them a role and a PIN or password, deactivate them,
edit what each role may do, and sign in at a station.

Everything here that changes people needs `manage_users` and writes its own audit event
(never the secret itself). The shop always keeps one active owner once it has named one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app.models import RolePermission, User
from app.models.people import PERMISSIONS, ROLES
from app.services.core import audit
from app.services.core.actor import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.core.passwords import hash_secret, needs_rehash, secret_matches
from app.services.core.permissions import (
    Person,
    forget_people,
    person,
    requires,
    role_permissions,
)

MIN_PASSWORD = 8
MAX_SECRET = 128


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str
    active: bool
    has_secret: bool


def list_users(session: Session, *, active_only: bool = False) -> list[UserRow]:
    """Every user, active first, by name (for the People screen and the sign-in list)."""
    query = select(User.id, User.name, User.role, User.active, User.pin_hash != "")
    if active_only:
        query = query.where(User.active.is_(True))
    return [UserRow(i, n, r, bool(a), bool(s)) for i, n, r, a, s in
            session.execute(query.order_by(User.active.desc(), User.name))]


def sign_in_needed(session: Session) -> bool:
    """True once any active user has a PIN or password: then a station asks who works."""
    return session.scalar(select(func.count(User.id)).where(
        User.active.is_(True), User.pin_hash != "")) != 0


def who_is(session: Session, name: str) -> Person:
    """The person `name` is in this shop (PermissionDenied if nobody); for --user."""
    return person(session, name)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "A user needs a name."))
    if len(name) > 64:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A user's name is at most 64 characters."))
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A user's name may not hold control characters."))
    return name


def check_secret(secret: str) -> str:
    """A PIN (4 to 12 digits) or a password (8 characters or more)."""
    if secret.isdigit():
        if not 4 <= len(secret) <= 12:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages", "A PIN is 4 to 12 digits."))
    elif len(secret) < MIN_PASSWORD:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A password is at least {count} characters (or use a PIN of 4 to 12 digits)."),
            count=MIN_PASSWORD)
    if len(secret) > MAX_SECRET:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A password is at most {count} characters."), count=MAX_SECRET)
    return secret


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"The role must be one of {', '.join(ROLES)}, not {role!r}.")
    return role


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "There is no user {name!r}."),
                       name=name.strip())
    return user


def _active_owners(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(
        User.role == "owner", User.active.is_(True))) or 0


def _keep_an_owner(session: Session, user: User) -> None:
    if user.role == "owner" and user.active and _active_owners(session) <= 1:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "{name} is the shop's only active owner; make someone else owner first."),
            name=user.name)


@requires("manage_users")
def add_user(session: Session, name: str, role: str, secret: str = "", *,
             actor: Actor) -> UserRow:
    """A new user with a role and, if given, a PIN or password."""
    name, role = _clean_name(name), _check_role(role)
    if session.scalar(select(User.id).where(func.lower(User.name) == name.lower())):
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "There is already a user called {name}."), name=name)
    user = User(name=name, role=role, pin_hash=hash_secret(check_secret(secret))
                if secret else "", active=True)
    session.add(user)
    session.flush()
    forget_people(session)
    audit.record(session, actor, "user", user.id, "user added", name=name, role=role,
                 with_secret=bool(secret))
    return UserRow(user.id, user.name, user.role, True, bool(secret))


@requires("manage_users")
def set_secret(session: Session, name: str, secret: str, *, actor: Actor) -> None:
    """Set (or with "" remove) a user's PIN or password."""
    user = _user(session, name)
    user.pin_hash = hash_secret(check_secret(secret)) if secret else ""
    session.flush()
    audit.record(session, actor, "user", user.id, "pin set" if secret else "pin removed",
                 name=user.name)


@requires("manage_users")
def set_role(session: Session, name: str, role: str, *, actor: Actor) -> None:
    user = _user(session, name)
    role = _check_role(role)
    if role == user.role:
        return
    if role != "owner":
        _keep_an_owner(session, user)
    old, user.role = user.role, role
    session.flush()
    forget_people(session)
    audit.record(session, actor, "user", user.id, "role changed", name=user.name, old=old,
                 new=role)


@requires("manage_users")
def set_active(session: Session, name: str, active: bool, *, actor: Actor) -> None:
    """Deactivate a user (they can no longer sign in or work) or bring them back."""
    user = _user(session, name)
    if user.active == active:
        return
    if not active:
        if user.name == actor.user:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "You cannot deactivate yourself while signed in."))
        _keep_an_owner(session, user)
    user.active = active
    session.flush()
    forget_people(session)
    audit.record(session, actor, "user", user.id, "reactivated" if active else "deactivated",
                 name=user.name)


def permission_table(session: Session) -> dict[str, frozenset[str]]:
    """Role -> what it may do, for every role."""
    return {role: role_permissions(session, role) for role in ROLES}


@requires("manage_users")
def set_role_permissions(session: Session, role: str, permissions: Iterable[str], *,
                         actor: Actor) -> frozenset[str]:
    """Say exactly what a role may do. The owner's role always may do everything."""
    role = _check_role(role)
    if role == "owner":
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "The owner may always do everything; edit the other roles."))
    wanted = frozenset(permissions)
    unknown = wanted - set(PERMISSIONS)
    if unknown:
        raise InvalidInput(f"Unknown permission(s): {', '.join(sorted(unknown))}.")
    old = role_permissions(session, role)
    if wanted == old:
        return old
    session.execute(delete(RolePermission).where(RolePermission.role == role))
    if wanted:
        session.execute(insert(RolePermission), [{"role": role, "permission": p}
                                                 for p in sorted(wanted)])
    forget_people(session)
    audit.record(session, actor, "role", ROLES.index(role), "permissions changed", role=role,
                 granted=sorted(wanted - old), taken=sorted(old - wanted))
    return wanted


def sign_in(session: Session, name: str, secret: str, *, station: str) -> Person | None:
    """Check a name and PIN or password typed at a station: the person, or None if refused.

    A user without a PIN or password signs in with none (the owner chose not to protect
    them; the People screen says so). An older PBKDF2 hash is replaced by an argon2 one.
    A sign-in and a refused try are both written to the audit trail (so this returns None
    rather than raising: a raise would roll the record of the refusal back).
    """
    name = " ".join(name.split())
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    who = Actor(name[:64] or "?", station)
    if user is None:
        if name and not session.scalar(select(func.count(User.id))):
            return person(session, name)  # a shop without people: whoever starts it
        audit.record(session, who, "user", 0, "sign-in refused")
        return None
    ok = secret_matches(secret, user.pin_hash) if user.pin_hash else not secret
    if not ok:
        audit.record(session, who, "user", user.id, "sign-in refused")
        return None
    if user.pin_hash and needs_rehash(user.pin_hash):
        user.pin_hash = hash_secret(secret)
    audit.record(session, who, "user", user.id, "signed in")
    return person(session, user.name)


SIGN_IN_REFUSED = "Wrong name or PIN/password."
