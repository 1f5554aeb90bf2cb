"""Hand-made sales histories with known answers: one store, products sold a set number of
units each day, a supplier with sea and air lead times and freight."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.models import Order, OrderLine, Product, Store
from app.services.core.backend import Actor
from app.services.stock import ledger
from app.services.suppliers import catalog

OWNER = Actor("owner", "office")
AS_OF = date(2026, 6, 1)  # a Monday


def make_store(session: Session) -> int:
    ledger.ensure_virtual_locations(session)
    store = Store(name="Shop", kind="shopify", currency="EUR")
    session.add(store)
    session.flush()
    catalog.save_supplier(session, catalog.SupplierInput("Ningbo", "EUR"), actor=OWNER)
    return store.id


def add_product(session: Session, sku: str, *, on_hand: int = 0, price: int = 1000,
                offer: dict[str, object] | None = None) -> int:
    product = Product(sku=sku, name=sku.title(), currency="EUR", price_minor=price,
                      cost_minor=100, weight_g=500)
    session.add(product)
    session.flush()
    if on_hand:
        bin_id = ledger.get_or_create_bin(session, "A-01-1")
        ledger.move(session, ledger.MoveSpec(product.id, ledger.location_id(session,
                                                                           "SUPPLIER"),
                                             bin_id, on_hand, "receive"))
    if offer is not None:
        terms: dict[str, object] = {"unit_cost_minor": 100, "production_days": 10,
                                    "sea_days": 35, "air_days": 5, "sea_freight_minor": 10,
                                    "air_freight_minor": 100, **offer}
        sid = catalog.supplier_by_name(session, "Ningbo").id
        catalog.link_products(session, sid, [catalog.SupplierProductInput(sku, **terms)])
    return product.id


_counter = [0]


def sell(session: Session, store_id: int, product_id: int, units: Callable[[date], int], *,
         days: int = 112, status: str = "shipped", as_of: date = AS_OF,
         channel: bool = False) -> None:
    """One order a day for `days` days before as_of, of units(day) units (none when 0)."""
    orders, lines = [], []
    for back in range(days, 0, -1):
        day = as_of - timedelta(days=back)
        qty = units(day)
        if qty <= 0:
            continue
        _counter[0] += 1
        n = _counter[0]
        orders.append({"id": n, "store_id": store_id, "external_id": f"E{n}", "number": f"#{n}",
                       "placed_at": datetime.combine(day, time(12), tzinfo=UTC),
                       "status": status, "currency": "EUR", "fulfilled_by_channel": channel})
        lines.append({"order_id": n, "product_id": product_id, "channel_sku": "x",
                      "quantity": qty, "unit_price_minor": 1000, "line_total_minor": qty * 1000})
    if orders:
        session.execute(insert(Order), orders)
        session.execute(insert(OrderLine), lines)
