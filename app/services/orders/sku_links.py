"""Matching a store's lines to our products, and remembering the links the user makes.

A line with a SKU is matched by that SKU (a remembered link, our SKU, a barcode). A line the
store sent without one (every Etsy line, some Shopify shops) is matched by what the store
does give: its listing id and variation, or failing that its title and variation. Either
kind of link is remembered per store and applied to later imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import Session

from app.models import Barcode, Order, OrderLine, Product
from app.models.order_links import ListingLink, SkuLink
from app.models.orders import OPEN_STATUSES
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.value_lists import one_of
from app.services.orders.listing_keys import ListingKey, describe_key, listing_key

__all__ = ["LinkResult", "ListingKey", "describe_key", "link_line", "link_listing", "link_sku",
           "listing_key", "resolve", "resolve_listings"]

def resolve(session: Session, store_id: int, channel_skus: Iterable[str]) -> dict[str, int]:
    """channel SKU -> product id: a remembered link first, then our SKU, then a barcode."""
    skus = sorted({s for s in channel_skus if s})
    found: dict[str, int] = {}
    for start in range(0, len(skus), 5000):
        chunk = skus[start:start + 5000]
        found.update(session.execute(select(SkuLink.channel_sku, SkuLink.product_id).where(
            SkuLink.store_id == store_id, one_of(session, SkuLink.channel_sku, chunk))).all())
        rest = [s for s in chunk if s not in found]
        if rest:
            found.update(session.execute(select(Product.sku, Product.id).where(
                one_of(session, Product.sku, rest))).all())
        rest = [s for s in chunk if s not in found]
        if rest:
            found.update(session.execute(select(Barcode.code, Barcode.product_id).where(
                one_of(session, Barcode.code, rest))).all())
    return found


def resolve_listings(session: Session, store_id: int, keys: Iterable[ListingKey]
                     ) -> dict[ListingKey, int]:
    """listing key -> product id, from the store's remembered listing links."""
    wanted = set(keys)
    if not wanted:
        return {}
    found: dict[ListingKey, int] = {}
    # A store has few listing links (one per listing and variation): read them all.
    for lid, title, variation, pid in session.execute(
            select(ListingLink.listing_id, ListingLink.title, ListingLink.variation,
                   ListingLink.product_id).where(ListingLink.store_id == store_id)):
        if (lid, title, variation) in wanted:
            found[(lid, title, variation)] = pid
    return found


@dataclass(frozen=True)
class LinkResult:
    lines_matched: int
    orders_reserved: int


def _product_id(session: Session, product_sku: str) -> int:
    product_id = session.scalar(select(Product.id).where(Product.sku == product_sku.strip()))
    if product_id is None:
        raise NotFound(f"No product with SKU {product_sku!r}.")
    return product_id


def _match_open_lines(session: Session, store_id: int, condition: ColumnElement[bool],
                      product_id: int) -> list[int]:
    open_orders = select(Order.id).where(Order.store_id == store_id,
                                         Order.status.in_(OPEN_STATUSES))
    line_ids = list(session.scalars(select(OrderLine.id).where(
        condition, OrderLine.product_id.is_(None), OrderLine.order_id.in_(open_orders))))
    for start in range(0, len(line_ids), 900):
        session.execute(update(OrderLine).where(OrderLine.id.in_(line_ids[start:start + 900]))
                        .values(product_id=product_id))
    return line_ids


def link_sku(session: Session, store_id: int, channel_sku: str, product_sku: str, *,
             actor: Actor) -> LinkResult:
    """Remember that this store's `channel_sku` is our product `product_sku`.

    Every open unmatched line of the store with that SKU is matched at once and its order
    tries to reserve stock again.
    """
    from app.services.orders import reservations as order_reservations

    if not channel_sku.strip():
        raise InvalidInput("Give the store's SKU to link.")
    product_id = _product_id(session, product_sku)
    link = session.scalar(select(SkuLink).where(SkuLink.store_id == store_id,
                                                SkuLink.channel_sku == channel_sku))
    if link is None:
        session.add(SkuLink(store_id=store_id, channel_sku=channel_sku, product_id=product_id))
    else:
        link.product_id = product_id
    line_ids = _match_open_lines(session, store_id, OrderLine.channel_sku == channel_sku,
                                 product_id)
    audit.record(session, actor, "store", store_id, "sku linked", channel_sku=channel_sku,
                 product_sku=product_sku, lines=len(line_ids))
    session.flush()
    summary = order_reservations.reserve_open_orders(session, actor=actor)
    return LinkResult(len(line_ids), summary.reserved)


def link_listing(session: Session, store_id: int, key: ListingKey, product_sku: str, *,
                 actor: Actor) -> LinkResult:
    """Remember that this store's lines without a SKU and with `key` are `product_sku`.

    Every open unmatched SKU-less line of the store with the same key is matched at once,
    the orders try to reserve stock again, and later imports match by the link.
    """
    from app.services.orders import reservations as order_reservations

    listing_id, title, variation = key
    if not (listing_id or title):
        raise InvalidInput("Give the store's listing id or the line's title to link.")
    product_id = _product_id(session, product_sku)
    link = session.scalar(select(ListingLink).where(
        ListingLink.store_id == store_id, ListingLink.listing_id == listing_id,
        ListingLink.title == title, ListingLink.variation == variation))
    if link is None:
        session.add(ListingLink(store_id=store_id, listing_id=listing_id, title=title,
                                variation=variation, product_id=product_id))
    else:
        link.product_id = product_id
    same = [OrderLine.channel_sku == "", OrderLine.variation == variation]
    if listing_id:
        same.append(OrderLine.listing_id == listing_id)
    else:
        same += [OrderLine.listing_id == "", OrderLine.title == title]
    line_ids = _match_open_lines(session, store_id, and_(*same), product_id)
    audit.record(session, actor, "store", store_id, "listing linked", listing=describe_key(key),
                 product_sku=product_sku, lines=len(line_ids))
    session.flush()
    summary = order_reservations.reserve_open_orders(session, actor=actor)
    return LinkResult(len(line_ids), summary.reserved)


def link_line(session: Session, line_id: int, product_sku: str, *, actor: Actor
              ) -> LinkResult:
    """Link one order line to a product the way its store identifies it (SKU or listing)."""
    row = session.execute(select(Order.store_id, OrderLine.channel_sku, OrderLine.listing_id,
                                 OrderLine.title, OrderLine.variation)
                          .join(Order, Order.id == OrderLine.order_id)
                          .where(OrderLine.id == line_id)).first()
    if row is None:
        raise NotFound(f"No order line with id {line_id}.")
    store_id, channel_sku, listing_id, title, variation = row
    if channel_sku.strip():
        return link_sku(session, store_id, channel_sku, product_sku, actor=actor)
    key = listing_key(listing_id, title, variation)
    if key is None:
        raise InvalidInput("The store gave this line no SKU, listing id or title to link by.")
    return link_listing(session, store_id, key, product_sku, actor=actor)
