"""How the orders list sorts: each sort's keys, and the index-friendly segments it walks.

Every sort is a total order ending in the order id, so pages never skip or repeat a row.
A sort is a sequence of segments; each segment is one plain index walk (an equality
condition plus its key columns, all NOT NULL). Sorting by store walks one store after the
other (stores are few, and names are unique); sorting by customer walks the orders' own
names (bill_name, what the Customer column shows). The concatenated segments give exactly
the same rows as the single ORDER BY of `order_by`, which the OFFSET path uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, SQLColumnExpression, select
from sqlalchemy.orm import Session

from app.models import Order, Store

SORT_NAMES = ("placed_at", "number", "total", "status", "store", "customer")


@dataclass(frozen=True)
class Segment:
    where: tuple[ColumnElement[bool], ...]
    keys: tuple[SQLColumnExpression[object], ...]  # the last one is Order.id
    store_id: int | None = None                  # the store this segment walks, if one


_SIMPLE: dict[str, tuple[SQLColumnExpression[object], ...]] = {
    "placed_at": (Order.placed_at, Order.id),
    "number": (Order.number, Order.id),
    "total": (Order.total_minor, Order.id),
    # (status, placed_at) is indexed; newest first within a status when descending.
    "status": (Order.status, Order.placed_at, Order.id),
    # The order's own name (migration 0700 indexes it alone, by status and by store).
    "customer": (Order.bill_name, Order.id),
}


def order_by(sort: str, descending: bool) -> list[SQLColumnExpression[object]]:
    """The single ORDER BY equal to walking `segments` (needs stores joined)."""
    if sort in _SIMPLE:
        keys: list[SQLColumnExpression[object]] = list(_SIMPLE[sort])
    elif sort == "store":
        keys = [Store.name, Order.store_id, Order.placed_at, Order.id]
    else:
        raise KeyError(sort)
    return [k.desc() for k in keys] if descending else keys


def segments(session: Session, sort: str, descending: bool,
             store_id: int | None = None) -> list[Segment]:
    """The segments to walk, in display order."""
    if sort in _SIMPLE:
        return [Segment((), _SIMPLE[sort])]
    if sort == "store":
        query = select(Store.id).order_by(Store.name, Store.id)
        if store_id is not None:
            query = query.where(Store.id == store_id)
        segs = [Segment((Order.store_id == sid,), (Order.placed_at, Order.id), store_id=sid)
                for sid in session.scalars(query)]
    else:
        raise KeyError(sort)
    return segs[::-1] if descending else segs


def seek_conditions(keys: tuple[SQLColumnExpression[object], ...], values: tuple[object, ...],
                    descending: bool) -> list[list[ColumnElement[bool]]]:
    """Rows strictly after `values` in key order, as a list of simple range conditions.

    (k1, k2, k3) > (v1, v2, v3) is split into k1 = v1 AND k2 = v2 AND k3 > v3, then
    k1 = v1 AND k2 > v2, then k1 > v1: each is an equality prefix plus one range on an
    index, which every planner walks directly (no OR, no row values), and walked in this
    order they give the rows in key order.
    """
    parts: list[list[ColumnElement[bool]]] = []
    for i in range(len(keys) - 1, -1, -1):
        cond = [k == v for k, v in zip(keys[:i], values[:i], strict=True)]
        cond.append(keys[i] < values[i] if descending else keys[i] > values[i])
        parts.append(cond)
    return parts
