"""Reserving stock for what an import brought, and only that: the orders waiting for a
product the import asked for or freed stock of, and its own new waiting orders.

Priority, then oldest first, as reserve_open_orders does for every order: no other waiting
order competes for those products' stock. On SQLite the import's new orders move into the
store batch by batch with a guessed status (Guess), and their lines are read back from the
staging tables (import_rows) for the exact allocation at the end, which corrects the
guesses it disproves. Elsewhere they are in the store already and are reserved like any
other order.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order, OrderLine
from app.services.core.backend import Actor
from app.services.core.bulk import stored_datetime
from app.services.core.value_lists import one_of
from app.services.orders import reservations
from app.services.orders.import_rows import RowWriter
from app.services.orders.reservations import Allocation, Bins, Candidate

# Orders per query or per reserve_open_orders call, products per lookup: well inside both
# databases' limits, and a bounded slice of rows in memory at a time.
SLICE = 5000


def reserve_imported(session: Session, actor: Actor, writer: RowWriter, touched: set[int],
                     loose: Sequence[int]) -> int:
    """Reserve what the import changed (see the module); the orders still on backorder
    among them. `loose`: new waiting orders no product line leads to (stored ones)."""
    if writer.staged:
        return _reserve_staged(session, actor, writer, touched)
    return _reserve_stored(session, actor, touched, loose)


def _waiting_for(session: Session, products: Iterable[int], orders: Sequence[int] = (),
                 before: int | None = None) -> dict[int, tuple[int, datetime]]:
    """Waiting orders in the store with a line of one of `products`, or among `orders`, and
    with an id below `before` (the import's own come from its staging): id -> (priority,
    placed_at)."""
    wanted: dict[int, tuple[int, datetime]] = {}
    waiting = (Order.status.in_(reservations.WAITING), Order.fulfilled_by_channel.is_(False),
               *(() if before is None else (Order.id < before,)))
    ids = sorted(products)
    for start in range(0, len(ids), SLICE):
        has_line = (select(OrderLine.id).where(
            OrderLine.order_id == Order.id,
            one_of(session, OrderLine.product_id, ids[start:start + SLICE])).exists())
        for oid, priority, placed in session.execute(
                select(Order.id, Order.priority, Order.placed_at).where(*waiting, has_line)):
            wanted[oid] = (priority, placed)
    for start in range(0, len(orders), SLICE):
        for oid, priority, placed in session.execute(
                select(Order.id, Order.priority, Order.placed_at)
                .where(*waiting, one_of(session, Order.id, orders[start:start + SLICE]))):
            wanted[oid] = (priority, placed)
    return wanted


def _in_turn(wanted: dict[int, tuple[int, datetime]]) -> list[int]:
    return sorted(wanted, key=lambda oid: (-wanted[oid][0], wanted[oid][1], oid))


def _reserve_stored(session: Session, actor: Actor, touched: set[int],
                    loose: Sequence[int]) -> int:
    ordered = _in_turn(_waiting_for(session, touched, loose))
    backorders = 0
    # In turn, a slice at a time: each slice sees the stock the ones before left.
    for start in range(0, len(ordered), SLICE):
        backorders += reservations.reserve_open_orders(
            session, actor=actor, order_ids=ordered[start:start + SLICE]).backorders
    return backorders


def _reserve_staged(session: Session, actor: Actor, writer: RowWriter,
                    touched: set[int]) -> int:
    wanted = _waiting_for(session, touched, before=writer.first_order)
    # Both streams in the order stock goes out, merged: the store's waiting orders (placed
    # time as the stored text the staged rows carry) and the import's.
    stored = ((_turn(row[6], stored_datetime(row[7], True), row), row)
              for row in _stored_lines(session, _in_turn(wanted)))
    staged = ((_turn(row[6], row[7], row), row) for row in writer.waiting())
    allocation, stock = Allocation(), _Stock(session)
    rows: list[Candidate] = []
    for _turn_of, row in heapq.merge(stored, staged, key=itemgetter(0)):
        # A slice at a time, an order's rows kept together: the stock of the slice's
        # products is read when first needed (nothing held changes until the end).
        if len(rows) >= SLICE and row[0] != rows[-1][0]:
            allocation.add(rows, stock.of(rows))
            rows = []
        rows.append((row[0], row[1], row[2], row[3], row[4], row[5]))
    if rows:
        allocation.add(rows, stock.of(rows))
    mine = {oid: change for oid, change in allocation.changed.items() if oid not in wanted}
    # Every staged order is in the store already (the import moves each chunk).
    writer.correct({oid: after for oid, (_before, after) in mine.items()})
    allocation.hold(session)
    Allocation.mark(session, actor, {oid: change for oid, change
                                     in allocation.changed.items() if oid in wanted})
    Allocation.mark(session, actor, mine, update_orders=False)
    return allocation.backorders


class Guess:
    """The status each of an import's new waiting orders will most likely end with, decided
    batch by batch so the batch can move into the store while the next one is parsed.

    Within a batch in turn, across batches first come first served, from the free stock as
    the import found it; the store's waiting orders are left out (they mostly wait for
    stock that is not there, which the guess sees anyway). Only the time is at stake: the
    exact allocation at the end (reserve_imported) corrects every guess it disproves, e.g.
    when a file lists its newest orders first and a product runs short.
    """

    def __init__(self, session: Session, writer: RowWriter) -> None:
        self.writer, self.stock = writer, _Stock(session)

    def batch(self, first: int) -> None:
        """Guess for the staged orders from id `first` on."""
        rows: list[Candidate] = [(r[0], r[1], r[2], r[3], r[4], r[5])
                                 for r in self.writer.waiting(first)]
        if not rows:
            return
        allocation = Allocation()
        allocation.add(rows, self.stock.of(rows))
        for status in ("reserved", "backorder"):
            self.writer.guess([oid for oid, (_b, after) in allocation.changed.items()
                               if after == status], status)


def _turn(priority: int, placed: str, row: Sequence[Any]) -> tuple[int, str, int, int]:
    """Where a line comes in the order stock goes out (reservations.waiting_lines)."""
    return (-priority, placed, row[0], row[2] or 0)


def _stored_lines(session: Session, ordered: Sequence[int]) -> Iterator[Sequence[Any]]:
    """The waiting lines of the store's orders `ordered` (in turn), a slice at a time."""
    for start in range(0, len(ordered), SLICE):
        yield from session.execute(reservations.waiting_lines().where(
            one_of(session, Order.id, ordered[start:start + SLICE]))).all()


class _Stock:
    """Free bin stock of the products read so far; allocations take from it."""

    def __init__(self, session: Session) -> None:
        self.session, self.bins, self.read = session, Bins(), set[int]()

    def of(self, rows: Sequence[Candidate]) -> Bins:
        new = {r[3] for r in rows if r[3] is not None} - self.read
        if new:
            self.bins.update(reservations.bins_with_stock(self.session, new))
            self.read |= new
        return self.bins
