"""A small store for the supplier tests: two products with barcodes, two bins, a supplier."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Barcode, Product, StockLevel, Store
from app.services.core.backend import Actor
from app.services.stock import ledger
from app.services.suppliers import catalog

OWNER = Actor("owner", "receiving")
MUG_EAN = "4006381333931"          # a real EAN-13 (valid check digit)
MUG_CARTON = "14006381333938"      # ITF-14: indicator 1 + the mug's GTIN, check digit 8
TEA_EAN = "5901234123457"


@dataclass(frozen=True)
class World:
    mug: int
    tea: int
    bin_a: int
    bin_b: int
    supplier: int


def make_world(session: Session, *, currency: str = "EUR") -> World:
    ledger.ensure_virtual_locations(session)
    session.add(Store(name="Shop", kind="shopify", currency="EUR"))
    mug = Product(sku="MUG-RED", name="Red mug", currency="EUR", price_minor=1200,
                  cost_minor=400, weight_g=350, barcodes=[Barcode(code=MUG_EAN, kind="ean13")])
    tea = Product(sku="TEA-50", name="Green tea 50 g", currency="EUR", price_minor=600,
                  cost_minor=150, weight_g=60, barcodes=[Barcode(code=TEA_EAN, kind="ean13")])
    session.add_all([mug, tea])
    session.flush()
    bin_a = ledger.get_or_create_bin(session, "A-01-1")
    bin_b = ledger.get_or_create_bin(session, "B-02-1")
    mug.default_location_id = bin_a
    # 10 mugs already on the shelf at 4.00 (the moving average starts from them).
    ledger.move(session, ledger.MoveSpec(mug.id, ledger.location_id(session, "SUPPLIER"),
                                         bin_a, 10, "receive"))
    sid = catalog.save_supplier(session, catalog.SupplierInput(
        "Ningbo Ceramics", currency, klass="preferred"), actor=OWNER)
    catalog.link_products(session, sid, [
        catalog.SupplierProductInput("MUG-RED", "NB-MUG-R", unit_cost_minor=250, pack_size=6,
                                     moq=12, sea_days=35, air_days=7, preferred=True),
        catalog.SupplierProductInput("TEA-50", "NB-TEA", unit_cost_minor=100)])
    session.flush()
    return World(mug.id, tea.id, bin_a, bin_b, sid)


def on_hand(session: Session, product_id: int, code: str) -> int:
    loc = ledger.location_id(session, code)
    return session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product_id, StockLevel.location_id == loc)) or 0


def ledger_holds(session: Session) -> None:
    session.flush()
    assert ledger.check_ledger(session) == []
