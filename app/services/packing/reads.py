"""Read side of the packing station: what an open order looks like, finding orders by scan,
and the live numbers (packed today, items per hour, errors caught)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import Location, Order, OrderLine, Product, Reservation, StockLevel, Store
from app.models.packing import PackParcel, PackScan, PackSession, Parcel, PickListOrder, Shipment
from app.services.core.errors import NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.printing.addresses import postal_lines
from app.services.stock.scan_codes import reference_text


@dataclass(frozen=True)
class PackLine:
    """One product to scan. Order lines of the same product (two listings of one product, a
    line split by the store) are one PackLine with their quantities summed: a packer scans a
    product, not a listing. `line_id` is the first of `line_ids`."""

    line_id: int
    product_id: int | None
    sku: str
    name: str
    bins: str
    quantity: int
    verified: int
    line_ids: tuple[int, ...] = ()

    @property
    def done(self) -> bool:
        return self.verified >= self.quantity


@dataclass(frozen=True)
class ParcelView:
    number: int
    weight_g: int | None
    tracking: str
    items: int


@dataclass(frozen=True)
class PackView:
    order_id: int
    number: str
    store: str
    status: str
    ship_to: str
    shipping_method: str
    notes: str
    lines: tuple[PackLine, ...]
    parcels: tuple[ParcelView, ...]
    current_parcel: int
    carrier: str
    station: str
    user: str
    started_at: datetime
    errors: int
    last_line_id: int | None = None

    @property
    def verified(self) -> int:
        return sum(min(line.verified, line.quantity) for line in self.lines)

    @property
    def total(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def complete(self) -> bool:
        return all(line.done for line in self.lines)


@dataclass(frozen=True)
class Shortage:
    """A product of an order that its bins cannot cover: `needed` units in the order, of which
    `available` are held for it or free in a bin; `elsewhere` says where more may be."""

    sku: str
    name: str
    needed: int
    available: int
    elsewhere: tuple[str, ...]

    @property
    def short(self) -> int:
        return self.needed - self.available


@dataclass(frozen=True)
class PackStats:
    packed_today: int
    items_today: int
    items_per_hour: float
    errors_caught: int


def find_orders(session: Session, raw: str) -> list[int]:
    """Order ids a scanned slip/pick-list code stands for: number (#1001 or 1001), external id,
    tracking number of a parcel, or tote code; most recent first."""
    text = reference_text(raw)
    if not text:
        return []
    bare = text.lstrip("#")
    numbers = {text, bare, f"#{bare}"}
    ids = list(session.scalars(select(Order.id).where(
        or_(Order.number.in_(numbers), Order.external_id.in_(numbers)))
        .order_by(Order.placed_at.desc())))
    if ids:
        return ids
    ids = list(session.scalars(select(Shipment.order_id).join(Parcel).where(
        Parcel.tracking == text).order_by(Shipment.id.desc())))
    ids += [i for i in session.scalars(
        select(PackSession.order_id).join(PackParcel).where(PackParcel.tracking == text))
        if i not in ids]
    if ids:
        return ids
    return list(session.scalars(select(PickListOrder.order_id).where(
        PickListOrder.tote == text.upper()).order_by(PickListOrder.id.desc()).limit(1)))


def shortages(session: Session, order_id: int) -> list[Shortage]:
    """What completing the order would be short of: per product, the units its lines want
    beyond what is held for them plus what lies free in bins (what `complete_pack` may take).
    Two lines of one product share that stock, so they are summed first."""
    wanted: dict[int, int] = {}
    for product_id, qty in session.execute(
            select(OrderLine.product_id, func.sum(OrderLine.quantity))
            .where(OrderLine.order_id == order_id, OrderLine.product_id.is_not(None))
            .group_by(OrderLine.product_id)):
        if product_id is not None:
            wanted[product_id] = int(qty)
    if not wanted:
        return []
    # What this order holds, per product and bin: the rest of a bin's reserved units are
    # other orders' (a packer may ask whether one of them can wait).
    held: dict[int, int] = {}
    held_in: dict[tuple[int, int], int] = {}
    for product_id, location_id, qty in session.execute(
            select(Reservation.product_id, Reservation.location_id, Reservation.quantity)
            .join(OrderLine, OrderLine.id == Reservation.order_line_id)
            .where(OrderLine.order_id == order_id)):
        held[product_id] = held.get(product_id, 0) + qty
        held_in[(product_id, location_id)] = held_in.get((product_id, location_id), 0) + qty
    free: dict[int, int] = {}
    elsewhere: dict[int, list[str]] = {}
    for product_id, location_id, code, kind, on_hand, reserved in session.execute(
            select(StockLevel.product_id, StockLevel.location_id, Location.code, Location.kind,
                   StockLevel.on_hand, StockLevel.reserved)
            .join(Location, Location.id == StockLevel.location_id)
            .where(StockLevel.product_id.in_(list(wanted)), StockLevel.on_hand > 0)
            .order_by(Location.path_order, Location.code)):
        if kind == "bin":
            free[product_id] = free.get(product_id, 0) + max(on_hand - reserved, 0)
            others = reserved - held_in.get((product_id, location_id), 0)
            if others > 0:
                elsewhere.setdefault(product_id, []).append(Message(QT_TRANSLATE_NOOP(
                    "messages", "{others} in {code} held for other orders"),
                    others=others, code=code))
        else:
            elsewhere.setdefault(product_id, []).append(Message(QT_TRANSLATE_NOOP(
                "messages", "{on_hand} in {code}"), on_hand=on_hand, code=code))
    out = []
    names = {pid: (sku, name) for pid, sku, name in session.execute(
        select(Product.id, Product.sku, Product.name).where(Product.id.in_(list(wanted))))}
    for product_id, needed in wanted.items():
        available = min(needed, held.get(product_id, 0) + free.get(product_id, 0))
        if available < needed:
            sku, name = names[product_id]
            out.append(Shortage(sku, name, needed, available,
                                tuple(elsewhere.get(product_id, ()))))
    return sorted(out, key=lambda s: s.sku)


def _bins_by_line(session: Session, line_ids: list[int],
                  default_bins: dict[int, str]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for line_id, code in session.execute(
            select(Reservation.order_line_id, Location.code)
            .join(Location, Location.id == Reservation.location_id)
            .where(Reservation.order_line_id.in_(line_ids))
            .order_by(Location.path_order, Location.code)):
        if code not in out.setdefault(line_id, []):
            out[line_id].append(code)
    return {lid: ", ".join(out.get(lid, [])) or default_bins.get(lid, "") for lid in line_ids}


def _pack_line(group: list[Any], bins: dict[int, str], verified: dict[int, int]) -> PackLine:
    first = group[0]
    ids = tuple(r[0] for r in group)
    where = ", ".join(dict.fromkeys(b for i in ids for b in bins[i].split(", ") if b))
    return PackLine(first[0], first[1], first[2] or first[4], first[3] or first[5], where,
                    sum(r[6] for r in group), sum(int(verified.get(i, 0)) for i in ids), ids)


def pack_view(session: Session, order_id: int, *, last_line_id: int | None = None) -> PackView:
    """The open order as the station shows it (raises NotFound if it is not open anywhere)."""
    ps = session.scalar(select(PackSession).where(PackSession.order_id == order_id))
    if ps is None:
        raise NotFound("This order is not open at any station.")
    order, store = session.execute(select(Order, Store.name).join(Store).where(
        Order.id == order_id)).one()
    rows = session.execute(
        select(OrderLine.id, OrderLine.product_id, Product.sku, Product.name,
               OrderLine.channel_sku, OrderLine.title, OrderLine.quantity, Location.code)
        .outerjoin(Product, Product.id == OrderLine.product_id)
        .outerjoin(Location, Location.id == Product.default_location_id)
        .where(OrderLine.order_id == order_id).order_by(OrderLine.id)).all()
    verified = dict(session.execute(
        select(PackScan.order_line_id, func.sum(PackScan.quantity))
        .where(PackScan.pack_session_id == ps.id).group_by(PackScan.order_line_id)).all())
    bins = _bins_by_line(session, [r[0] for r in rows], {r[0]: r[7] or "" for r in rows})
    groups: dict[object, list[Any]] = {}
    for r in rows:  # by product; a line not linked to a product stays a line of its own
        groups.setdefault(r[1] if r[1] is not None else ("line", r[0]), []).append(r)
    lines = tuple(_pack_line(group, bins, verified) for group in groups.values())
    if last_line_id is not None:  # the PackLine that holds the order line counted last
        last_line_id = next((x.line_id for x in lines if last_line_id in x.line_ids),
                            last_line_id)
    per_parcel = dict(session.execute(
        select(PackScan.parcel_no, func.sum(PackScan.quantity))
        .where(PackScan.pack_session_id == ps.id).group_by(PackScan.parcel_no)).all())
    parcels = {p.number: ParcelView(p.number, p.weight_g, p.tracking,
                                    int(per_parcel.get(p.number, 0)))
               for p in session.scalars(select(PackParcel).where(
                   PackParcel.pack_session_id == ps.id))}
    parcels.setdefault(ps.current_parcel, ParcelView(ps.current_parcel, None, "",
                                                     int(per_parcel.get(ps.current_parcel, 0))))
    address = ", ".join(x for x in (order.ship_name, *postal_lines(
        street1=order.ship_street1 or "", street2=order.ship_street2 or "",
        city=order.ship_city or "", state=order.ship_state or "",
        postcode=order.ship_postcode or "", country=order.ship_country or "")) if x)
    return PackView(order.id, order.number, store, order.status, address,
                    order.shipping_method, order.notes, lines,
                    tuple(parcels[n] for n in sorted(parcels)), ps.current_parcel, ps.carrier,
                    ps.station, ps.user, ps.started_at, ps.errors, last_line_id)


def pack_stats(session: Session, *, since: datetime, station: str | None = None) -> PackStats:
    """Orders and items packed since `since` (e.g. local midnight), items per packing hour,
    and wrong scans caught (in packed orders and in orders still open)."""
    cond = [Shipment.packed_at >= since]
    if station:
        cond.append(Shipment.station == station)
    n, items, seconds, errors = session.execute(select(
        func.count(Shipment.id), func.coalesce(func.sum(Shipment.items), 0),
        func.coalesce(func.sum(Shipment.duration_s), 0),
        func.coalesce(func.sum(Shipment.errors), 0)).where(*cond)).one()
    open_cond = [PackSession.started_at >= since]
    if station:
        open_cond.append(PackSession.station == station)
    errors += session.scalar(select(func.coalesce(func.sum(PackSession.errors), 0))
                             .where(*open_cond)) or 0
    hours = max(seconds, 1) / 3600 if items else 0
    return PackStats(int(n), int(items), round(items / hours, 1) if hours else 0.0,
                     int(errors))


def claim_expiry(now: datetime, minutes: int) -> datetime:
    return now + timedelta(minutes=minutes)
