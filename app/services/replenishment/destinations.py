"""Destinations besides our warehouse (marketplace warehouses such as Amazon FBA) and their
imported inventory reports.

A destination gets a place in the ledger (kind in_transit, code DEST-<name>): units sent to
it wait there until its report shows them. Importing a report replaces what the last one
said for that destination, all or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app.models import Location, Product, Store, utcnow
from app.models.replenishment import Destination, MarketplaceStock
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import FileProblem, InvalidInput, NotFound
from app.services.core.permissions import requires
from app.services.importers.fba_inventory import parse_fba_inventory


@dataclass(frozen=True)
class DestinationRow:
    id: int
    name: str
    kind: str
    store: str
    location: str
    inbound_days: int
    products: int


@dataclass(frozen=True)
class ReportImport:
    destination: str
    products: int
    fulfillable: int
    inbound: int
    reserved: int
    unknown_skus: tuple[str, ...]


@requires("edit_products")
def add_destination(session: Session, name: str, store: str, *, inbound_days: int = 10,
                    actor: Actor) -> int:
    """A marketplace warehouse fed by `store`'s channel-fulfilled orders."""
    name = name.strip()
    if not name or name.lower() == "warehouse":
        raise InvalidInput("A destination needs a name other than 'Warehouse' (our own).")
    if inbound_days < 0 or inbound_days > 365:
        raise InvalidInput("Inbound days are 0 to 365.")
    found_store = session.scalar(select(Store).where(Store.name == store.strip()))
    if found_store is None:
        raise NotFound(f"There is no store {store!r}.")
    if session.scalar(select(Destination.id).where(Destination.name == name)) is not None:
        raise InvalidInput(f"There is already a destination {name!r}.")
    code = "DEST-" + re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")
    location = session.scalar(select(Location).where(Location.code == code))
    if location is None:
        location = Location(code=code, name=f"Sent to {name}", kind="in_transit",
                            warehouse=name)
        session.add(location)
        session.flush()
    dest = Destination(name=name, kind="marketplace", store_id=found_store.id,
                       location_id=location.id, inbound_days=inbound_days)
    session.add(dest)
    session.flush()
    audit.record(session, actor, "destination", dest.id, "created", name=name,
                 store=found_store.name)
    return dest.id


def list_destinations(session: Session) -> list[DestinationRow]:
    rows = []
    for dest, store, code in session.execute(
            select(Destination, Store.name, Location.code)
            .outerjoin(Store, Store.id == Destination.store_id)
            .outerjoin(Location, Location.id == Destination.location_id)
            .order_by(Destination.name)):
        count = session.scalar(select(func.count()).where(
            MarketplaceStock.destination_id == dest.id)) or 0
        rows.append(DestinationRow(dest.id, dest.name, dest.kind, store or "", code or "",
                                   dest.inbound_days, count))
    return rows


@requires("edit_products")
def import_inventory_report(session: Session, destination: str, path: Path, *,
                            actor: Actor) -> ReportImport:
    return import_inventory_data(session, destination, path.name, path.read_bytes(),
                                 actor=actor)


def import_inventory_data(session: Session, destination: str, name: str, data: bytes, *,
                          actor: Actor) -> ReportImport:
    dest = session.scalar(select(Destination).where(Destination.name.ilike(destination)))
    if dest is None:
        raise NotFound(f"There is no destination {destination!r}.")
    records = parse_fba_inventory(name, data)
    ids = dict(session.execute(select(Product.sku, Product.id).where(
        Product.sku.in_([r.sku for r in records]))).all())
    unknown = tuple(sorted(r.sku for r in records if r.sku not in ids))
    if records and len(unknown) == len(records):
        raise FileProblem(name, None, "sku", "none of its SKUs is a product here (e.g. "
                          f"{unknown[0]}); nothing imported")
    session.execute(delete(MarketplaceStock).where(MarketplaceStock.destination_id == dest.id))
    now = utcnow()
    rows = [{"destination_id": dest.id, "product_id": ids[r.sku], "fulfillable": r.fulfillable,
             "inbound": r.inbound, "reserved": r.reserved, "unsellable": r.unsellable,
             "reported_at": now} for r in records if r.sku in ids]
    if rows:
        session.execute(insert(MarketplaceStock), rows)
    known = [r for r in records if r.sku in ids]
    result = ReportImport(dest.name, len(rows), sum(r.fulfillable for r in known),
                          sum(r.inbound for r in known), sum(r.reserved for r in known),
                          unknown)
    audit.record(session, actor, "destination", dest.id, "report_imported", file=name,
                 products=len(rows), unknown=len(unknown))
    return result
