"""Fast bulk inserts for generated data (the demo store, benchmarks).

SQLAlchemy's per-row parameter processing costs more than SQLite's own work at a million
rows, so this compiles one INSERT for the dialect and hands plain tuples to the driver's
executemany. Values must already be what the column stores: datetimes aware UTC (they are
turned into the naive UTC the UTCDateTime type keeps).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection, DateTime, insert
from sqlalchemy.orm import DeclarativeBase


def bulk_insert(conn: Connection, model: type[DeclarativeBase],
                rows: Sequence[dict[str, Any]], chunk: int = 100_000) -> int:
    if not rows:
        return 0
    columns = list(rows[0])
    compiled = insert(model).compile(dialect=conn.dialect, column_keys=columns)
    sql = str(compiled)
    sqlite = conn.dialect.name == "sqlite"
    order = list(compiled.positiontup or columns) if compiled.positional else columns
    dates = [i for i, c in enumerate(order) if isinstance(rows[0].get(c), datetime)
             or isinstance(getattr(model.__table__.c[c].type, "impl", None), DateTime)]

    def stored(v: datetime | None) -> Any:
        if v is None:
            return None
        naive = (v if v.tzinfo is UTC else v.astimezone(UTC)).replace(tzinfo=None)
        # The text form SQLAlchemy's SQLite DateTime writes (and compares) is fixed-width.
        return naive.isoformat(sep=" ", timespec="microseconds") if sqlite else naive

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
    for start in range(0, len(params), chunk):
        conn.exec_driver_sql(sql, params[start:start + chunk])
    return len(rows)


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)  # type: ignore[attr-defined, operator]
    return default.arg  # type: ignore[attr-defined]
