"""What each store may sell: per listing (the store's SKU), our available stock over the bins
that serve the store, less the store's buffer.

Which bins serve a store: Backroom had no such notion before issue 20. A store's push setting
may name a warehouse (Location.warehouse); then only that warehouse's bins serve it. Without
one, every sellable bin serves every store. Quarantine and in-transit units are never
sellable, so they never count.

Which listing a product is sold under in a store: the store's own SKU remembered from imports
(SkuLink); a product with no link is listed under our SKU (the same SKU in both places). A
store SKU claimed by a link is not also pushed for the product whose SKU it happens to be.
"""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from app.models import Location, Order, OrderLine, Product, StockLevel
from app.models.order_links import ListingLink, SkuLink
from app.models.orders import OPEN_STATUSES
from app.services.push.buffers import NO_RULE, rules_for

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


def _available_query(warehouse: str) -> Select[int, int]:
    query = (select(StockLevel.product_id,
                    func.sum(StockLevel.on_hand - StockLevel.reserved).label("units"))
             .join(Location, Location.id == StockLevel.location_id)
             .where(Location.kind == "bin", StockLevel.on_hand > 0)
             .group_by(StockLevel.product_id))
    if warehouse:
        query = query.where(Location.warehouse == warehouse)
    return query


def available_by_product(session: Session, warehouse: str = "") -> dict[int, int]:
    """Available (on hand - reserved) per product over the sellable bins serving a store."""
    rows = session.connection().execute(_available_query(warehouse)).all()
    return {int(row[0]): int(row[1]) for row in rows}


def committed_by_listing(session: Session, store_id: int) -> dict[str, int]:
    """Units of the store's own not-yet-fulfilled orders per store SKU (what Shopify and
    the like call committed). Orders the channel fulfils are the channel's business."""
    query = (select(OrderLine.channel_sku, func.sum(OrderLine.quantity))
             .join(Order, Order.id == OrderLine.order_id)
             .where(Order.store_id == store_id, Order.status.in_(COMMITTED_STATUSES),
                    Order.fulfilled_by_channel.is_(False))
             .group_by(OrderLine.channel_sku))
    return {sku: int(units) for sku, units in session.execute(query) if sku}


def channel_fulfilled_skus(session: Session, store_id: int) -> set[str]:
    """Store SKUs the channel ships (seen on the store's channel-fulfilled orders)."""
    return set(session.scalars(
        select(OrderLine.channel_sku).distinct()
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.store_id == store_id, Order.fulfilled_by_channel.is_(True),
               OrderLine.channel_sku != "")))


class StockReader:
    """Reads for the listings of several stores in one session: the products with their
    available units are read once per set of serving bins, whatever the number of stores."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._stock: dict[str, list[tuple[int, str, str, str, str, int]]] = {}

    def stock(self, warehouse: str = "") -> list[tuple[int, str, str, str, str, int]]:
        """(id, sku, name, hs code, origin, available) of every active product."""
        if warehouse not in self._stock:
            self._stock[warehouse] = _product_stock(self.session, warehouse)
        return self._stock[warehouse]

    def listings(self, store_id: int, *, warehouse: str = "", with_committed: bool = False,
                 with_channel: bool = False) -> list[Listing]:
        """Every listing of the store with what it may sell, sorted by store SKU."""
        session = self.session
        links: dict[int, list[str]] = defaultdict(list)
        for channel_sku, pid in session.execute(
                select(SkuLink.channel_sku, SkuLink.product_id)
                .where(SkuLink.store_id == store_id)):
            links[pid].append(channel_sku)
        claimed = {sku for skus in links.values() for sku in skus}
        listing_ids: dict[int, str] = {}
        for pid, listing_id in session.execute(
                select(ListingLink.product_id, ListingLink.listing_id)
                .where(ListingLink.store_id == store_id, ListingLink.listing_id != "")
                .order_by(ListingLink.id)):
            listing_ids.setdefault(pid, listing_id)
        store_rule, product_rules = rules_for(session, store_id)
        committed = committed_by_listing(session, store_id) if with_committed else {}
        channel = channel_fulfilled_skus(session, store_id) if with_channel else set()
        rows: list[Listing] = []
        add, new = rows.append, tuple.__new__   # NamedTuple's own __new__ is a Python call
        get_committed, get_listing = committed.get, listing_ids.get
        for pid, sku, name, hs, origin, have in self.stock(warehouse):
            rule = product_rules.get(pid, store_rule) if product_rules else store_rule
            allowed = (have if have > 0 else 0) if rule is NO_RULE else rule.allow(have)
            if links and pid in links:
                for channel_sku in links[pid]:
                    add(new(Listing, (channel_sku, pid, sku, name, have, have - allowed,
                                      allowed, get_committed(channel_sku, 0),
                                      channel_sku in channel, get_listing(pid, ""), hs,
                                      origin)))
            elif sku not in claimed:   # listed under our SKU unless a link took that name
                add(new(Listing, (sku, pid, sku, name, have, have - allowed, allowed,
                                  get_committed(sku, 0), sku in channel, get_listing(pid, ""),
                                  hs, origin)))
        rows.sort(key=itemgetter(0))   # by store SKU
        return rows


def listings(session: Session, store_id: int, *, warehouse: str = "",
             with_committed: bool = False, with_channel: bool = False) -> list[Listing]:
    """Every listing of the store with what it may sell, sorted by store SKU."""
    return StockReader(session).listings(store_id, warehouse=warehouse,
                                         with_committed=with_committed,
                                         with_channel=with_channel)


def _product_stock(session: Session,
                   warehouse: str) -> list[tuple[int, str, str, str, str, int]]:
    """Every active product with its available units over the bins serving a store.

    Two plain scans (the products; the bin levels summed per product) joined in a dict, read
    through the DBAPI cursor: at 50k products SQLAlchemy's Row objects cost more than the
    database's work, and the grouped three-table outer join cost twice the two scans.
    """
    have: dict[int, int] = dict(raw_rows(session, _available_query(warehouse)))
    return [(pid, sku, name, hs or "", origin or "", int(have.get(pid, 0)))
            for pid, sku, name, hs, origin in raw_rows(session, select(
                Product.id, Product.sku, Product.name, Product.hs_code,
                Product.origin_country).where(Product.active))]


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
