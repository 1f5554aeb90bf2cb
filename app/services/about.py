"""What Help > About says of the open database: its kind and its schema revision."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

_KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class DatabaseFacts:
    kind: str                 # "SQLite 3.45.1", "PostgreSQL 16.4"
    revision: str             # "0840" (several heads joined by ", ")


def database_facts(session: Session) -> DatabaseFacts:
    bind = session.get_bind()
    dialect = bind.dialect
    name = _KINDS.get(dialect.name, dialect.name)
    version = ".".join(str(part) for part in (dialect.server_version_info or ()))
    revisions = sorted(str(r) for r in session.scalars(
        text("SELECT version_num FROM alembic_version")))
    return DatabaseFacts(f"{name} {version}".strip(), ", ".join(revisions) or "none")
