"""Reserving stock for open orders (priority, then oldest first) and the oversell report."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ScalarSelect, Select, func, select, update
from sqlalchemy.orm import Session

from app.models import (
    AuditEvent,
    Location,
    Order,
    OrderLine,
    Product,
    Reservation,
    StockLevel,
    utcnow,
)
from app.models.orders import OPEN_STATUSES
from app.services.core.backend import Actor
from app.services.core.bulk import insert_rows, stored_datetime
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.core.value_lists import one_of
from app.services.orders.listing_keys import ListingKey, listing_key
from app.services.stock import ledger

WAITING = ("new", "backorder")


# Columns of the rows written here in bulk, in the order the tuples give them.
_RESERVATION = ("order_line_id", "product_id", "location_id", "quantity", "created_at")
_AUDIT = ("at", "user", "station", "entity", "entity_id", "action", "details", "sku",
          "order_number")


@dataclass(frozen=True)
class ReserveSummary:
    reserved: int      # orders now fully reserved
    backorders: int    # orders still short of stock (or with an unknown SKU)
    units: int         # units newly held


def _held() -> ScalarSelect[int]:
    return (select(func.coalesce(func.sum(Reservation.quantity), 0))
            .where(Reservation.order_line_id == OrderLine.id).scalar_subquery())


# A waiting order's line as the allocation reads it: order, its status, line, product, units
# ordered, units already held. An order without lines has one row with line None.
Candidate = tuple[int, str, int | None, int | None, int, int]
# Free units per product: [[bin id, free units], ...] in the order bins are taken from.
Bins = dict[int, list[list[int]]]


def waiting_lines() -> Select[int, str, int, int | None, int, int, int, datetime]:
    """Every waiting order's lines (Candidate columns, then priority and placed time), in the
    order stock goes to them: higher priority first, then oldest first."""
    return (select(Order.id, Order.status, OrderLine.id, OrderLine.product_id,
                   OrderLine.quantity, _held(), Order.priority, Order.placed_at)
            .join(OrderLine, OrderLine.order_id == Order.id, isouter=True)
            .where(Order.status.in_(WAITING), Order.fulfilled_by_channel.is_(False))
            .order_by(Order.priority.desc(), Order.placed_at, Order.id, OrderLine.id))


def reserve_open_orders(session: Session, *, actor: Actor | None = None,
                        order_ids: list[int] | None = None) -> ReserveSummary:
    """Hold stock for every new/backorder order: higher priority first, then oldest first.

    A line holds what the bins have (default bin first, then walking order); an order with a
    line not fully held, or a line whose SKU we do not know, becomes 'backorder'.
    Orders the channel fulfils itself (Amazon FBA) never reserve our stock.
    """
    query = waiting_lines()
    if order_ids is not None:
        query = query.where(one_of(session, Order.id, order_ids))
    rows: list[Candidate] = [(oid, st, line, pid, qty, held) for oid, st, line, pid, qty, held,
                              _priority, _placed in session.execute(query)]
    if not rows:
        return ReserveSummary(0, 0, 0)
    stock = bins_with_stock(session, {r[3] for r in rows if r[3] is not None})
    allocation = Allocation()
    allocation.add(rows, stock)
    allocation.hold(session)
    allocation.mark(session, actor, allocation.changed)
    return allocation.summary()


@dataclass
class Allocation:
    """Free bin stock given to waiting orders' lines, in the order the rows come (an order's
    rows together): what to hold, and the orders whose status that changes."""

    reservations: list[tuple[int, int, int, int]] = field(default_factory=list)
    levels: defaultdict[tuple[int, int], int] = field(
        default_factory=lambda: defaultdict(int))
    changed: dict[int, tuple[str, str]] = field(default_factory=dict)  # order: (from, to)
    reserved: int = 0     # orders now fully held
    backorders: int = 0   # orders still short (or with a line of no known product)

    def add(self, rows: Iterable[Candidate], stock: Bins) -> None:
        """Allocate to `rows`, taking from `stock` (which must have every row's product that
        has free units); an order's rows must come together."""
        current: int | None = None
        status, short = "", False
        for oid, st, line_id, pid, qty, held in rows:
            if oid != current:
                if current is not None:
                    self._decide(current, status, short)
                current, status, short = oid, st, False
            if line_id is None:
                continue
            if pid is None:
                short = True
                continue
            need = qty - held
            for slot in stock.get(pid, ()):
                if need <= 0:
                    break
                take = min(slot[1], need)
                if take <= 0:
                    continue
                slot[1] -= take
                need -= take
                self.reservations.append((line_id, pid, slot[0], take))
                self.levels[(pid, slot[0])] += take
            if need > 0:
                short = True
        if current is not None:
            self._decide(current, status, short)

    def _decide(self, oid: int, before: str, short: bool) -> None:
        after = "backorder" if short else "reserved"
        if short:
            self.backorders += 1
        else:
            self.reserved += 1
        if after != before:
            self.changed[oid] = (before, after)

    def hold(self, session: Session) -> None:
        """Write the reservations and what the levels hold (the lines must exist)."""
        if not self.reservations:
            return
        conn = session.connection()
        at = stored_datetime(utcnow(), conn.dialect.name == "sqlite")
        insert_rows(conn, Reservation, _RESERVATION,
                    [(*r, at) for r in self.reservations])
        ledger.add_reserved(session, [(p, loc, d) for (p, loc), d in self.levels.items()])

    @staticmethod
    def mark(session: Session, actor: Actor | None, changed: dict[int, tuple[str, str]], *,
             update_orders: bool = True) -> None:
        """Give the `changed` orders their new status (unless the caller writes it itself)
        and record each change in the audit trail."""
        if not changed:
            return
        if update_orders:
            for target in ("reserved", "backorder"):
                ids = [oid for oid, (_b, after) in changed.items() if after == target]
                if ids:
                    session.execute(update(Order).where(one_of(session, Order.id, ids))
                                    .values(status=target))
        conn = session.connection()
        at = stored_datetime(utcnow(), conn.dialect.name == "sqlite")
        details = {b: json.dumps({"from": b}) for b, _a in changed.values()}
        user, station = (actor.user, actor.station) if actor else ("", "")
        insert_rows(conn, AuditEvent, _AUDIT, [
            (at, user, station, "order", oid, after, details[before], "", "")
            for oid, (before, after) in changed.items()])

    def summary(self) -> ReserveSummary:
        return ReserveSummary(self.reserved, self.backorders,
                              sum(r[3] for r in self.reservations))


def bins_with_stock(session: Session, product_ids: Iterable[int]) -> Bins:
    """product -> [[bin id, free units], ...] in the order ledger.reserve uses."""
    out: dict[int, list[list[int]]] = defaultdict(list)
    ids = sorted(product_ids)
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        for pid, loc, free in session.execute(
                select(StockLevel.product_id, StockLevel.location_id,
                       StockLevel.on_hand - StockLevel.reserved)
                .join(Location, Location.id == StockLevel.location_id)
                .join(Product, Product.id == StockLevel.product_id)
                .where(one_of(session, StockLevel.product_id, chunk), Location.kind == "bin",
                       StockLevel.on_hand > StockLevel.reserved)
                .order_by(StockLevel.product_id,
                          (StockLevel.location_id == Product.default_location_id).desc(),
                          Location.path_order, Location.code)):
            out[pid].append([loc, free])
    return out


def release_order(session: Session, order_id: int) -> int:
    """Give back every unit held for the order's lines; return how many."""
    line_ids = session.scalars(select(OrderLine.id).where(OrderLine.order_id == order_id))
    return sum(ledger.release(session, lid) for lid in list(line_ids))


@dataclass(frozen=True)
class LineState:
    line_id: int
    channel_sku: str
    product_sku: str | None
    title: str
    quantity: int
    unit_price_minor: int
    reserved: int
    state: str        # reserved | partly reserved | waiting | unmatched | -
    reason: str       # why it is not reserved, in words
    line_total_minor: int = 0   # what the store charged for the whole line
    listing_id: str = ""        # the store's listing (lines without a SKU)
    variation: str = ""


def key_words(key: ListingKey) -> Message:
    """What a SKU-less line is known by, as listing_keys.describe_key words it in English,
    kept as a Message so the window shows it in its language."""
    listing_id, title, variation = key
    known = (Message(QT_TRANSLATE_NOOP("messages", "listing {listing}"), listing=listing_id)
             if listing_id else Message(QT_TRANSLATE_NOOP("messages", "'{title}'"), title=title))
    return (Message(QT_TRANSLATE_NOOP("messages", "{known} ({variation})"), known=known,
                    variation=variation) if variation else known)


def line_states(session: Session, order_id: int) -> list[LineState]:
    status, afn = session.execute(select(Order.status, Order.fulfilled_by_channel)
                                  .where(Order.id == order_id)).one()
    out = []
    rows = session.execute(
        select(OrderLine.id, OrderLine.channel_sku, Product.sku, OrderLine.title,
               OrderLine.quantity, OrderLine.unit_price_minor, OrderLine.product_id, _held(),
               OrderLine.line_total_minor, OrderLine.listing_id, OrderLine.variation)
        .join(Product, Product.id == OrderLine.product_id, isouter=True)
        .where(OrderLine.order_id == order_id).order_by(OrderLine.id)).all()
    for lid, csku, psku, title, qty, price, pid, held, line_total, listing, variation in rows:
        if status not in OPEN_STATUSES or afn:
            state, reason = "-", Message(QT_TRANSLATE_NOOP("messages",
                "fulfilled by the channel")) if afn else ""
        elif pid is None:
            state = "unmatched"
            key = None if csku else listing_key(listing, title, variation)
            # Messages: the window shows why in its language (the CLI reads the English).
            reason = (Message(QT_TRANSLATE_NOOP("messages",
                "store SKU {sku} is not linked to a product"), sku=csku) if csku
                      else Message(QT_TRANSLATE_NOOP("messages",
                "no SKU from the store; {listing} is not linked to a product"),
                listing=key_words(key)) if key
                      else Message(QT_TRANSLATE_NOOP("messages",
                "no SKU, listing or title from the store")))
        elif held >= qty:
            state, reason = "reserved", ""
        else:
            free = session.scalar(
                select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
                .join(Location, Location.id == StockLevel.location_id)
                .where(StockLevel.product_id == pid, Location.kind == "bin")) or 0
            state = "partly reserved" if held else "waiting"
            reason = (Message(QT_TRANSLATE_NOOP("messages",
                "{held} of {quantity} held; {free} free in the bins, older orders come first"),
                held=held, quantity=qty, free=free) if free
                      else Message(QT_TRANSLATE_NOOP("messages",
                "{held} of {quantity} held; none left in stock"), held=held, quantity=qty))
        out.append(LineState(lid, csku, psku, title, qty, price, held, state, reason,
                             line_total, listing, variation))
    return out


@dataclass(frozen=True)
class OversellRow:
    sku: str               # our SKU, or the store's SKU when it is not linked
    name: str
    available: int         # free units in bins (on hand - reserved)
    open_demand: int       # units open orders still need (not yet held)
    short: int             # open_demand - available, > 0
    incoming: int          # units in transit
    orders: tuple[str, ...]
    linked: bool = True


def oversell_report(session: Session) -> list[OversellRow]:
    """SKUs whose open demand exceeds what is free in stock, with the orders affected."""
    need = (OrderLine.quantity - _held()).label("need")
    rows = session.execute(
        select(Order.number, OrderLine.product_id, OrderLine.channel_sku, OrderLine.title, need)
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.status.in_(OPEN_STATUSES), Order.fulfilled_by_channel.is_(False),
               OrderLine.quantity > _held())
        .order_by(Order.priority.desc(), Order.placed_at)).all()
    # Keyed by product id, or "store:<SKU>" for lines not linked to a product.
    demand: dict[int | str, int] = defaultdict(int)
    orders: dict[int | str, list[str]] = defaultdict(list)
    titles: dict[int | str, str] = {}
    for number, pid, csku, title, n in rows:
        key = pid if pid is not None else f"store:{csku}"
        demand[key] += n
        if number not in orders[key]:
            orders[key].append(number)
        titles.setdefault(key, title)
    pids = [k for k in demand if isinstance(k, int)]
    free: defaultdict[int, int] = defaultdict(int)
    transit: defaultdict[int, int] = defaultdict(int)
    names: dict[int, tuple[str, str]] = {}
    for start in range(0, len(pids), 500):
        chunk = pids[start:start + 500]
        for pid, kind, on_hand, reserved in session.execute(
                select(StockLevel.product_id, Location.kind, StockLevel.on_hand,
                       StockLevel.reserved)
                .join(Location, Location.id == StockLevel.location_id)
                .where(StockLevel.product_id.in_(chunk))):
            if kind == "bin":
                free[pid] += on_hand - reserved
            elif kind == "in_transit":
                transit[pid] += on_hand
        names.update({pid: (sku, name) for pid, sku, name in session.execute(
            select(Product.id, Product.sku, Product.name).where(Product.id.in_(chunk)))})
    report = []
    for key, n in demand.items():
        if isinstance(key, int):
            if n <= free[key]:
                continue
            sku, name = names[key]
            report.append(OversellRow(sku, name, free[key], n, n - free[key], transit[key],
                                      tuple(orders[key])))
        else:
            report.append(OversellRow(key.removeprefix("store:"), titles[key], 0, n, n, 0,
                                      tuple(orders[key]), linked=False))
    report.sort(key=lambda r: (-r.short, r.sku))
    return report
