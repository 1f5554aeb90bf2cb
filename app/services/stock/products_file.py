"""Importing and exporting the product catalogue (with bins and opening stock)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Barcode, Location, Product, StockLevel
from app.money import Money, to_decimal_text
from app.services.core import csv_out
from app.services.core.backend import Actor
from app.services.core.errors import FileProblem, InvalidInput
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.core.permissions import requires
from app.services.importers.products_csv import COLUMNS, ProductRecord, parse_products
from app.services.stock import catalog, ledger
from app.services.stock.barcodes import normalise_barcode


@dataclass(frozen=True)
class ProductImportResult:
    created: int
    updated: int
    stock_adjusted: int


@requires("import_orders")
def import_products(session: Session, path: Path, *, actor: Actor | None = None,
                    default_currency: str = "EUR") -> ProductImportResult:
    """Create or update products by SKU; `on_hand` sets the stock in `bin` by ledger moves.

    Re-importing the same file changes nothing. All or nothing: a bad row stops the import
    before anything is stored (the caller's transaction rolls back on the error).
    """
    records = parse_products(path, default_currency)
    _check_duplicates(records, path.name)
    created = updated = adjusted = 0
    virtual = ledger.ensure_virtual_locations(session)
    for rec in records:
        existing = session.scalar(select(Product.id).where(Product.sku == rec.sku))
        try:
            pid = catalog.save_product(session, catalog.ProductInput(
                sku=rec.sku, name=rec.name, price=Money.of(rec.price, rec.currency),
                cost=Money.of(rec.cost, rec.currency), barcodes=rec.barcodes, bin=rec.bin,
                weight_g=rec.weight_g, hs_code=rec.hs_code, origin_country=rec.origin_country,
                reorder_point=rec.reorder_point), actor=actor, product_id=existing)
        except InvalidInput as exc:
            raise FileProblem(path.name, rec.row, None, exc.message) from exc
        if existing:
            updated += 1
        else:
            created += 1
        if rec.on_hand is not None and rec.bin:
            adjusted += _set_on_hand(session, pid, rec, virtual, actor)
    return ProductImportResult(created, updated, adjusted)


def _check_duplicates(records: list[ProductRecord], file: str) -> None:
    seen: dict[str, int] = {}
    codes: dict[str, int] = {}
    for rec in records:
        if rec.sku in seen:
            raise FileProblem(file, rec.row, "sku", Message(QT_TRANSLATE_NOOP("messages",
                "SKU {sku} is also on row {row}"), sku=rec.sku, row=seen[rec.sku]))
        seen[rec.sku] = rec.row
        for raw in rec.barcodes:
            try:
                code, _kind = normalise_barcode(raw)
            except InvalidInput as exc:
                raise FileProblem(file, rec.row, "barcodes", exc.message) from exc
            if code in codes:
                raise FileProblem(file, rec.row, "barcodes", Message(QT_TRANSLATE_NOOP(
                    "messages", "barcode {code} is also on row {row}"), code=raw,
                    row=codes[code]))
            codes[code] = rec.row


def _set_on_hand(session: Session, pid: int, rec: ProductRecord, virtual: dict[str, int],
                 actor: Actor | None) -> int:
    """Bring the bin's on hand to the file's figure with one move; 1 if a move was made."""
    assert rec.bin is not None and rec.on_hand is not None
    loc = ledger.get_or_create_bin(session, rec.bin)
    current = session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == pid, StockLevel.location_id == loc)) or 0
    diff = rec.on_hand - current
    if diff == 0:
        return 0
    if current == 0 and not session.scalar(select(func.count()).select_from(StockLevel).where(
            StockLevel.product_id == pid, StockLevel.on_hand > 0)):
        source, reason = virtual["SUPPLIER"], "opening"
    else:
        source, reason = virtual["ADJUSTMENT"], "import-adjust"
    spec = (ledger.MoveSpec(pid, source, loc, diff, reason, "products import") if diff > 0
            else ledger.MoveSpec(pid, loc, virtual["ADJUSTMENT"], -diff, reason,
                                 "products import"))
    ledger.move(session, spec, actor=actor)
    return 1


def export_products(session: Session) -> str:
    """The catalogue as CSV text in the import format (round-trips through import)."""
    codes: dict[int, list[str]] = {}
    for pid, code in session.execute(select(Barcode.product_id, Barcode.code)
                                     .order_by(Barcode.id)):
        codes.setdefault(pid, []).append(code)
    stock = dict(session.execute(
        select(StockLevel.product_id, StockLevel.on_hand).where(
            StockLevel.location_id == Product.default_location_id,
            StockLevel.product_id == Product.id)).all())
    bins = dict(session.execute(select(Location.id, Location.code)).all())
    rows: list[dict[str, object]] = []
    for p in session.scalars(select(Product).order_by(Product.sku)):
        rows.append({"sku": p.sku, "name": p.name, "barcodes": "|".join(codes.get(p.id, [])),
                     "price": to_decimal_text(p.price_minor, p.currency),
                     "cost": to_decimal_text(p.cost_minor, p.currency),
                     "currency": p.currency, "bin": bins.get(p.default_location_id or -1, ""),
                     "on_hand": stock.get(p.id, 0) if p.default_location_id else "",
                     "weight_g": p.weight_g or "", "hs_code": p.hs_code or "",
                     "origin_country": p.origin_country or "",
                     "reorder_point": p.reorder_point})
    return csv_out.csv_text(COLUMNS, ([row[c] for c in COLUMNS] for row in rows),
                            lineterminator="\n")
