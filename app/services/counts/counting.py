"""Stock counts: create one, begin a bin (its snapshot), count by scan or by hand, list.

A bin's expected quantities are taken when its counting begins (the first scan or entry in
it): what it held of each product, kept in count_bin_levels with the units count postings
had put in or taken out by then. What moved on the shelf after that is added to what was
counted when the count is posted (see posting), so a sale packed from the bin mid-count is
neither counted twice nor undone, whichever station made it and in whatever order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, func, insert, literal, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.models import (
    CountBin,
    CountLine,
    CountScope,
    Location,
    Product,
    StockCount,
    StockLevel,
    StockMove,
    utcnow,
)
from app.models.counts import COUNT_KINDS, CountBinLevel
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import ImmutableRecord, InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.stock.moves import bin_id, product_for_code

# Moves that correct the books rather than move goods: another count's posting after this
# bin's snapshot is not something that happened on the shelf, so it is not "moved since".
CORRECTIONS = ("count", "count reversal")


@dataclass(frozen=True)
class CountSummary:
    id: int
    reference: str
    kind: str
    description: str
    blind: bool
    assigned_to: str
    status: str
    created_at: datetime
    created_by: str
    posted_at: datetime | None
    lines: int
    counted_lines: int
    bins_begun: int


@dataclass(frozen=True)
class LineView:
    line_id: int
    product_id: int
    sku: str
    name: str
    expected: int | None     # None when the count is blind or the bin not begun
    counted: int | None
    bin: str = ""


@dataclass(frozen=True)
class BinSheet:
    count_id: int
    location_id: int
    bin: str
    blind: bool
    lines: tuple[LineView, ...]


@dataclass(frozen=True)
class ScanResult:
    line: LineView
    added: int
    found_stock: bool        # the system had none of it in this bin


def open_count(session: Session, count_id: int) -> StockCount:
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    if count.status != "open":
        if count.status == "posted":
            raise ImmutableRecord(QT_TRANSLATE_NOOP("messages",
                "Count {reference} is posted; it cannot be changed, only reversed."),
                reference=count.reference)
        raise ImmutableRecord(QT_TRANSLATE_NOOP("messages",
            "Count {reference} is {status}; it cannot be changed."),
            reference=count.reference, status=count.status)
    return count


def create_count(session: Session, kind: str, *, bins: Sequence[str] = (),
                 skus: Sequence[str] = (), blind: bool = False, assigned_to: str | None = None,
                 description: str = "", actor: Actor) -> CountSummary:
    """A new open count over every bin (full), chosen bins, or chosen products.

    A cycle count is made the same way from the bins or products the cycle chose.
    """
    if kind not in COUNT_KINDS:
        raise InvalidInput(f"A count is one of {', '.join(COUNT_KINDS)}, not {kind!r}.")
    location_ids = sorted({bin_id(session, code) for code in bins if code.strip()})
    product_ids = sorted({product_for_code(session, code) for code in skus if code.strip()})
    if kind == "bins" and not location_ids:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "Choose at least one bin to count."))
    if kind == "products" and not product_ids:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Choose at least one product to count."))
    if kind == "cycle" and not (location_ids or product_ids):
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "The cycle chose nothing to count."))
    if location_ids and product_ids:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Count either chosen bins or chosen products, not both."))
    count = StockCount(reference="", kind=kind, blind=blind, assigned_to=assigned_to or None,
                       by_product=bool(product_ids), created_by=actor.user,
                       description=description or _describe(kind, bins, skus))
    session.add(count)
    session.flush()
    count.reference = f"CNT-{count.id:04d}"
    scope = [{"count_id": count.id, "location_id": loc, "product_id": None}
             for loc in location_ids]
    scope += [{"count_id": count.id, "location_id": None, "product_id": p} for p in product_ids]
    if scope:
        session.execute(insert(CountScope), scope)
    # Lines for what the system holds now; the expected quantity waits for the bin's snapshot.
    pairs = session.execute(_held_query(location_ids, product_ids)).all()
    if pairs:
        session.execute(insert(CountLine), [
            {"count_id": count.id, "location_id": loc, "product_id": p, "moves_since": 0}
            for p, loc in pairs])
    audit.record(session, actor, "stock_count", count.id, "created", kind=kind,
                 lines=len(pairs), blind=blind)
    session.flush()
    return count_summary(session, count.id)


def _describe(kind: str, bins: Sequence[str], skus: Sequence[str]) -> str:
    chosen = ", ".join(list(bins or skus)[:6]) + (" …" if len(bins or skus) > 6 else "")
    return {"full": "Full count", "bins": f"Bins {chosen}",
            "products": f"Products {chosen}"}.get(kind, f"Cycle: {chosen}")


def _held_query(location_ids: Sequence[int], product_ids: Sequence[int]) -> Select[int, int]:
    query = (select(StockLevel.product_id, StockLevel.location_id)
             .join(Location, Location.id == StockLevel.location_id)
             .where(Location.kind == "bin", StockLevel.on_hand > 0))
    if location_ids:
        query = query.where(StockLevel.location_id.in_(location_ids))
    if product_ids:
        query = query.where(StockLevel.product_id.in_(product_ids))
    return query


def _scope(session: Session, count: StockCount) -> tuple[set[int], set[int]]:
    rows = session.execute(select(CountScope.location_id, CountScope.product_id).where(
        CountScope.count_id == count.id)).all()
    return ({loc for loc, _ in rows if loc is not None}, {p for _, p in rows if p is not None})


def _check_bin_in_scope(session: Session, count: StockCount, location_id: int) -> None:
    bins, _ = _scope(session, count)
    if bins and location_id not in bins:
        code = session.scalar(select(Location.code).where(Location.id == location_id))
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Bin {code} is not part of count {reference}."), code=code,
            reference=count.reference)


def corrections_in(location: InstrumentedAttribute[int], product: InstrumentedAttribute[int]
                   ) -> ColumnElement[int]:
    """Net units count postings (and their reversals) have put into (+) or taken out of (-)
    a bin for a product, as a correlated subquery on the given columns."""
    signed = case((StockMove.to_location_id == location, StockMove.quantity),
                  else_=-StockMove.quantity)
    return func.coalesce(
        select(func.sum(signed))
        .where(StockMove.product_id == product, StockMove.reason.in_(CORRECTIONS),
               (StockMove.to_location_id == location) | (StockMove.from_location_id == location))
        .scalar_subquery(), 0)


def take_snapshots(session: Session, count_id: int, location_ids: Sequence[int],
                   in_scope: ColumnElement[bool] | None = None) -> None:
    """Record what the bins hold now (every product with a stock level, zero included).

    One INSERT ... SELECT: each level and its count postings are read in one statement, so
    on PostgreSQL a move is either in the snapshot whole or after it, however many stations
    write at once.
    """
    query = select(literal(count_id), StockLevel.location_id, StockLevel.product_id,
                   StockLevel.on_hand,
                   corrections_in(StockLevel.location_id, StockLevel.product_id)).where(
        StockLevel.location_id.in_(location_ids))
    if in_scope is not None:
        query = query.where(in_scope)
    session.execute(insert(CountBinLevel).from_select(
        ["count_id", "location_id", "product_id", "on_hand", "corrections"], query))


def held_at_snapshot(session: Session, count_id: int, location_id: int,
                     product_id: int) -> int:
    """What a begun bin held of a product when it was begun (0 when it had no stock level)."""
    return session.scalar(select(CountBinLevel.on_hand).where(
        CountBinLevel.count_id == count_id, CountBinLevel.location_id == location_id,
        CountBinLevel.product_id == product_id)) or 0


def _begin(session: Session, count: StockCount, location_id: int, actor: Actor) -> CountBin:
    """The bin's snapshot, taken now if this is the first scan or entry in it."""
    begun = session.scalar(select(CountBin).where(CountBin.count_id == count.id,
                                                  CountBin.location_id == location_id))
    if begun is not None:
        return begun
    _check_bin_in_scope(session, count, location_id)
    begun = CountBin(count_id=count.id, location_id=location_id,
                     started_by=actor.user, station=actor.station)
    session.add(begun)
    _, products = _scope(session, count)
    take_snapshots(session, count.id, [location_id],
                   StockLevel.product_id.in_(products) if products else None)
    on_hand = dict(session.execute(select(CountBinLevel.product_id, CountBinLevel.on_hand).where(
        CountBinLevel.count_id == count.id, CountBinLevel.location_id == location_id)).all())
    lines = dict(session.execute(select(CountLine.product_id, CountLine.id).where(
        CountLine.count_id == count.id, CountLine.location_id == location_id)).all())
    if lines:
        session.execute(update(CountLine), [{"id": lid, "expected": on_hand.get(p, 0)}
                                            for p, lid in lines.items()])
    new = [{"count_id": count.id, "location_id": location_id, "product_id": p,
            "expected": n, "moves_since": 0} for p, n in on_hand.items()
           if p not in lines and n > 0]
    if new:
        session.execute(insert(CountLine), new)
    session.flush()
    return begun


def begin_bin(session: Session, count_id: int, bin_code: str, *, actor: Actor) -> BinSheet:
    """Scan of a bin label: take its snapshot (first time) and show its lines."""
    count = open_count(session, count_id)
    location = bin_id(session, bin_code)
    _begin(session, count, location, actor)
    return bin_sheet(session, count_id, location)


def _line_views(session: Session, count: StockCount,
                location_id: int | None = None) -> tuple[LineView, ...]:
    query = (select(CountLine.id, CountLine.product_id, Product.sku, Product.name,
                    CountLine.expected, CountLine.counted, Location.code)
             .join(Product, Product.id == CountLine.product_id)
             .join(Location, Location.id == CountLine.location_id)
             .where(CountLine.count_id == count.id)
             .order_by(Location.path_order, Location.code, Product.sku))
    if location_id is not None:
        query = query.where(CountLine.location_id == location_id)
    return tuple(LineView(lid, pid, sku, name, None if count.blind else exp, counted, code)
                 for lid, pid, sku, name, exp, counted, code in session.execute(query))


def bin_sheet(session: Session, count_id: int, location_id: int) -> BinSheet:
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    code = session.scalar(select(Location.code).where(Location.id == location_id)) or "?"
    return BinSheet(count_id, location_id, code, count.blind,
                    _line_views(session, count, location_id))


def all_lines(session: Session, count_id: int) -> tuple[LineView, ...]:
    """Every line of the count in walking order, for counting by hand from a sheet."""
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    return _line_views(session, count)


def _line_for(session: Session, count: StockCount, location_id: int, product_id: int,
              begun: CountBin) -> tuple[CountLine, bool]:
    line = session.scalar(select(CountLine).where(
        CountLine.count_id == count.id, CountLine.location_id == location_id,
        CountLine.product_id == product_id))
    if line is not None:
        return line, False
    _, products = _scope(session, count)
    if products and product_id not in products:
        sku = session.scalar(select(Product.sku).where(Product.id == product_id))
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "{sku} is not one of the products of count {reference}."), sku=sku,
            reference=count.reference)
    # No line from the snapshot: what the bin held then, as the snapshot recorded it.
    line = CountLine(count_id=count.id, location_id=location_id, product_id=product_id,
                     expected=held_at_snapshot(session, count.id, begun.location_id,
                                               product_id), moves_since=0)
    session.add(line)
    session.flush()
    return line, True


def _stamp(line: CountLine, counted: int, actor: Actor) -> None:
    line.counted = counted
    line.counted_at = utcnow()
    line.counted_by = actor.user
    line.station = actor.station


def scan_item(session: Session, count_id: int, location_id: int, code: str,
              quantity: int = 1, *, actor: Actor) -> ScanResult:
    """One scan (+1) or a typed quantity of one item in the bin being counted."""
    if quantity < 1:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A scanned quantity is at least 1, not {quantity}."), quantity=quantity)
    count = open_count(session, count_id)
    product = product_for_code(session, code)   # unknown code: refused before any change
    begun = _begin(session, count, location_id, actor)
    line, _ = _line_for(session, count, location_id, product, begun)
    _stamp(line, (line.counted or 0) + quantity, actor)
    session.flush()
    view = _view(session, count, line)
    return ScanResult(view, quantity, (line.expected or 0) == 0)


def set_counted(session: Session, count_id: int, location_id: int, code: str, quantity: int,
                *, actor: Actor) -> LineView:
    """By hand: the quantity of a product in a bin is `quantity` (0 = none there)."""
    if quantity < 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A counted quantity cannot be negative ({quantity})."), quantity=quantity)
    count = open_count(session, count_id)
    product = product_for_code(session, code)
    begun = _begin(session, count, location_id, actor)
    line, _ = _line_for(session, count, location_id, product, begun)
    _stamp(line, quantity, actor)
    session.flush()
    return _view(session, count, line)


def set_line(session: Session, line_id: int, quantity: int | None, *, actor: Actor) -> LineView:
    """By hand in the grid: set (or with None, clear for a recount) one line's quantity."""
    line = session.get(CountLine, line_id)
    if line is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No count line {line}."), line=line_id)
    count = open_count(session, line.count_id)
    if quantity is not None and quantity < 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "A counted quantity cannot be negative ({quantity})."), quantity=quantity)
    _begin(session, count, line.location_id, actor)
    session.refresh(line)
    if quantity is None:
        line.counted, line.counted_at, line.counted_by, line.station = None, None, None, None
    else:
        _stamp(line, quantity, actor)
    session.flush()
    return _view(session, count, line)


def _view(session: Session, count: StockCount, line: CountLine) -> LineView:
    sku, name = session.execute(select(Product.sku, Product.name).where(
        Product.id == line.product_id)).one()
    code = session.scalar(select(Location.code).where(Location.id == line.location_id))
    return LineView(line.id, line.product_id, sku, name,
                    None if count.blind else line.expected, line.counted, code or "")


def count_summary(session: Session, count_id: int) -> CountSummary:
    found = list_counts(session, count_id=count_id)
    if not found:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    return found[0]


def find_count(session: Session, id_or_reference: str) -> int:
    """A count's id from '12', 'CNT-0012' or 'cnt-12'."""
    text = id_or_reference.strip().upper()
    number = text.removeprefix("CNT-").lstrip("0") or "0"
    if not number.isdigit() or session.get(StockCount, int(number)) is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count!r}."),
                       count=id_or_reference)
    return int(number)


def list_counts(session: Session, *, count_id: int | None = None,
                status: str | None = None) -> list[CountSummary]:
    lines = (select(CountLine.count_id, func.count().label("n"),
                    func.count(CountLine.counted).label("counted"))
             .group_by(CountLine.count_id).subquery())
    begun = (select(CountBin.count_id, func.count().label("n"))
             .group_by(CountBin.count_id).subquery())
    query = (select(StockCount, func.coalesce(lines.c.n, 0), func.coalesce(lines.c.counted, 0),
                    func.coalesce(begun.c.n, 0))
             .outerjoin(lines, lines.c.count_id == StockCount.id)
             .outerjoin(begun, begun.c.count_id == StockCount.id)
             .order_by(StockCount.id.desc()))
    if count_id is not None:
        query = query.where(StockCount.id == count_id)
    if status is not None:
        query = query.where(StockCount.status == status)
    return [CountSummary(c.id, c.reference, c.kind, c.description, c.blind,
                         c.assigned_to or "", c.status, c.created_at, c.created_by,
                         c.posted_at, n, counted, nbins)
            for c, n, counted, nbins in session.execute(query)]


def assign(session: Session, count_id: int, person: str | None, *, actor: Actor) -> None:
    count = open_count(session, count_id)
    count.assigned_to = (person or "").strip() or None
    audit.record(session, actor, "stock_count", count.id, "assigned", to=count.assigned_to)


def count_bins(session: Session, count_id: int, *, location_id: int | None = None
               ) -> list[tuple[str, int, int, bool]]:
    """(bin code, lines, counted lines, begun) for every bin with lines or in the scope,
    or only for `location_id`."""
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    bins, _ = _scope(session, count)
    stats_query = (select(CountLine.location_id, func.count(), func.count(CountLine.counted))
                   .where(CountLine.count_id == count_id).group_by(CountLine.location_id))
    begun_query = select(CountBin.location_id).where(CountBin.count_id == count_id)
    if location_id is not None:
        stats_query = stats_query.where(CountLine.location_id == location_id)
        begun_query = begun_query.where(CountBin.location_id == location_id)
        bins = bins & {location_id}
    stats = {loc: (n, c) for loc, n, c in session.execute(stats_query)}
    begun = set(session.scalars(begun_query))
    ids = set(stats) | bins | begun
    codes = session.execute(select(Location.id, Location.code).where(Location.id.in_(ids))
                            .order_by(Location.path_order, Location.code)).all()
    return [(code, *stats.get(loc, (0, 0)), loc in begun) for loc, code in codes]
