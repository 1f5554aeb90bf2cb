"""Finding orders by number, store order id, name, email, SKU or tracking number."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, case, column, false, or_, select, table, text
from sqlalchemy.orm import Session

from app.models import Customer, Order, OrderLine, Product

try:  # Shipments and parcels come with Pick & Pack; search by tracking number when present.
    from app.models.packing import Parcel, Shipment
except ImportError:  # pragma: no cover - depends on which features are installed
    Parcel = Shipment = None  # type: ignore[assignment,misc]

SEARCH_CAP = 5000
# SQLite's trigram index of the orders' names (migration 0780); a MATCH needs 3 characters.
NAME_INDEX = table("orders_name_search", column("rowid"))
TRIGRAM = 3


def search_condition(session: Session, term: str) -> ColumnElement[bool]:
    return search_plan(session, term)[0]


def search_plan(session: Session, term: str) -> tuple[ColumnElement[bool], bool]:
    """The condition, and whether it is the broad kind (tested on each row, not an id list).

    Order number, store order id, the order's own bill-to or ship-to name (not the merged
    customer record's), the customer's email, SKU or tracking number.

    Each way of matching is an indexed lookup of order ids. When together they find a few
    thousand orders, the list filters on exactly those ids; when one of them finds more (a
    common surname, a best-selling SKU) the list instead tests each order in date order,
    which finds a page of matches quickly because matches are then frequent.
    """
    t = term.strip()
    low = t.lower()
    customers = select(Customer.id).where(Customer.email == low)
    products = select(Product.id).where(Product.sku.in_({t, t.upper()}))
    ways: list[tuple[Select[int], ColumnElement[bool]]] = [
        (select(Order.id).where(Order.number.in_({t, f"#{t}", t.upper()})),
         Order.number.in_({t, f"#{t}", t.upper()})),
        (select(Order.id).where(Order.number >= t, Order.number < t + "\uffff"),
         and_(Order.number >= t, Order.number < t + "\uffff")),
        (select(Order.id).where(Order.external_id == t), Order.external_id == t),
        (select(OrderLine.order_id).where(OrderLine.channel_sku.in_({t, t.upper()})),
         Order.id.in_(select(OrderLine.order_id).where(
             OrderLine.channel_sku.in_({t, t.upper()})))),
        (select(OrderLine.order_id).where(OrderLine.product_id.in_(products)),
         Order.id.in_(select(OrderLine.order_id).where(OrderLine.product_id.in_(products)))),
        (select(Order.id).where(Order.customer_id.in_(customers)),
         Order.customer_id.in_(customers)),
    ]
    if "@" not in t and not any(c.isdigit() for c in t):
        pattern = f"%{_like(t)}%"
        sqlite = session.get_bind().dialect.name == "sqlite"
        # SQLite's LIKE ignores ASCII case already, and lower() would cost a call per row.
        bill, ship = ((c.like(pattern, escape="\\") if sqlite
                       else c.ilike(pattern, escape="\\"))
                      for c in (Order.bill_name, Order.ship_name))
        # Both names in one scan of the (ship_name, bill_name) index; most orders are billed
        # and shipped to one name, which then costs one LIKE, not two.
        named = or_(bill, and_(Order.ship_name != Order.bill_name, ship))
        ways.append((_named_ids(t, named, sqlite), named))
    if Parcel is not None and Shipment is not None:
        tracked = (select(Shipment.order_id).join(Parcel, Parcel.shipment_id == Shipment.id)
                   .where(Parcel.tracking == t))
        ways.append((tracked, Order.id.in_(tracked)))
    found: set[int] = set()
    for ids, _cond in ways:
        got = session.scalars(ids.limit(SEARCH_CAP + 1)).all()
        found.update(got)
        if len(got) > SEARCH_CAP or len(found) > SEARCH_CAP:
            # Wrapped in CASE so SQLite does not turn the OR into a union of index lookups
            # (which would collect and sort every match) but walks the date index instead.
            return case((or_(*(cond for _ids, cond in ways)), 1), else_=0) == 1, True
    return (Order.id.in_(sorted(found)) if found else false()), False


def _named_ids(term: str, named: ColumnElement[bool], sqlite: bool) -> Select[int]:
    """Ids of orders whose name holds `term`, exactly as the LIKE `named` decides.

    On SQLite the trigram index finds the candidates (a superset: it folds case beyond ASCII)
    and `named` keeps the same rows the LIKE always did, without reading every order. A term
    shorter than a trigram, and PostgreSQL (whose ILIKE uses the pg_trgm index by itself),
    keep the plain query.
    """
    if not sqlite or len(term) < TRIGRAM:
        return select(Order.id).where(named)
    phrase = '"' + term.replace('"', '""') + '"'
    return (select(Order.id).join(NAME_INDEX, NAME_INDEX.c.rowid == Order.id)
            .where(text("orders_name_search MATCH :phrase").bindparams(phrase=phrase), named))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
