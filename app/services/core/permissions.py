"""Who may do what: `@requires("post_count")` on a service function, and the check behind it.

A marked function checks, each time it is called, that the person it works for may do this:
the `Actor` among its arguments (who the job is stamped with), else the actor the Backend
put on the session. The person and their role's permissions are read in the job's own
transaction, once per transaction. The GUI and the CLI both run services through the
Backend, so both are held to the same rules.

Who is who, in one rule:
- an active user of the store has their role's permissions; a deactivated one has none;
- a store where nobody has a PIN or password yet is not locked (a one-person shop has
  nothing to set up, and without a secret a name proves nothing): any other name works as
  the owner. Sign-in at start is asked from the same moment on (app/ui/people/login.py);
- once someone has a secret, "owner" is the owner while the store has named no active owner
  of its own, and any other name is not a user of this shop and may do nothing marked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import RolePermission, User
from app.models.people import PERMISSIONS
from app.services.core.actor import Actor
from app.services.core.errors import BackroomError
from app.services.core.messages import QT_TRANSLATE_NOOP

P = ParamSpec("P")
R = TypeVar("R")

ACTOR_KEY = "backroom_actor"        # session.info: the Backend's actor for this job
_PEOPLE_KEY = "backroom_people"     # session.info: name -> Person, read once per transaction
REQUIRED_ATTR = "required_permissions"


class PermissionDenied(BackroomError):
    """The person working may not do this (or the PIN given is not a supervisor's)."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    permissions: frozenset[str]

    def may(self, permission: str) -> bool:
        return permission in self.permissions


def role_permissions(session: Session, role: str) -> frozenset[str]:
    """What a role may do; the owner may always do everything."""
    if role == "owner":
        return frozenset(PERMISSIONS)
    return frozenset(session.scalars(select(RolePermission.permission)
                                     .where(RolePermission.role == role)))


def _resolve(session: Session, name: str) -> Person:
    row = session.execute(select(User.role, User.active).where(User.name == name)).first()
    if row is not None:
        role, active = row
        if not active:
            raise PermissionDenied(QT_TRANSLATE_NOOP("messages",
                "{name} has been deactivated and may not work in this shop; ask the owner."),
                name=name)
        return Person(name, role, role_permissions(session, role))
    if not session.scalar(select(func.count(User.id)).where(User.pin_hash != "")):
        return Person(name, "owner", frozenset(PERMISSIONS))
    if name == "owner" and session.scalar(select(func.count(User.id)).where(
            User.role == "owner", User.active.is_(True))) == 0:
        return Person(name, "owner", frozenset(PERMISSIONS))
    raise PermissionDenied(QT_TRANSLATE_NOOP("messages",
        "{name!r} is not a user of this shop. The owner adds people on the People screen or "
        "with 'backroom users add'."), name=name)


def person(session: Session, name: str) -> Person:
    """Who `name` is in this store and what they may do (PermissionDenied if nobody)."""
    cache: dict[str, Person] = session.info.setdefault(_PEOPLE_KEY, {})
    found = cache.get(name)
    if found is None:
        found = cache[name] = _resolve(session, name)
    return found


def forget_people(session: Session) -> None:
    """Drop what this transaction read about people (after a user or a role changed)."""
    session.info.pop(_PEOPLE_KEY, None)


def check(session: Session, actor: Actor, needed: Iterable[str], *,
          refusal: type[BackroomError] = PermissionDenied) -> Person:
    """The person, if they may do all of `needed`; else `refusal` saying what they may not."""
    try:
        who = person(session, actor.user)
    except PermissionDenied as exc:
        raise refusal(exc.message) from None
    missing = sorted(p for p in needed if not who.may(p))
    if missing:
        # "may not post or reverse a stock count": the permission's own words.
        words = " or ".join(PERMISSIONS.get(p, p)[0].lower() + PERMISSIONS.get(p, p)[1:]
                            for p in missing)
        raise refusal(QT_TRANSLATE_NOOP("messages",
            "{name} ({role}) may not {words}. Ask the owner or a supervisor."),
            name=who.name, role=who.role, words=words)
    return who


def acting(session: Session, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Actor | None:
    """The Actor a job works for: one among its arguments, else the Backend's."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, Actor):
            return value
    found = session.info.get(ACTOR_KEY)
    return found if isinstance(found, Actor) else None


def requires(*permissions: str, refusal: type[BackroomError] = PermissionDenied
             ) -> Callable[[Callable[Concatenate[Session, P], R]],
                           Callable[Concatenate[Session, P], R]]:
    """Mark a service function: whoever runs it needs all of `permissions`.

    `refusal` lets a module keep raising its own older error (a subclass users already
    catch), e.g. stock's NotAllowed.
    """
    unknown = set(permissions) - set(PERMISSIONS)
    if unknown:
        raise ValueError(f"unknown permission(s): {sorted(unknown)}")
    needed = frozenset(permissions)

    def mark(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
        @functools.wraps(fn)
        def checked(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
            actor = acting(session, args, kwargs)
            if actor is not None:  # a test or a composer calling it with a bare session
                check(session, actor, needed, refusal=refusal)
            return fn(session, *args, **kwargs)

        setattr(checked, REQUIRED_ATTR, needed)
        return checked

    return mark


def required(job: object) -> frozenset[str]:
    """The permissions a job is marked with (empty when it is not marked)."""
    found: object = getattr(job, REQUIRED_ATTR, frozenset())
    return found if isinstance(found, frozenset) else frozenset()
