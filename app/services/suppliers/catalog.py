"""Suppliers and the products each sells us: create, edit, link, and the owner's settings."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Product, Store
from app.models.suppliers import (
    FREIGHT_BASES,
    INCOTERMS,
    SUPPLIER_CLASSES,
    Supplier,
    SupplierProduct,
    SupplierSetting,
)
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.importers.suppliers_file import SupplierProductInput

# SupplierProductInput (one price-list row) is defined once, beside the price-list file it
# mostly comes from; callers keep using catalog.SupplierProductInput.
__all__ = ["CLASS_WORDS", "DEFAULT_SETTINGS", "SupplierInput", "SupplierProductInput",
           "check_supplier", "check_supplier_product", "link_products", "save_settings",
           "save_supplier", "settings", "store_currency", "supplier_by_name",
           "supplier_currency"]

CLASS_WORDS = {"strategic": "Strategic", "preferred": "Preferred", "backup": "Backup",
               "trial": "On trial"}


@dataclass(frozen=True)
class SupplierInput:
    name: str
    currency: str
    contact: str = ""
    email: str = ""
    payment_terms: str = ""
    incoterm: str = "FOB"
    notes: str = ""
    klass: str = "trial"
    active: bool = True


def store_currency(session: Session) -> str:
    """The store's own currency: the first store's, else the most common product currency."""
    found = session.scalar(select(Store.currency).order_by(Store.id).limit(1))
    if found:
        return found
    found = session.scalar(select(Product.currency).limit(1))
    return found or "EUR"


def check_supplier(data: SupplierInput) -> None:
    if not data.name.strip():
        raise InvalidInput("A supplier needs a name.")
    if len(data.currency) != 3 or not data.currency.isalpha():
        raise InvalidInput(f"{data.currency!r} is not a currency code (e.g. EUR, USD, CNY).")
    if data.klass not in SUPPLIER_CLASSES:
        raise InvalidInput(f"Class must be one of {', '.join(SUPPLIER_CLASSES)}, "
                           f"not {data.klass!r}.")
    if data.incoterm and data.incoterm.upper() not in INCOTERMS:
        raise InvalidInput(f"Incoterm must be one of {', '.join(INCOTERMS)}, "
                           f"not {data.incoterm!r}.")


def save_supplier(session: Session, data: SupplierInput, *, actor: Actor | None = None) -> int:
    """Create the supplier named, or update it; return its id."""
    check_supplier(data)
    found = session.scalar(select(Supplier).where(Supplier.name == data.name.strip()))
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["name"] = data.name.strip()
    values["currency"] = data.currency.upper()
    values["incoterm"] = data.incoterm.upper()
    if found is None:
        found = Supplier(**values)
        session.add(found)
        action = "created"
    else:
        for key, value in values.items():
            setattr(found, key, value)
        action = "edited"
    session.flush()
    if actor is not None:
        audit.record(session, actor, "supplier", found.id, action, name=found.name)
    return found.id


def supplier_by_name(session: Session, name: str) -> Supplier:
    found = session.scalar(select(Supplier).where(Supplier.name == name.strip()))
    if found is None:
        found = session.scalar(select(Supplier).where(Supplier.name.ilike(name.strip())))
    if found is None:
        raise NotFound(f"There is no supplier {name!r}.")
    return found


def check_supplier_product(data: SupplierProductInput) -> None:
    if data.unit_cost_minor < 0:
        raise InvalidInput(f"{data.sku}: the unit cost cannot be negative.")
    if data.pack_size < 1:
        raise InvalidInput(f"{data.sku}: the pack size must be at least 1.")
    if data.moq < 0:
        raise InvalidInput(f"{data.sku}: the minimum order cannot be negative.")
    if data.freight_basis not in FREIGHT_BASES:
        raise InvalidInput(f"{data.sku}: freight is per kg or per unit, not "
                           f"{data.freight_basis!r}.")
    for name in ("production_days", "sea_days", "sea_fast_days", "air_days", "express_days"):
        value = getattr(data, name)
        if value is not None and value < 0:
            raise InvalidInput(f"{data.sku}: {name.replace('_', ' ')} cannot be negative.")


def link_products(session: Session, supplier_id: int, rows: list[SupplierProductInput],
                  ) -> tuple[int, int]:
    """Add or update what a supplier sells (by our SKU); return (new, updated)."""
    skus = {r.sku for r in rows}
    ids = dict(session.execute(select(Product.sku, Product.id).where(Product.sku.in_(skus))).all())
    missing = sorted(skus - set(ids))
    if missing:
        raise NotFound(f"No product with SKU {', '.join(missing[:5])}.")
    existing = {sp.product_id: sp for sp in session.scalars(select(SupplierProduct).where(
        SupplierProduct.supplier_id == supplier_id,
        SupplierProduct.product_id.in_(ids.values())))}
    new = updated = 0
    for row in rows:
        check_supplier_product(row)
        # The input's own fields only (a file's PriceRecord also names its supplier).
        values = {f.name: getattr(row, f.name) for f in fields(SupplierProductInput)
                  if f.name != "sku"}
        pid = ids[row.sku]
        if row.preferred:  # one preferred supplier per product
            session.execute(update(SupplierProduct).where(
                SupplierProduct.product_id == pid, SupplierProduct.supplier_id != supplier_id)
                .values(preferred=False))
        if pid in existing:
            for key, value in values.items():
                setattr(existing[pid], key, value)
            updated += 1
        else:
            sp = SupplierProduct(supplier_id=supplier_id, product_id=pid, **values)
            session.add(sp)
            existing[pid] = sp
            new += 1
    session.flush()
    return new, updated


# Scorecard weights (any non-negative numbers; they are normalised) and the warning line.
DEFAULT_SETTINGS = {"weight_on_time": "30", "weight_fill": "25", "weight_quality": "25",
                    "weight_lead_time": "10", "weight_price": "10", "warn_below": "60"}


def settings(session: Session) -> dict[str, int]:
    stored = dict(session.execute(select(SupplierSetting.key, SupplierSetting.value)).all())
    return {k: int(stored.get(k, v)) for k, v in DEFAULT_SETTINGS.items()}


def save_settings(session: Session, values: dict[str, int]) -> dict[str, int]:
    for key, value in values.items():
        if key not in DEFAULT_SETTINGS:
            raise InvalidInput(f"Unknown setting {key!r}.")
        if value < 0 or value > 1000:
            raise InvalidInput(f"{key} must be between 0 and 1000, not {value}.")
        row = session.get(SupplierSetting, key)
        if row is None:
            session.add(SupplierSetting(key=key, value=str(value)))
        else:
            row.value = str(value)
    session.flush()
    return settings(session)


def supplier_currency(session: Session, name: str) -> str:
    return supplier_by_name(session, name).currency
