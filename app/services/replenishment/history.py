"""What the plan reads from the database, in bulk: per-product sales sums (one grouped
query, summed in SQL), salable stock, arrivals with their days, and each product's supplier
offer. Arrays in product order (`products` gives the ids); never one product at a time.

Demand is net sales: order lines of orders that were not cancelled, less the units of
returns against them, on the store-local day the order was placed (kept per product and day
by `daily`). Our warehouse sells what the stores ship themselves; a marketplace warehouse
sells its store's channel-fulfilled orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Executable, Integer, cast, func, select
from sqlalchemy.orm import Session

from app.models import Location, Product, StockLevel
from app.models.replenishment import Destination, MarketplaceStock
from app.models.suppliers import (
    POLine,
    POShipment,
    POShipmentLine,
    PurchaseOrder,
    Supplier,
    SupplierProduct,
)
from app.services.replenishment import daily
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
    currency: list[str]
    unit_cost: np.ndarray      # (P,) minor units, supplier's currency
    freight: np.ndarray        # (P, 4) per unit, minor units; -1 unknown
    offers: Offers


def catalogue(session: Session) -> Catalogue:
    rows = _rows(session, select(Product.id, Product.sku, Product.name, Product.price_minor)
                 .where(Product.active.is_(True)).order_by(Product.id))
    ids, skus, names, prices = zip(*rows, strict=True) if rows else ((), (), (), ())
    return Catalogue(np.array(ids, dtype=np.int64), list(skus), list(names),
                     np.array(prices, dtype=np.int64))


def sold_units(session: Session, place: Place, start: date, end: date, *,
               fresh: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(product id, day since start, units) per product and store-local day sold in
    start..end-1 (positive) and returned (negative), read from the daily sales table."""
    marketplace = place.kind == "marketplace"
    got = daily.sales(session, [place.store_id] if marketplace and place.store_id else
                      ([] if marketplace else None), marketplace, start, end, fresh=fresh)
    sold, back = got.sold > 0, got.returned > 0
    return (np.concatenate([got.product_id[sold], got.product_id[back]]),
            np.concatenate([got.day[sold], got.day[back]]),
            np.concatenate([got.sold[sold], -got.returned[back]]))


def sales_stats(session: Session, place: Place, as_of: date, ids: np.ndarray, *,
                fresh: bool = False) -> tuple[SalesStats, np.ndarray]:
    """Per-product weekday sums, the last weeks' totals, days since the first sale, and
    units sold in the last year (for ABC), for the products `ids` (in that order)."""
    n = len(ids)
    span = 7 * HISTORY_WEEKS
    start = as_of - timedelta(days=span)
    pid, day, qty = sold_units(session, place, start, as_of, fresh=fresh)
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


def _rows(session: Session, query: Executable) -> Sequence[Any]:
    """The rows of a query of plain columns, through Core: the ORM's per-row work costs
    more than the query over 50,000 products."""
    return session.connection().execute(query).all()


def _positions(ids: np.ndarray, pid: np.ndarray) -> np.ndarray:
    """The row of each product id `pid` among `ids`; -1 for one not there."""
    lookup = np.full(int(max(ids.max(initial=0), pid.max(initial=0))) + 1, -1,
                     dtype=np.int64)
    lookup[ids] = np.arange(len(ids))
    return np.asarray(lookup[pid], dtype=np.int64)


def stock(session: Session, place: Place, as_of: date, ids: np.ndarray) -> tuple[
        Stock, np.ndarray, np.ndarray]:
    """Salable now, the arrivals (row, day, units), and per product the units on hand
    and in transit (for the table), for the products `ids` (in that order)."""
    n = len(ids)
    index = {int(pid): i for i, pid in enumerate(ids.tolist())}
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
        found = _rows(session, select(StockLevel.product_id,
                                      func.sum(StockLevel.on_hand - StockLevel.reserved))
                      .join(Location, Location.id == StockLevel.location_id)
                      .where(Location.kind == "bin").group_by(StockLevel.product_id))
        if found:
            pids, sums = zip(*found, strict=True)
            at = _positions(ids, np.array(pids, dtype=np.int64))
            free = np.nan_to_num(np.array(sums, dtype=np.float64))   # NULL sum: nothing
            mine = at >= 0
            np.add.at(salable, at[mine], np.maximum(free[mine], 0))
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


def supplier_terms(session: Session, place: Place, ids: np.ndarray) -> SupplierTerms:
    """Each product's supplier offer (for the products `ids`, in that order): the preferred
    supplier, else the cheapest. Worked out on whole columns, not row by row."""
    n = len(ids)
    sp = SupplierProduct
    suppliers = _rows(session, select(Supplier.id, Supplier.name, Supplier.currency)
                      .where(Supplier.active.is_(True)).order_by(Supplier.id))
    found = _rows(session, select(
        sp.product_id, sp.supplier_id, sp.unit_cost_minor, sp.pack_size, sp.moq,
        sp.production_days, cast(sp.freight_basis == "unit", Integer),
        func.coalesce(Product.weight_g, 0), sp.sea_days, sp.sea_fast_days, sp.air_days,
        sp.express_days, sp.sea_freight_minor, sp.sea_fast_freight_minor,
        sp.air_freight_minor, sp.express_freight_minor, cast(sp.preferred, Integer), sp.id)
        .join(Supplier, Supplier.id == sp.supplier_id)
        .join(Product, Product.id == sp.product_id)
        .where(Supplier.active.is_(True)))
    unit_cost = np.zeros(n, dtype=np.int64)
    lead = np.full((n, 4), -1, dtype=np.int64)
    landed = np.zeros((n, 4), dtype=np.int64)
    freight = np.full((n, 4), -1, dtype=np.int64)
    pack = np.ones(n, dtype=np.int64)
    moq = np.zeros(n, dtype=np.int64)
    supplier_row = np.full(n, len(suppliers), dtype=np.int64)   # the last: no supplier
    if found and n:
        # Columns of plain numbers; NULL (no such mode, no rate) becomes NaN.
        table = np.array([np.array(col, dtype=np.float64)
                          for col in zip(*found, strict=True)]).T
        # Per product the best offer first: preferred, then the cheapest, then the oldest.
        table = table[np.lexsort((table[:, 17], table[:, 2], -table[:, 16], table[:, 0]))]
        pid = table[:, 0].astype(np.int64)
        first = np.ones(len(pid), dtype=np.bool_)
        first[1:] = pid[1:] != pid[:-1]
        at = _positions(ids, pid)
        take = np.flatnonzero(first & (at >= 0))
        at = at[take]
        (_pid, sid, cost_f, pack_f, moq_f, production, by_unit, grams, sea, sea_fast, air,
         express, sea_rate, fast_rate, air_rate, express_rate, _preferred, _id) = table[take].T
        supplier_row[at] = np.searchsorted(np.array([s[0] for s in suppliers]), sid)
        cost = cost_f.astype(np.int64)
        unit_cost[at] = cost
        pack[at] = np.maximum(pack_f, 1).astype(np.int64)
        moq[at] = moq_f.astype(np.int64)
        # A fast sea liner without a rate of its own is charged as slow sea.
        fast_rate = np.where(np.isnan(fast_rate), sea_rate, fast_rate)
        for m, (days, rate) in enumerate(((sea, sea_rate), (sea_fast, fast_rate),
                                          (air, air_rate), (express, express_rate))):
            offered = ~np.isnan(days)
            known = offered & ~np.isnan(rate)
            whole = np.nan_to_num(rate).astype(np.int64)
            per_unit = np.where(by_unit == 1, whole,
                                (whole * grams.astype(np.int64) + 500) // 1000)
            lead[at, m] = np.where(offered, production + np.nan_to_num(days)
                                   + place.inbound_days, -1).astype(np.int64)
            freight[at, m] = np.where(known, per_unit, -1)
            landed[at, m] = np.where(offered, cost + np.where(known, per_unit, 0), 0)
    names: list[str] = [s[1] for s in suppliers] + [""]
    currencies: list[str] = [s[2] for s in suppliers] + [""]
    picked = supplier_row.tolist()
    return SupplierTerms([names[k] for k in picked], [currencies[k] for k in picked],
                         unit_cost, freight, Offers(lead, landed, pack, moq))


def destinations(session: Session) -> list[Place]:
    rows = session.scalars(select(Destination).where(Destination.active.is_(True))
                           .order_by(Destination.name))
    return [Place(d.id, d.name, d.kind, d.store_id, d.location_id, d.inbound_days)
            for d in rows]


