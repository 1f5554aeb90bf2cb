"""The stock ledger: every change of stock is a move between two locations.

Moves are append-only (the database refuses UPDATE/DELETE on them); a mistake is undone by
`reverse`. `stock_levels` holds on hand and reserved per product and internal location and is
changed in the same transaction as the moves, so it can always be rebuilt from them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from app.models import Location, Product, Reservation, StockLevel, StockMove, utcnow
from app.models.stock import INTERNAL_KINDS, VIRTUAL_LOCATIONS
from app.services.core.backend import Actor
from app.services.core.bulk import insert_with_ids
from app.services.core.errors import ImmutableRecord, InsufficientStock, InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PGInsert
    from sqlalchemy.dialects.sqlite import Insert as SQLiteInsert


@dataclass(frozen=True)
class MoveSpec:
    product_id: int
    from_location_id: int
    to_location_id: int
    quantity: int
    reason: str
    reference: str | None = None
    # Units leaving a bin that were reserved for this order line: the reservation is used up.
    order_line_id: int | None = None


@dataclass(frozen=True)
class LedgerProblem:
    product_id: int
    location_id: int
    field: str
    stored: int
    expected: int


def ensure_virtual_locations(session: Session) -> dict[str, int]:
    """Create the virtual locations that every database has; return code -> id."""
    existing = dict(session.execute(
        select(Location.code, Location.id).where(Location.code.in_(VIRTUAL_LOCATIONS))).all())
    for code, (kind, name) in VIRTUAL_LOCATIONS.items():
        if code not in existing:
            loc = Location(code=code, name=name, kind=kind, warehouse="")
            session.add(loc)
            session.flush()
            existing[code] = loc.id
    return existing


def location_id(session: Session, code: str) -> int:
    found = session.scalar(select(Location.id).where(Location.code == code))
    if found is None:
        if code in VIRTUAL_LOCATIONS:
            return ensure_virtual_locations(session)[code]
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No location {code!r}."), code=code)
    return found


def get_or_create_bin(session: Session, code: str, *, warehouse: str = "Main") -> int:
    code = code.strip().upper()
    if not code:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "A bin code cannot be empty."))
    loc = session.scalar(select(Location).where(Location.code == code))
    if loc is not None:
        if loc.kind not in INTERNAL_KINDS:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "{code} is a virtual location, not a bin."), code=code)
        return loc.id
    loc = Location(code=code, name=code, kind="bin", warehouse=warehouse,
                   path_order=_path_order(code))
    session.add(loc)
    session.flush()
    return loc.id


def _path_order(code: str) -> int:
    """A walking order from a bin code like A-01-02: aisle letter, then numbers."""
    parts = [p for p in code.replace("_", "-").split("-") if p]
    order = 0
    for part in parts[:3]:
        value = int(part) if part.isdigit() else sum(ord(c) for c in part[:2])
        order = order * 1000 + min(value, 999)
    return order


def _internal_ids(session: Session, ids: Iterable[int]) -> set[int]:
    ids = set(ids)
    if not ids:
        return set()
    return set(session.scalars(select(Location.id).where(
        Location.id.in_(ids), Location.kind.in_(INTERNAL_KINDS))))


def move_many(session: Session, specs: Sequence[MoveSpec], *, actor: Actor | None = None,
              at: datetime | None = None, reverses: dict[int, int] | None = None) -> list[int]:
    """Post moves and update levels in the caller's transaction; all or nothing.

    Raises InsufficientStock (naming the SKU and bin) if any internal location would go
    below zero or below what is reserved there, and changes nothing in that case.
    """
    if not specs:
        return []
    for s in specs:
        if s.quantity <= 0:
            raise InvalidInput(f"A move needs a positive quantity, not {s.quantity}.")
        if s.from_location_id == s.to_location_id:
            raise InvalidInput("A move needs two different locations.")
    internal = _internal_ids(session, {s.from_location_id for s in specs}
                             | {s.to_location_id for s in specs})
    delta: dict[tuple[int, int], int] = defaultdict(int)
    used_reservation: dict[tuple[int, int, int], int] = defaultdict(int)
    for s in specs:
        if s.from_location_id in internal:
            delta[(s.product_id, s.from_location_id)] -= s.quantity
            if s.order_line_id is not None:
                used_reservation[(s.order_line_id, s.product_id, s.from_location_id)] += \
                    s.quantity
        if s.to_location_id in internal:
            delta[(s.product_id, s.to_location_id)] += s.quantity
    released = _consume_reservations(session, used_reservation)
    # The levels are read to refuse a short move with the SKU and bin named; the write
    # itself is relative (on_hand = on_hand + delta), guarded by the CHECK constraints, so a
    # writer can never overwrite another's change with a stale absolute value.
    levels = {(p, loc): (on_hand, reserved) for p, loc, on_hand, reserved in session.execute(
        select(StockLevel.product_id, StockLevel.location_id, StockLevel.on_hand,
               StockLevel.reserved).where(
            tuple_(StockLevel.product_id, StockLevel.location_id).in_(list(delta))))}
    changed: list[dict[str, int]] = []
    new_rows: list[tuple[int, int, int]] = []
    for key, change in delta.items():
        on_hand, reserved = levels.get(key, (0, 0))
        freed = released.get(key, 0)
        if on_hand + change < 0 or (change < 0 and on_hand + change < reserved - freed):
            _raise_short(session, key, on_hand - reserved + freed, -change)
        if key in levels:
            changed.append({"p": key[0], "loc": key[1], "delta": change, "freed": freed})
        else:
            new_rows.append((key[0], key[1], change))
    if changed:
        session.execute(_ADD_TO_LEVEL, changed)
    if new_rows:
        add_levels(session, new_rows)
    when = at or utcnow()
    user = actor.user if actor else None
    station = actor.station if actor else None
    rows = [{"at": when, "product_id": s.product_id, "from_location_id": s.from_location_id,
             "to_location_id": s.to_location_id, "quantity": s.quantity, "reason": s.reason,
             "reference": s.reference, "user": user, "station": station,
             "reverses_id": (reverses or {}).get(i)} for i, s in enumerate(specs)]
    return insert_with_ids(session.connection(), StockMove, rows)


_LEVELS = StockLevel.__table__
_ADD_TO_LEVEL = (
    update(_LEVELS)
    .where(_LEVELS.c.product_id == bindparam("p"), _LEVELS.c.location_id == bindparam("loc"))
    .values(on_hand=_LEVELS.c.on_hand + bindparam("delta"),
            reserved=_LEVELS.c.reserved - bindparam("freed")))


_ADD_RESERVED = (
    update(_LEVELS)
    .where(_LEVELS.c.product_id == bindparam("p"), _LEVELS.c.location_id == bindparam("loc"))
    .values(reserved=_LEVELS.c.reserved + bindparam("units")))


def add_reserved(session: Session, rows: Sequence[tuple[int, int, int]]) -> None:
    """Add units (product, location, units; negative gives back) to what levels hold
    reserved: relative like every level write, so two writers never lose each other's."""
    if rows:
        session.execute(_ADD_RESERVED, [{"p": p, "loc": loc, "units": units}
                                        for p, loc, units in rows])


def add_levels(session: Session, rows: Sequence[tuple[int, int, int]]) -> None:
    """Add units (product, location, +units) to levels, creating the rows that are missing.

    An upsert, so two writers adding to a level that did not exist yet both count.
    """
    dialect = session.get_bind().dialect.name
    values = [{"product_id": p, "location_id": loc, "on_hand": qty, "reserved": 0}
              for p, loc, qty in rows]
    stmt: SQLiteInsert | PGInsert
    # The dialect's own insert, imported here: PostgreSQL's dialect alone took ~0.1 s of
    # every start that reads orders, on a SQLite store too (issue 13).
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(_LEVELS)
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(_LEVELS)
    else:  # pragma: no cover - only the two databases Backroom opens
        raise InvalidInput(f"Unsupported database {dialect}.")
    stmt = stmt.on_conflict_do_update(
        index_elements=[_LEVELS.c.product_id, _LEVELS.c.location_id],
        set_={"on_hand": _LEVELS.c.on_hand + stmt.excluded.on_hand})
    session.execute(stmt, values)


def move(session: Session, spec: MoveSpec, *, actor: Actor | None = None) -> int:
    return move_many(session, [spec], actor=actor)[0]


def _raise_short(session: Session, key: tuple[int, int], available: int, wanted: int) -> None:
    sku = session.scalar(select(Product.sku).where(Product.id == key[0]))
    code = session.scalar(select(Location.code).where(Location.id == key[1]))
    raise InsufficientStock(QT_TRANSLATE_NOOP("messages",
        "Not enough {sku} in {code}: {available} available, {wanted} needed."),
        sku=sku, code=code, available=max(available, 0), wanted=wanted)


def _consume_reservations(session: Session,
                          used: dict[tuple[int, int, int], int]) -> dict[tuple[int, int], int]:
    """Shrink the reservations that outgoing units fulfil; return units released per level."""
    released: dict[tuple[int, int], int] = defaultdict(int)
    for (line_id, product_id, loc_id), qty in used.items():
        remaining = qty
        for res in session.scalars(select(Reservation).where(
                Reservation.order_line_id == line_id, Reservation.product_id == product_id,
                Reservation.location_id == loc_id).order_by(Reservation.id)):
            take = min(res.quantity, remaining)
            if take == res.quantity:
                session.delete(res)
            else:
                res.quantity -= take
            remaining -= take
            released[(product_id, loc_id)] += take
            if not remaining:
                break
    session.flush()
    return released


def reverse(session: Session, move_id: int, *, actor: Actor | None = None,
            reason: str = "reversal") -> int:
    """Undo a move with an opposite one. A move can be reversed only once."""
    original = session.get(StockMove, move_id)
    if original is None:
        raise NotFound(f"No stock move {move_id}.")
    if original.reverses_id is not None:
        raise ImmutableRecord(QT_TRANSLATE_NOOP("messages", "Move {move} is itself a reversal."),
                              move=move_id)
    if session.scalar(select(StockMove.id).where(StockMove.reverses_id == move_id)):
        raise ImmutableRecord(QT_TRANSLATE_NOOP("messages",
            "Move {move} has already been reversed."), move=move_id)
    spec = MoveSpec(original.product_id, original.to_location_id, original.from_location_id,
                    original.quantity, reason, reference=f"reverses #{move_id}")
    return move_many(session, [spec], actor=actor, reverses={0: move_id})[0]


def reserve(session: Session, order_line_id: int, product_id: int, quantity: int) -> int:
    """Hold up to `quantity` units for an order line, default bin first; return units held."""
    already = session.scalar(select(func.coalesce(func.sum(Reservation.quantity), 0)).where(
        Reservation.order_line_id == order_line_id)) or 0
    wanted = quantity - already
    if wanted <= 0:
        return quantity
    default_bin = session.scalar(select(Product.default_location_id).where(
        Product.id == product_id))
    levels = session.execute(
        select(StockLevel.location_id, StockLevel.on_hand - StockLevel.reserved)
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id == product_id, Location.kind == "bin",
               StockLevel.on_hand > StockLevel.reserved)
        .order_by((StockLevel.location_id == default_bin).desc(), Location.path_order,
                  Location.code)).all()
    held = 0
    taken: list[tuple[int, int, int]] = []
    for loc_id, available in levels:
        take = min(available, wanted - held)
        session.add(Reservation(order_line_id=order_line_id, product_id=product_id,
                                location_id=loc_id, quantity=take))
        taken.append((product_id, loc_id, take))
        held += take
        if held == wanted:
            break
    add_reserved(session, taken)
    session.flush()
    return already + held


def release(session: Session, order_line_id: int) -> int:
    """Give back every unit held for an order line; return how many."""
    rows = session.execute(select(Reservation.product_id, Reservation.location_id,
                                  Reservation.quantity).where(
        Reservation.order_line_id == order_line_id)).all()
    add_reserved(session, [(product_id, loc_id, -qty) for product_id, loc_id, qty in rows])
    session.execute(delete(Reservation).where(Reservation.order_line_id == order_line_id))
    return sum(r[2] for r in rows)


def reserved_for_line(session: Session, order_line_id: int) -> list[tuple[int, int]]:
    """(location id, units) held for an order line."""
    return [(loc, qty) for loc, qty in session.execute(
        select(Reservation.location_id, Reservation.quantity).where(
            Reservation.order_line_id == order_line_id).order_by(Reservation.id))]


def expected_levels(session: Session) -> dict[tuple[int, int], tuple[int, int]]:
    """(product, location) -> (on hand from the moves, reserved from the reservations)."""
    internal = select(Location.id).where(Location.kind.in_(INTERNAL_KINDS))
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    incoming = session.execute(
        select(StockMove.product_id, StockMove.to_location_id, func.sum(StockMove.quantity))
        .where(StockMove.to_location_id.in_(internal))
        .group_by(StockMove.product_id, StockMove.to_location_id))
    for p, loc, qty in incoming:
        totals[(p, loc)][0] += qty
    outgoing = session.execute(
        select(StockMove.product_id, StockMove.from_location_id, func.sum(StockMove.quantity))
        .where(StockMove.from_location_id.in_(internal))
        .group_by(StockMove.product_id, StockMove.from_location_id))
    for p, loc, qty in outgoing:
        totals[(p, loc)][0] -= qty
    held = session.execute(
        select(Reservation.product_id, Reservation.location_id, func.sum(Reservation.quantity))
        .group_by(Reservation.product_id, Reservation.location_id))
    for p, loc, qty in held:
        totals[(p, loc)][1] += qty
    return {k: (v[0], v[1]) for k, v in totals.items()}


def check_ledger(session: Session) -> list[LedgerProblem]:
    """Every stored level against the sum of its moves and reservations."""
    expected = expected_levels(session)
    stored = {(p, loc): (on_hand, res) for p, loc, on_hand, res in session.execute(
        select(StockLevel.product_id, StockLevel.location_id, StockLevel.on_hand,
               StockLevel.reserved))}
    problems = []
    for key in sorted(set(expected) | set(stored)):
        exp, got = expected.get(key, (0, 0)), stored.get(key, (0, 0))
        for i, name in enumerate(("on_hand", "reserved")):
            if exp[i] != got[i]:
                problems.append(LedgerProblem(key[0], key[1], name, got[i], exp[i]))
    return problems


def rebuild_levels(session: Session) -> int:
    """Rewrite stock_levels from the moves and reservations; return rows written."""
    expected = expected_levels(session)
    session.execute(delete(StockLevel))
    rows = [{"product_id": p, "location_id": loc, "on_hand": on_hand, "reserved": res}
            for (p, loc), (on_hand, res) in expected.items() if on_hand or res]
    if rows:
        session.execute(insert(StockLevel), rows)
    return len(rows)
