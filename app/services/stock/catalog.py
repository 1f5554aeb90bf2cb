"""The product catalogue: add and edit products with their barcodes; find them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.models import Barcode, Location, Product, StockLevel
from app.money import Money
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.core.permissions import requires
from app.services.importers import limits
from app.services.importers.csv_text import to_minor
from app.services.importers.products_csv import read_decimal
from app.services.stock import ledger
from app.services.stock.barcodes import normalise_barcode


@dataclass(frozen=True)
class ProductInput:
    """What a form or an import row says about a product."""

    sku: str
    name: str
    price: Money
    cost: Money
    barcodes: tuple[str, ...] = ()
    bin: str | None = None
    weight_g: int | None = None
    hs_code: str | None = None
    origin_country: str | None = None
    reorder_point: int = 0


@dataclass(frozen=True)
class ProductRow:
    """One line of the catalogue list."""

    id: int
    sku: str
    name: str
    barcodes: str
    bin: str
    on_hand: int
    reserved: int
    price: Money
    cost: Money
    reorder_point: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True)
class ProductDetail:
    id: int
    sku: str
    name: str
    price: Money
    cost: Money
    barcodes: tuple[str, ...]
    bin: str | None
    weight_g: int | None
    hs_code: str | None
    origin_country: str | None
    reorder_point: int
    levels: tuple[tuple[str, int, int], ...] = field(default=())  # (bin, on hand, reserved)


def amount_from_text(text: str, currency: str, field: str) -> Money:
    """Money typed in a form ('12,50', '1.234,50'): refused, never rounded, when it has more
    decimals than the currency (12.345 EUR), is no number (NaN, 1e309) or is too big to keep.
    """
    cleaned = text.strip()
    if not cleaned:
        return Money(0, currency)
    try:
        value = read_decimal(cleaned)
    except ValueError:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "{field}: '{text}' is not an amount."),
                           field=field, text=limits.shown(cleaned)) from None
    try:
        return Money(to_minor(value, currency), currency)
    except ValueError as exc:  # finer than the currency, or too big to keep
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "{field}: {reason}."), field=field,
                           reason=exc.args[0] if isinstance(exc.args[0], Message)
                           else str(exc)) from None


# Text columns a product form fills, with their lengths from the model (the same on SQLite
# and PostgreSQL once checked here).
_TEXT_LIMITS: dict[str, int] = {
    label: column.type.length for label, column in (
        (QT_TRANSLATE_NOOP("messages", "SKU"), Product.__table__.c.sku),
        (QT_TRANSLATE_NOOP("messages", "Name"), Product.__table__.c.name),
        (QT_TRANSLATE_NOOP("messages", "HS code"), Product.__table__.c.hs_code),
        (QT_TRANSLATE_NOOP("messages", "Bin"), Location.__table__.c.code),
        (QT_TRANSLATE_NOOP("messages", "Barcode"), Barcode.__table__.c.code))
    if isinstance(column.type, String) and column.type.length}


def _text(label: str, value: str | None) -> None:
    if value:
        why = limits.text_problem(value, _TEXT_LIMITS[label])
        if why is not None:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages", "{field}: {reason}."),
                               field=Message(label), reason=why)


def _clean(data: ProductInput) -> ProductInput:
    sku = data.sku.strip()
    _text(QT_TRANSLATE_NOOP("messages", "SKU"), sku)
    if not sku:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "A product needs a SKU."))
    _text(QT_TRANSLATE_NOOP("messages", "Name"), data.name.strip())
    if not data.name.strip():
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "Product {sku} needs a name."), sku=sku)
    if data.price.minor < 0 or data.cost.minor < 0:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Product {sku}: price and cost cannot be negative."), sku=sku)
    if data.price.currency != data.cost.currency:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Product {sku}: price and cost must be in the same currency."), sku=sku)
    for what, money in ((QT_TRANSLATE_NOOP("messages", "the price {money}"), data.price),
                        (QT_TRANSLATE_NOOP("messages", "the cost {money}"), data.cost)):
        why = limits.amount_problem(money.minor, Message(what, money=str(money)))
        if why is not None:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages", "Product {sku}: {reason}."),
                               sku=sku, reason=why)
    _text(QT_TRANSLATE_NOOP("messages", "HS code"), (data.hs_code or "").strip())
    _text(QT_TRANSLATE_NOOP("messages", "Bin"), (data.bin or "").strip())
    for code in data.barcodes:
        _text(QT_TRANSLATE_NOOP("messages", "Barcode"), code.strip())
        if code.strip() and not code.strip().isascii():
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Barcode '{code}' holds characters a scanner cannot send (use digits, "
                "letters and ASCII signs)."), code=limits.shown(code.strip()))
    origin = (data.origin_country or "").strip()
    if origin and not (len(origin) == 2 and origin.isascii() and origin.isalpha()):
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Country of origin: '{origin}' is not a two-letter country code (DE, US, CN)."),
            origin=limits.shown(origin))
    for label, number, top in (
            (QT_TRANSLATE_NOOP("messages", "Weight (g)"), data.weight_g, limits.MAX_WEIGHT_G),
            (QT_TRANSLATE_NOOP("messages", "Reorder point"), data.reorder_point,
             limits.MAX_QUANTITY)):
        if number is not None and not 0 <= number <= top:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "{field}: {number:,} is not between 0 and {top:,}."), field=Message(label),
                number=number, top=top)
    return data


def _set_barcodes(session: Session, product: Product, raw_codes: tuple[str, ...]) -> None:
    codes: dict[str, str] = {}
    for raw in raw_codes:
        code, kind = normalise_barcode(raw)
        codes[code] = kind
    if codes:
        taken = session.execute(select(Barcode.code, Product.sku).join(Product).where(
            Barcode.code.in_(codes), Barcode.product_id != (product.id or -1))).first()
        if taken:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Barcode {code} already belongs to {sku}."), code=taken[0], sku=taken[1])
    keep = [b for b in product.barcodes if b.code in codes]
    for code, kind in codes.items():
        if not any(b.code == code for b in keep):
            keep.append(Barcode(code=code, kind=kind))
    product.barcodes = keep


@requires("edit_products")
def save_product(session: Session, data: ProductInput, *, actor: Actor | None = None,
                 product_id: int | None = None) -> int:
    """Create a product, or update the one with this id (or, on import, this SKU)."""
    data = _clean(data)
    if product_id is not None:
        product = session.get(Product, product_id)
        if product is None:
            raise NotFound(QT_TRANSLATE_NOOP("messages", "No product {product}."),
                           product=product_id)
    else:
        product = session.scalar(select(Product).where(Product.sku == data.sku.strip()))
    created = product is None
    if product is None:
        product = Product(sku=data.sku.strip(), currency=data.price.currency)
        session.add(product)
    elif product.sku != data.sku.strip():
        if session.scalar(select(Product.id).where(Product.sku == data.sku.strip())):
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "SKU {sku} is already used by another product."), sku=data.sku)
        product.sku = data.sku.strip()
    product.name = data.name.strip()
    product.currency = data.price.currency
    product.price_minor = data.price.minor
    product.cost_minor = data.cost.minor
    product.weight_g = data.weight_g
    product.hs_code = data.hs_code or None
    product.origin_country = (data.origin_country or "").upper() or None
    product.reorder_point = data.reorder_point
    if data.bin:
        product.default_location_id = ledger.get_or_create_bin(session, data.bin)
    session.flush()
    _set_barcodes(session, product, data.barcodes)
    session.flush()
    audit.record(session, actor or Actor(), "product", product.id,
                 "created" if created else "edited", sku=product.sku)
    return product.id


def product_detail(session: Session, product_id: int) -> ProductDetail:
    p = session.get(Product, product_id)
    if p is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No product {product}."),
                       product=product_id)
    bin_code = session.scalar(select(Location.code).where(Location.id == p.default_location_id))
    levels = tuple((code, on_hand, reserved) for code, on_hand, reserved in session.execute(
        select(Location.code, StockLevel.on_hand, StockLevel.reserved)
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id == p.id).order_by(Location.code)))
    return ProductDetail(
        id=p.id, sku=p.sku, name=p.name, price=Money(p.price_minor, p.currency),
        cost=Money(p.cost_minor, p.currency), barcodes=tuple(b.code for b in p.barcodes),
        bin=bin_code, weight_g=p.weight_g, hs_code=p.hs_code, origin_country=p.origin_country,
        reorder_point=p.reorder_point, levels=levels)


def find_by_barcode(session: Session, code: str) -> int | None:
    """Product id for a scanned or typed code: a barcode (UPC-A as EAN-13) or the SKU."""
    code = code.strip()
    candidates = [code]
    if code.isdigit() and len(code) == 12:
        candidates.append("0" + code)
    found = session.scalar(select(Barcode.product_id).where(Barcode.code.in_(candidates)))
    if found is None:
        found = session.scalar(select(Product.id).where(Product.sku == code))
    return found


SORT_COLUMNS = {"sku": Product.sku, "name": Product.name, "price": Product.price_minor,
                "cost": Product.cost_minor}


def _search_filter(text: str) -> ColumnElement[bool] | None:
    text = text.strip()
    if not text:
        return None
    like = f"%{text.replace('%', '').replace('_', '')}%"
    by_code = select(Barcode.product_id).where(Barcode.code.like(f"{text}%"))
    return or_(Product.sku.ilike(like), Product.name.ilike(like), Product.id.in_(by_code))


def count_products(session: Session, text: str = "") -> int:
    query = select(func.count(Product.id))
    condition = _search_filter(text)
    if condition is not None:
        query = query.where(condition)
    return session.scalar(query) or 0


def search_products(session: Session, text: str = "", *, offset: int = 0, limit: int = 200,
                    sort: str = "sku", descending: bool = False) -> list[ProductRow]:
    """A page of the catalogue, filtered and sorted in SQL; stock summed per product."""
    on_hand = (select(func.coalesce(func.sum(StockLevel.on_hand), 0))
               .where(StockLevel.product_id == Product.id).scalar_subquery())
    reserved = (select(func.coalesce(func.sum(StockLevel.reserved), 0))
                .where(StockLevel.product_id == Product.id).scalar_subquery())
    codes = (select(func.min(Barcode.code))
             .where(Barcode.product_id == Product.id).scalar_subquery())
    n_codes = (select(func.count(Barcode.id)).where(Barcode.product_id == Product.id)
               .scalar_subquery())
    bin_code = (select(Location.code).where(Location.id == Product.default_location_id)
                .scalar_subquery())
    order = SORT_COLUMNS.get(sort, Product.sku)
    query = select(Product.id, Product.sku, Product.name, codes, n_codes, bin_code, on_hand,
                   reserved, Product.price_minor, Product.cost_minor, Product.currency,
                   Product.reorder_point)
    condition = _search_filter(text)
    if condition is not None:
        query = query.where(condition)
    query = query.order_by(order.desc() if descending else order, Product.id)
    rows = []
    for (pid, sku, name, code, n, bin_, oh, res, price, cost, cur, rop) in session.execute(
            query.offset(offset).limit(limit)):
        shown = (code or "") + (f" (+{n - 1})" if n and n > 1 else "")
        rows.append(ProductRow(pid, sku, name, shown, bin_ or "", oh, res, Money(price, cur),
                               Money(cost, cur), rop))
    return rows
