"""Many lines of one payout stored at once, with the insights summary marked once for them.

Each new payout line marks its order's store and UTC day for the insights summary from a
trigger (migrations 0830, 0890): one order lookup and one upsert per line, a fifth of storing
a 100,000-line settlement. While a payout is named in payout_lines_bulk the trigger skips its
lines; `marked_at_once` names it, lets the caller insert, then marks the days of every line
it added with one INSERT ... SELECT DISTINCT (the trigger's own day expression) and removes
the name, all in the caller's transaction. The name is never committed: other writers, and
every later insert, mark per line as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from app.models.payouts import PayoutLine, PayoutLinesBulk
from app.services.core.day_marks import mark_order_days


@contextlib.contextmanager
def marked_at_once(conn: Connection, payout_id: int) -> Iterator[None]:
    """Within: lines inserted for `payout_id` leave their marks to the end of the block."""
    before = conn.scalar(select(func.coalesce(func.max(PayoutLine.id), 0))) or 0
    conn.execute(insert(PayoutLinesBulk).values(payout_id=payout_id))
    try:
        yield
    except BaseException:
        # The transaction is about to be rolled back, which removes the name anyway; an
        # aborted PostgreSQL transaction refuses even this delete, hence the suppress.
        with contextlib.suppress(SQLAlchemyError):
            _unname(conn, payout_id)
        raise
    _mark_days(conn, payout_id, before)
    _unname(conn, payout_id)


def _unname(conn: Connection, payout_id: int) -> None:
    conn.execute(delete(PayoutLinesBulk).where(PayoutLinesBulk.payout_id == payout_id))


def _mark_days(conn: Connection, payout_id: int, before: int) -> None:
    # The lines added are the payout's lines with a higher id than any line before the block.
    mark_order_days(conn, "insights_dirty",
                    "o.id IN (SELECT l.order_id FROM payout_lines l "
                    "WHERE l.payout_id = {mark} AND l.id > {mark})", (payout_id, before))
