"""The one door from the UI (and the CLI) to the services: one job, one transaction.

A widget never sees a session. It calls `backend.run(catalog.adjust, ...)` for a job that may
write, or `backend.read(catalog.search_products, "mug")` for one that only reads; the backend
opens a session, runs the job inside a transaction, commits if it returned and rolls back if
it raised, and hands back the job's plain result.

On SQLite a `run` job holds the write lock from its first statement (BEGIN IMMEDIATE, see
app/db.py), so two writers never act on each other's stale reads; a `read` job sees one
snapshot and may not write. A database error never reaches a person raw: a busy database, a
lost server and a refused write become the BackroomErrors in `db_errors`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.db import BUSY_MS, READ_ONLY
from app.services.core.db_errors import translate

P = ParamSpec("P")
R = TypeVar("R")

QUICK_BUSY_MS = 800  # a scan waits this long for another writer, then is refused


@dataclass(frozen=True)
class Actor:
    """Who is working and at which station; stamped on moves and audit events."""

    user: str = "owner"
    station: str = "office"


class Backend:
    def __init__(self, sessions: sessionmaker[Session], *, actor: Actor | None = None,
                 database_label: str = "", busy_ms: int | None = None) -> None:
        self._sessions = sessions
        self.actor = actor or Actor()
        self.database_label = database_label
        engine = sessions.kw["bind"]
        options = {} if busy_ms is None else {BUSY_MS: busy_ms}
        self._writer = sessionmaker(engine.execution_options(**options),
                                    expire_on_commit=False) if options else sessions
        self._reader = sessionmaker(engine.execution_options(**{READ_ONLY: True}),
                                    expire_on_commit=False)

    def quick(self) -> Backend:
        """The same backend for scanner jobs: a busy database is refused within a second."""
        return Backend(self._sessions, actor=self.actor, database_label=self.database_label,
                       busy_ms=QUICK_BUSY_MS)

    def run(self, job: Callable[Concatenate[Session, P], R], *args: P.args,
            **kwargs: P.kwargs) -> R:
        """Run job(session, *args, **kwargs) in one write transaction; return its result."""
        return self._in(self._writer, job, *args, **kwargs)

    def read(self, job: Callable[Concatenate[Session, P], R], *args: P.args,
             **kwargs: P.kwargs) -> R:
        """Run a job that only reads: one snapshot, no write lock, any write refused."""
        return self._in(self._reader, job, *args, **kwargs)

    @staticmethod
    def _in(sessions: sessionmaker[Session], job: Callable[Concatenate[Session, P], R],
            *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with sessions() as session, session.begin():
                return job(session, *args, **kwargs)
        except DBAPIError as exc:
            raise translate(exc) from exc
