"""What goes on the labels: label records built from the orders, products and bins in the
database (with each store's template settings applied)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Barcode, Location, Order, OrderLine, Product, Store
from app.models.printing import TemplateSettings
from app.money import format_money
from app.services.core.errors import InvalidInput, NotFound
from app.services.packing.documents import packing_slip_record
from app.services.printing.addresses import postal_lines
from app.services.printing.label_records import (
    Address,
    BinLabel,
    PackingSlip,
    PickLine,
    PickList,
    ProductLabel,
    ShippingLabel,
)

# Optional fields a store may leave off: the contents line and the shipping method on
# shipping labels and slips, the bin column on packing slips.
HIDEABLE = ("contents", "method", "bin")


@dataclass(frozen=True)
class StoreLook:
    """A store's template settings as plain values (defaults when none are saved)."""

    hidden: frozenset[str] = frozenset()
    logo_path: str = ""
    return_name: str = ""
    return_lines: tuple[str, ...] = ()
    return_instructions: str = ""
    font_size: int = 10


def store_look(session: Session, store_id: int) -> StoreLook:
    row = session.scalar(select(TemplateSettings).where(TemplateSettings.store_id == store_id))
    if row is None:
        return StoreLook()
    return StoreLook(frozenset(f for f in row.hidden_fields.split(",") if f),
                     row.logo_path, row.return_name,
                     tuple(line for line in row.return_address.splitlines() if line.strip()),
                     row.return_instructions, row.font_size)


def find_order(session: Session, ref: str) -> Order:
    """An order by its number as the store shows it ('#1001' or '1001'), or by its id."""
    text = ref.strip()
    variants = {text, text.lstrip("#"), "#" + text.lstrip("#")}
    rows = session.scalars(select(Order).where(Order.number.in_(variants))).all()
    if not rows and text.isdigit():
        found = session.get(Order, int(text))
        rows = [found] if found else []
    if not rows:
        raise NotFound(f"No order {text}.")
    if len(rows) > 1:
        raise InvalidInput(f"{len(rows)} orders are numbered {text} (in different stores); "
                           "use the order's id instead.")
    return rows[0]


def _address(order: Order) -> Address:
    """The ship-to in its country's order (a UK town above its postcode, "12345 Berlin")."""
    lines = postal_lines(street1=order.ship_street1 or "", street2=order.ship_street2 or "",
                         city=order.ship_city or "", state=order.ship_state or "",
                         postcode=order.ship_postcode or "", country=order.ship_country or "")
    return Address(order.ship_name, lines, company=order.ship_company)


def order_by_id(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"No order {order_id}.")
    return order


def shipping_records(session: Session, refs: Sequence[str]) -> list[ShippingLabel]:
    return [shipping_record(session, find_order(session, ref)) for ref in refs]


def shipping_record(session: Session, order: Order) -> ShippingLabel:
    """The shipping label of an order, with its store's return address and choices."""
    store = session.get(Store, order.store_id)
    look = store_look(session, order.store_id)
    store_name = store.name if store else ""
    lines = session.execute(select(OrderLine.quantity, OrderLine.title, Product.name)
                            .outerjoin(Product, Product.id == OrderLine.product_id)
                            .where(OrderLine.order_id == order.id)
                            .order_by(OrderLine.id)).all()
    contents = "" if "contents" in look.hidden else ", ".join(
        f"{qty} x {name or title}" for qty, title, name in lines)
    home = Address(look.return_name or store_name, look.return_lines)
    return ShippingLabel(_address(order), home, order.number, store_name, contents,
                         "" if "method" in look.hidden else order.shipping_method)


def packing_slip_records(session: Session, refs: Sequence[str]) -> list[PackingSlip]:
    out = []
    for ref in refs:
        order = find_order(session, ref)
        look = store_look(session, order.store_id)
        slip = packing_slip_record(session, order.id)
        if "bin" in look.hidden:
            slip = replace(slip, lines=tuple(replace(line, bin="") for line in slip.lines))
        # The return code carries the order id, so a returned slip finds its order by scan.
        out.append(replace(slip, logo_path=look.logo_path or None,
                           return_instructions=look.return_instructions,
                           return_code=f"R{order.id:06d}" if look.return_instructions else "",
                           font_size=float(look.font_size),
                           shipping_method="" if "method" in look.hidden
                           else slip.shipping_method))
    return out


def pick_list_record(session: Session, refs: Sequence[str]) -> PickList:
    """One pick list for the orders, walked in bin order, with each order's share as a tote."""
    orders = [find_order(session, ref) for ref in refs]
    rows = session.execute(
        select(Order.number, Product.sku, Product.name, OrderLine.quantity,
               func.coalesce(Location.code, ""), func.coalesce(Location.path_order, 1 << 30))
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Product, Product.id == OrderLine.product_id)
        .outerjoin(Location, Location.id == Product.default_location_id)
        .where(Order.id.in_([o.id for o in orders]))).all()
    grouped: dict[tuple[int, str, str], list[Any]] = {}    # -> [name, units, {order: units}]
    for number, sku, name, qty, bin_code, path in rows:
        entry = grouped.setdefault((path, bin_code, sku), [name, 0, {}])
        entry[1] += qty
        entry[2][number] = entry[2].get(number, 0) + qty
    batch = len(orders) > 1
    lines = tuple(PickLine(bin_code, sku, name, qty, tuple(totes.items()) if batch else ())
                  for (_, bin_code, sku), (name, qty, totes) in sorted(grouped.items()))
    title = f"Pick list: {orders[0].number}" if not batch else f"Pick list: {len(orders)} orders"
    return PickList(title, lines, orders=tuple(o.number for o in orders))


def _price(product: Product) -> str:
    return format_money(product.price_minor, product.currency) if product.price_minor else ""


def product_records(session: Session, skus: Sequence[str] | None) -> list[ProductLabel]:
    """Labels for these SKUs (in the order given), or every active product when None.

    The barcode is the product's EAN-13 when it has one (UPC-A is stored as one), else its
    first other code, else the SKU itself, as Code 128.
    """
    if skus is None:
        products = list(session.scalars(select(Product).where(Product.active)
                                        .order_by(Product.sku)))
    else:
        by_sku = {p.sku: p for p in session.scalars(select(Product).where(
            Product.sku.in_([s.strip() for s in skus])))}
        missing = [s for s in skus if s.strip() not in by_sku]
        if missing:
            raise NotFound(f"No product with SKU {', '.join(missing)}.")
        products = [by_sku[s.strip()] for s in skus]
    codes: dict[int, list[tuple[str, str]]] = {}
    for pid, code, kind in session.execute(
            select(Barcode.product_id, Barcode.code, Barcode.kind)
            .where(Barcode.product_id.in_([p.id for p in products])).order_by(Barcode.id)):
        codes.setdefault(pid, []).append((code, kind))
    out = []
    for p in products:
        mine = codes.get(p.id, [])
        ean = next((c for c, k in mine if len(c) == 13 and c.isdigit() and
                    k in ("ean13", "upca")), None)
        if ean:
            value, symbology = ean, "ean13"
        else:
            value, symbology = (mine[0][0] if mine else p.sku), "code128"
        out.append(ProductLabel(p.sku, p.name, _price(p), value, symbology))  # type: ignore[arg-type]
    return out


def bin_records(session: Session, codes: Sequence[str] | None) -> list[BinLabel]:
    """Labels for these bins, or every bin in walking order when None."""
    query = select(Location).where(Location.kind == "bin")
    if codes is not None:
        query = query.where(Location.code.in_([c.strip() for c in codes]))
    found = {loc.code: loc for loc in session.scalars(
        query.order_by(Location.path_order, Location.code))}
    if codes is None:
        return [BinLabel(loc.code, loc.name, loc.warehouse) for loc in found.values()]
    missing = [c for c in codes if c.strip() not in found]
    if missing:
        raise NotFound(f"No bin {', '.join(missing)}.")
    return [BinLabel(found[c.strip()].code, found[c.strip()].name, found[c.strip()].warehouse)
            for c in codes]


def choices(session: Session, source: str, text: str = "", limit: int = 200
            ) -> list[tuple[str, str]]:
    """(reference, description) of the orders, products or bins matching the text, for the
    item picker. Orders: those not yet shipped or cancelled."""
    like = f"%{text.strip()}%"
    if source == "orders":
        rows = session.execute(
            select(Order.number, Order.ship_name, Order.status)
            .where(Order.status.notin_(("shipped", "cancelled")))
            .where((Order.number.ilike(like)) | (Order.ship_name.ilike(like)))
            .order_by(Order.placed_at.desc()).limit(limit)).all()
        return [(number, f"{name} · {status}") for number, name, status in rows]
    if source == "products":
        products = session.execute(select(Product.sku, Product.name).where(Product.active)
                                   .where(Product.sku.ilike(like) | Product.name.ilike(like))
                                   .order_by(Product.sku).limit(limit)).all()
        return [(sku, name) for sku, name in products]
    if source == "bins":
        bins = session.execute(select(Location.code, Location.name)
                               .where(Location.kind == "bin", Location.code.ilike(like))
                               .order_by(Location.path_order, Location.code)
                               .limit(limit)).all()
        return [(code, name) for code, name in bins]
    raise InvalidInput(f"Unknown item list {source!r}.")


def resolve_scan(session: Session, source: str, code: str) -> str:
    """The reference a scanned or typed code stands for: a product barcode gives its SKU."""
    from app.services.core.errors import UnknownBarcode
    from app.services.stock.catalog import find_by_barcode

    code = code.strip()
    if source == "products":
        product_id = find_by_barcode(session, code)
        if product_id is None:
            raise UnknownBarcode(f"{code} is not a product barcode or SKU.")
        return session.get(Product, product_id).sku  # type: ignore[union-attr]
    if source == "bins":
        if session.scalar(select(Location.id).where(Location.code == code,
                                                    Location.kind == "bin")) is None:
            raise UnknownBarcode(f"{code} is not a bin.")
        return code
    return find_order(session, code).number
