"""Opening the returns a store's own returns file announces, as "expected" returns.

Each store return (its RMA id) becomes one return of its order, status expected, with the
reason and the store's id, so the packer's scan of the order, its tracking or the return's
tracking finds it at the station. Importing the same file again changes nothing: a store id
already on a return is left alone (a unique index holds it). A row that cannot become a
return (order unknown here, shipped by the marketplace, never shipped, nothing left to come
back) is left out and named with its row and why; the rest are opened. A file with any
unreadable cell opens nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Order, Store
from app.models.returns import Return
from app.services.core.backend import Actor
from app.services.core.errors import BackroomError, InvalidInput, NotFound
from app.services.core.permissions import requires
from app.services.importers.returns_records import ReturnFile, ReturnRecord
from app.services.returns import opening, reasons

MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class Opened:
    id: int
    number: str
    order_number: str
    external_id: str
    units: int


@dataclass
class ReturnsImport:
    file: str
    format: str
    store: str
    opened: list[Opened] = field(default_factory=list)
    already: int = 0                                    # store returns imported before
    skipped: list[tuple[int, str]] = field(default_factory=list)   # (row, why)


def _store(session: Session, parsed: ReturnFile, name: str) -> Store:
    if name:
        store = session.scalar(select(Store).where(Store.name == name))
        if store is None:
            raise NotFound(f"No store {name!r}.")
        return store
    stores = list(session.scalars(select(Store).where(Store.kind == parsed.source)
                                  .order_by(Store.name)))
    if len(stores) == 1:
        return stores[0]
    if not stores:
        raise InvalidInput(f"This is a {parsed.source} returns file but there is no "
                           f"{parsed.source} store; add it first or name the store.")
    raise InvalidInput(f"There are several {parsed.source} stores "
                       f"({', '.join(s.name for s in stores)}); name the store.")


def _refuse(file: str, parsed: ReturnFile) -> InvalidInput:
    shown = [str(p) for p in parsed.problems[:MAX_PROBLEMS_SHOWN]]
    more = len(parsed.problems) - len(shown)
    tail = f"\n… and {more} more problems." if more > 0 else ""
    return InvalidInput(f"{file} was not imported; nothing changed:\n" + "\n".join(shown)
                        + tail)


def _reason(session: Session, code: str) -> str:
    """The store's reason if the owner's list still has it, else Other, else any."""
    for wanted in (code, "other"):
        try:
            return reasons.find_reason(session, wanted).code
        except BackroomError:
            continue
    active = reasons.list_reasons(session)
    if not active:
        raise InvalidInput("There is no active return reason; add one first.")
    return active[0].code


def _order(session: Session, store_id: int, ref: str) -> Order | None:
    bare = ref.strip().lstrip("#")
    refs = {ref.strip(), bare, f"#{bare}"}
    return session.scalar(select(Order).where(
        Order.store_id == store_id,
        or_(Order.external_id.in_(refs), Order.number.in_(refs))).order_by(Order.id.desc())
        .limit(1))


@requires("edit_orders")
def import_returns(session: Session, actor: Actor, file: str, parsed: ReturnFile, *,
                   store: str = "") -> ReturnsImport:
    """Open an expected return for each store return of the file not opened before."""
    if not parsed.ok:
        raise _refuse(file, parsed)
    shop = _store(session, parsed, store)
    done = ReturnsImport(file, parsed.format, shop.name, skipped=list(parsed.skipped))
    groups: dict[str, list[ReturnRecord]] = {}
    for rec in parsed.records:
        groups.setdefault(rec.external_id, []).append(rec)
    known = set(session.scalars(select(Return.external_id).where(
        Return.store_id == shop.id, Return.external_id.in_(list(groups)))))
    for key, recs in groups.items():
        if key in known:
            done.already += 1
            continue
        rows = [r.source_row for r in recs]
        why = _why_not(session, shop, recs)
        if isinstance(why, str):
            done.skipped += [(row, why) for row in rows]
            continue
        first = recs[0]
        note = "; ".join(x for x in (f"{shop.name}: {first.store_reason}".strip(": ")
                                     if first.store_reason else "", first.note) if x)
        try:
            with session.begin_nested():  # one bad return leaves the others in
                opened = opening.create_return(
                    session, actor, why.id, _items(recs), _reason(session, first.reason_code),
                    note=note, source=parsed.source, external_id=key,
                    tracking=first.tracking, now=first.requested_at, expected=True)
        except BackroomError as exc:
            done.skipped += [(row, str(exc)) for row in rows]
            continue
        done.opened.append(Opened(opened.id, opened.number, opened.order_number, key,
                                  opened.units))
    done.skipped.sort()
    return done


def _items(recs: Sequence[ReturnRecord]) -> list[tuple[str, int]]:
    units: dict[str, int] = {}
    for r in recs:
        units[r.sku] = units.get(r.sku, 0) + r.quantity
    return list(units.items())


def _why_not(session: Session, shop: Store, recs: Sequence[ReturnRecord]) -> Order | str:
    """The order the store return belongs to, or why it cannot be opened here."""
    first = recs[0]
    if first.to_channel:
        return (f"returned to {shop.name}'s own warehouse (shipped by the marketplace): "
                "nothing comes to us")
    order = _order(session, shop.id, first.order_ref)
    if order is None:
        return f"no order {first.order_ref} in store {shop.name}; import its orders first"
    return order
