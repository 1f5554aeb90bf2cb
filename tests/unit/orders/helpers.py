"""Small builders shared by the order service tests."""

from __future__ import annotations

from pathlib import Path

from app.money import Money
from app.services.core.backend import Actor, Backend
from app.services.importers.detect import parse_paths
from app.services.orders.importing import ImportSummary, import_orders
from app.services.orders.setup import resolve_store
from app.services.stock import catalog, ledger

DATA = Path(__file__).parents[2] / "data" / "orders"
ACTOR = Actor("tester", "test-station")


def add_product(session, sku: str, stock: int = 0, bin_code: str = "A-01-1",
                barcodes: tuple[str, ...] = ()) -> int:
    pid = catalog.save_product(session, catalog.ProductInput(
        sku, f"Product {sku}", Money(1000, "EUR"), Money(400, "EUR"), barcodes=barcodes,
        bin=bin_code), actor=ACTOR)
    if stock:
        loc = ledger.get_or_create_bin(session, bin_code)
        supplier = ledger.location_id(session, "SUPPLIER")
        ledger.move(session, ledger.MoveSpec(pid, supplier, loc, stock, "receive"), actor=ACTOR)
    return pid


def import_file(backend: Backend, *names: str, store: str = "Shop", kind: str = "shopify",
                good_rows_only: bool = False) -> ImportSummary:
    result = parse_paths([DATA / n for n in names])

    def job(session):
        info = resolve_store(session, store, kind, currency="EUR")
        return import_orders(session, result, info.id, actor=ACTOR,
                             good_rows_only=good_rows_only)

    return backend.run(job)
