"""Fast bulk inserts: generated data (the demo store, benchmarks) and big imports.

SQLAlchemy's per-row parameter processing costs more than SQLite's own work at a million
rows, so this compiles one INSERT for the dialect and hands plain tuples to the driver's
executemany. Values must already be what the column stores: datetimes aware UTC (they are
turned into the naive UTC the UTCDateTime type keeps).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    Column,
    ColumnDefault,
    Connection,
    DateTime,
    Table,
    func,
    insert,
    select,
    text,
)

from app.db import WRITE_LOCKED
from app.models.base import Base


def bulk_insert(conn: Connection, model: type[Base],
                rows: Sequence[Mapping[str, Any]], chunk: int = 100_000) -> int:
    if not rows:
        return 0
    columns = list(rows[0])
    compiled = insert(model).compile(dialect=conn.dialect, column_keys=columns)
    sql = str(compiled)
    sqlite = conn.dialect.name == "sqlite"
    # Every parameter the compiled INSERT takes: the rows' columns plus those SQLAlchemy
    # adds for Python-side defaults (filled from `missing` below), by position or by name.
    order = (list(compiled.positiontup or columns) if compiled.positional
             else list(compiled.bind_names.values()))
    dates = [i for i, c in enumerate(order) if isinstance(rows[0].get(c), datetime)
             or isinstance(getattr(model.__table__.c[c].type, "impl", None), DateTime)]

    def stored(v: datetime | None) -> Any:
        return None if v is None else stored_datetime(v, sqlite)

    # Columns the rows leave out get their Python-side default, as an ORM insert would.
    table = model.__table__
    missing = {c: _default(table.c[c]) for c in order if c not in rows[0]}
    getter = itemgetter(*order)
    params: list[Any] = []
    for r in rows:
        source = {**missing, **r} if missing else r
        values = getter(source) if len(order) > 1 else (getter(source),)
        if dates:
            values = list(values)
            for i in dates:
                values[i] = stored(values[i])
        params.append(tuple(values) if compiled.positional else dict(zip(order, values,
                                                                         strict=True)))
    if sqlite and table.name in FULL_TEXT_FED:
        _insert_many_per_statement(conn, sql, params, len(order))
        return len(rows)
    for start in range(0, len(params), chunk):
        conn.exec_driver_sql(sql, params[start:start + chunk])
    return len(rows)


# A big write job reads SQLite's file through a memory mapping. With the default 2 MiB page
# cache, each of the 17 indexes on orders re-read its pages from the OS for every row an
# import added to a million-order store, one read() call per page: 100k lines took 25.7 s,
# 20.9 s mapped. A 128 MiB page cache gained less (22-24 s) and is the process's own memory
# (an import of 300k lines peaked at 330 MB with it); the mapped pages are the OS's file
# cache. Only while the job runs: the app's other connections keep the default.
BULK_MMAP_BYTES = 4 << 30


@contextmanager
def sqlite_pragma(conn: Connection, name: str, value: int, unset: int) -> Iterator[None]:
    """Run a job with the SQLite connection's PRAGMA `name` set to `value`, then as it was
    (`unset` when it reads back as nothing); a no-op on other databases."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
    conn.exec_driver_sql(f"PRAGMA {name}={value}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA {name}={int(before or unset)}")


def mapped_reads(conn: Connection) -> AbstractContextManager[None]:
    """Run a big write with SQLite reading the file through a mapping of up to
    BULK_MMAP_BYTES; a no-op on other databases."""
    return sqlite_pragma(conn, "mmap_size", BULK_MMAP_BYTES, 0)


def insert_rows(conn: Connection, model: type[Base], columns: Sequence[str],
                rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert tuples given in `columns` order, values already as the column stores them
    (datetimes through stored_datetime): no dict per row, one prepared statement.

    For the hot paths that write tens of thousands of rows whose values they build anyway.
    Columns left out get their SQL default or NULL, not the model's Python-side default:
    name every column that has one."""
    if not rows:
        return 0
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(model.__table__.name)} ({', '.join(map(quote, columns))}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    conn.exec_driver_sql(sql, list(rows))
    return len(rows)


def stored_datetime(value: datetime, sqlite: bool) -> Any:
    """What the driver is given for a UTCDateTime column: naive UTC, on SQLite as the
    fixed-width text SQLAlchemy's SQLite DateTime writes (and compares)."""
    naive = (value if value.tzinfo is UTC else value.astimezone(UTC)).replace(tzinfo=None)
    return naive.isoformat(sep=" ", timespec="microseconds") if sqlite else naive


def next_ids(conn: Connection, model: type[Base], count: int) -> list[int]:
    """The ids SQLite will give the next `count` rows of a rowid table: max(id)+1, +2, ...

    Only true inside a transaction holding the write lock (see insert_with_ids)."""
    table = model.__table__
    first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    return list(range(first, first + count))


# Tables whose triggers feed an SQLite FTS5 index (orders: the name search, migration 0780).
FULL_TEXT_FED = frozenset({"orders"})


def _insert_many_per_statement(conn: Connection, sql: str, params: list[Any],
                               width: int) -> None:
    """Many rows per INSERT statement: FTS5 writes its pending index out at the end of every
    statement, so executemany's one row per statement cost ten times the insert itself."""
    import sqlite3

    head, values = sql.split(" VALUES ", 1)
    limit = conn.connection.driver_connection.getlimit(  # type: ignore[union-attr]
        sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(500, limit // max(width, 1)))
    for start in range(0, len(params), per):
        batch = params[start:start + per]
        conn.exec_driver_sql(f"{head} VALUES {', '.join([values] * len(batch))}",
                             tuple(v for row in batch for v in row))


def _default(column: Column[Any]) -> Any:
    # Column.default may be any DefaultGenerator (a Sequence too); the models' Python-side
    # defaults are all ColumnDefaults: a plain value or a callable such as utcnow.
    default = cast("ColumnDefault | None", column.default)
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)
    return default.arg


def insert_with_ids(conn: Connection, model: type[Base],
                    rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in order; the database picks them.

    PostgreSQL hands them back through RETURNING. SQLite has no ordered multi-row RETURNING
    (SQLAlchemy would send one INSERT per row), but inside a transaction that holds the
    write lock (BEGIN IMMEDIATE, see app/db.py) nobody else can insert, and SQLite gives a
    rowid table's new rows max(id)+1, +2, ... - so those ids are written up front. Without
    the lock (a connection made elsewhere) rows go one by one with RETURNING.
    """
    if not rows:
        return []
    table = model.__table__
    if conn.dialect.name == "sqlite" and holds_write_lock(conn):
        ids = next_ids(conn, model, len(rows))
        bulk_insert(conn, model, [dict(r, id=i) for r, i in zip(rows, ids, strict=True)])
        return ids
    return list(conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                             list(rows)).scalars())


def holds_write_lock(conn: Connection) -> bool:
    """True inside a SQLite transaction begun with BEGIN IMMEDIATE by app/db.py."""
    return bool(conn.in_transaction() and conn.info.get(WRITE_LOCKED))


def advance_sequences(conn: Connection, tables: Sequence[Table]) -> int:
    """Moves PostgreSQL's id sequences past the ids rows were written with (a copy, the
    demo): else the next row the database numbers collides with one of them. How many moved."""
    if conn.dialect.name != "postgresql":
        return 0
    moved = 0
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table.name, "c": keys[0].name}).scalar()
        if sequence is None:
            continue
        column = conn.dialect.identifier_preparer.quote(keys[0].name)
        name = conn.dialect.identifier_preparer.quote(table.name)
        conn.execute(text(f"SELECT setval(:s, COALESCE(MAX({column}), 1), "
                          f"MAX({column}) IS NOT NULL) FROM {name}"), {"s": sequence})
        moved += 1
    return moved
