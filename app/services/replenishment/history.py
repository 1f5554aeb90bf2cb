"""What the plan reads from the database, in bulk: per-product sales sums (one grouped
query, summed in SQL), salable stock, arrivals with their days, and each product's supplier
offer. Arrays in product order (`products` gives the ids); never one product at a time.

Demand is net sales: order lines of orders that were not cancelled, less the units of
returns against them, on the day the order was placed (UTC). Our warehouse sells what the
store ships itself; a marketplace warehouse sells its store's channel-fulfilled orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import Integer, cast, func, literal, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from app.models import Location, Order, OrderLine, Product, StockLevel
from app.models.replenishment import Destination, MarketplaceStock
from app.models.returns import Return, ReturnLine
from app.models.suppliers import (
    POLine,
    POShipment,
    POShipmentLine,
    PurchaseOrder,
    Supplier,
    SupplierProduct,
)
from app.services.replenishment.compute import Offers, Stock
from app.services.replenishment.forecast import RECENT_WEEKS, SalesStats

HISTORY_WEEKS = 104      # two years of whole weeks teach the weekday pattern
ABC_DAYS = 365           # the ABC class is read from a year's sales value
EPOCH = date(1970, 1, 1)
OPEN_PO = ("draft", "sent", "partly_shipped", "partly_received")


@dataclass(frozen=True)
class Place:
    """A destination as the plan sees it (our warehouse has no row: id None)."""

    id: int | None
    name: str
    kind: str
    store_id: int | None
    location_id: int | None
    inbound_days: int


@dataclass(frozen=True)
class Catalogue:
    ids: np.ndarray            # (P,) product ids
    skus: list[str]
    names: list[str]
    price: np.ndarray          # (P,) minor units (for the sales value)


@dataclass(frozen=True)
class SupplierTerms:
    supplier: list[str]        # "" where no supplier sells it
    supplier_sku: list[str]
    currency: list[str]
    unit_cost: np.ndarray      # (P,) minor units, supplier's currency
    freight: np.ndarray        # (P, 4) per unit, minor units; -1 unknown
    offers: Offers


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _day_offset(session: Session,
                column: ColumnElement[datetime] | InstrumentedAttribute[datetime], start: date
                ) -> ColumnElement[int]:
    """Whole days from `start` to a UTC timestamp column, in SQL."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(column) - func.julianday(start.isoformat()), Integer)
    return cast(func.date_part("day", column - literal(midnight(start))), Integer)


def catalogue(session: Session) -> Catalogue:
    rows = session.execute(select(Product.id, Product.sku, Product.name, Product.price_minor)
                           .where(Product.active.is_(True)).order_by(Product.id)).all()
    return Catalogue(np.fromiter((r[0] for r in rows), np.int64, len(rows)),
                     [r[1] for r in rows], [r[2] for r in rows],
                     np.fromiter((r[3] for r in rows), np.int64, len(rows)))


def sold_filter(place: Place, start: datetime, end: datetime
          ) -> tuple[ColumnElement[bool], ...]:
    where = [Order.status != "cancelled", Order.placed_at >= start, Order.placed_at < end]
    if place.kind == "marketplace":
        where += [Order.store_id == place.store_id, Order.fulfilled_by_channel.is_(True)]
    else:
        where.append(Order.fulfilled_by_channel.is_(False))
    return tuple(where)


# SQLite: the lines in table order, each joined to its order by primary key (never through
# the placed_at or product index, whose random order costs 10x), handed back as two long
# comma-separated texts instead of 1.5M row tuples: what makes two years of orders fast.
_SQLITE_LINES = text("""
SELECT group_concat(ol.product_id * 1024
                    + CAST(julianday(o.placed_at) - julianday(:start_day) AS INTEGER)),
       group_concat(ol.quantity)
FROM order_lines AS ol NOT INDEXED CROSS JOIN orders AS o
WHERE o.id = ol.order_id AND o.status != 'cancelled' AND +ol.product_id IS NOT NULL
  AND o.placed_at >= :start AND o.placed_at < :end
  AND o.fulfilled_by_channel = :channel AND (:store IS NULL OR o.store_id = :store)
""")


def _sold_lines(session: Session, place: Place, start: date, end: date
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(product id, day since start, units) of every line sold, less returns."""
    if session.get_bind().dialect.name == "sqlite":
        marketplace = place.kind == "marketplace"
        keys, units = session.execute(_SQLITE_LINES, {
            "start_day": start.isoformat(), "start": start.isoformat(),
            "end": end.isoformat(), "channel": 1 if marketplace else 0,
            "store": place.store_id if marketplace else None}).one()
        key = (np.fromstring(keys, dtype=np.int64, sep=",") if keys
               else np.zeros(0, dtype=np.int64))
        qty = (np.fromstring(units, dtype=np.int64, sep=",") if units
               else np.zeros(0, dtype=np.int64))
        pid, day = key // 1024, key % 1024
    else:
        rows = session.execute(
            select(OrderLine.product_id, _day_offset(session, Order.placed_at, start),
                   OrderLine.quantity).join(Order, Order.id == OrderLine.order_id)
            .where(OrderLine.product_id.is_not(None),
                   *sold_filter(place, midnight(start), midnight(end)))).all()
        pid, day, qty = (np.array([r[k] for r in rows], dtype=np.int64) for k in range(3))
    # Returns are few: read them all with their order and keep those the window has
    # (filtering orders by date in SQL would walk every order through its date index).
    returned = session.execute(
        select(ReturnLine.product_id, Order.placed_at, ReturnLine.quantity, Order.status,
               Order.store_id, Order.fulfilled_by_channel)
        .join(Return, Return.id == ReturnLine.return_id)
        .join(Order, Order.id == Return.order_id)).all()
    channel = place.kind == "marketplace"
    back = [(p, (placed.date() - start).days, q) for p, placed, q, status, store, fbc
            in returned if status != "cancelled" and bool(fbc) == channel
            and (not channel or store == place.store_id) and start <= placed.date() < end]
    if back:
        extra = np.array(back, dtype=np.int64)
        pid = np.concatenate([pid, extra[:, 0]])
        day = np.concatenate([day, extra[:, 1]])
        qty = np.concatenate([qty, -extra[:, 2]])
    return pid, day, qty


def sales_stats(session: Session, place: Place, as_of: date, ids: np.ndarray
                ) -> tuple[SalesStats, np.ndarray]:
    """Per-product weekday sums, the last weeks' totals, days since the first sale, and
    units sold in the last year (for ABC), for the products `ids` (in that order)."""
    n = len(ids)
    span = 7 * HISTORY_WEEKS
    start = as_of - timedelta(days=span)
    pid, day, qty = _sold_lines(session, place, start, as_of)
    lookup = np.full(int(max(ids.max(initial=0), pid.max(initial=0))) + 1, -1, dtype=np.int64)
    lookup[ids] = np.arange(n)
    row = lookup[pid] if pid.size else pid
    keep = (row >= 0) & (day >= 0) & (day < span)
    row, day, qty = row[keep], day[keep], qty[keep].astype(np.float64)
    weekday_of = (start.weekday() + day) % 7
    weekday = np.bincount(row * 7 + weekday_of, weights=qty, minlength=n * 7).reshape(n, 7)
    recent_from = span - 7 * RECENT_WEEKS
    recent = day >= recent_from
    weeks = np.bincount(row[recent] * RECENT_WEEKS + (day[recent] - recent_from) // 7,
                        weights=qty[recent], minlength=n * RECENT_WEEKS
                        ).reshape(n, RECENT_WEEKS)
    first_day = np.full(n, span, dtype=np.int64)
    sold = qty > 0
    np.minimum.at(first_day, row[sold], day[sold])
    first = np.where(first_day < span, span - first_day, np.inf).astype(np.float64)
    in_year = day >= span - ABC_DAYS
    year = np.bincount(row[in_year], weights=qty[in_year], minlength=n)
    return (SalesStats(np.maximum(weekday, 0), np.maximum(weeks, 0), first),
            np.maximum(year, 0))


def stock(session: Session, place: Place, as_of: date, index: dict[int, int]) -> tuple[
        Stock, np.ndarray, np.ndarray]:
    """Salable now, the arrivals (row, day, units), and per product the units on hand
    and in transit (for the table)."""
    n = len(index)
    salable = np.zeros(n)
    rows: list[int] = []
    days: list[int] = []
    units: list[float] = []

    def arrive(pid: int, when: date | None, qty: int) -> None:
        at = index.get(pid)
        if at is not None and qty > 0:
            rows.append(at)
            days.append(max(0, (when - as_of).days) if when else 0)
            units.append(float(qty))

    if place.kind == "marketplace":
        for pid, fulfillable, inbound in session.execute(
                select(MarketplaceStock.product_id, MarketplaceStock.fulfillable,
                       MarketplaceStock.inbound)
                .where(MarketplaceStock.destination_id == place.id)):
            if pid in index:
                salable[index[pid]] += fulfillable
            arrive(pid, as_of + timedelta(days=place.inbound_days), inbound)
        if place.location_id is not None:
            for pid, qty in session.execute(
                    select(StockLevel.product_id, StockLevel.on_hand)
                    .where(StockLevel.location_id == place.location_id)):
                arrive(pid, as_of + timedelta(days=place.inbound_days), qty)
    else:
        for pid, qty in session.execute(
                select(StockLevel.product_id,
                       func.sum(StockLevel.on_hand - StockLevel.reserved))
                .join(Location, Location.id == StockLevel.location_id)
                .where(Location.kind == "bin").group_by(StockLevel.product_id)):
            if pid in index:
                salable[index[pid]] += max(0, int(qty or 0))
        open_units = (POShipmentLine.quantity + POShipmentLine.over - POShipmentLine.received
                      - POShipmentLine.damaged - POShipmentLine.short)
        for pid, eta, qty in session.execute(
                select(POShipmentLine.product_id, POShipment.eta, open_units)
                .join(POShipment, POShipment.id == POShipmentLine.shipment_id)
                .where(POShipment.status == "in_transit", open_units > 0)):
            arrive(pid, eta, int(qty))
        # Ordered but not shipped yet: it comes when the PO says (a draft PO made from this
        # plan carries the arrival date), so the next plan does not order it again.
        for pid, expected, qty in session.execute(
                select(POLine.product_id, PurchaseOrder.expected_date,
                       POLine.quantity - POLine.shipped)
                .join(PurchaseOrder, PurchaseOrder.id == POLine.po_id)
                .where(PurchaseOrder.status.in_(OPEN_PO), POLine.quantity > POLine.shipped)):
            arrive(pid, expected, int(qty))
    on_hand = salable.copy()
    transit = np.zeros(n)
    row_arr = np.array(rows, dtype=np.int64)
    np.add.at(transit, row_arr, np.array(units))
    return (Stock(salable, row_arr, np.array(days, dtype=np.int64), np.array(units)),
            on_hand, transit)


def supplier_terms(session: Session, place: Place, index: dict[int, int],
                   weight_g: dict[int, int]) -> SupplierTerms:
    """Each product's supplier offer: the preferred supplier, else the cheapest."""
    n = len(index)
    sp = SupplierProduct
    found = session.execute(
        select(sp.product_id, Supplier.name, Supplier.currency, sp.supplier_sku,
               sp.unit_cost_minor, sp.pack_size, sp.moq, sp.production_days, sp.sea_days,
               sp.sea_fast_days, sp.air_days, sp.express_days, sp.freight_basis,
               sp.sea_freight_minor, sp.air_freight_minor, sp.express_freight_minor)
        .join(Supplier, Supplier.id == sp.supplier_id)
        .where(Supplier.active.is_(True))
        .order_by(sp.product_id, sp.preferred.desc(), sp.unit_cost_minor, sp.id)).all()
    supplier = [""] * n
    supplier_sku = [""] * n
    currency = [""] * n
    unit_cost = np.zeros(n, dtype=np.int64)
    lead = np.full((n, 4), -1, dtype=np.int64)
    landed = np.zeros((n, 4), dtype=np.int64)
    freight = np.full((n, 4), -1, dtype=np.int64)
    pack = np.ones(n, dtype=np.int64)
    moq = np.zeros(n, dtype=np.int64)
    seen: set[int] = set()
    for row in found:
        pid = row[0]
        at = index.get(pid)
        if at is None or pid in seen:
            continue
        seen.add(pid)
        (_p, name, cur, ssku, cost, pk, mq, production, sea, sea_fast, air, express, basis,
         sea_f, air_f, express_f) = row
        supplier[at], supplier_sku[at], currency[at] = name, ssku, cur
        unit_cost[at], pack[at], moq[at] = cost, max(1, pk), mq
        # The price list has one sea rate: a fast sea liner is charged as sea.
        for m, (days, rate) in enumerate(((sea, sea_f), (sea_fast, sea_f), (air, air_f),
                                          (express, express_f))):
            if days is None:
                continue
            lead[at, m] = production + days + place.inbound_days
            per_unit = 0 if rate is None else (
                rate if basis == "unit" else (rate * weight_g.get(pid, 0) + 500) // 1000)
            freight[at, m] = -1 if rate is None else per_unit
            landed[at, m] = cost + per_unit
    return SupplierTerms(supplier, supplier_sku, currency, unit_cost, freight,
                         Offers(lead, landed, pack, moq))


def weights(session: Session) -> dict[int, int]:
    return {pid: int(w or 0) for pid, w in session.execute(
        select(Product.id, Product.weight_g).where(Product.weight_g.is_not(None)))}


def destinations(session: Session) -> list[Place]:
    rows = session.scalars(select(Destination).where(Destination.active.is_(True))
                           .order_by(Destination.name))
    return [Place(d.id, d.name, d.kind, d.store_id, d.location_id, d.inbound_days)
            for d in rows]


