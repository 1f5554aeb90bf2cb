"""The packing station: open an order by scan, verify every unit, complete it.

Each function is one use case run in the caller's transaction. A refused scan raises (and so
changes nothing); the UI then calls `note_refusal` so the error is counted for the live panel.
Completion moves the stock from its bins to CUSTOMER in the same transaction that marks the
order packed, so a failure leaves both untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Barcode, Order, OrderLine, Product, utcnow
from app.models.packing import PackParcel, PackScan, PackSession, Shipment
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import BackroomError, InvalidInput, NotFound, UnknownBarcode
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.core.supervisors import PermissionDenied, is_supervisor, supervisor_for_pin
from app.services.packing.reads import (
    PackView,
    Shortage,
    claim_expiry,
    find_orders,
    pack_view,
    shortages,
)
from app.services.stock.catalog import find_by_barcode
from app.services.stock.scan_codes import ScanCode, parse_scan, reference_text

CLAIM_MINUTES = 20
PACKABLE = ("new", "reserved", "backorder", "picking")
# The statuses an order cannot be packed in, as "Order #1 is on hold" says them.
_STATUS = {"packed": QT_TRANSLATE_NOOP("messages", "packed"),
           "shipped": QT_TRANSLATE_NOOP("messages", "shipped"),
           "on_hold": QT_TRANSLATE_NOOP("messages", "on hold"),
           "cancelled": QT_TRANSLATE_NOOP("messages", "cancelled")}


class OrderClaimed(BackroomError):
    """Another station has this order open."""


class AlreadyPacked(OrderClaimed):
    """Another station (or this one, a moment ago) has packed this order."""


class OrderShort(InvalidInput):
    """The order cannot be completed: its bins do not hold enough of one or more products.

    Refused when the order is scanned (like an order on hold), not at the last item: a packer
    who has scanned everything cannot ship it anyway, since completing takes every unit from
    a bin. The same holds when some units are there: nothing ships part of an order, so a part
    short order is refused the same way, saying how many are there and how many are missing.
    """

    ADVICE = Message(QT_TRANSLATE_NOOP("messages",
        "Put its items aside and scan another order. To pack it, move or book the stock "
        "into a bin (Stock tab), then scan it again."))

    def __init__(self, number: str, short: list[Shortage]) -> None:
        self.number = number
        self.shortages = tuple(short)
        self.headline = Message(QT_TRANSLATE_NOOP("messages",
            "Order {number} cannot be packed: not enough in the bins"), number=number)
        self.details = tuple(_shortage_text(x) for x in short)
        super().__init__(QT_TRANSLATE_NOOP("messages", "{headline}. {details}. {advice}"),
                         headline=self.headline, details=self.details, advice=self.ADVICE)


def _shortage_text(x: Shortage) -> Message:
    where = x.elsewhere or Message(QT_TRANSLATE_NOOP("messages", "none in stock anywhere"))
    return Message(QT_TRANSLATE_NOOP("messages",
        "{sku} ({name}): {short} short, {available} of {needed} in bins — {where}"),
        sku=x.sku, name=x.name, short=x.short, available=x.available, needed=x.needed,
        where=where)


class WrongItem(BackroomError):
    """The scanned product is not in the open order."""


class OverScan(BackroomError):
    """Every unit of that product in the order is already verified."""


class NotVerified(BackroomError):
    """Complete was asked for before every unit was verified."""


@dataclass(frozen=True)
class ScanResult:
    view: PackView
    line_id: int
    added: int
    message: Message   # a str: the English text; the window shows it in its language


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


def _session_for(session: Session, actor: Actor, order_id: int, now: datetime) -> PackSession:
    ps = session.scalar(select(PackSession).where(PackSession.order_id == order_id))
    if ps is None:
        packed = already_packed(session, order_id)
        if packed:
            raise AlreadyPacked(packed)
        raise NotFound(QT_TRANSLATE_NOOP("messages",
            "This order is not open here any more; scan its slip again."))
    if ps.station != actor.station:
        raise OrderClaimed(QT_TRANSLATE_NOOP("messages",
            "Station {station} has taken this order over."), station=ps.station)
    ps.expires_at = claim_expiry(now, CLAIM_MINUTES)
    return ps


def open_order(session: Session, actor: Actor, raw: str, *, now: datetime | None = None,
               take_over: bool = False) -> PackView:
    """Open (claim) the order a slip, pick list, tracking number or tote code stands for."""
    now = _now(now)
    ids = find_orders(session, raw)
    if not ids:
        raise NotFound(QT_TRANSLATE_NOOP("messages",
            "No order, tracking number or tote {code!r}."), code=reference_text(raw))
    orders = list(session.scalars(select(Order).where(Order.id.in_(ids))))
    packable = [o for o in orders if o.status in PACKABLE and not o.fulfilled_by_channel]
    if not packable:
        o = orders[0]
        packed = already_packed(session, o.id)
        if packed:
            raise AlreadyPacked(packed)
        if o.fulfilled_by_channel:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Order {number} is fulfilled by the channel; there is nothing to pack."),
                number=o.number)
        status = _STATUS.get(o.status) or o.status.replace("_", " ")
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Order {number} is {status}; there is nothing to pack."),
            number=o.number, status=Message(status))
    if len(packable) > 1:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "{count} open orders have the number {number}; scan the pick list or tote "
            "instead."), count=len(packable), number=packable[0].number)
    order = packable[0]
    # Kept as text: a failed flush below rolls the transaction back and expires `order`, and
    # loading it again inside the dead transaction would raise instead of OrderClaimed.
    number = order.number
    unmatched = session.scalar(select(func.count(OrderLine.id)).where(
        OrderLine.order_id == order.id, OrderLine.product_id.is_(None)))
    if unmatched:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Order {number} has 1 line not linked to a product; link them in Orders first.")
            if unmatched == 1 else QT_TRANSLATE_NOOP("messages",
            "Order {number} has {count} lines not linked to a product; link them in Orders "
            "first."), number=order.number, count=unmatched)
    short = shortages(session, order.id)
    if short:
        raise OrderShort(number, short)
    ps = session.scalar(select(PackSession).where(PackSession.order_id == order.id))
    if ps is not None and ps.station != actor.station:
        if ps.expires_at > now and not take_over:
            raise OrderClaimed(QT_TRANSLATE_NOOP("messages",
                "Order {number} is being packed at station {station} by {user} "
                "(since {since:%H:%M} UTC). Ask them, or wait until the claim "
                "expires at {until:%H:%M} UTC."), number=order.number, station=ps.station,
                user=ps.user, since=ps.started_at, until=ps.expires_at)
        audit.record(session, actor, "order", order.id, "taken over",
                     from_station=ps.station, from_user=ps.user)
        # Delete exactly the claim looked at above. If another station took it over (or its
        # own station renewed it) a moment ago, that claim is not ours to delete, even where
        # SQLite gave the new row the old row's id.
        # A DELETE's result is a CursorResult (it has rowcount); Session.execute says Result.
        gone = cast("CursorResult[*tuple[Any, ...]]", session.execute(delete(PackSession).where(
            PackSession.id == ps.id, PackSession.station == ps.station,
            PackSession.started_at == ps.started_at, PackSession.expires_at == ps.expires_at)))
        if gone.rowcount != 1:
            raise OrderClaimed(QT_TRANSLATE_NOOP("messages",
                "Order {number} was just taken over at another station; scan it again to "
                "see where."), number=number)
        ps = None
    if ps is None:
        ps = PackSession(order_id=order.id, station=actor.station, user=actor.user,
                         started_at=now, expires_at=claim_expiry(now, CLAIM_MINUTES))
        session.add(ps)
        try:
            session.flush()
        except IntegrityError as exc:  # another station claimed it a moment ago
            raise OrderClaimed(QT_TRANSLATE_NOOP("messages",
                "Order {number} was just opened at another station; scan it again to see "
                "where."), number=number) from exc
        session.add(PackParcel(pack_session_id=ps.id, number=1))
    else:
        ps.user = actor.user
        ps.expires_at = claim_expiry(now, CLAIM_MINUTES)
    session.flush()
    return pack_view(session, order.id)


def already_packed(session: Session, order_id: int) -> Message | None:
    """'Order #1060 is already packed at station B …' when a shipment exists, else None."""
    found = session.execute(
        select(Order.number, Shipment.station, Shipment.packed_by, Shipment.packed_at)
        .join(Shipment, Shipment.order_id == Order.id).where(Order.id == order_id)).first()
    if found is None:
        return None
    number, station, user, at = found
    return Message(QT_TRANSLATE_NOOP("messages",
        "Order {number} is already packed at station {station} by {user} ({at:%H:%M} UTC); "
        "there is nothing left to pack."), number=number, station=station, user=user, at=at)


def _products_for(session: Session, code: ScanCode) -> set[int]:
    if code.gtins:
        by_gtin = set(session.scalars(select(Barcode.product_id).where(
            Barcode.code.in_(code.gtins))))
        if by_gtin or not code.also_text:  # 6/7 digits may be a SKU too (scan_codes)
            return by_gtin
    found = find_by_barcode(session, code.text)
    return {found} if found is not None else set()


def scan_item(session: Session, actor: Actor, order_id: int, raw: str, *,
              now: datetime | None = None) -> ScanResult:
    """Count one scanned unit (or a GS1 count) against the open order; refuse anything else."""
    now = _now(now)
    ps = _session_for(session, actor, order_id, now)
    code = parse_scan(raw)  # Misread: refused before any lookup
    products = _products_for(session, code)
    if not products:
        others = find_orders(session, raw) if code.kind == "text" or code.also_text else []
        if others and order_id not in others:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "{code} is another order's slip: finish this order, or put it aside (Esc), "
                "first."), code=code.text)
        if others:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "This order is already open: scan its items."))
        raise UnknownBarcode(QT_TRANSLATE_NOOP("messages",
            "Unknown code {code}: no product has this barcode or SKU."), code=code.text)
    qty = code.count or 1
    return _add(session, ps, products, qty, via="scan", code=code.text, now=now)


def _add(session: Session, ps: PackSession, products: set[int], qty: int, *, via: str,
         code: str, now: datetime) -> ScanResult:
    lines = session.execute(
        select(OrderLine.id, OrderLine.quantity, Product.sku, Product.name)
        .join(Product, Product.id == OrderLine.product_id)
        .where(OrderLine.order_id == ps.order_id, OrderLine.product_id.in_(products))
        .order_by(OrderLine.id)).all()
    if not lines:
        sku, name = session.execute(select(Product.sku, Product.name).where(
            Product.id.in_(products))).first() or ("?", "?")
        raise WrongItem(QT_TRANSLATE_NOOP("messages",
            "Wrong item: {name} ({sku}) is not in this order."), name=name, sku=sku)
    done = dict(session.execute(
        select(PackScan.order_line_id, func.sum(PackScan.quantity))
        .where(PackScan.pack_session_id == ps.id,
               PackScan.order_line_id.in_([r[0] for r in lines]))
        .group_by(PackScan.order_line_id)).all())
    left = {line_id: quantity - int(done.get(line_id, 0)) for line_id, quantity, *_ in lines}
    total = sum(r[1] for r in lines)
    sku, name = lines[0][2], lines[0][3]
    still = sum(max(x, 0) for x in left.values())
    if still < qty:
        if still <= 0:
            raise OverScan(QT_TRANSLATE_NOOP("messages",
                "Too many: all {total} × {name} ({sku}) are already packed."),
                total=total, name=name, sku=sku)
        raise OverScan(QT_TRANSLATE_NOOP("messages",
            "Too many: only {still} more × {name} ({sku}) needed, not {qty}."),
            still=still, name=name, sku=sku, qty=qty)
    # Lines of one product fill in order: a count of 3 may put 1 on one line and 2 on the next.
    to_place, first = qty, None
    for line_id, *_ in lines:
        take = min(max(left[line_id], 0), to_place)
        if take:
            session.add(PackScan(pack_session_id=ps.id, order_line_id=line_id, quantity=take,
                                 parcel_no=ps.current_parcel, via=via, code=code[:120], at=now))
            first = first or line_id
            to_place -= take
        if not to_place:
            break
    session.flush()
    assert first is not None
    view = pack_view(session, ps.order_id, last_line_id=first)
    line = next(x for x in view.lines if first in x.line_ids)
    return ScanResult(view, line.line_id, qty, Message(QT_TRANSLATE_NOOP("messages",
        "{name}: {verified} of {quantity}"), name=name, verified=line.verified,
        quantity=line.quantity))


def type_quantity(session: Session, actor: Actor, order_id: int, line_id: int, quantity: int,
                  *, pin: str = "", now: datetime | None = None) -> ScanResult:
    """Count several units of one line at once: supervisors may; a packer needs a PIN."""
    now = _now(now)
    ps = _session_for(session, actor, order_id, now)
    if quantity <= 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "Type how many units, 1 or more."))
    if not is_supervisor(session, actor.user):
        if not pin:
            raise PermissionDenied(QT_TRANSLATE_NOOP("messages",
                "Typing a quantity needs a supervisor's PIN."))
        supervisor_for_pin(session, pin)
    product = session.scalar(select(OrderLine.product_id).where(
        OrderLine.id == line_id, OrderLine.order_id == order_id))
    if product is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "That line is not in this order."))
    return _add(session, ps, {product}, quantity, via="typed", code="", now=now)


def note_refusal(session: Session, actor: Actor, order_id: int, reason: str) -> int:
    """Count a refused scan for the live panel and the audit; return errors so far."""
    ps = session.scalar(select(PackSession).where(PackSession.order_id == order_id,
                                                  PackSession.station == actor.station))
    if ps is None:
        return 0
    ps.errors += 1
    audit.record(session, actor, "order", order_id, "scan refused", reason=reason[:200])
    return ps.errors


def undo_last(session: Session, actor: Actor, order_id: int, *,
              now: datetime | None = None) -> PackView:
    ps = _session_for(session, actor, order_id, _now(now))
    last = session.scalar(select(PackScan).where(PackScan.pack_session_id == ps.id)
                          .order_by(PackScan.id.desc()).limit(1))
    if last is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "Nothing to undo."))
    line_id = last.order_line_id
    session.delete(last)
    session.flush()
    return pack_view(session, order_id, last_line_id=line_id)


def use_parcel(session: Session, actor: Actor, order_id: int, number: int | None = None, *,
               now: datetime | None = None) -> PackView:
    """Put the next items in parcel `number` (None: start a new parcel)."""
    ps = _session_for(session, actor, order_id, _now(now))
    existing = set(session.scalars(select(PackParcel.number).where(
        PackParcel.pack_session_id == ps.id)))
    if number is None:
        number = max(existing | {0}) + 1
    if number < 1 or number > max(existing | {0}) + 1:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "There is no parcel {number}; the next new one is {next}."),
            number=number, next=max(existing | {0}) + 1)
    if number not in existing:
        session.add(PackParcel(pack_session_id=ps.id, number=number))
    ps.current_parcel = number
    session.flush()
    return pack_view(session, order_id)


def _parcel(session: Session, ps: PackSession, number: int | None) -> PackParcel:
    n = number or ps.current_parcel
    parcel = session.scalar(select(PackParcel).where(PackParcel.pack_session_id == ps.id,
                                                     PackParcel.number == n))
    if parcel is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "There is no parcel {number}."),
                           number=n)
    return parcel


def set_weight(session: Session, actor: Actor, order_id: int, grams: int,
               parcel: int | None = None, *, now: datetime | None = None) -> PackView:
    if not 0 < grams <= 1_000_000:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A parcel weighs between 1 g and 1000 kg."))
    ps = _session_for(session, actor, order_id, _now(now))
    _parcel(session, ps, parcel).weight_g = grams
    session.flush()
    return pack_view(session, order_id)


def set_tracking(session: Session, actor: Actor, order_id: int, raw: str,
                 parcel: int | None = None, *, carrier: str | None = None,
                 now: datetime | None = None) -> PackView:
    tracking = reference_text(raw)
    if not tracking or len(tracking) > 64:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A tracking number is 1 to 64 characters."))
    ps = _session_for(session, actor, order_id, _now(now))
    _parcel(session, ps, parcel).tracking = tracking
    if carrier is not None:
        ps.carrier = carrier.strip()[:40]
    session.flush()
    return pack_view(session, order_id)


def set_carrier(session: Session, actor: Actor, order_id: int, carrier: str, *,
                now: datetime | None = None) -> PackView:
    ps = _session_for(session, actor, order_id, _now(now))
    ps.carrier = carrier.strip()[:40]
    session.flush()
    return pack_view(session, order_id)


def put_aside(session: Session, actor: Actor, order_id: int) -> None:
    """Give the order up at this station (its scans are dropped; it can be opened anywhere)."""
    session.execute(delete(PackSession).where(PackSession.order_id == order_id,
                                              PackSession.station == actor.station))
    audit.record(session, actor, "order", order_id, "put aside")
