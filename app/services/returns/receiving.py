"""Receiving a return by scan: each unit's condition and where it goes, one stock move each.

Units come out of CUSTOMER (where packing sent them) into a bin (restock), QUARANTINE (to
inspect), SCRAP or SUPPLIER: all real places of the ledger, so the stock adds up. A scan of
an item that is not on the return, or one more than expected, is refused before anything
is written. A unit in quarantine can later be moved on (`move_on`), one more move.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, case, func, select, update
from sqlalchemy.orm import Session

from app.models import Location, Order, Product
from app.models.returns import CONDITIONS, DISPOSITIONS, Return, ReturnLine, ReturnUnit
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import BackroomError, InvalidInput, NotFound, UnknownBarcode
from app.services.core.permissions import requires
from app.services.returns.lookup import products_for_scan
from app.services.returns.status import settle
from app.services.stock import ledger
from app.services.stock.scan_codes import parse_scan, reference_text

# Where each disposition sends a unit; restock goes to the bin scanned.
PLACE_OF = {"quarantine": "QUARANTINE", "scrap": "SCRAP", "supplier": "SUPPLIER"}
DISPOSITION_OF = {code: d for d, code in PLACE_OF.items()}


class WrongItem(BackroomError):
    """A scanned item is not on the return, or more came than the return expects."""


@dataclass(frozen=True)
class Place:
    disposition: str
    location_id: int
    code: str


@dataclass(frozen=True)
class ReceiveItem:
    code: str            # SKU or barcode
    quantity: int
    disposition: str
    bin: str = ""        # restock only
    condition: str = "new"


@dataclass(frozen=True)
class Received:
    return_id: int
    number: str
    sku: str
    units: int
    disposition: str
    place: str
    status: str
    remaining: int       # units of the whole return still to arrive
    line_id: int = 0     # the return line the units counted against
    condition: str = ""


# The virtual places' ids never change once made: read once per database, not per scan.
_PLACES: WeakKeyDictionary[Engine, dict[str, int]] = WeakKeyDictionary()


def _place_id(session: Session, code: str) -> int:
    """A virtual place's id (CUSTOMER, QUARANTINE, SCRAP, SUPPLIER), read once per database."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    cache = _PLACES.setdefault(engine, {})
    if code not in cache:
        found = session.scalar(select(Location.id).where(Location.code == code))
        if found is None:  # made now, in a transaction that may yet roll back: not kept
            return ledger.location_id(session, code)
        cache[code] = found
    return cache[code]


def place_for(session: Session, disposition: str, bin_code: str = "") -> Place:
    """The ledger place a disposition sends units to; restock needs an internal bin."""
    if disposition not in DISPOSITIONS:
        raise InvalidInput(f"Disposition must be one of {', '.join(DISPOSITIONS)}, "
                           f"not {disposition!r}.")
    if disposition != "restock":
        code = PLACE_OF[disposition]
        return Place(disposition, _place_id(session, code), code)
    code = bin_code.strip().upper()
    if not code:
        raise InvalidInput("Restocking needs a bin: scan or name the bin.")
    row = session.execute(select(Location.id, Location.kind).where(Location.code == code)).first()
    if row is None:
        raise NotFound(f"There is no bin {code!r}.")
    if row.kind != "bin":
        raise InvalidInput(f"{code} is not a bin to restock into.")
    return Place("restock", row.id, code)


def place_for_scan(session: Session, raw: str) -> Place | None:
    """A scanned location label: a bin (restock there) or QUARANTINE / SCRAP / SUPPLIER."""
    code = reference_text(raw).upper()
    if not code:
        return None
    row = session.execute(select(Location.id, Location.kind).where(Location.code == code)).first()
    if row is None:
        return None
    if row.kind == "bin":
        return Place("restock", row.id, code)
    if code in DISPOSITION_OF:
        return Place(DISPOSITION_OF[code], row.id, code)
    return None


def _return(session: Session, return_id: int) -> Return:
    ret = session.get(Return, return_id)
    if ret is None:
        raise NotFound(f"No return {return_id}.")
    if ret.status == "closed":
        raise InvalidInput(f"Return {ret.number} is closed.")
    return ret


def _line_for(session: Session, ret: Return, code: str, quantity: int,
              products: Set[int] | None = None) -> tuple[ReturnLine, str, tuple[int, int]]:
    """The return line a scanned or typed code counts against, its SKU, and the whole
    return's (units expected, units received) before this scan; refuses a wrong item.
    `products`: what the code stands for, when the caller has read it already."""
    products = products or products_for_scan(session, code)
    if not products:
        raise UnknownBarcode(f"Unknown code {reference_text(code)}: no product has this "
                             "barcode or SKU.")
    # Every line of the return (a handful): the totals come with them, no second read.
    every = session.execute(select(ReturnLine, Product.sku)
                            .join(Product, Product.id == ReturnLine.product_id)
                            .where(ReturnLine.return_id == ret.id)
                            .order_by(ReturnLine.id)).all()
    totals = (sum(row[0].quantity for row in every), sum(row[0].received for row in every))
    rows = [row for row in every if row[0].product_id in products]
    lines = [row[0] for row in rows]
    if not lines:
        sku = session.scalar(select(Product.sku).where(Product.id.in_(products))) or code
        raise WrongItem(f"Wrong item: {sku} is not on return {ret.number}. Keep it aside.")
    sku = rows[0][1]
    line = next((ln for ln in lines if ln.quantity - ln.received >= quantity), None)
    if line is None:
        expected = sum(ln.quantity for ln in lines)
        got = sum(ln.received for ln in lines)
        raise WrongItem(f"Too many {sku}: return {ret.number} expects {expected}, "
                        f"{got} already received.")
    return line, sku, totals


def check_item(session: Session, return_id: int, raw: str) -> str:
    """The SKU a scan would receive on this return (nothing written); refuses a wrong item."""
    ret = _return(session, return_id)
    return _line_for(session, ret, raw, 1)[1]


def _post(session: Session, actor: Actor, ret: Return, line: ReturnLine, *, sku: str,
          quantity: int, condition: str, place: Place, source: int,
          order_number: str | None = None) -> int:
    if condition not in CONDITIONS:
        raise InvalidInput(f"Condition must be one of {', '.join(CONDITIONS)}, "
                           f"not {condition!r}.")
    move_id = ledger.move(session, ledger.MoveSpec(
        line.product_id, source, place.location_id, quantity, f"return {place.disposition}",
        reference=f"return {ret.number}"), actor=actor)
    session.add(ReturnUnit(return_line_id=line.id, product_id=line.product_id,
                           quantity=quantity, condition=condition,
                           disposition=place.disposition, from_location_id=source,
                           to_location_id=place.location_id, stock_move_id=move_id,
                           user=actor.user))
    if order_number is None:
        order_number = session.scalar(select(Order.number).where(Order.id == ret.order_id))
    audit.record(session, actor, "return", ret.id, "received" if source == _customer(session)
                 else "moved on", sku=sku, order_number=order_number, number=ret.number,
                 units=quantity, condition=condition, disposition=place.disposition,
                 place=place.code)
    return move_id


def _customer(session: Session) -> int:
    return _place_id(session, "CUSTOMER")


def _receive_one(session: Session, actor: Actor, ret: Return, *, code: str, quantity: int,
                 condition: str, place: Place, products: Set[int] | None = None,
                 order_number: str | None = None) -> Received:
    line, sku, (expected, received) = _line_for(session, ret, code, quantity, products)
    # Relative, and the CHECK (received <= quantity) guards it, like a stock level.
    session.execute(update(ReturnLine).where(ReturnLine.id == line.id)
                    .values(received=ReturnLine.received + quantity))
    _post(session, actor, ret, line, sku=sku, quantity=quantity, condition=condition,
          place=place, source=_customer(session), order_number=order_number)
    status, remaining = settle(session, ret, totals=(expected, received + quantity))
    return Received(ret.id, ret.number, sku, quantity, place.disposition, place.code, status,
                    remaining, line.id, condition)


@requires("move_stock")
def receive_scan(session: Session, actor: Actor, return_id: int, raw: str, *,
                 condition: str, disposition: str, bin_code: str = "",
                 products: Set[int] | None = None) -> Received:
    """One scanned unit (or a GS1 count) of the return, with its condition and destination.
    `products`: the products the scan stands for, when the station has read them already
    (one lookup fewer per scan)."""
    found = session.execute(select(Return, Order.number).join(
        Order, Order.id == Return.order_id).where(Return.id == return_id)).first()
    if found is None:
        raise NotFound(f"No return {return_id}.")
    ret, order_number = found[0], found[1]
    if ret.status == "closed":
        raise InvalidInput(f"Return {ret.number} is closed.")
    quantity = parse_scan(raw).count or 1
    place = place_for(session, disposition, bin_code)
    return _receive_one(session, actor, ret, code=raw, quantity=quantity, condition=condition,
                        place=place, products=products, order_number=order_number)


@requires("move_stock")
def receive(session: Session, actor: Actor, return_id: int,
            items: Sequence[ReceiveItem]) -> list[Received]:
    """Receive several lines at once (the CLI); all or nothing."""
    ret = _return(session, return_id)
    if not items:
        raise InvalidInput("Name at least one line to receive.")
    done = []
    for item in items:
        if item.quantity <= 0:
            raise InvalidInput(f"Units of {item.code} must be at least 1, not {item.quantity}.")
        place = place_for(session, item.disposition, item.bin)
        done.append(_receive_one(session, actor, ret, code=item.code, quantity=item.quantity,
                                 condition=item.condition, place=place))
    return done


def in_quarantine(session: Session, return_id: int) -> dict[int, int]:
    """Return line id -> units of it that sit in QUARANTINE now."""
    quarantine = _place_id(session, "QUARANTINE")
    signed = case((ReturnUnit.to_location_id == quarantine, ReturnUnit.quantity),
                  else_=-ReturnUnit.quantity)
    rows = session.execute(
        select(ReturnUnit.return_line_id, func.sum(signed))
        .join(ReturnLine, ReturnLine.id == ReturnUnit.return_line_id)
        .where(ReturnLine.return_id == return_id,
               (ReturnUnit.to_location_id == quarantine)
               | (ReturnUnit.from_location_id == quarantine))
        .group_by(ReturnUnit.return_line_id))
    return {line: int(units) for line, units in rows if units}


@requires("move_stock")
def move_on(session: Session, actor: Actor, return_id: int, code: str, *, quantity: int,
            disposition: str, bin_code: str = "", condition: str = "") -> Received:
    """Move inspected units of a return out of quarantine: to a bin, scrap or the supplier."""
    ret = session.get(Return, return_id)
    if ret is None:
        raise NotFound(f"No return {return_id}.")
    if quantity <= 0:
        raise InvalidInput(f"Units must be at least 1, not {quantity}.")
    place = place_for(session, disposition, bin_code)
    if place.code == "QUARANTINE":
        raise InvalidInput("These units are in quarantine already.")
    products = products_for_scan(session, code)
    held = in_quarantine(session, return_id)
    lines = [ln for ln in session.scalars(select(ReturnLine).where(
        ReturnLine.return_id == return_id, ReturnLine.product_id.in_(products or {-1})))
        if held.get(ln.id, 0) >= quantity]
    if not lines:
        raise WrongItem(f"Return {ret.number} has no {quantity} × {code.strip()} in quarantine.")
    line = lines[0]
    sku = session.scalar(select(Product.sku).where(Product.id == line.product_id)) or code
    last = session.scalar(select(ReturnUnit.condition).where(
        ReturnUnit.return_line_id == line.id).order_by(ReturnUnit.id.desc()).limit(1))
    quarantine = _place_id(session, "QUARANTINE")
    _post(session, actor, ret, line, sku=sku, quantity=quantity,
          condition=condition or last or "opened", place=place, source=quarantine)
    return Received(ret.id, ret.number, sku, quantity, place.disposition, place.code,
                    ret.status, 0)
