"""Purchase orders: draft, send, cancel, close; and the status that follows the units.

A PO's status is worked out from its lines (`refresh_status`), never typed: a line is
shipped as far as a shipment carries it and received as far as a receipt accounts for it
(good, damaged or short).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Product, utcnow
from app.models.suppliers import POLine, PurchaseOrder, Supplier, SupplierProduct
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import ImmutableRecord, InvalidInput, NotFound
from app.services.core.permissions import requires
from app.services.suppliers.catalog import store_currency


@dataclass(frozen=True)
class LineInput:
    """SKU (or supplier SKU), units, and the unit cost in minor units (None: price list)."""

    sku: str
    quantity: int
    unit_cost_minor: int | None = None


@dataclass(frozen=True)
class CreatedPO:
    id: int
    number: str
    warnings: tuple[str, ...] = ()


def parse_rate(text: str) -> Decimal:
    try:
        rate = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(f"{text!r} is not an exchange rate (e.g. 0.92).") from None
    if not rate.is_finite() or rate <= 0:
        raise InvalidInput(f"The exchange rate must be above 0, not {text!r}.")
    return rate


def get_po(session: Session, po_id: int) -> PurchaseOrder:
    po = session.get(PurchaseOrder, po_id)
    if po is None:
        raise NotFound(f"There is no purchase order {po_id}.")
    return po


def po_by_code(session: Session, code: str) -> PurchaseOrder | None:
    """A PO by its scanned or typed number ("PO-000012") or id."""
    code = code.strip().upper()
    found = session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == code))
    if found is None and code.isdigit():
        found = session.get(PurchaseOrder, int(code))
    return found


def _next_number(session: Session) -> str:
    last = session.scalar(select(func.max(PurchaseOrder.id))) or 0
    return f"PO-{last + 1:06d}"


def _product_for(session: Session, supplier_id: int, sku: str) -> tuple[Product,
                                                                      SupplierProduct | None]:
    product = session.scalar(select(Product).where(Product.sku == sku.strip()))
    if product is None:  # the supplier's own SKU is as good
        product = session.scalar(select(Product).join(
            SupplierProduct, SupplierProduct.product_id == Product.id).where(
            SupplierProduct.supplier_id == supplier_id,
            SupplierProduct.supplier_sku == sku.strip()))
    if product is None:
        raise NotFound(f"No product with SKU {sku!r}.")
    link = session.scalar(select(SupplierProduct).where(
        SupplierProduct.supplier_id == supplier_id, SupplierProduct.product_id == product.id))
    return product, link


@requires("see_money")
def create_po(session: Session, supplier: str, lines: Sequence[LineInput], *,
              expected: date | None = None, fx_rate: str | None = None, note: str = "",
              actor: Actor) -> CreatedPO:
    """A draft PO for a supplier (by name). Costs default to the supplier's price list."""
    sup = session.scalar(select(Supplier).where(Supplier.name == supplier.strip()))
    if sup is None:
        raise NotFound(f"There is no supplier {supplier!r}.")
    if not lines:
        raise InvalidInput("A purchase order needs at least one line (SKU:QTY).")
    home = store_currency(session)
    if fx_rate is None:
        if sup.currency != home:
            raise InvalidInput(f"{sup.name} invoices in {sup.currency} and the store counts in "
                               f"{home}: give the exchange rate (how many {home} one "
                               f"{sup.currency} buys).")
        fx_rate = "1"
    rate = parse_rate(fx_rate)
    warnings: list[str] = []
    rows: list[POLine] = []
    seen: set[int] = set()
    for line in lines:
        if line.quantity <= 0:
            raise InvalidInput(f"{line.sku}: the quantity must be at least 1, "
                               f"not {line.quantity}.")
        product, link = _product_for(session, sup.id, line.sku)
        if product.id in seen:
            raise InvalidInput(f"{product.sku} is on the order twice; give it once.")
        seen.add(product.id)
        pack = link.pack_size if link else 1
        if line.quantity % pack:
            raise InvalidInput(f"{product.sku} comes in cartons of {pack}: order a multiple "
                               f"of {pack}, not {line.quantity}.")
        cost = line.unit_cost_minor
        if cost is None:
            if link is None:
                raise InvalidInput(f"{product.sku}: {sup.name} has no price for it; give "
                                   "one as SKU:QTY@COST.")
            cost = link.unit_cost_minor
        if cost < 0:
            raise InvalidInput(f"{product.sku}: the unit cost cannot be negative.")
        if link and link.moq and line.quantity < link.moq:
            warnings.append(f"{product.sku}: {line.quantity} is below {sup.name}'s minimum "
                            f"order of {link.moq}.")
        rows.append(POLine(product_id=product.id, quantity=line.quantity, pack_size=pack,
                           unit_cost_minor=cost,
                           agreed_cost_minor=link.unit_cost_minor if link else None))
    po = PurchaseOrder(number=_next_number(session), supplier_id=sup.id, status="draft",
                       currency=sup.currency, home_currency=home, fx_rate=str(rate),
                       incoterm=sup.incoterm, expected_date=expected, note=note,
                       created_by=actor.user)
    session.add(po)
    session.flush()
    for row in rows:
        row.po_id = po.id
    session.add_all(rows)
    session.flush()
    if sup.klass == "trial":
        warnings.append(f"{sup.name} is on trial.")
    audit.record(session, actor, "purchase_order", po.id, "created", number=po.number,
                 supplier=sup.name, lines=len(rows))
    return CreatedPO(po.id, po.number, tuple(warnings))


def send_po(session: Session, po_id: int, *, actor: Actor) -> str:
    po = get_po(session, po_id)
    if po.status != "draft":
        raise InvalidInput(f"{po.number} is {po.status}; only a draft can be sent.")
    po.status = "sent"
    po.sent_at = utcnow()
    audit.record(session, actor, "purchase_order", po.id, "sent", number=po.number)
    return po.status


def cancel_po(session: Session, po_id: int, *, actor: Actor) -> str:
    po = get_po(session, po_id)
    if po.status not in ("draft", "sent"):
        raise ImmutableRecord(f"{po.number} is {po.status.replace('_', ' ')}: units are on "
                              "their way, it cannot be cancelled.")
    po.status = "cancelled"
    po.closed_at = utcnow()
    audit.record(session, actor, "purchase_order", po.id, "cancelled", number=po.number)
    return po.status


def close_po(session: Session, po_id: int, *, actor: Actor) -> str:
    """Close a PO that will get nothing more (what was not shipped never will be)."""
    po = get_po(session, po_id)
    if po.status in ("closed", "cancelled"):
        return po.status
    in_transit = session.scalar(select(func.sum(POLine.shipped - POLine.received
                                                - POLine.damaged - POLine.short))
                                .where(POLine.po_id == po.id)) or 0
    if in_transit > 0:
        raise InvalidInput(f"{po.number} still has {in_transit} unit(s) in transit: receive "
                           "them (or record them short) first.")
    po.status = "closed"
    po.closed_at = utcnow()
    audit.record(session, actor, "purchase_order", po.id, "closed", number=po.number)
    return po.status


def refresh_status(session: Session, po: PurchaseOrder) -> str:
    """The status the PO's lines say (after a shipment or a receipt)."""
    if po.status in ("draft", "cancelled", "closed"):
        return po.status
    ordered, shipped, done = session.execute(
        select(func.sum(POLine.quantity), func.sum(POLine.shipped),
               func.sum(POLine.received + POLine.damaged + POLine.short))
        .where(POLine.po_id == po.id)).one()
    ordered, shipped, done = ordered or 0, shipped or 0, done or 0
    if done >= ordered:
        status = "received"
    elif done:
        status = "partly_received"
    elif shipped >= ordered:
        status = "shipped"
    elif shipped:
        status = "partly_shipped"
    else:
        status = "sent"
    po.status = status
    return status
