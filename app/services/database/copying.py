"""Moving a store from one database to another (a SQLite file onto PostgreSQL, and back).

The target must be empty: a database with no tables (made here with `init_store`) or a store
nobody has used yet. Every table is copied in dependency order, in batches, inside ONE
transaction on the target, and checked before that transaction commits: the row count of
each table and a checksum of every row must equal the source's. Any failure, a crash or a
killed process included, rolls the whole copy back, so the target is left as empty as it was.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    MetaData,
    Table,
    create_engine,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from app.db import MIGRATIONS, READ_ONLY, Database, schema_heads
from app.models import Base
from app.services.core.bulk import advance_sequences
from app.services.core.errors import BackroomError, InvalidInput
from app.services.database.setup import (
    describe_failure,
    init_store,
    label_of,
    open_store,
    plain_url,
    tables_and_schema,
)

BATCH = 5000
Progress = Callable[[str, int, int], None]   # (table, rows copied, rows in the table)



class CopyMismatch(BackroomError):
    """The copy differed from the source; nothing of it was kept."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        return (self.source_rows == self.target_rows
                and self.source_checksum == self.target_checksum)

    def as_json(self) -> dict[str, object]:
        return {"table": self.name, "source_rows": self.source_rows,
                "target_rows": self.target_rows, "checksum": self.source_checksum,
                "ok": self.ok}


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    tables: tuple[TableCopy, ...]
    sequences: int          # PostgreSQL sequences moved past the copied ids
    seconds: float
    initialised: bool       # the target had no tables and was made here

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    def as_json(self) -> dict[str, object]:
        return {"source": self.source, "target": self.target, "ok": self.ok,
                "rows": self.rows, "seconds": round(self.seconds, 3),
                "initialised": self.initialised, "sequences": self.sequences,
                "tables": [t.as_json() for t in self.tables]}


def copy_store(source: str, target: str, *, batch: int = BATCH,
               progress: Progress | None = None) -> CopyResult:
    """Copy the store at `source` onto the empty database `target` and check it row for row."""
    started = time.perf_counter()
    src_url, dst_url = plain_url(source), plain_url(target)
    if src_url == dst_url:
        raise InvalidInput("The source and the target are the same database.")
    src = open_store(src_url)
    try:
        initialised = _prepare_target(dst_url)
        dst = open_store(dst_url)
        try:
            tables, sequences = _copy_all(src, dst, batch, progress)
        finally:
            dst.dispose()
    finally:
        src.dispose()
    return CopyResult(label_of(src_url), label_of(dst_url), tables, sequences,
                      time.perf_counter() - started, initialised)


def _prepare_target(url: str) -> bool:
    """Make the target's schema if it has no tables; refuse one that holds any data."""
    try:
        tables, current = tables_and_schema(url)
    except DBAPIError as exc:
        raise BackroomError(describe_failure(exc)) from exc
    if not tables and not current:
        init_store(url)
        return True
    if current != schema_heads():
        raise InvalidInput(f"{label_of(url)} is not empty (it holds "
                           + (f"a Backroom store of schema {', '.join(sorted(current))}"
                              if current else f"{len(tables)} other table(s)")
                           + "); nothing was changed. Copy onto an empty database.")
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            found = _row_counts(conn, sorted(set(tables) - _search_indexes(conn)))
    finally:
        store.dispose()
    used = sorted(t for t, n in found.items() if n != fresh_row_counts().get(t, 0))
    if used:
        raise InvalidInput(f"{label_of(url)} already holds a Backroom store with data (in "
                           f"{', '.join(used[:5])}{' …' if len(used) > 5 else ''}); nothing "
                           "was changed. Copy onto an empty database.")
    return False


_FRESH: dict[str, int] = {}


def fresh_row_counts() -> dict[str, int]:
    """Rows per table in a store just made (what the migrations seed: roles, reasons, …)."""
    if not _FRESH:
        from alembic import command  # here: importing alembic slows every command's start
        from alembic.config import Config

        engine = create_engine("sqlite://")
        try:
            with engine.begin() as conn:
                cfg = Config()
                cfg.set_main_option("script_location", str(MIGRATIONS))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
                skip = _search_indexes(conn) | {"alembic_version"}
                names = [t for t in inspect(conn).get_table_names() if t not in skip]
                _FRESH.update(_row_counts(conn, names))
        finally:
            engine.dispose()
    return _FRESH


def _row_counts(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    preparer = conn.dialect.identifier_preparer
    return {name: int(conn.execute(text(f"SELECT count(*) FROM {preparer.quote(name)}"))
                      .scalar_one()) for name in names}


def _tables(src: Connection, dst: Connection) -> list[Table]:
    """The source's tables in dependency order, as the models declare them where they can
    (their types hand back the same values on both databases), else as found."""
    found = MetaData()
    skip = _search_indexes(src) | {"alembic_version"}
    found.reflect(src, only=lambda name, _meta: name not in skip)
    missing = set(found.tables) - set(inspect(dst).get_table_names())
    if missing:
        raise InvalidInput(f"The target has no table {', '.join(sorted(missing))}: it was "
                           "made by another Backroom version; nothing was copied.")
    tables = []
    for table in found.sorted_tables:
        model = Base.metadata.tables.get(table.name)
        same = model is not None and set(model.columns.keys()) == set(table.columns.keys())
        tables.append(model if same and model is not None else table)
    return tables


def _search_indexes(conn: Connection) -> set[str]:
    """SQLite's full-text tables and the tables they keep their index in: made from the
    copied rows on a SQLite target (see _rebuild_search), absent on PostgreSQL."""
    if conn.dialect.name != "sqlite":
        return set()
    rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all()
    virtual = {name for name, sql in rows
               if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    return virtual | {name for name, _sql in rows
                      if any(name.startswith(v + "_") for v in virtual)}


def _rebuild_search(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'").all():
        if "USING FTS5" in (sql or "").upper():
            conn.exec_driver_sql(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')


def _copy_all(src: Database, dst: Database, batch: int,
              progress: Progress | None) -> tuple[tuple[TableCopy, ...], int]:
    reader = src.engine.execution_options(**{READ_ONLY: True})
    with reader.connect() as sconn, sconn.begin(), dst.engine.connect() as dconn:
        trans = dconn.begin()   # the one transaction: committed only after the check
        try:
            tables = _tables(sconn, dconn)
            triggers = _hold_triggers(dconn, tables)
            _empty_seeded(dconn, tables)
            sums = {table.name: _copy_table(sconn, dconn, table, batch, progress=progress)
                    for table in tables}
            _restore_triggers(dconn, tables, triggers)
            _rebuild_search(dconn)
            sequences = advance_sequences(dconn, tables)
            figures = []
            for table in tables:
                rows, digest = _checksum(dconn, table)
                figures.append(TableCopy(table.name, sums[table.name][0], rows,
                                         sums[table.name][1], digest))
            bad = [f for f in figures if not f.ok]
            if bad:
                raise CopyMismatch("The copy differs from the source in "
                                   + ", ".join(f"{f.name} ({f.source_rows} rows, "
                                               f"{f.target_rows} copied)" for f in bad)
                                   + "; nothing was kept.")
            trans.commit()
        except DBAPIError as exc:
            trans.rollback()
            raise BackroomError(f"The copy failed and nothing was kept: "
                                f"{str(exc.orig).strip()[:300]}") from exc
        except BaseException:
            trans.rollback()
            raise
    return tuple(figures), sequences


def _empty_seeded(conn: Connection, tables: Sequence[Table]) -> None:
    """Remove what the migrations seeded in the target: the source has its own copy."""
    counts = _row_counts(conn, [t.name for t in tables])
    for table in reversed(tables):
        if counts[table.name]:
            conn.execute(table.delete())


def _copy_table(sconn: Connection, dconn: Connection, table: Table, batch: int, *,
                progress: Progress | None) -> tuple[int, str]:
    total = int(sconn.execute(select(func.count()).select_from(table)).scalar_one())
    if progress is not None:
        progress(table.name, 0, total)
    done, digest = 0, 0
    query = select(table).order_by(*table.primary_key.columns)
    result = sconn.execute(query, execution_options={"yield_per": batch})
    for part in result.partitions(batch):
        rows = [dict(row._mapping) for row in part]
        for row in rows:
            digest = (digest + _row_hash(table, row)) % (1 << 256)
        dconn.execute(table.insert(), rows)
        done += len(rows)
        if progress is not None:
            progress(table.name, done, total)
    return done, f"{digest:064x}"


def _hold_triggers(conn: Connection, tables: Sequence[Table]) -> list[str]:
    """Switch the target's triggers off for the copy (they are put back before the check).

    The rows come as the source holds them: the triggers that refuse changes to posted
    counts would refuse their lines, and those that mark insights to rebuild would stamp
    rows the source has stamped already. On SQLite (which cannot switch a trigger off) they
    are dropped and made again, inside the same transaction.
    """
    if conn.dialect.name == "sqlite":
        made = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all()
        for name, _sql in made:
            conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        return [sql for _name, sql in made]
    for table in tables:
        conn.execute(text(f"ALTER TABLE {_quoted(conn, table.name)} DISABLE TRIGGER USER"))
    return []


def _restore_triggers(conn: Connection, tables: Sequence[Table], made: list[str]) -> None:
    if conn.dialect.name == "sqlite":
        for sql in made:
            conn.exec_driver_sql(sql)
        return
    for table in tables:
        conn.execute(text(f"ALTER TABLE {_quoted(conn, table.name)} ENABLE TRIGGER USER"))


def _quoted(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def _checksum(conn: Connection, table: Table) -> tuple[int, str]:
    digest, rows = 0, 0
    for part in conn.execute(select(table),
                             execution_options={"yield_per": BATCH}).partitions():
        for row in part:
            digest = (digest + _row_hash(table, dict(row._mapping))) % (1 << 256)
            rows += 1
    return rows, f"{digest:064x}"


def _row_hash(table: Table, row: dict[str, Any]) -> int:
    """A row's hash from its values as Python sees them, the same on SQLite and PostgreSQL.

    Summed (not chained) per table, so the checksum does not depend on the order rows come
    back in (PostgreSQL sorts text by its collation, SQLite by bytes)."""
    text_form = json.dumps([_plain(row[c.name]) for c in table.columns], default=str)
    return int.from_bytes(hashlib.sha256(text_form.encode("utf-8", "surrogatepass")).digest(),
                          "big")


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool):
        return int(value)
    return value
