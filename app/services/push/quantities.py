"""What each store may sell: per listing (the store's SKU), our available stock over the bins
that serve the store, less the store's buffer.

Which bins serve a store: Backroom had no such notion before issue 20. A store's push setting
may name a warehouse (Location.warehouse); then only that warehouse's bins serve it. Without
one, every sellable bin serves every store. Quarantine and in-transit units are never
sellable, so they never count.

Which listing a product is sold under in a store: the store's own SKU remembered from imports
(SkuLink); a product with no link is listed under our SKU (the same SKU in both places). A
store SKU claimed by a link is not also pushed for the product whose SKU it happens to be.

All of it is one SQL statement per store (read_listings): at 50k SKUs a loop per SKU in
Python, or a Python object per row beyond the Listing itself, costs more than the database.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter, ne, sub
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from app.models.order_links import SkuLink
from app.models.orders import OPEN_STATUSES
from app.services.push.buffers import Rule, rules_for
from app.services.stock.reads import available_query

# Orders a store still counts as committed: not yet fulfilled there. Packed ones have left
# our bins but the store only lets go of them when the order is marked shipped.
COMMITTED_STATUSES = (*OPEN_STATUSES, "packed")


class Listing(NamedTuple):
    """One listing of a store (a tuple: 50k of them are made per push)."""

    channel_sku: str      # the store's SKU (what the file carries)
    product_id: int
    sku: str              # our SKU
    name: str
    available: int        # on hand - reserved over the bins serving the store
    buffer: int           # available - quantity
    quantity: int         # what the store may sell
    committed: int        # units of the store's own open orders of this listing
    channel_fulfilled: bool  # the channel ships it (Amazon FBA): no quantity is sent
    listing_id: str       # the store's listing / item number when imports taught us one
    hs_code: str
    origin: str

    def as_json(self) -> dict[str, object]:
        """The documented `backroom push --json` object (docs/cli-json.md)."""
        return {"sku": self.channel_sku, "available": self.available,
                "buffer": self.buffer, "quantity": self.quantity}


@contextmanager
def many_objects() -> Iterator[None]:
    """Pause the cyclic garbage collector while a push makes its 50k rows.

    A push makes about a million small objects (row tuples, strings, ints) in a fraction of a
    second, none of which can be part of a reference cycle. Each 700 of them would start a
    collection, and the older generations, which hold the whole application, get walked over
    and over: at 50k SKUs that cost more than making the rows. Reference counting still frees
    everything as usual; collection resumes (if it was on) when the block ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@dataclass(frozen=True)
class StoreListings:
    rows: list[Listing]      # every listing of the store, sorted by store SKU
    changed: list[Listing]   # those whose quantity is not what the store was last told


def read_listings(session: Session, store_id: int, *, warehouse: str = "",
                  with_committed: bool = False, with_channel: bool = False,
                  with_listing_ids: bool = False, compare_told: bool = False) -> StoreListings:
    """Every listing of the store with what it may sell, without a Python loop per SKU.

    One SQL statement gives each listing with its available units over the serving bins and
    the quantity its buffer rule allows. What is looked up per store SKU (committed units,
    channel-fulfilled SKUs, what the store was last told) is read on its own (a few
    thousand rows; nothing on a first push) and looked up by map() in C: cheaper than a join
    probed 50k times. Optional parts are read only for the formats that use them. Without
    `compare_told`, `changed` holds every listing.
    """
    store_rule, product_rules = rules_for(session, store_id)
    has_links = session.scalar(select(SkuLink.id).where(SkuLink.store_id == store_id)
                               .limit(1)) is not None
    dialect = session.get_bind().dialect.name
    shape = _Shape(dialect, bool(warehouse), has_links, bool(product_rules), store_rule,
                   with_listing_ids)
    params = {"store": store_id, "warehouse": warehouse}
    with many_objects():
        fetched = _fetch(session, _listing_sql(shape), params)
        if not fetched:
            return StoreListings([], [])
        fetched.sort(key=itemgetter(0))   # by store SKU (the same order on every database)
        # Column by column: zip, map and compress run in C, with no Python call per row.
        columns = iter(list(zip(*fetched, strict=True)))
        store_sku, product_id = next(columns), next(columns)
        sku = next(columns) if has_links else store_sku
        name, have, quantity = next(columns), next(columns), next(columns)
        listing_id = next(columns) if with_listing_ids else repeat("")
        hs_code, origin = next(columns), next(columns)
        committed: Iterable[int] = repeat(0)
        if with_committed:
            units = dict(_fetch(session, _store_sql(_COMMITTED, dialect), params))
            committed = map(units.get, store_sku, repeat(0))
        channel: Iterable[bool] = repeat(False)
        if with_channel:
            fulfilled = {row[0] for row in _fetch(session, _store_sql(_CHANNEL, dialect),
                                                   params)}
            channel = map(fulfilled.__contains__, store_sku)
        rows = list(map(tuple.__new__, repeat(Listing), zip(
            store_sku, product_id, sku, name, have, map(sub, have, quantity), quantity,
            committed, channel, listing_id, hs_code, origin, strict=False)))
        changed = rows
        if compare_told:
            told = dict(_fetch(session, _store_sql(_TOLD, dialect), params))
            changed = list(compress(rows, map(ne, map(told.get, store_sku), quantity)))
    return StoreListings(rows, changed)


# Per store SKU, read beside the listings (parameter :store).
_STORE_ORDERS = ("FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE "
                 "o.store_id = :store AND ol.channel_sku <> ''")
_COMMITTED = ("SELECT ol.channel_sku, SUM(ol.quantity) " + _STORE_ORDERS + " AND o.status IN ("
              + ", ".join(f"'{s}'" for s in COMMITTED_STATUSES)
              + ") AND NOT o.fulfilled_by_channel GROUP BY ol.channel_sku")
_CHANNEL = "SELECT DISTINCT ol.channel_sku " + _STORE_ORDERS + " AND o.fulfilled_by_channel"
_TOLD = "SELECT channel_sku, quantity FROM pushed_levels WHERE store_id = :store"


def _store_sql(sql: str, dialect: str) -> str:
    """`sql` with its parameters as the dialect's DBAPI spells them."""
    if dialect == "sqlite":
        return sql
    return re.sub(r":(store|warehouse)\b", r"%(\1)s", sql)   # psycopg's named parameters


def listings(session: Session, store_id: int, *, warehouse: str = "",
             with_committed: bool = False, with_channel: bool = False) -> list[Listing]:
    """Every listing of the store with what it may sell, sorted by store SKU."""
    return read_listings(session, store_id, warehouse=warehouse,
                         with_committed=with_committed, with_channel=with_channel,
                         with_listing_ids=True).rows


@dataclass(frozen=True)
class _Shape:
    """What the listing statement has to join, which decides its text."""

    dialect: str
    warehouse: bool
    links: bool
    product_rules: bool
    store_rule: Rule
    listing_ids: bool


def _quantity_sql(available: str, store: Rule, per_product: bool) -> str:
    """SQL for Rule.allow (buffers.py) applied to `available`: percent, then keep, then max,
    never below zero. The store's rule is written in as numbers; a product's own rule comes
    from the joined push_buffers row `b` and wins part by part (Rule.over)."""
    def part(column: str, value: int | None) -> str | None:
        number = "NULL" if value is None else str(int(value))
        if per_product:
            return f"COALESCE(b.{column}, {number})"
        return None if value is None else number

    shown = f"CASE WHEN {available} > 0 THEN {available} ELSE 0 END"
    percent = part("percent", store.percent)
    keep = part("keep", store.keep)
    most = part("max_quantity", store.max_quantity)
    if percent is None and keep is None and most is None:
        return shown
    if percent is not None:
        shown = (f"CASE WHEN {percent} IS NULL THEN {shown} ELSE ({shown}) * {percent} / 100 "
                 "END" if per_product else f"({shown}) * {percent} / 100")
    if keep is not None:
        shown = f"({shown}) - COALESCE({keep}, 0)" if per_product else f"({shown}) - {keep}"
    if most is not None:
        test = f"{most} IS NOT NULL AND {most}" if per_product else most
        shown = f"CASE WHEN {test} < ({shown}) THEN {most} ELSE ({shown}) END"
    return f"CASE WHEN ({shown}) > 0 THEN ({shown}) ELSE 0 END"


@lru_cache(maxsize=64)
def _listing_sql(shape: _Shape) -> str:
    """The listing statement for `shape`: store SKU, product id, [our SKU], name, available,
    quantity, [listing id], HS code, origin (the parts in brackets only when the shape asks
    for them). Plain SQL that SQLite and PostgreSQL both run; parameters :store and
    :warehouse.
    """
    warehouse = " AND loc.warehouse = :warehouse" if shape.warehouse else ""
    have = ("SELECT s.product_id AS pid, SUM(s.on_hand - s.reserved) AS units "
            "FROM stock_levels s JOIN locations loc ON loc.id = s.location_id "
            f"WHERE loc.kind = 'bin' AND s.on_hand > 0{warehouse} GROUP BY s.product_id")
    if shape.links:
        # Linked products under each of their store SKUs; the others under our SKU, unless
        # a link took that name for another product.
        source = ("(SELECT k.channel_sku AS csku, k.product_id AS lpid FROM sku_links k "
                  "WHERE k.store_id = :store UNION ALL "
                  "SELECT p2.sku, p2.id FROM products p2 WHERE NOT EXISTS (SELECT 1 FROM "
                  "sku_links k2 WHERE k2.store_id = :store AND k2.product_id = p2.id) "
                  "AND NOT EXISTS (SELECT 1 FROM sku_links k3 WHERE k3.store_id = :store "
                  "AND k3.channel_sku = p2.sku)) l JOIN products p ON p.id = l.lpid")
        columns = "l.csku, p.id, p.sku"
    else:
        source, columns = "products p", "p.sku, p.id"
    rules = (" LEFT JOIN push_buffers b ON b.store_id = :store AND b.product_id = p.id"
             if shape.product_rules else "")
    listing_id = ("COALESCE((SELECT ll.listing_id FROM listing_links ll WHERE ll.store_id = "
                  ":store AND ll.product_id = p.id AND ll.listing_id <> '' ORDER BY ll.id "
                  "LIMIT 1), ''), " if shape.listing_ids else "")
    available = "COALESCE(h.units, 0)"
    quantity = _quantity_sql(available, shape.store_rule, shape.product_rules)
    sql = (f"SELECT {columns}, p.name, {available}, {quantity}, {listing_id}"
           "COALESCE(p.hs_code, ''), COALESCE(p.origin_country, '') "
           f"FROM {source} LEFT JOIN ({have}) h ON h.pid = p.id{rules} WHERE p.active")
    return _store_sql(sql, shape.dialect)


def _fetch(session: Session, sql: str, params: dict[str, object]) -> list[tuple[Any, ...]]:
    """Plain tuples straight from the DBAPI cursor, in the session's transaction."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def available_by_product(session: Session, warehouse: str = "") -> dict[int, int]:
    """Available (on hand - reserved) per product over the sellable bins serving a store."""
    rows = session.connection().execute(available_query(warehouse)).all()
    return {int(row[0]): int(row[1]) for row in rows}


def raw_rows(session: Session, statement: ClauseElement) -> list[tuple[Any, ...]]:
    """The rows of `statement` as plain tuples straight from the DBAPI cursor, in the
    session's transaction (same SQL on SQLite and PostgreSQL, compiled by SQLAlchemy)."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    assert isinstance(compiled, SQLCompiler)
    params: Any = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())   # tuples on sqlite3 and psycopg
    finally:
        cursor.close()
