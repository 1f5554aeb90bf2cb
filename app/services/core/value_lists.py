"""`column IN (many values)` with the values sent as one parameter.

SQLAlchemy expands `column.in_(values)` into one bound parameter per value and compiles the
statement again for every list length. For the lists a big import looks up (thousands of
ids, numbers, e-mails per batch) that compiling cost more than the query, and a long list
had to be cut under the driver's parameter limit. Here the list is one value: on SQLite a
JSON array read back with json_each, on PostgreSQL an array compared with ANY. The
statement is compiled once and cached like any other.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, any_, bindparam, func, select
from sqlalchemy.orm import QueryableAttribute, Session


def one_of(session: Session, column: ColumnElement[Any] | QueryableAttribute[Any],
           values: Collection[Any]) -> ColumnElement[bool]:
    """`column IN values` for the session's database, the values bound as one parameter.

    Values must be ints or strings (what json_each gives back compares equal to the
    column's own)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    listed = func.json_each(bindparam(None, json.dumps(list(values)))).table_valued("value")
    return column.in_(select(listed.c.value))
