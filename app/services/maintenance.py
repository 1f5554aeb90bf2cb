"""Database health: integrity and ledger checks, backups."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import schema_problems
from app.services.core.errors import InvalidInput
from app.services.stock import ledger


@dataclass(frozen=True)
class CheckReport:
    integrity: str
    ledger_problems: tuple[ledger.LedgerProblem, ...]
    moves: int
    levels: int
    schema_problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.ledger_problems and not self.schema_problems


def check_database(session: Session) -> CheckReport:
    """SQLite's integrity check, the schema against the migrations, and every stock level
    against its moves."""
    integrity = "ok"
    if session.get_bind().dialect.name == "sqlite":
        rows = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
        integrity = "ok" if rows == ["ok"] else "; ".join(rows[:5])
        fk = session.execute(text("PRAGMA foreign_key_check")).all()
        if fk:
            integrity = (integrity if integrity != "ok" else "") + \
                f"{len(fk)} broken foreign key(s), first in table {fk[0][0]}"
    moves = session.execute(text("SELECT count(*) FROM stock_moves")).scalar_one()
    levels = session.execute(text("SELECT count(*) FROM stock_levels")).scalar_one()
    return CheckReport(integrity, tuple(ledger.check_ledger(session)), moves, levels,
                       tuple(schema_problems(session.connection())))


def backup_to(session: Session, target: Path) -> Path:
    """A consistent copy of the open SQLite database at `target` (refuses to overwrite)."""
    if session.get_bind().dialect.name != "sqlite":
        raise InvalidInput("Back up a PostgreSQL database with pg_dump on the server.")
    target = target.expanduser().resolve()
    if target.exists():
        raise InvalidInput(f"{target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = session.connection().connection.driver_connection
    dest = sqlite3.connect(str(target))
    try:
        raw.backup(dest)  # type: ignore[union-attr]
    finally:
        dest.close()
    return target
