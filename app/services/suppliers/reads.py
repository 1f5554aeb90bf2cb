"""Read-only views of suppliers and purchase orders, as plain rows for the UI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Location, Product
from app.models.suppliers import (
    POLine,
    POReceiptLine,
    POShipment,
    POShipmentLine,
    PurchaseOrder,
    Supplier,
    SupplierProduct,
)
from app.money import exponent, to_decimal_text
from app.services.core.csv_out import csv_text
from app.services.suppliers.landed_cost import convert
from app.services.suppliers.purchase_orders import get_po


@dataclass(frozen=True)
class SupplierRow:
    id: int
    name: str
    currency: str
    klass: str
    active: bool
    contact: str
    email: str
    payment_terms: str
    incoterm: str
    notes: str
    products: int
    open_pos: int


def supplier_rows(session: Session, *, active_only: bool = False) -> list[SupplierRow]:
    products = (select(func.count(SupplierProduct.id))
                .where(SupplierProduct.supplier_id == Supplier.id).scalar_subquery())
    open_pos = (select(func.count(PurchaseOrder.id))
                .where(PurchaseOrder.supplier_id == Supplier.id,
                       PurchaseOrder.status.notin_(("closed", "cancelled", "received")))
                .scalar_subquery())
    query = select(Supplier, products, open_pos).order_by(Supplier.name)
    if active_only:
        query = query.where(Supplier.active)
    return [SupplierRow(s.id, s.name, s.currency, s.klass, s.active, s.contact, s.email,
                        s.payment_terms, s.incoterm, s.notes, int(n), int(o))
            for s, n, o in session.execute(query)]


@dataclass(frozen=True)
class PORow:
    id: int
    number: str
    supplier: str
    status: str
    currency: str
    total_minor: int          # in the PO's currency
    home_currency: str
    home_total_minor: int     # at the PO's rate
    units: int
    expected: date | None
    created_at: datetime


def po_rows(session: Session, *, supplier_id: int | None = None, text: str = "",
            limit: int = 500) -> list[PORow]:
    totals = (select(POLine.po_id, func.sum(POLine.quantity * POLine.unit_cost_minor)
                     .label("total"), func.sum(POLine.quantity).label("units"))
              .group_by(POLine.po_id).subquery())
    query = (select(PurchaseOrder, Supplier.name, totals.c.total, totals.c.units)
             .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
             .outerjoin(totals, totals.c.po_id == PurchaseOrder.id)
             .order_by(PurchaseOrder.id.desc()).limit(limit))
    if supplier_id is not None:
        query = query.where(PurchaseOrder.supplier_id == supplier_id)
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(PurchaseOrder.number.ilike(like) | Supplier.name.ilike(like))
    out = []
    for po, name, summed, units in session.execute(query):
        total = int(summed or 0)
        home = convert(total, po.fx_rate, exponent(po.currency), exponent(po.home_currency))
        out.append(PORow(po.id, po.number, name, po.status, po.currency, total,
                         po.home_currency, home, int(units or 0), po.expected_date,
                         po.created_at))
    return out


def _money(minor: int, currency: str) -> dict[str, object]:
    return {"minor": minor, "amount": to_decimal_text(minor, currency), "currency": currency}


def po_detail(session: Session, po_id: int) -> dict[str, object]:
    """The documented `backroom po show ID --json` object (docs/cli-json.md)."""
    po = get_po(session, po_id)
    supplier = session.get(Supplier, po.supplier_id)
    assert supplier is not None
    rows = session.execute(select(POLine, Product.sku, Product.name)
                           .join(Product, Product.id == POLine.product_id)
                           .where(POLine.po_id == po.id).order_by(POLine.id)).all()
    from_exp, to_exp = exponent(po.currency), exponent(po.home_currency)
    lines = []
    total = 0
    for line, sku, name in rows:
        amount = line.quantity * line.unit_cost_minor
        total += amount
        in_transit = line.shipped - line.received - line.damaged - line.short
        lines.append({
            "sku": sku, "name": name, "quantity": line.quantity, "pack_size": line.pack_size,
            "packs": line.quantity // line.pack_size if line.pack_size else line.quantity,
            "unit_cost": _money(line.unit_cost_minor, po.currency),
            "agreed_cost": (_money(line.agreed_cost_minor, po.currency)
                            if line.agreed_cost_minor is not None else None),
            "line_total": _money(amount, po.currency),
            "shipped": line.shipped, "in_transit": in_transit, "received": line.received,
            "damaged": line.damaged, "short": line.short})
    shipments = []
    for sh in session.scalars(select(POShipment).where(POShipment.po_id == po.id)
                              .order_by(POShipment.id)):
        sl = session.execute(select(POShipmentLine, Product.sku)
                             .join(Product, Product.id == POShipmentLine.product_id)
                             .where(POShipmentLine.shipment_id == sh.id)
                             .order_by(POShipmentLine.id)).all()
        shipments.append({
            "id": sh.id, "number": sh.number, "mode": sh.mode, "status": sh.status,
            "tracking": sh.tracking, "container": sh.container,
            "eta": sh.eta.isoformat() if sh.eta else None,
            "shipped_at": sh.shipped_at.isoformat(),
            "received_at": sh.received_at.isoformat() if sh.received_at else None,
            "landed_extra": _money(sh.freight_minor + sh.duty_minor + sh.fees_minor,
                                   po.home_currency),
            "lines": [{"sku": sku, "quantity": ln.quantity, "received": ln.received,
                       "damaged": ln.damaged, "short": ln.short, "over": ln.over,
                       "landed_extra": _money(ln.landed_extra_minor, po.home_currency)}
                      for ln, sku in sl]})
    return {
        "id": po.id, "number": po.number, "supplier": supplier.name,
        "supplier_class": supplier.klass, "status": po.status, "currency": po.currency,
        "home_currency": po.home_currency, "fx_rate": po.fx_rate,
        "expected": po.expected_date.isoformat() if po.expected_date else None,
        "created_at": po.created_at.isoformat(),
        "sent_at": po.sent_at.isoformat() if po.sent_at else None,
        "total": _money(total, po.currency),
        "home_total": _money(convert(total, po.fx_rate, from_exp, to_exp), po.home_currency),
        "lines": lines, "shipments": shipments}


def supplier_products(session: Session, supplier_id: int) -> list[dict[str, object]]:
    rows = session.execute(select(SupplierProduct, Product.sku, Product.name)
                           .join(Product, Product.id == SupplierProduct.product_id)
                           .where(SupplierProduct.supplier_id == supplier_id)
                           .order_by(Product.sku))
    return [{"sku": sku, "name": name, "supplier_sku": sp.supplier_sku,
             "unit_cost_minor": sp.unit_cost_minor, "pack_size": sp.pack_size,
             "moq": sp.moq, "preferred": sp.preferred} for sp, sku, name in rows]


PO_CSV_HEADER = ("po", "supplier", "sku", "supplier_sku", "name", "quantity", "pack_size",
                 "packs", "unit_cost", "line_total", "currency", "expected")


def po_csv(session: Session, po_id: int) -> str:
    """The PO as CSV for the supplier: their SKU beside ours, money in their currency."""
    detail = po_detail(session, po_id)
    po = get_po(session, po_id)
    theirs = dict(session.execute(
        select(Product.sku, SupplierProduct.supplier_sku)
        .join(SupplierProduct, SupplierProduct.product_id == Product.id)
        .where(SupplierProduct.supplier_id == po.supplier_id)).all())
    rows = []
    for ln in detail["lines"]:  # type: ignore[attr-defined]
        rows.append((detail["number"], detail["supplier"], ln["sku"], theirs.get(ln["sku"], ""),
                     ln["name"], ln["quantity"], ln["pack_size"], ln["packs"],
                     ln["unit_cost"]["amount"], ln["line_total"]["amount"], po.currency,
                     detail["expected"] or ""))
    return csv_text(PO_CSV_HEADER, rows)


def putaway_bins(session: Session, po_id: int) -> list[str]:
    """The bins a PO's goods go into, for bin labels: the bins its receipts put good units
    in (first used first), then the default bins of its products not among them."""
    po = get_po(session, po_id)
    used = session.execute(
        select(Location.code, func.min(POReceiptLine.id))
        .join(POReceiptLine, POReceiptLine.location_id == Location.id)
        .join(POShipmentLine, POShipmentLine.id == POReceiptLine.shipment_line_id)
        .join(POShipment, POShipment.id == POShipmentLine.shipment_id)
        .where(POShipment.po_id == po.id, POReceiptLine.kind == "good",
               Location.kind == "bin")
        .group_by(Location.code).order_by(func.min(POReceiptLine.id))).all()
    codes = [code for code, _first in used]
    defaults = session.execute(
        select(Location.code, Location.path_order)
        .join(Product, Product.default_location_id == Location.id)
        .join(POLine, POLine.product_id == Product.id)
        .where(POLine.po_id == po.id, Location.kind == "bin").distinct()
        .order_by(Location.path_order, Location.code)).all()
    codes += [code for code, _path in defaults if code not in codes]
    return codes
