"""A small shop for the pick & pack tests: three products in bins, two reserved orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order, OrderLine, Store
from app.money import Money
from app.services.stock import ledger
from app.services.stock.catalog import ProductInput, save_product

MUG_EAN = "4006381333931"      # the textbook EAN-13
TEA_UPC = "036000291452"       # the textbook UPC-A (stored as 0036000291452)
STRANGER_EAN = "9501101530003"  # a valid GTIN that is not in the catalogue
PLACED = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    mug: int
    tea: int
    pen: int
    vase: int
    order1: int  # #1001: 2 × MUG, 1 × TEA
    order2: int  # #1002: 1 × PEN
    bins: dict[str, int]


def _product(session: Session, sku: str, name: str, codes: tuple[str, ...], bin_code: str,
             stock: int) -> int:
    pid = save_product(session, ProductInput(sku, name, Money(1200, "EUR"), Money(400, "EUR"),
                                             barcodes=codes, bin=bin_code, weight_g=300))
    if stock:
        ledger.move(session, ledger.MoveSpec(pid, ledger.location_id(session, "SUPPLIER"),
                                             ledger.get_or_create_bin(session, bin_code), stock,
                                             "receive", "opening stock"))
    return pid


def make_order(session: Session, store_id: int, number: str, lines: list[tuple[int, int]],
               *, status: str = "reserved", reserve: bool = True) -> int:
    order = Order(store_id=store_id, external_id=number.lstrip("#"), number=number,
                  placed_at=PLACED, status=status, currency="EUR", ship_name="Ada Lovelace",
                  ship_street1="Main St 1", ship_city="Berlin", ship_postcode="10115",
                  ship_country="DE", shipping_method="Standard")
    order.lines = [OrderLine(product_id=pid, channel_sku="", title="", quantity=qty,
                             unit_price_minor=1200) for pid, qty in lines]
    session.add(order)
    session.flush()
    if reserve:
        for line in order.lines:
            ledger.reserve(session, line.id, line.product_id, line.quantity)
    return order.id


def build_world(session: Session) -> World:
    ledger.ensure_virtual_locations(session)
    store = Store(name="Kettle & Co", kind="shopify", currency="EUR")
    session.add(store)
    session.flush()
    mug = _product(session, "MUG-RED", "Red enamel mug", (MUG_EAN,), "A-01-1", 10)
    tea = _product(session, "TEA-50", "Breakfast tea, 50 bags", (TEA_UPC,), "B-02-1", 5)
    pen = _product(session, "PEN-1", "Fountain pen", (), "A-02-1", 3)
    vase = _product(session, "VASE-1", "Glass vase", ("96385074",), "C-01-1", 2)
    order1 = make_order(session, store.id, "#1001", [(mug, 2), (tea, 1)])
    order2 = make_order(session, store.id, "#1002", [(pen, 1)])
    bins = dict(session.execute(select(ledger.Location.code, ledger.Location.id)).all())
    return World(mug, tea, pen, vase, order1, order2, bins)
