"""The one door from the UI (and the CLI) to the services: one job, one transaction.

A widget never sees a session. It calls `backend.run(catalog.adjust, ...)` for a job that may
write, or `backend.read(catalog.search_products, "mug")` for one that only reads; the backend
opens a session, runs the job inside a transaction, commits if it returned and rolls back if
it raised, and hands back the job's plain result.

On SQLite a `run` job holds the write lock from its first statement (BEGIN IMMEDIATE, see
app/db.py), so two writers never act on each other's stale reads; a `read` job sees one
snapshot and may not write. A database error never reaches a person raw: a busy database, a
lost server and a refused write become the BackroomErrors in `db_errors`.

Who works: `backend.actor` (switched when someone else signs in at the station, for every
tab and for `quick()`'s scanner backend alike). A job marked `@requires(...)` checks that
person's permissions inside its transaction (`permissions`), and every write job that
changed something leaves an audit event in the same transaction (`audit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.db import BUSY_MS, BUSY_WAIT_MS, READ_ONLY
from app.services.core import audit
from app.services.core.actor import Actor
from app.services.core.db_errors import translate
from app.services.core.permissions import ACTOR_KEY
from app.services.core.writer_queue import queue_for

__all__ = ["QUICK_BUSY_MS", "Actor", "Backend"]

P = ParamSpec("P")
R = TypeVar("R")

QUICK_BUSY_MS = 800  # a scan waits this long for another writer, then is refused


class _Who:
    """The actor a backend and its quick() twin share, so a switch of user reaches both."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor


class Backend:
    def __init__(self, sessions: sessionmaker[Session], *, actor: Actor | None = None,
                 database_label: str = "", busy_ms: int | None = None,
                 _who: _Who | None = None) -> None:
        self._sessions = sessions
        self._who = _who or _Who(actor or Actor())
        self.database_label = database_label
        engine = sessions.kw["bind"]
        options = {} if busy_ms is None else {BUSY_MS: busy_ms}
        # This process's writers queue first come first served (writer_queue explains why).
        self._queue = queue_for(engine)
        self._wait_s = (BUSY_WAIT_MS if busy_ms is None else busy_ms) / 1000
        self._writer = sessionmaker(engine.execution_options(**options),
                                    expire_on_commit=False) if options else sessions
        self._reader = sessionmaker(engine.execution_options(**{READ_ONLY: True}),
                                    expire_on_commit=False)

    @property
    def actor(self) -> Actor:
        return self._who.actor

    @actor.setter
    def actor(self, actor: Actor) -> None:
        self._who.actor = actor

    def quick(self) -> Backend:
        """The same backend for scanner jobs: a busy database is refused within a second."""
        return Backend(self._sessions, database_label=self.database_label,
                       busy_ms=QUICK_BUSY_MS, _who=self._who)

    def run(self, job: Callable[Concatenate[Session, P], R], *args: P.args,
            **kwargs: P.kwargs) -> R:
        """Run job(session, *args, **kwargs) in one write transaction; return its result.

        If the job changed something and recorded no audit event of its own, one event
        (who, where, the job in words, its key arguments) is written in the same
        transaction.
        """
        actor = self.actor
        try:
            with self._queue.turn(self._wait_s), self._writer() as session, session.begin():
                session.info[ACTOR_KEY] = actor
                before = _changes(session)
                result = job(session, *args, **kwargs)
                if not audit.recorded(session) and _changed(session, before):
                    audit.record_job(session, _acting(actor, args, kwargs), job, args,
                                     kwargs)
                return result
        except DBAPIError as exc:
            raise translate(exc) from exc

    def read(self, job: Callable[Concatenate[Session, P], R], *args: P.args,
             **kwargs: P.kwargs) -> R:
        """Run a job that only reads: one snapshot, no write lock, any write refused."""
        try:
            with self._reader() as session, session.begin():
                session.info[ACTOR_KEY] = self.actor
                return job(session, *args, **kwargs)
        except DBAPIError as exc:
            raise translate(exc) from exc


def _acting(actor: Actor, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Actor:
    """Who the job worked for: the Actor among its arguments, else the backend's."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, Actor):
            return value
    return actor


def _changes(session: Session) -> int | None:
    """SQLite's count of rows changed on this connection so far (None elsewhere).

    Reading it is a C attribute, not a statement; it begins the job's transaction, which
    its first statement would do anyway.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return None
    return int(conn.connection.dbapi_connection.total_changes)  # type: ignore[union-attr]


def _changed(session: Session, before: int | None) -> bool:
    """Did this transaction write anything? (A job that only looked leaves no event.)"""
    session.flush()  # objects the job added but did not flush are changes too
    conn = session.connection()
    if before is not None:
        return int(conn.connection.dbapi_connection.total_changes) != before  # type: ignore[union-attr]
    # PostgreSQL gives a transaction an id at its first write, not before.
    return conn.execute(text("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")
                        ).scalar() is True
