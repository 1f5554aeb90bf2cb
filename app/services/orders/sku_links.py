"""Matching a store's SKUs to our products, and remembering the links the user makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Barcode, Order, OrderLine, Product
from app.models.order_links import SkuLink
from app.models.orders import OPEN_STATUSES
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound


def resolve(session: Session, store_id: int, channel_skus: Iterable[str]) -> dict[str, int]:
    """channel SKU -> product id: a remembered link first, then our SKU, then a barcode."""
    skus = sorted({s for s in channel_skus if s})
    found: dict[str, int] = {}
    for start in range(0, len(skus), 500):
        chunk = skus[start:start + 500]
        found.update(session.execute(select(SkuLink.channel_sku, SkuLink.product_id).where(
            SkuLink.store_id == store_id, SkuLink.channel_sku.in_(chunk))).all())
        rest = [s for s in chunk if s not in found]
        if rest:
            found.update(session.execute(select(Product.sku, Product.id).where(
                Product.sku.in_(rest))).all())
        rest = [s for s in chunk if s not in found]
        if rest:
            found.update(session.execute(select(Barcode.code, Barcode.product_id).where(
                Barcode.code.in_(rest))).all())
    return found


@dataclass(frozen=True)
class LinkResult:
    lines_matched: int
    orders_reserved: int


def link_sku(session: Session, store_id: int, channel_sku: str, product_sku: str, *,
             actor: Actor) -> LinkResult:
    """Remember that this store's `channel_sku` is our product `product_sku`.

    Every open unmatched line of the store with that SKU is matched at once and its order
    tries to reserve stock again.
    """
    from app.services.orders import reservations as order_reservations

    if not channel_sku.strip():
        raise InvalidInput("This line has no SKU from the store to link; enter one first.")
    product_id = session.scalar(select(Product.id).where(Product.sku == product_sku.strip()))
    if product_id is None:
        raise NotFound(f"No product with SKU {product_sku!r}.")
    link = session.scalar(select(SkuLink).where(SkuLink.store_id == store_id,
                                                SkuLink.channel_sku == channel_sku))
    if link is None:
        session.add(SkuLink(store_id=store_id, channel_sku=channel_sku, product_id=product_id))
    else:
        link.product_id = product_id
    open_orders = select(Order.id).where(Order.store_id == store_id,
                                         Order.status.in_(OPEN_STATUSES))
    line_ids = list(session.scalars(select(OrderLine.id).where(
        OrderLine.channel_sku == channel_sku, OrderLine.product_id.is_(None),
        OrderLine.order_id.in_(open_orders))))
    if line_ids:
        session.execute(update(OrderLine).where(OrderLine.id.in_(line_ids))
                        .values(product_id=product_id))
    audit.record(session, actor, "store", store_id, "sku linked", channel_sku=channel_sku,
                 product_sku=product_sku, lines=len(line_ids))
    session.flush()
    summary = order_reservations.reserve_open_orders(session, actor=actor)
    return LinkResult(len(line_ids), summary.reserved)
