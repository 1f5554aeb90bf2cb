"""Supplier price lists in and out (CSV or .xlsx): all or nothing, like the products file."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product
from app.models.suppliers import Supplier, SupplierProduct
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.csv_out import csv_text, safe_cell
from app.services.core.errors import FileProblem
from app.services.core.permissions import requires
from app.services.importers.suppliers_file import (
    PriceRecord,
    SupplierFile,
    SupplierProductInput,
    SupplierRecord,
    parse_supplier_data,
    record_rows,
)
from app.services.suppliers.catalog import (
    SupplierInput,
    link_products,
    save_supplier,
)


@dataclass(frozen=True)
class ImportResult:
    suppliers_new: int
    suppliers_updated: int
    prices_new: int
    prices_updated: int


@requires("edit_products")
def import_suppliers(session: Session, path: Path, *, actor: Actor) -> ImportResult:
    return import_supplier_data(session, path.name, path.read_bytes(), actor=actor)


def import_supplier_data(session: Session, name: str, data: bytes, *,
                         actor: Actor) -> ImportResult:
    parsed = parse_supplier_data(name, data)
    known = set(session.scalars(select(Product.sku).where(
        Product.sku.in_({p.sku for p in parsed.prices}))))
    missing = [p for p in parsed.prices if p.sku not in known]
    if missing:
        raise FileProblem(name, None, "sku", "no product with SKU " + ", ".join(
            sorted({p.sku for p in missing})[:10]) + "; nothing imported")
    existing = set(session.scalars(select(Supplier.name)))
    ids: dict[str, int] = {}
    for sup in parsed.suppliers:
        ids[sup.name] = save_supplier(session, SupplierInput(**asdict(sup)))
    by_supplier: dict[str, list[SupplierProductInput]] = {}
    for p in parsed.prices:  # a PriceRecord is a SupplierProductInput with its supplier
        by_supplier.setdefault(p.supplier, []).append(p)
    new = updated = 0
    for sup_name, rows in by_supplier.items():
        n, u = link_products(session, ids[sup_name], rows)
        new, updated = new + n, updated + u
    made = sum(1 for s in parsed.suppliers if s.name not in existing)
    result = ImportResult(made, len(parsed.suppliers) - made, new, updated)
    audit.record(session, actor, "supplier", 0, "imported", file=name, **asdict(result))
    return result


def current_file(session: Session) -> SupplierFile:
    suppliers = {s.id: s for s in session.scalars(select(Supplier).order_by(Supplier.name))}
    records = tuple(SupplierRecord(s.name, s.currency, s.klass, s.contact, s.email,
                                   s.payment_terms, s.incoterm, s.active, s.notes)
                    for s in suppliers.values())
    prices = []
    for sp, sku in session.execute(select(SupplierProduct, Product.sku)
                                   .join(Product, Product.id == SupplierProduct.product_id)
                                   .order_by(SupplierProduct.supplier_id, Product.sku)):
        prices.append(PriceRecord(
            sku, sp.supplier_sku, sp.supplier_name, sp.unit_cost_minor, sp.pack_size, sp.moq,
            sp.production_days, sp.sea_days, sp.sea_fast_days, sp.air_days, sp.express_days,
            sp.freight_basis, sp.sea_freight_minor, sp.air_freight_minor,
            sp.express_freight_minor, sp.preferred, supplier=suppliers[sp.supplier_id].name,
            sea_fast_freight_minor=sp.sea_fast_freight_minor))
    return SupplierFile(records, tuple(prices))


def export_suppliers(session: Session, suffix: str = ".csv") -> bytes:
    """The suppliers and their price lists as file bytes (.xlsx, else CSV)."""
    file = current_file(session)
    if suffix.lower() == ".xlsx":
        return to_xlsx(file)
    return to_csv(file).encode("utf-8")


def to_csv(file: SupplierFile) -> str:
    rows = record_rows(file)
    return csv_text(rows[0], rows[1:])


def to_xlsx(file: SupplierFile) -> bytes:
    """An .xlsx whose every cell is text (never a formula, whatever a name starts with)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Suppliers")
    for row in record_rows(file):
        cells = []
        for text in row:
            cell = WriteOnlyCell(sheet, value=safe_cell(text))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
