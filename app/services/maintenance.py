"""Database health: integrity, schema and ledger checks (backups: app/services/backups)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import schema_problems
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
