"""Matching payout lines to orders by the reference the report gives.

A reference is looked up among the store's orders by number and by the store's own id, with
and without Shopify's leading '#'. One order found: matched. Several: ambiguous (offered in
the problems list, never guessed). None: unmatched. Lines without a reference (a reserve, a
subscription fee) are about no order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Order
from app.models.payouts import Payout, PayoutLine

_SQLITE_CHUNK = 30000  # placeholders per statement: under SQLite's 32,766
_ORDERS = Order.__tablename__


def variants(ref: str) -> tuple[str, ...]:
    bare = ref.strip().lstrip("#")
    return tuple(dict.fromkeys((ref.strip(), bare, "#" + bare)))


def find_orders(session: Session, store_id: int, refs: Iterable[str]
                ) -> dict[str, set[int]]:
    """reference -> ids of the store's orders it names (by number or by the store's id);
    a reference that names none is left out."""
    refs = list(dict.fromkeys(r for r in refs if r))
    # Only references that name an order get an entry (match_of reads a missing one as none).
    found: dict[str, set[int]] = {}
    # Exact references first (Amazon order ids, Etsy receipt ids are the number itself);
    # only what is left is tried with and without '#'. Each lookup uses its own
    # (store, number) / (store, external id) index: an OR of the two makes SQLite scan.
    _lookup(session, store_id, {r: r for r in refs}, found)
    left = [r for r in refs if r not in found]
    if left:
        _lookup(session, store_id, {v: r for r in left for v in variants(r) if v != r},
                found)
    return found


def _lookup(session: Session, store_id: int, wanted: dict[str, str],
            found: dict[str, set[int]]) -> None:
    """One set lookup per column, sent to the driver as plain SQL and parameters.

    A 100,000-line settlement names ~95,000 orders: compiling IN lists of that many bound
    values through the SQL expression layer cost more than the lookups themselves.
    PostgreSQL takes the whole list as one array; SQLite a chunk of placeholders at a time.
    A store's external ids are unique (uq_orders_store_external): a key whose order found
    by number has that very external id names no other order by external id, and is not
    looked up again (every Amazon order: its number is its id). Reading the external id
    reads the order's row, which the lines' foreign key check reads next anyway.
    """
    keys = list(wanted)
    settled: set[str] = set()
    for oid, key, external in _select(session, store_id, "number", keys, "external_id"):
        _found(found, wanted[key], oid)
        if external == key:
            settled.add(key)
    rest = [k for k in keys if k not in settled] if settled else keys
    for oid, key, _ in _select(session, store_id, "external_id", rest, "NULL"):
        _found(found, wanted[key], oid)


def _found(found: dict[str, set[int]], ref: str, oid: int) -> None:
    hit = found.get(ref)
    if hit is None:
        found[ref] = {oid}
    else:
        hit.add(oid)


def _select(session: Session, store_id: int, column: str, keys: list[str],
            also: str) -> list[Any]:
    """(id, column, `also`) of the store's orders whose `column` is one of `keys`."""
    if not keys:
        return []
    conn = session.connection()
    what = f"SELECT id, {column}, {also} FROM {_ORDERS} WHERE store_id = "
    if conn.dialect.name == "postgresql":
        return list(conn.exec_driver_sql(f"{what}%s AND {column} = ANY(%s)",
                                         (store_id, keys)).all())
    rows: list[Any] = []
    for i in range(0, len(keys), _SQLITE_CHUNK):
        chunk = keys[i:i + _SQLITE_CHUNK]
        marks = ",".join("?" * len(chunk))
        rows += conn.exec_driver_sql(f"{what}? AND {column} IN ({marks})",
                                     (store_id, *chunk)).all()
    return rows


def match_of(found: dict[str, set[int]], ref: str) -> tuple[int | None, str]:
    """(order id, match state) of one line's reference, given find_orders' answer."""
    if not ref:
        return None, "none"
    ids = found.get(ref)
    if not ids:
        return None, "unmatched"
    if len(ids) == 1:
        return next(iter(ids)), "matched"
    return None, "ambiguous"


def match_lines(session: Session, store_id: int, payout_ids: Sequence[int]) -> int:
    """Match every not yet matched line of these payouts; returns how many matched now."""
    lines = session.execute(select(PayoutLine.id, PayoutLine.order_ref).where(
        PayoutLine.payout_id.in_(payout_ids), PayoutLine.order_ref != "",
        PayoutLine.match_state != "matched")).all()
    if not lines:
        return 0
    found = find_orders(session, store_id, (ref for _, ref in lines))
    changes = []
    for line_id, ref in lines:
        order_id, state = match_of(found, ref)
        changes.append({"id": line_id, "order_id": order_id, "match_state": state})
    session.execute(update(PayoutLine), changes)
    return sum(1 for c in changes if c["match_state"] == "matched")


def rematch_store(session: Session, store_id: int) -> int:
    """Try again for every unmatched line of a store (after its orders were imported)."""
    ids = list(session.scalars(select(Payout.id).where(Payout.store_id == store_id)))
    return match_lines(session, store_id, ids) if ids else 0
