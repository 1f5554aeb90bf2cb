"""Ship confirmation: mark packed orders shipped (by scan or by batch) and export the
confirmations per store (Amazon shipping-confirmation flat file, or a generic CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order, Store, utcnow
from app.models.packing import Parcel, PickListOrder, Shipment
from app.services.core import audit, csv_out
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput, NotFound
from app.services.packing.reads import find_orders
from app.services.stock.scan_codes import reference_text

AMAZON_HEADER = ("order-id", "order-item-id", "quantity", "ship-date", "carrier-code",
                 "carrier-name", "tracking-number", "ship-method")
# Carrier codes Amazon's template accepts as they are; anything else goes as "Other" + name.
AMAZON_CARRIERS = {c.lower(): c for c in (
    "USPS", "UPS", "FedEx", "DHL", "DHL eCommerce", "DPD", "GLS", "Hermes", "Evri",
    "Royal Mail", "Parcelforce", "Deutsche Post", "PostNL", "Canada Post", "Australia Post",
    "OnTrac", "Amazon Shipping", "Yodel", "La Poste", "Colissimo", "Correos", "Poste Italiane")}


def confirmation_format(store_kind: str) -> str:
    """The confirmation file a store's channel takes: Amazon's flat file for an Amazon store;
    the generic CSV for the others (Shopify, eBay, Etsy, ... have no such upload file)."""
    return "amazon" if store_kind == "amazon" else "csv"


@dataclass(frozen=True)
class Confirmation:
    store: str
    order_number: str
    external_id: str
    shipped_at: datetime
    carrier: str
    tracking: str
    ship_method: str


def _ship(session: Session, actor: Actor, order: Order, now: datetime) -> bool:
    shipment = session.scalar(select(Shipment).where(Shipment.order_id == order.id))
    if order.status == "shipped":
        return False
    if order.status != "packed" or shipment is None:
        raise InvalidInput(f"Order {order.number} is {order.status}, not packed; pack it first.")
    shipment.shipped_at = now
    shipment.shipped_by = actor.user
    order.status = "shipped"
    audit.record(session, actor, "order", order.id, "shipped", carrier=shipment.carrier)
    return True


def ship_by_scan(session: Session, actor: Actor, raw: str, *,
                 now: datetime | None = None) -> tuple[str, bool]:
    """Mark the order of a scanned parcel (tracking) or slip shipped: (number, newly shipped)."""
    ids = find_orders(session, raw)
    if not ids:
        raise NotFound(f"No parcel or order {reference_text(raw)!r}.")
    orders = list(session.scalars(select(Order).where(Order.id.in_(ids))))
    order = next((o for o in orders if o.status in ("packed", "shipped")), orders[0])
    return order.number, _ship(session, actor, order, now or utcnow())


def ship_batch(session: Session, actor: Actor, *, pick_list_id: int | None = None,
               order_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Mark every packed order of a pick list (or of the ids given) shipped; return how many."""
    ids = list(order_ids or [])
    if pick_list_id is not None:
        ids += session.scalars(select(PickListOrder.order_id).where(
            PickListOrder.pick_list_id == pick_list_id))
    now = now or utcnow()
    done = 0
    for order in session.scalars(select(Order).where(Order.id.in_(ids),
                                                     Order.status == "packed")):
        done += _ship(session, actor, order, now)
    return done


def confirmations(session: Session, *, store: str | None = None,
                  since: datetime | None = None, until: datetime | None = None,
                  ) -> list[Confirmation]:
    """One row per shipped parcel (a parcel without tracking still confirms the order)."""
    q = (select(Store.name, Order.number, Order.external_id, Shipment.shipped_at,
                Shipment.carrier, Parcel.tracking, Order.shipping_method)
         .join(Order, Order.id == Shipment.order_id).join(Store, Store.id == Order.store_id)
         .outerjoin(Parcel, Parcel.shipment_id == Shipment.id)
         .where(Shipment.shipped_at.is_not(None))
         .order_by(Shipment.shipped_at, Order.number, Parcel.number))
    if store:
        q = q.where(Store.name == store)
    if since:
        q = q.where(Shipment.shipped_at >= since)
    if until:
        q = q.where(Shipment.shipped_at < until)
    # shipped_at is never None here (the query filters on it), which its column type allows.
    return [Confirmation(row[0], row[1], row[2], cast(datetime, row[3]), row[4], row[5] or "",
                         row[6]) for row in session.execute(q)]


def amazon_confirmation_file(rows: list[Confirmation]) -> str:
    """Amazon Seller Central shipping-confirmation flat file (tab-separated, whole orders)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    w.writerow(AMAZON_HEADER)
    seen: set[tuple[str, str]] = set()
    for r in rows:
        # Without Amazon's order-item-ids a row confirms the whole order, so one row per
        # order (its first parcel's tracking); a second row would confirm it twice.
        if (r.store, r.external_id) in seen:
            continue
        seen.add((r.store, r.external_id))
        code = AMAZON_CARRIERS.get(r.carrier.strip().lower(), "Other" if r.carrier else "")
        name = r.carrier if code == "Other" else ""
        # An empty order-item-id and quantity confirm the whole order.
        w.writerow((r.external_id, "", "", r.shipped_at.date().isoformat(), code, name,
                    r.tracking, r.ship_method))
    return out.getvalue()


def generic_confirmation_csv(rows: list[Confirmation]) -> str:
    return csv_out.csv_text(
        ("order_number", "store", "carrier", "tracking_number", "shipped_at"),
        ((r.order_number, r.store, r.carrier, r.tracking,
          r.shipped_at.isoformat(timespec="seconds")) for r in rows))
