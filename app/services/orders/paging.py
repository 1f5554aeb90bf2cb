"""Keyset (seek) paging of the orders list: the next page starts after the last row's key.

OFFSET makes the database walk and throw away every earlier row, so page 2,500 of a million
orders costs as much as reading them all. Here a page asks for the rows after the previous
page's last sort key, which is one index seek however deep the user has scrolled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.orm import Session

from app.models import Order
from app.services.core.errors import InvalidInput
from app.services.orders.reads import OrderFilter, OrderRow, row_query, to_row, where_conditions
from app.services.orders.sorts import (
    SORT_NAMES,
    Segment,
    order_by,
    seek_conditions,
    segments,
)

if TYPE_CHECKING:
    from app.services.orders.reads import ListColumns

# Up to this many matching orders, the database sorts the matches; beyond it, a page is found
# by walking the sort's own index in sort order.
DENSE = 10_000


@dataclass(frozen=True)
class PageCursor:
    """Where a page ended: the segment and the last row's key values in it."""

    sort: str
    descending: bool
    segment: int
    values: tuple[object, ...]


@dataclass(frozen=True)
class OrderPage:
    rows: tuple[OrderRow, ...]
    cursor: PageCursor | None       # None when the page is empty and there was no cursor


def page_after(session: Session, flt: OrderFilter | None = None,
               after: PageCursor | None = None, limit: int = 200, *,
               sort: str | None = "placed_at", descending: bool = True) -> OrderPage:
    """The `limit` orders that follow `after` (from the top without it), as list_orders sorts.

    Pass the returned cursor to get the next page; the rows are exactly those that
    list_orders would return at the matching offset.
    """
    flt = flt or OrderFilter()
    sort = sort or "placed_at"
    if sort not in SORT_NAMES:
        raise InvalidInput(f"Cannot sort by {sort!r}.")
    if after is not None and (after.sort, after.descending) != (sort, descending):
        raise InvalidInput("That page position belongs to another sort order.")
    search, broad = None, False
    if flt.search.strip():   # imported only for a search (issue 13: not at start)
        from app.services.orders.search import search_plan

        search, broad = search_plan(session, flt.search)
    conditions = where_conditions(session, flt, search=search)
    # A search knows whether it matches many orders (order_search); otherwise count.
    dense = broad or (search is None and (not conditions
                                          or _more_than(session, conditions, DENSE)))
    if dense and sort in ("number", "total", "status", "customer"):
        # Many matches: walking the sort's own index and testing each row fills a page after
        # about 200 * orders / matches rows, while a date range's index would hand every
        # order in the range to a sort (a month of a million orders: half a second).
        conditions = where_conditions(session, flt, plain=frozenset({"dates"}), search=search)
    segs = segments(session, sort, descending, store_id=flt.store_id)
    rows: list[OrderRow] = []
    cursor = after
    first = after.segment if after is not None else 0
    for index in range(first, len(segs)):
        seg = segs[index]
        seeks = ([[]] if after is None or index != after.segment
                 else seek_conditions(seg.keys, after.values, descending))
        for seek in seeks:
            if len(rows) >= limit:
                break
            got = _run(session, seg, [*conditions, *seek], limit - len(rows), descending)
            if got:
                rows.extend(to_row(r) for r in got)
                cursor = PageCursor(sort, descending, index, _key_values(seg, got[-1]))
        if len(rows) >= limit:
            break
    return OrderPage(tuple(rows), cursor)


def _more_than(session: Session, conditions: list[ColumnElement[bool]], count: int) -> bool:
    """Whether more than `count` orders match (stops counting there)."""
    some = select(Order.id).where(and_(True, *conditions)).limit(count + 1).subquery()
    return (session.scalar(select(func.count()).select_from(some)) or 0) > count


def cursor_at(session: Session, flt: OrderFilter | None, offset: int, *,
              sort: str | None = "placed_at", descending: bool = True) -> PageCursor | None:
    """The cursor of a page that ends after `offset` rows (one OFFSET walk, for a jump).

    None when offset is 0 or beyond the end of the list.
    """
    flt = flt or OrderFilter()
    sort = sort or "placed_at"
    if sort not in SORT_NAMES:
        raise InvalidInput(f"Cannot sort by {sort!r}.")
    if offset <= 0:
        return None
    query = (row_query()
             .where(and_(True, *where_conditions(session, flt)))
             .order_by(*order_by(sort, descending)).offset(offset - 1).limit(1))
    row = session.execute(query).first()
    if row is None:
        return None
    segs = segments(session, sort, descending, store_id=flt.store_id)
    if sort == "store":
        index = [seg.store_id for seg in segs].index(row[12])
    else:
        index = 0
    return PageCursor(sort, descending, index, _key_values(segs[index], row))


def _run(session: Session, seg: Segment, conditions: list[ColumnElement[bool]], limit: int,
         descending: bool) -> list[Row[*ListColumns]]:
    query = (row_query()
             .where(and_(True, *seg.where, *conditions))
             .order_by(*(k.desc() if descending else k for k in seg.keys)).limit(limit))
    return list(session.execute(query))


def _key_values(seg: Segment, row: Row[*ListColumns]) -> tuple[object, ...]:
    """The segment's key values for a row of row_query."""
    # Matched by identity: SQLAlchemy columns overload ==, so they cannot be dict keys.
    where = ((Order.placed_at, 3), (Order.number, 1), (Order.total_minor, 6), (Order.status, 8),
             (Order.id, 0), (Order.bill_name, 4))
    return tuple(next(row[i] for col, i in where if col is k) for k in seg.keys)
