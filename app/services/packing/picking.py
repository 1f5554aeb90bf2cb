"""Pick lists: one order or a batch, walked in bin order, picked by scanning bin then item."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Barcode, Location, Order, OrderLine, Product, Store
from app.models.packing import PickItem, PickList, PickListOrder
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import BackroomError, InvalidInput, NotFound, UnknownBarcode
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.stock import ledger
from app.services.stock.catalog import find_by_barcode
from app.services.stock.scan_codes import parse_scan, reference_text

PICKABLE = ("new", "reserved", "backorder", "picking")
NO_BIN = "(no bin)"   # shown for an item with neither a reservation nor a default bin


class WrongBin(BackroomError):
    """Nothing left to pick of that item in the bin scanned (or the bin is not on the list)."""


@dataclass(frozen=True)
class ToteQty:
    tote: str
    order_number: str
    quantity: int
    picked: int


@dataclass(frozen=True)
class PickRow:
    bin: str
    sku: str
    name: str
    barcode: str
    quantity: int
    picked: int
    short: int
    totes: tuple[ToteQty, ...]

    @property
    def done(self) -> bool:
        return self.picked + self.short >= self.quantity


@dataclass(frozen=True)
class PickListView:
    id: int
    strict_bins: bool
    status: str
    orders: tuple[tuple[str, str], ...]  # (order number, tote)
    rows: tuple[PickRow, ...]


@dataclass(frozen=True)
class PickScan:
    view: PickListView
    tote: str
    order_number: str
    message: str


def choose_orders(session: Session, *, store: str | None = None, limit: int = 20,
                  single_item_first: bool = True) -> list[int]:
    """Reserved orders not yet on a pick list, single-item orders first, then oldest."""
    units = (select(OrderLine.order_id, func.sum(OrderLine.quantity).label("units"))
             .group_by(OrderLine.order_id).subquery())
    on_list = select(PickListOrder.order_id).join(PickList).where(PickList.status == "open")
    q = (select(Order.id).join(units, units.c.order_id == Order.id)
         .where(Order.status == "reserved", Order.fulfilled_by_channel.is_(False),
                Order.id.not_in(on_list)))
    if store:
        q = q.join(Store).where(Store.name == store)
    order = [(units.c.units > 1)] if single_item_first else []
    return list(session.scalars(q.order_by(*order, Order.priority.desc(), Order.placed_at)
                                .limit(limit)))


def create_pick_list(session: Session, actor: Actor, order_ids: list[int], *,
                     strict_bins: bool = False) -> PickListView:
    if not order_ids:
        raise InvalidInput("Choose at least one order to pick.")
    orders = list(session.scalars(select(Order).where(Order.id.in_(order_ids))
                                  .order_by(Order.placed_at)))
    busy = set(session.scalars(select(PickListOrder.order_id).join(PickList).where(
        PickList.status == "open", PickListOrder.order_id.in_(order_ids))))
    for o in orders:
        if o.status not in PICKABLE or o.fulfilled_by_channel:
            raise InvalidInput(f"Order {o.number} is {o.status}; it cannot be picked.")
        if o.id in busy:
            raise InvalidInput(f"Order {o.number} is already on an open pick list.")
        if any(line.product_id is None for line in o.lines):
            raise InvalidInput(f"Order {o.number} has lines not linked to a product.")
    pick = PickList(created_by=actor.user, strict_bins=strict_bins)
    session.add(pick)
    session.flush()
    for n, o in enumerate(orders, start=1):
        session.add(PickListOrder(pick_list_id=pick.id, order_id=o.id, tote=f"T{pick.id}-{n}"))
        for line in o.lines:
            left = line.quantity
            for loc, qty in ledger.reserved_for_line(session, line.id):
                session.add(PickItem(pick_list_id=pick.id, order_id=o.id,
                                     order_line_id=line.id, product_id=line.product_id,
                                     location_id=loc, quantity=min(qty, left)))
                left -= min(qty, left)
            if left:
                default = session.scalar(select(Product.default_location_id).where(
                    Product.id == line.product_id))
                session.add(PickItem(pick_list_id=pick.id, order_id=o.id,
                                     order_line_id=line.id, product_id=line.product_id,
                                     location_id=default, quantity=left))
        o.status = "picking"
    audit.record(session, actor, "pick_list", pick.id, "created", orders=len(orders))
    session.flush()
    return pick_list_view(session, pick.id)


def pick_list_view(session: Session, pick_list_id: int) -> PickListView:
    pick = session.get(PickList, pick_list_id)
    if pick is None:
        raise NotFound(f"No pick list {pick_list_id}.")
    orders = session.execute(select(Order.id, Order.number, PickListOrder.tote)
                             .join(PickListOrder).where(PickListOrder.pick_list_id == pick.id)
                             .order_by(PickListOrder.id)).all()
    numbers = {oid: (num, tote) for oid, num, tote in orders}
    rows = session.execute(
        select(PickItem, Location.code, Location.path_order, Product.sku, Product.name)
        .outerjoin(Location, Location.id == PickItem.location_id)
        .join(Product, Product.id == PickItem.product_id)
        .where(PickItem.pick_list_id == pick.id)).all()
    barcodes = dict(session.execute(select(Barcode.product_id, func.min(Barcode.code)).where(
        Barcode.product_id.in_({r[0].product_id for r in rows})).group_by(Barcode.product_id))
        .all())
    groups: dict[tuple[int, str, str], list[tuple[PickItem, str]]] = defaultdict(list)
    for item, code, path, sku, name in rows:
        groups[(path or 0, code or NO_BIN, sku)].append((item, name))
    out = []
    for (_, code, sku), items in sorted(groups.items()):
        first = items[0][0]
        totes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for item, _ in items:
            tote = numbers[item.order_id][1]
            totes[tote][0] += item.quantity
            totes[tote][1] += item.picked
        out.append(PickRow(code, sku, items[0][1], barcodes.get(first.product_id, sku),
                           sum(i.quantity for i, _ in items), sum(i.picked for i, _ in items),
                           sum(i.short for i, _ in items),
                           tuple(ToteQty(t, _number_of(numbers, t), q, p)
                                 for t, (q, p) in totes.items())))
    return PickListView(pick.id, pick.strict_bins, pick.status,
                        tuple((num, tote) for _, num, tote in orders), tuple(out))


def _number_of(numbers: dict[int, tuple[str, str]], tote: str) -> str:
    return next(num for num, t in numbers.values() if t == tote)


def scan_bin(session: Session, pick_list_id: int, raw: str) -> str:
    """The bin code scanned, if it has something left to pick on this list."""
    code = reference_text(raw).upper()
    loc = session.scalar(select(Location.id).where(Location.code == code))
    if loc is None:
        raise WrongBin(QT_TRANSLATE_NOOP("messages", "{code} is not a bin."), code=code)
    if not session.scalar(select(func.count(PickItem.id)).where(
            PickItem.pick_list_id == pick_list_id, PickItem.location_id == loc,
            PickItem.picked + PickItem.short < PickItem.quantity)):
        raise WrongBin(QT_TRANSLATE_NOOP("messages", "Nothing left to pick in {code}."),
                       code=code)
    return code


def _open_items(session: Session, pick_list_id: int, product_id: int,
                bin_code: str | None) -> list[PickItem]:
    q = (select(PickItem).outerjoin(Location, Location.id == PickItem.location_id)
         .join(PickListOrder, (PickListOrder.order_id == PickItem.order_id)
               & (PickListOrder.pick_list_id == PickItem.pick_list_id))
         .where(PickItem.pick_list_id == pick_list_id, PickItem.product_id == product_id,
                PickItem.picked + PickItem.short < PickItem.quantity)
         .order_by(Location.path_order, Location.code, PickListOrder.id))
    if bin_code:
        q = q.where(Location.code == bin_code)
    return list(session.scalars(q))


def pick_scan(session: Session, pick_list_id: int, raw: str, *,
              bin_code: str | None = None) -> PickScan:
    """+1 picked for the scanned item (from `bin_code` when given; required in strict mode)."""
    pick = session.get(PickList, pick_list_id)
    if pick is None or pick.status != "open":
        raise NotFound(QT_TRANSLATE_NOOP("messages", "This pick list is not open."))
    if pick.strict_bins and not bin_code:
        raise WrongBin(QT_TRANSLATE_NOOP("messages",
            "Scan the bin first: this pick list is in strict bin mode."))
    code = parse_scan(raw)
    products = (set(session.scalars(select(Barcode.product_id).where(
        Barcode.code.in_(code.gtins)))) if code.gtins else set())
    if not products and (not code.gtins or code.also_text):  # 6/7 digits: maybe a SKU
        products = {p for p in [find_by_barcode(session, code.text)] if p is not None}
    if not products:
        raise UnknownBarcode(QT_TRANSLATE_NOOP("messages", "Unknown code {code}."),
                             code=code.text)
    items = [i for p in products for i in _open_items(session, pick_list_id, p, bin_code)]
    if not items:
        if bin_code:
            raise WrongBin(QT_TRANSLATE_NOOP("messages",
                "Nothing left to pick of {code} in {bin} on this list."),
                code=code.text, bin=bin_code)
        raise WrongBin(QT_TRANSLATE_NOOP("messages",
            "Nothing left to pick of {code} on this list."), code=code.text)
    item = items[0]
    item.picked += 1
    number, tote = session.execute(select(Order.number, PickListOrder.tote).join(
        PickListOrder, PickListOrder.order_id == Order.id).where(
        Order.id == item.order_id, PickListOrder.pick_list_id == pick_list_id)).one()
    _finish_if_done(session, pick)
    session.flush()
    return PickScan(pick_list_view(session, pick_list_id), tote, number,
                    Message(QT_TRANSLATE_NOOP("messages", "Put in tote {tote} (order {number})"),
                            tote=tote, number=number))


def mark_short(session: Session, actor: Actor, pick_list_id: int, bin_code: str,
               sku: str) -> list[str]:
    """Record that the rest of `sku` in `bin_code` is not there; flag (hold) those orders."""
    loc = session.scalar(select(Location.id).where(Location.code == bin_code))
    pid = session.scalar(select(Product.id).where(Product.sku == sku))
    items = list(session.scalars(select(PickItem).where(
        PickItem.pick_list_id == pick_list_id, PickItem.location_id == loc,
        PickItem.product_id == pid, PickItem.picked + PickItem.short < PickItem.quantity)))
    if not items:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Nothing left to pick of {sku} in {bin}."), sku=sku, bin=bin_code)
    flagged = []
    for item in items:
        missing = item.quantity - item.picked - item.short
        item.short += missing
        order = session.get(Order, item.order_id)
        assert order is not None
        order.status = "on_hold"
        audit.record(session, actor, "order", order.id, "short pick", sku=sku, bin=bin_code,
                     missing=missing, pick_list=pick_list_id)
        flagged.append(order.number)
    pick = session.get(PickList, pick_list_id)
    assert pick is not None
    _finish_if_done(session, pick)
    session.flush()
    return flagged


def _finish_if_done(session: Session, pick: PickList) -> None:
    session.flush()
    left = session.scalar(select(func.count(PickItem.id)).where(
        PickItem.pick_list_id == pick.id, PickItem.picked + PickItem.short < PickItem.quantity))
    if not left:
        pick.status = "done"


def store_names(session: Session) -> list[str]:
    return list(session.scalars(select(Store.name).order_by(Store.name)))


def store_channels(session: Session) -> list[tuple[str, str]]:
    """(name, kind) of every store, by name: the kind says which channel it sells on."""
    return [(name, kind) for name, kind in session.execute(
        select(Store.name, Store.kind).order_by(Store.name))]


def open_pick_lists(session: Session) -> list[int]:
    return list(session.scalars(select(PickList.id).where(PickList.status == "open")
                                .order_by(PickList.id.desc())))
