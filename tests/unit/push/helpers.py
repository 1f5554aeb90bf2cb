"""Builders for the stock push tests: stores, stock, orders, a pack, a return."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import Order, Product, StockLevel
from app.models.stock import Location
from app.services.orders import actions as order_actions
from app.services.orders.actions import ManualLine
from app.services.orders.setup import resolve_store
from app.services.stock import ledger
from tests.unit.orders.helpers import ACTOR, add_product

__all__ = ["ACTOR", "add_product", "available", "order", "pack", "receive", "restock_return",
           "store"]


def store(session, name: str, kind: str, currency: str = "EUR") -> int:
    return resolve_store(session, name, kind, currency=currency).id


def order(session, store_name: str, kind: str, lines: list[tuple[str, int]],
          number: str) -> int:
    store_id = store(session, store_name, kind)
    return order_actions.create_manual_order(
        session, store_id, [ManualLine(sku, qty) for sku, qty in lines], actor=ACTOR,
        number=number)


def receive(session, sku: str, units: int, bin_code: str = "A-01-1") -> None:
    pid = session.scalar(select(Product.id).where(Product.sku == sku))
    ledger.move(session, ledger.MoveSpec(pid, ledger.location_id(session, "SUPPLIER"),
                                         ledger.get_or_create_bin(session, bin_code), units,
                                         "receive"), actor=ACTOR)


def pack(session, number: str) -> None:
    """What completing a pack does to stock: its reserved units leave the bins for the
    customer, using up the reservations, and the order is packed."""
    found = session.scalar(select(Order).where(Order.number == number))
    customer = ledger.location_id(session, "CUSTOMER")
    specs = []
    for line in found.lines:
        for loc, qty in session.execute(
                select(StockLevel.location_id, StockLevel.reserved)
                .where(StockLevel.product_id == line.product_id, StockLevel.reserved > 0)):
            take = min(qty, line.quantity)
            specs.append(ledger.MoveSpec(line.product_id, loc, customer, take, "pack",
                                         number, order_line_id=line.id))
    ledger.move_many(session, specs, actor=ACTOR)
    found.status = "packed"


def restock_return(session, sku: str, units: int, bin_code: str = "A-01-1") -> None:
    pid = session.scalar(select(Product.id).where(Product.sku == sku))
    ledger.move(session, ledger.MoveSpec(pid, ledger.location_id(session, "CUSTOMER"),
                                         ledger.get_or_create_bin(session, bin_code), units,
                                         "return"), actor=ACTOR)


def available(session, sku: str) -> int:
    """On hand - reserved over the bins, read straight from the levels."""
    return int(session.scalar(
        select(func.sum(StockLevel.on_hand - StockLevel.reserved))
        .join(Product, Product.id == StockLevel.product_id)
        .join(Location, Location.id == StockLevel.location_id)
        .where(Product.sku == sku, Location.kind == "bin")) or 0)
