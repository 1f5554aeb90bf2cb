"""Reading orders: the paged, filtered list and one order's detail."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy import ColumnElement, Row, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from app.models import AuditEvent, Customer, Order, OrderLine, Store
from app.money import to_decimal_text
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP, Listing, Message
from app.services.orders.sorts import SORT_NAMES, order_by

FLAGS = ("unmatched", "oversold", "on_hold")

if TYPE_CHECKING:
    # Imported where used: a list without a search needs neither, nor the Orders tab's first
    # rows (search brings the packing tables, ~0.1 s of the start; issue 13).
    from app.services.orders.reservations import LineState
    # row_query's columns: id, number, store, placed_at, customer (the order's own name),
    # items, total_minor, currency, status, unmatched, fulfilled_by_channel, priority (to_row
    # reads these), then the store sort's key store_id.
    ListColumns: TypeAlias = tuple[int, str, str, datetime, str, int, int, str, str, bool, bool,
                                   int, int]


@dataclass(frozen=True)
class OrderFilter:
    store_id: int | None = None
    statuses: tuple[str, ...] = ()
    placed_from: datetime | None = None
    placed_to: datetime | None = None     # exclusive
    flags: frozenset[str] = field(default_factory=frozenset)
    search: str = ""


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    store: str
    placed_at: datetime
    customer: str
    items: int
    total_minor: int
    currency: str
    status: str
    flags: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"number": self.number, "store": self.store,
                "placed_at": self.placed_at.isoformat(), "status": self.status,
                "total": to_decimal_text(self.total_minor, self.currency),
                "currency": self.currency, "customer": self.customer, "items": self.items,
                "flags": list(self.flags)}


def where_conditions(session: Session, flt: OrderFilter, *,
                     plain: frozenset[str] = frozenset(),
                     search: ColumnElement[bool] | None = None) -> list[ColumnElement[bool]]:
    """The filter as SQL conditions.

    `plain` names filters ("store", "status", "dates") to write so that no index can serve
    them (store_id + 0, status || '', coalesce(placed_at, placed_at): portable no-ops), when
    the caller knows a walk of another index in sort order finds its rows faster. `search`
    is search_condition's result when the caller already has it.
    """
    cond: list[ColumnElement[bool]] = []
    store = Order.store_id + 0 if "store" in plain else Order.store_id
    status = Order.status.concat("") if "status" in plain else Order.status
    placed = (func.coalesce(Order.placed_at, Order.placed_at) if "dates" in plain
              else Order.placed_at)
    if flt.store_id is not None:
        cond.append(store == flt.store_id)
    if flt.statuses:
        cond.append(status.in_(flt.statuses))
    if flt.placed_from is not None:
        cond.append(placed >= flt.placed_from)
    if flt.placed_to is not None:
        cond.append(placed < flt.placed_to)
    unknown = set(flt.flags) - set(FLAGS)
    if unknown:
        raise InvalidInput(f"Unknown flag(s): {', '.join(sorted(unknown))}.")
    if "unmatched" in flt.flags:
        cond.append(Order.id.in_(select(OrderLine.order_id).where(
            OrderLine.product_id.is_(None))))
    if "oversold" in flt.flags:
        cond.append(status == "backorder")
    if "on_hold" in flt.flags:
        cond.append(status == "on_hold")
    if search is not None:
        cond.append(search)
    elif flt.search.strip():
        from app.services.orders.search import search_condition

        cond.append(search_condition(session, flt.search))
    return cond


def list_orders(session: Session, flt: OrderFilter | None = None, offset: int = 0,
                limit: int = 200, *, sort: str | None = "placed_at", descending: bool = True
                ) -> list[OrderRow]:
    """One page of orders, filtered and sorted in SQL (newest first by default).

    Pages by OFFSET, which gets slower the deeper it goes; a list the user scrolls through
    uses order_pages.page_after instead, which returns exactly the same rows.
    """
    flt = flt or OrderFilter()
    sort = sort or "placed_at"
    if sort not in SORT_NAMES:
        raise InvalidInput(f"Cannot sort by {sort!r}.")
    query = (row_query().where(and_(True, *where_conditions(session, flt)))
             .order_by(*order_by(sort, descending)).offset(offset).limit(limit))
    return [to_row(r) for r in session.execute(query)]


def row_query() -> Select[*ListColumns]:
    """The list's columns, then the store sort's key column (store id)."""
    items = (select(func.coalesce(func.sum(OrderLine.quantity), 0))
             .where(OrderLine.order_id == Order.id).scalar_subquery())
    unmatched = exists().where(OrderLine.order_id == Order.id, OrderLine.product_id.is_(None))
    return (select(Order.id, Order.number, Store.name, Order.placed_at, Order.bill_name, items,
                   Order.total_minor, Order.currency, Order.status, unmatched,
                   Order.fulfilled_by_channel, Order.priority, Order.store_id)
            .join(Store, Store.id == Order.store_id))


def to_row(r: Row[*ListColumns]) -> OrderRow:
    oid, number, store, placed, customer, n, total, cur, status, unm, afn, prio = r[:12]
    flags = []
    if unm:
        flags.append("unmatched")
    if status == "backorder":
        flags.append("oversold")
    if status == "on_hold":
        flags.append("on_hold")
    if afn:
        flags.append("channel_fulfils")
    if prio > 0:
        flags.append("priority")
    return OrderRow(oid, number, store, placed, customer or "", n, total, cur, status,
                    tuple(flags))


def count_orders(session: Session, flt: OrderFilter | None = None) -> int:
    flt = flt or OrderFilter()
    query = select(func.count(Order.id)).where(and_(True, *where_conditions(session, flt)))
    return session.scalar(query) or 0


@dataclass(frozen=True)
class Event:
    at: datetime
    user: str
    station: str
    action: str
    details: str


@dataclass(frozen=True)
class OrderDetail:
    id: int
    number: str
    external_id: str
    store: str
    store_id: int
    placed_at: datetime
    status: str
    financial_status: str
    currency: str
    subtotal_minor: int
    shipping_minor: int
    tax_minor: int
    discount_minor: int
    total_minor: int
    customer_name: str        # the order's own bill-to name (else its ship-to name)
    customer_email: str
    customer_phone: str
    ship_to: dict[str, str]
    shipping_method: str
    notes: str
    priority: int
    fulfilled_by_channel: bool
    lines: tuple[LineState, ...]
    events: tuple[Event, ...]
    # The merged customer record (shared by every order with its email) and its order count.
    customer_record: str = ""
    customer_orders: int = 0

    def as_json(self) -> dict[str, object]:
        money = {k: to_decimal_text(getattr(self, f"{k}_minor"), self.currency)
                 for k in ("subtotal", "shipping", "tax", "discount", "total")}
        return {
            "number": self.number, "external_id": self.external_id, "store": self.store,
            "placed_at": self.placed_at.isoformat(), "status": self.status,
            "financial_status": self.financial_status, "currency": self.currency, **money,
            "customer": {"name": self.customer_name, "email": self.customer_email,
                         "phone": self.customer_phone, "record_name": self.customer_record,
                         "record_orders": self.customer_orders},
            "ship_to": dict(self.ship_to), "shipping_method": self.shipping_method,
            "notes": self.notes, "priority": self.priority,
            "fulfilled_by_channel": self.fulfilled_by_channel,
            "lines": [{"sku": ln.product_sku or ln.channel_sku, "channel_sku": ln.channel_sku,
                       "title": ln.title, "quantity": ln.quantity,
                       "unit_price": to_decimal_text(ln.unit_price_minor, self.currency),
                       "line_total": to_decimal_text(ln.line_total_minor, self.currency),
                       "listing_id": ln.listing_id, "variation": ln.variation,
                       "reserved": ln.reserved, "state": ln.state, "matched":
                       ln.product_sku is not None} for ln in self.lines],
            "events": [{"at": e.at.isoformat(), "user": e.user, "station": e.station,
                        "action": e.action, "details": e.details} for e in self.events],
        }


SHIP_FIELDS = ("name", "company", "street1", "street2", "city", "state", "postcode",
               "country", "phone")


def order_detail(session: Session, order_id: int) -> OrderDetail:
    from app.services.orders.reservations import line_states

    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"No order with id {order_id}.")
    store = session.get(Store, order.store_id)
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    events = tuple(Event(at, user, station, action, _details(details)) for at, user, station,
                   action, details in session.execute(
                       select(AuditEvent.at, AuditEvent.user, AuditEvent.station,
                              AuditEvent.action, AuditEvent.details)
                       .where(AuditEvent.entity == "order", AuditEvent.entity_id == order_id)
                       .order_by(AuditEvent.at, AuditEvent.id)))
    return OrderDetail(
        order.id, order.number, order.external_id, store.name if store else "", order.store_id,
        order.placed_at, order.status, order.financial_status or "", order.currency,
        order.subtotal_minor, order.shipping_minor, order.tax_minor, order.discount_minor,
        order.total_minor, order.bill_name or order.ship_name,
        (customer.email or "") if customer else "", (customer.phone or "") if customer else "",
        {f: getattr(order, f"ship_{f}") or "" for f in SHIP_FIELDS}, order.shipping_method,
        order.notes, order.priority, order.fulfilled_by_channel,
        tuple(line_states(session, order.id)), events,
        customer.name if customer else "",
        session.scalar(select(func.count(Order.id)).where(
            Order.customer_id == customer.id)) or 0 if customer else 0)


# The keys an order's events record (app/services/core/audit.record), as words the window
# shows in its language; any other key is shown with its underscores as spaces.
_DETAIL_KEYS = {
    "reason": QT_TRANSLATE_NOOP("messages", "reason"),
    "previous": QT_TRANSLATE_NOOP("messages", "before"),
    "old": QT_TRANSLATE_NOOP("messages", "before"),
    "new": QT_TRANSLATE_NOOP("messages", "now"),
    "units_released": QT_TRANSLATE_NOOP("messages", "units released"),
    "source": QT_TRANSLATE_NOOP("messages", "source"),
    "file": QT_TRANSLATE_NOOP("messages", "file"),
    "number": QT_TRANSLATE_NOOP("messages", "number"),
    "order_number": QT_TRANSLATE_NOOP("messages", "order"),
    "old_external_id": QT_TRANSLATE_NOOP("messages", "old store ID"),
    "new_external_id": QT_TRANSLATE_NOOP("messages", "new store ID"),
    "format": QT_TRANSLATE_NOOP("messages", "format"),
    "change": QT_TRANSLATE_NOOP("messages", "change"),
    "old_status": QT_TRANSLATE_NOOP("messages", "status before"),
    "status": QT_TRANSLATE_NOOP("messages", "status"),
    "financial_status": QT_TRANSLATE_NOOP("messages", "payment"),
    "carrier": QT_TRANSLATE_NOOP("messages", "carrier"),
    "from_station": QT_TRANSLATE_NOOP("messages", "from station"),
    "from_user": QT_TRANSLATE_NOOP("messages", "from user"),
    "sku": QT_TRANSLATE_NOOP("messages", "SKU"),
    "bin": QT_TRANSLATE_NOOP("messages", "bin"),
    "missing": QT_TRANSLATE_NOOP("messages", "missing"),
    "pick_list": QT_TRANSLATE_NOOP("messages", "pick list"),
    "packer": QT_TRANSLATE_NOOP("messages", "packer"),
    "station": QT_TRANSLATE_NOOP("messages", "station"),
    "duration_s": QT_TRANSLATE_NOOP("messages", "seconds"),
    "items": QT_TRANSLATE_NOOP("messages", "items"),
    "parcels": QT_TRANSLATE_NOOP("messages", "parcels"),
    "errors": QT_TRANSLATE_NOOP("messages", "errors"),
    "override_by": QT_TRANSLATE_NOOP("messages", "allowed by"),
    "override_reason": QT_TRANSLATE_NOOP("messages", "why allowed"),
    "note": QT_TRANSLATE_NOOP("messages", "note"),
    "name": QT_TRANSLATE_NOOP("messages", "name"),
    "company": QT_TRANSLATE_NOOP("messages", "company"),
    "street1": QT_TRANSLATE_NOOP("messages", "street"),
    "street2": QT_TRANSLATE_NOOP("messages", "street (2nd line)"),
    "city": QT_TRANSLATE_NOOP("messages", "city"),
    "state": QT_TRANSLATE_NOOP("messages", "state"),
    "postcode": QT_TRANSLATE_NOOP("messages", "postcode"),
    "country": QT_TRANSLATE_NOOP("messages", "country"),
    "phone": QT_TRANSLATE_NOOP("messages", "phone"),
    "lines": QT_TRANSLATE_NOOP("messages", "lines"),
    "quantity": QT_TRANSLATE_NOOP("messages", "quantity"),
    "priority": QT_TRANSLATE_NOOP("messages", "priority"),
}
# Order statuses recorded as values (previous: on_hold), as the window's words.
_STATUS_VALUES = {
    "new": QT_TRANSLATE_NOOP("messages", "new"),
    "reserved": QT_TRANSLATE_NOOP("messages", "reserved"),
    "backorder": QT_TRANSLATE_NOOP("messages", "backorder"),
    "picking": QT_TRANSLATE_NOOP("messages", "picking"),
    "packed": QT_TRANSLATE_NOOP("messages", "packed"),
    "shipped": QT_TRANSLATE_NOOP("messages", "shipped"),
    "cancelled": QT_TRANSLATE_NOOP("messages", "cancelled"),
    "on_hold": QT_TRANSLATE_NOOP("messages", "on hold"),
}
_STATUS_KEYS = ("previous", "old_status", "status")
_PAIR = QT_TRANSLATE_NOOP("messages", "{key}: {value}")


def _details(text: str) -> str:
    """An event's recorded details as words: "reason: late, before: new" (a Message, so
    the window shows the keys, and statuses, in its language; the values are as recorded)."""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return str(data)
    pairs = []
    for key, recorded in data.items():
        label = Message(_DETAIL_KEYS[key]) if key in _DETAIL_KEYS else key.replace("_", " ")
        status = key in _STATUS_KEYS and isinstance(recorded, str) \
            and recorded in _STATUS_VALUES
        # A list or a mapping as it was recorded (a Message would join a list with "; ").
        value = Message(_STATUS_VALUES[recorded]) if status \
            else str(recorded) if isinstance(recorded, list | dict) else recorded
        pairs.append(Message(_PAIR, key=label, value=value))
    return Message(QT_TRANSLATE_NOOP("messages", "{details}"), details=Listing(pairs))


def find_order(session: Session, number: str, store_id: int | None = None) -> int:
    """The order id for a number as the store shows it ('#1001', '1001' works too)."""
    cands = {number.strip(), f"#{number.strip().lstrip('#')}"}
    query = select(Order.id).where(or_(Order.number.in_(cands), Order.external_id.in_(cands)))
    if store_id is not None:
        query = query.where(Order.store_id == store_id)
    ids = list(session.scalars(query.limit(2)))
    if not ids:
        raise NotFound(f"No order {number}.")
    if len(ids) > 1:
        raise InvalidInput(f"Order {number} exists in more than one store; name the store.")
    return ids[0]
