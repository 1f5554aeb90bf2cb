"""Shipped orders for the returns tests: packed for real at the packing station."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order, OrderLine, Product
from app.services.core.backend import Actor
from app.services.maintenance import check_database
from app.services.packing import station
from app.services.packing.completing import complete_pack
from app.services.packing.shipping import ship_by_scan
from app.services.stock import ledger
from tests.packing_world import World, build_world, make_order

PACKER = Actor("owner", "station-1")


def pack_and_ship(session: Session, order_id: int, *, ship: bool = True) -> None:
    """Scan every unit of the order at the station, complete it, and hand it over."""
    order = session.get(Order, order_id)
    assert order is not None
    station.open_order(session, PACKER, order.number)
    for sku, qty in session.execute(select(Product.sku, OrderLine.quantity).join(
            Product, Product.id == OrderLine.product_id).where(
            OrderLine.order_id == order_id)).all():
        for _ in range(qty):
            station.scan_item(session, PACKER, order_id, sku)
    complete_pack(session, PACKER, order_id)
    if ship:
        ship_by_scan(session, PACKER, order.number)


def shipped_world(session: Session) -> World:
    """The packing world with #1001 (2 × MUG, 1 × TEA) packed and shipped."""
    world = build_world(session)
    pack_and_ship(session, world.order1)
    return world


def new_order(session: Session, world: World, number: str, lines: list[tuple[int, int]]) -> int:
    store = session.scalar(select(Order.store_id).where(Order.id == world.order1))
    assert store is not None
    return make_order(session, store, number, lines)


def ledger_holds(session: Session) -> bool:
    return ledger.check_ledger(session) == [] and check_database(session).ok
