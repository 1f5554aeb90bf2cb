"""Many new orders stored at once, with the summaries' days marked once for all of them.

Each new order and order line marks its store and UTC day for the insights summary and the
daily sales from triggers (migrations 0830, 0870, 0900): one upsert per order and a lookup
and an upsert per line, a quarter of moving an import's batch into a million-order store.
While orders_bulk names an id, the triggers skip the orders above it and their lines;
`marked_at_once` names the highest id so far, lets the caller insert, then marks the days of
every order it added with one INSERT ... SELECT DISTINCT per summary (the triggers' own day
expression) and removes the name, all in the caller's transaction. The name is never
committed: other writers, and every later insert, mark per row as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from app.models.orders import Order, OrdersBulk
from app.services.core.day_marks import mark_order_days

# The tables the triggers mark new orders' days in.
SUMMARIES = ("insights_dirty", "product_sales_dirty")


@contextlib.contextmanager
def marked_at_once(conn: Connection) -> Iterator[None]:
    """Within: orders inserted (and their lines) leave their marks to the end of the block."""
    if conn.scalar(select(func.min(OrdersBulk.after_id))) is not None:
        yield   # within another such block (a manual order is an import), which marks
        return
    after = conn.scalar(select(func.coalesce(func.max(Order.id), 0))) or 0
    name = conn.execute(insert(OrdersBulk).values(after_id=after)
                        .returning(OrdersBulk.id)).scalar_one()
    try:
        yield
    except BaseException:
        # The transaction is about to be rolled back, which removes the name anyway; an
        # aborted PostgreSQL transaction refuses even this delete, hence the suppress.
        with contextlib.suppress(SQLAlchemyError):
            _unname(conn, name)
        raise
    _mark_days(conn, after)
    _unname(conn, name)


def _unname(conn: Connection, name: int) -> None:
    conn.execute(delete(OrdersBulk).where(OrdersBulk.id == name))


def _mark_days(conn: Connection, after: int) -> None:
    # A line's day is its order's: the new orders' days are every day the block touched.
    for table in SUMMARIES:
        mark_order_days(conn, table, "o.id > {mark} AND o.store_id IS NOT NULL", (after,))
