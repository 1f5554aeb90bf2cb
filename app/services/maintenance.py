"""Database health: integrity, schema and ledger checks (backups: app/services/backups).

A check on a big store takes seconds, so it runs in parts that say where it is
(`progress(label, part, parts)`) and can be stopped from another thread (`CheckStop`):
between parts, and inside SQLite's long statements through the connection's interrupt.
A stopped check raises Cancelled and reports nothing as passed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db import schema_problems
from app.models import Location, Reservation, StockLevel
from app.models.stock import INTERNAL_KINDS
from app.services.core.errors import Cancelled
from app.services.core.stopping import StatementStop
from app.services.stock import ledger

# (what is being checked, this part's number from 1, how many parts)
CheckProgress = Callable[[str, int, int], None]


class CheckStop(StatementStop):
    """Asks a running check to stop from any thread; the statement under way (a quick check
    over a 1 GB file holds one for seconds) is interrupted, so the check ends within moments."""

    def __init__(self) -> None:
        super().__init__("Check stopped; nothing was recorded as passed.")

    def raise_if_stopped(self) -> None:
        self.check()


@dataclass(frozen=True)
class CheckReport:
    integrity: str
    ledger_problems: tuple[ledger.LedgerProblem, ...]
    moves: int
    levels: int
    schema_problems: tuple[str, ...] = ()
    full: bool = False

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.ledger_problems and not self.schema_problems


def check_parts(dialect: str, full: bool) -> tuple[str, ...]:
    """The parts a check runs, in order, as its progress names them."""
    if dialect != "sqlite":
        return ("schema", "stock ledger")
    return ((("file and indexes (full)", "foreign keys") if full else ("file structure",))
            + ("schema", "stock ledger") + (("order name index",) if full else ()))


def check_database(session: Session, *, full: bool = False,
                   progress: CheckProgress | None = None,
                   stop: CheckStop | None = None) -> CheckReport:
    """SQLite's file check, the schema against the migrations, and every stock level
    against its moves.

    The default reads the file once (SQLite's quick check: every page and record, not
    whether each index holds exactly its table's rows). `full` adds SQLite's integrity check
    (indexes against tables) and the foreign keys; both read the store once per index, so
    they take minutes on a million orders. The order name index is checked by
    `check_search_index`, a write job of its own (see there).
    """
    stop = stop or CheckStop()
    dialect = session.get_bind().dialect.name
    parts = check_parts(dialect, full)
    done = 0

    def part(label: str) -> None:
        nonlocal done
        stop.raise_if_stopped()
        done += 1
        if progress is not None:
            progress(label, done, len(parts))

    integrity = "ok"
    with stop.watching(session):
        if dialect == "sqlite":
            part(parts[0])
            rows = [r[0] for r in session.execute(
                text("PRAGMA integrity_check(5)" if full else "PRAGMA quick_check(5)"))]
            integrity = "ok" if rows == ["ok"] else "; ".join(" ".join(r.split())
                                                              for r in rows[:5])
            if full:
                part("foreign keys")
                fk = session.execute(text("PRAGMA foreign_key_check")).all()
                if fk:
                    integrity = (integrity if integrity != "ok" else "") + \
                        f"{len(fk)} broken foreign key(s), first in table {fk[0][0]}"
        part("schema")
        schema = tuple(schema_problems(session.connection()))
        part("stock ledger")
        problems, moves = _ledger_problems(session, stop)
    levels = session.execute(text("SELECT count(*) FROM stock_levels")).scalar_one()
    return CheckReport(integrity, tuple(problems), moves, levels, schema, full)


def _ledger_problems(session: Session, stop: CheckStop
                     ) -> tuple[list[ledger.LedgerProblem], int]:
    """ledger.check_ledger's answer, on SQLite from one plain pass over the moves summed
    here: its two grouped passes sort 1.5M moves twice (10 s of CPU at a million orders,
    this pass 3 s). PostgreSQL groups faster than rows travel, so it keeps check_ledger."""
    if session.get_bind().dialect.name != "sqlite":
        stop.raise_if_stopped()
        moves = session.execute(text("SELECT count(*) FROM stock_moves")).scalar_one()
        return ledger.check_ledger(session), moves
    internal = set(session.scalars(select(Location.id).where(
        Location.kind.in_(INTERNAL_KINDS))))
    on_hand: dict[tuple[int, int], int] = defaultdict(int)
    moves = 0
    # The driver's own cursor: SQLAlchemy's row objects would double this pass's cost.
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("SELECT product_id, from_location_id, to_location_id, quantity "
                       "FROM stock_moves")
        while batch := cursor.fetchmany(50_000):
            stop.raise_if_stopped()
            moves += len(batch)
            for product, source, target, quantity in batch:
                if target in internal:
                    on_hand[(product, target)] += quantity
                if source in internal:
                    on_hand[(product, source)] -= quantity
    finally:
        cursor.close()
    reserved = {(p, loc): int(q) for p, loc, q in session.execute(
        select(Reservation.product_id, Reservation.location_id,
               func.sum(Reservation.quantity))
        .group_by(Reservation.product_id, Reservation.location_id))}
    stored = {(p, loc): (level_on_hand, res) for p, loc, level_on_hand, res in session.execute(
        select(StockLevel.product_id, StockLevel.location_id, StockLevel.on_hand,
               StockLevel.reserved))}
    problems = []
    for key in sorted(set(on_hand) | set(reserved) | set(stored)):
        expected = (on_hand.get(key, 0), reserved.get(key, 0))
        got = stored.get(key, (0, 0))
        for i, name in enumerate(("on_hand", "reserved")):
            if expected[i] != got[i]:
                problems.append(ledger.LedgerProblem(key[0], key[1], name, got[i],
                                                     expected[i]))
    return problems, moves


def check_search_index(session: Session, *, full: bool = True,
                       stop: CheckStop | None = None) -> str:
    """FTS5's own integrity check of the order name index: "ok" or what it found.

    FTS5 takes it as a write statement, so this is a write job (Backend.run): it holds the
    write lock while it runs (seconds on a million orders), which is why only the full check
    runs it. `full` also compares the index with the orders it was built from.
    """
    if session.get_bind().dialect.name != "sqlite":
        return "ok"
    stop = stop or CheckStop()
    found = session.connection().exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'orders_name_search'").first()
    if found is None:
        return "ok"  # schema_problems names the missing table
    try:
        with stop.watching(session):
            session.connection().exec_driver_sql(
                "INSERT INTO orders_name_search(orders_name_search, rank) "
                f"VALUES ('integrity-check', {int(full)})")
    except Cancelled:
        raise
    except DBAPIError as exc:  # FTS5 reports damage as SQLITE_CORRUPT_VTAB
        return f"order name index: {exc.orig}"
    return "ok"
