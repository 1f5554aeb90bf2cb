"""The one door from the UI (and the CLI) to the services: one job, one transaction.

A widget never sees a session. It calls `backend.run(catalog.search_products, "mug")`;
the backend opens a session, runs the job inside a transaction, commits if it returned and
rolls back if it raised, and hands back the job's plain result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session, sessionmaker

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Actor:
    """Who is working and at which station; stamped on moves and audit events."""

    user: str = "owner"
    station: str = "office"


class Backend:
    def __init__(self, sessions: sessionmaker[Session], *, actor: Actor | None = None,
                 database_label: str = "") -> None:
        self._sessions = sessions
        self.actor = actor or Actor()
        self.database_label = database_label

    def run(self, job: Callable[Concatenate[Session, P], R], *args: P.args,
            **kwargs: P.kwargs) -> R:
        """Run job(session, *args, **kwargs) in one transaction and return its result."""
        with self._sessions() as session, session.begin():
            return job(session, *args, **kwargs)
