"""Reading returns: one return in full, the Returns list (keyset pages, search), CSV."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, case, column, false, func, or_, select, table
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased

from app.models import Location, Order, Product, Store, utcnow
from app.models.returns import Return, ReturnLine, ReturnRefund, ReturnUnit
from app.money import to_decimal_text
from app.services.core.errors import NotFound
from app.services.core.stopping import StatementStop
from app.services.returns.lookup import find_return

OPEN_STATUSES = ("expected", "open", "awaiting")  # still to arrive
# SQLite's trigram index of the orders' bill-to and ship-to names (migration 0780, which the
# Orders search reads too); a MATCH needs 3 characters.
NAME_INDEX = table("orders_name_search", column("rowid"))
TRIGRAM = 3


@dataclass(frozen=True)
class UnitView:
    quantity: int
    condition: str
    disposition: str
    place: str
    at: datetime
    user: str


@dataclass(frozen=True)
class LineView:
    line_id: int
    sku: str
    name: str
    expected: int
    received: int
    units: tuple[UnitView, ...]

    @property
    def condition(self) -> str:
        return ", ".join(sorted({u.condition for u in self.units}))

    @property
    def disposition(self) -> str:
        return ", ".join(sorted({f"{u.disposition} {u.place}" if u.disposition == "restock"
                                 else u.disposition for u in self.units}))


@dataclass(frozen=True)
class RefundView:
    amount_minor: int
    shipping_minor: int
    fee_minor: int
    total_minor: int
    paid_by: str
    at: datetime
    user: str


@dataclass(frozen=True)
class ReturnView:
    id: int
    number: str
    order_id: int
    order_number: str
    store: str
    customer: str
    status: str
    reason: str
    note: str
    currency: str
    tracking: str
    source: str
    created_at: datetime
    expected_by: datetime
    lines: tuple[LineView, ...]
    refunds: tuple[RefundView, ...]
    exchange_order: str | None

    @property
    def expected(self) -> int:
        return sum(ln.expected for ln in self.lines)

    @property
    def received(self) -> int:
        return sum(ln.received for ln in self.lines)

    @property
    def refunded_minor(self) -> int:
        return sum(r.total_minor for r in self.refunds)

    @property
    def overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.received == 0 and \
            self.expected_by < utcnow()


def return_view(session: Session, return_id: int) -> ReturnView:
    ret = session.get(Return, return_id)
    if ret is None:
        raise NotFound(f"No return {return_id}.")
    order = session.get(Order, ret.order_id)
    store = session.get(Store, ret.store_id)
    assert order is not None and store is not None
    place = aliased(Location)
    units: dict[int, list[UnitView]] = defaultdict(list)
    for line_id, qty, cond, disp, code, at, user in session.execute(
            select(ReturnUnit.return_line_id, ReturnUnit.quantity, ReturnUnit.condition,
                   ReturnUnit.disposition, place.code, ReturnUnit.at, ReturnUnit.user)
            .join(ReturnLine, ReturnLine.id == ReturnUnit.return_line_id)
            .join(place, place.id == ReturnUnit.to_location_id)
            .where(ReturnLine.return_id == return_id).order_by(ReturnUnit.id)):
        units[line_id].append(UnitView(qty, cond, disp, code, at, user))
    lines = tuple(LineView(lid, sku, name, qty, got, tuple(units[lid]))
                  for lid, sku, name, qty, got in session.execute(
                      select(ReturnLine.id, Product.sku, Product.name, ReturnLine.quantity,
                             ReturnLine.received)
                      .join(Product, Product.id == ReturnLine.product_id)
                      .where(ReturnLine.return_id == return_id).order_by(ReturnLine.id)))
    refunds = tuple(RefundView(r.amount_minor, r.shipping_minor, r.fee_minor, r.total_minor,
                               r.paid_by, r.at, r.user) for r in session.scalars(
        select(ReturnRefund).where(ReturnRefund.return_id == return_id)
        .order_by(ReturnRefund.id)))
    exchange = (session.scalar(select(Order.number).where(Order.id == ret.exchange_order_id))
                if ret.exchange_order_id else None)
    return ReturnView(ret.id, ret.number, order.id, order.number, store.name,
                      order.bill_name or order.ship_name, ret.status, ret.reason, ret.note,
                      ret.currency, ret.tracking, ret.source, ret.created_at, ret.expected_by,
                      lines, refunds, exchange)


def view_for_scan(session: Session, raw: str) -> ReturnView | None:
    found = find_return(session, raw)
    return return_view(session, found) if found is not None else None


# -- the Returns list ----------------------------------------------------------------------

@dataclass(frozen=True)
class ReturnFilter:
    status: str = ""         # one of RETURN_STATUSES, or "" for all
    store_id: int | None = None
    text: str = ""           # return / order number, customer, SKU, tracking
    overdue: bool = False


@dataclass(frozen=True)
class ReturnRow:
    id: int
    number: str
    order_number: str
    store: str
    customer: str
    status: str
    reason: str
    created_at: datetime
    expected_by: datetime
    tracking: str

    def age_days(self, now: datetime | None = None) -> int:
        return max(((now or utcnow()) - self.created_at).days, 0)

    def overdue(self, now: datetime | None = None) -> bool:
        return self.status in OPEN_STATUSES and self.expected_by < (now or utcnow())


# A search whose ways together find at most this many returns filters on exactly those ids;
# beyond it the list walks the returns newest first, testing each (matches are then frequent,
# so a page fills quickly). Either way one statement per way plus the page.
SEARCH_CAP = 1000


Way = tuple[Select[int], ColumnElement[bool]]


def _search_ways(session: Session, text: str) -> tuple[list[Way], bool]:
    """Each way a search text can match a return: (the ids it finds, each by an index seek;
    the same test on one return), and whether a test reads the return's order (a name
    tested by LIKE: PostgreSQL, or a short text)."""
    from app.models import Barcode, Customer
    from app.models.packing import Parcel, Shipment

    bare = text.lstrip("#")
    numbers = sorted({text, bare, f"#{bare}", text.upper()})
    orders = select(Order.id).where(or_(Order.number.in_(numbers),
                                        Order.external_id.in_(numbers)))
    by_parcel = select(Shipment.order_id).join(Parcel, Parcel.shipment_id == Shipment.id) \
        .where(Parcel.tracking == text)
    products = select(Product.id).where(Product.sku.in_(sorted({text, text.upper()}))) \
        .union(select(Barcode.product_id).where(Barcode.code == text))
    by_sku = select(ReturnLine.return_id).where(ReturnLine.product_id.in_(products))
    ways: list[Way] = [
        (select(Return.id).where(Return.number == text.upper()), Return.number == text.upper()),
        (select(Return.id).where(Return.tracking == text), Return.tracking == text),
        (select(Return.id).where(Return.order_id.in_(orders)), Return.order_id.in_(orders)),
        (select(Return.id).where(Return.order_id.in_(by_parcel)),
         Return.order_id.in_(by_parcel)),
        (by_sku, Return.id.in_(by_sku)),
    ]
    if "@" in text:
        customers = select(Order.id).where(Order.customer_id.in_(
            select(Customer.id).where(Customer.email == text.lower())))
        ways.append((select(Return.id).where(Return.order_id.in_(customers)),
                     Return.order_id.in_(customers)))
    elif not any(c.isdigit() for c in text):  # names hold no digits: numbers skip this way
        named, by_order = _named_way(session, text)
        ways.append(named)
        return ways, by_order
    return ways, False


def _named_way(session: Session, text: str) -> tuple[Way, bool]:
    """Returns whose order's own bill-to or ship-to name holds `text`, in any case.

    SQLite, 3 characters or more: the orders' trigram index (migration 0780) is the test
    itself (substring, case folded), so neither way reads an order: the ids are one seek per
    candidate order, and the walk tests each return against the candidates, read once.
    PostgreSQL: ILIKE, which its pg_trgm indexes serve. A shorter text on SQLite: LIKE on
    the order of each return (the returns are walked, never all the orders)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite and len(text) >= TRIGRAM:
        phrase = '"' + text.replace('"', '""') + '"'
        candidates = select(NAME_INDEX.c.rowid).where(
            sql_text("orders_name_search MATCH :phrase").bindparams(phrase=phrase))
        return (select(Return.id).where(Return.order_id.in_(candidates)),
                Return.order_id.in_(candidates)), False
    pattern = f"%{_like(text)}%"
    # SQLite's LIKE ignores ASCII case already; PostgreSQL's ILIKE uses its trigram index.
    bill, ship = ((c.like(pattern, escape="\\") if sqlite else c.ilike(pattern, escape="\\"))
                  for c in (Order.bill_name, Order.ship_name))
    named = or_(bill, and_(Order.ship_name != Order.bill_name, ship))
    return (select(Return.id).join(Order, Order.id == Return.order_id).where(named), named), True


def _search(session: Session, text: str) -> tuple[ColumnElement[bool], bool]:
    """The condition a search puts on the list (the ids found, or the broad test), and
    whether that test reads the order's columns."""
    ways, by_order = _search_ways(session, text)
    found: set[int] = set()
    for ids, _test in ways:
        got = session.scalars(ids.limit(SEARCH_CAP + 1)).all()
        found.update(got)
        if len(got) > SEARCH_CAP or len(found) > SEARCH_CAP:
            # In CASE so SQLite does not turn the OR into a union of index lookups (which
            # would collect and sort every match) but walks the list's date index instead.
            return case((or_(*(test for _ids, test in ways)), 1), else_=0) == 1, by_order
    return (Return.id.in_(sorted(found)) if found else false()), False


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(session: Session, flt: ReturnFilter, now: datetime) -> Select[int]:
    q = select(Return.id)
    if flt.status:
        q = q.where(Return.status == flt.status)
    if flt.store_id is not None:
        q = q.where(Return.store_id == flt.store_id)
    if flt.overdue:
        q = q.where(Return.status.in_(OPEN_STATUSES), Return.expected_by < now)
    text = flt.text.strip()
    if text:
        condition, by_order = _search(session, text)
        q = q.where(condition)
        if by_order:  # the test reads the order's names
            q = q.join(Order, Order.id == Return.order_id)
    return q


class ListStop(StatementStop):
    """Stops a list read from any thread (a newer search made it stale): between its
    statements, and inside the one running."""

    def __init__(self) -> None:
        super().__init__("A newer search replaced this one.")


def list_returns(session: Session, flt: ReturnFilter = ReturnFilter(), *,
                 after: tuple[datetime, int] | None = None, limit: int = 200,
                 now: datetime | None = None, stop: ListStop | None = None) -> list[ReturnRow]:
    """A page of the Returns list, newest first; pass the last row's (created_at, id) on.
    `stop`: lets the caller drop this read once a newer one makes it stale (Cancelled)."""
    if stop is None:
        return _page(session, flt, after, limit, now or utcnow())
    with stop.watching(session):
        return _page(session, flt, after, limit, now or utcnow())


def _page(session: Session, flt: ReturnFilter, after: tuple[datetime, int] | None,
          limit: int, now: datetime) -> list[ReturnRow]:
    shown = (Return.number, Order.number, Store.name,
             func.coalesce(func.nullif(Order.bill_name, ""), Order.ship_name), Return.status,
             Return.reason, Return.created_at, Return.expected_by, Return.tracking)
    newest = (Return.created_at.desc(), Return.id.desc())
    q = _filtered(session, flt, now)
    if after is not None:
        at, last = after
        q = q.where(or_(Return.created_at < at, and_(Return.created_at == at,
                                                     Return.id < last)))
    if not flt.text.strip():
        # One walk of the index that serves the filter, newest first, joining the page's
        # orders only.
        listed = q.add_columns(*shown).join(Order, Order.id == Return.order_id) \
            .join(Store, Store.id == Return.store_id).order_by(*newest).limit(limit)
        return [ReturnRow(*row) for row in session.execute(listed)]
    # A search may weigh thousands of returns: choose the page on the returns alone, then
    # read the orders of those rows only (not one order per return weighed).
    page = q.add_columns(Return.created_at.label("at")).order_by(*newest).limit(limit) \
        .subquery()
    rows = select(Return.id, *shown).join(page, page.c.id == Return.id) \
        .join(Order, Order.id == Return.order_id).join(Store, Store.id == Return.store_id) \
        .order_by(page.c.at.desc(), page.c.id.desc())
    return [ReturnRow(*row) for row in session.execute(rows)]


def count_returns(session: Session, flt: ReturnFilter = ReturnFilter(), *,
                  now: datetime | None = None) -> int:
    sub = _filtered(session, flt, now or utcnow()).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def export_csv(session: Session, flt: ReturnFilter = ReturnFilter(), *,
               now: datetime | None = None) -> str:
    """The list as CSV (every matching return), with units and refunds per return."""
    now = now or utcnow()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("return", "order", "store", "customer", "status", "reason", "created_at",
                "age_days", "overdue", "tracking", "units_expected", "units_received",
                "refunded", "currency"))
    after = None
    while True:
        rows = list_returns(session, flt, after=after, limit=2000, now=now)
        if not rows:
            break
        ids = [r.id for r in rows]
        units = {rid: (int(e), int(g)) for rid, e, g in session.execute(
            select(ReturnLine.return_id, func.sum(ReturnLine.quantity),
                   func.sum(ReturnLine.received)).where(ReturnLine.return_id.in_(ids))
            .group_by(ReturnLine.return_id))}
        money = {rid: int(t) for rid, t in session.execute(
            select(ReturnRefund.return_id, func.sum(ReturnRefund.total_minor))
            .where(ReturnRefund.return_id.in_(ids)).group_by(ReturnRefund.return_id))}
        currency = dict(session.execute(select(Return.id, Return.currency)
                                        .where(Return.id.in_(ids))).all())
        for r in rows:
            e, g = units.get(r.id, (0, 0))
            cur = currency[r.id]
            w.writerow((r.number, r.order_number, r.store, r.customer, r.status, r.reason,
                        r.created_at.isoformat(timespec="seconds"), r.age_days(now),
                        "yes" if r.overdue(now) else "", r.tracking, e, g,
                        to_decimal_text(money.get(r.id, 0), cur), cur))
        after = (rows[-1].created_at, rows[-1].id)
    return out.getvalue()


def stores(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every store, for the list's store filter."""
    return [(i, n) for i, n in session.execute(select(Store.id, Store.name).order_by(Store.name))]
