"""Stores to import into and the column mappings saved for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Store, utcnow
from app.models.catalog import STORE_KINDS
from app.models.order_links import ColumnMappingRecord
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.services.importers.mapped_orders import ColumnMapping


@dataclass(frozen=True)
class StoreInfo:
    id: int
    name: str
    kind: str
    currency: str
    timezone: str


_KIND_NAMES = {"shopify": "Shopify", "amazon": "Amazon", "ebay": "eBay", "etsy": "Etsy",
               "woocommerce": "WooCommerce", "counter": "Counter", "other": "Other"}


def list_stores(session: Session) -> list[StoreInfo]:
    return [StoreInfo(*r) for r in session.execute(
        select(Store.id, Store.name, Store.kind, Store.currency, Store.timezone)
        .order_by(Store.name))]


def resolve_store(session: Session, name: str | None, kind: str, *,
                  currency: str = "USD", create: bool = True) -> StoreInfo:
    """The named store; without a name, the one store of that kind. Created when missing,
    unless not `create`: then the store it would create, with id 0."""
    kind = kind if kind in STORE_KINDS else "other"
    if name:
        store = session.scalar(select(Store).where(Store.name == name))
    else:
        same = list(session.scalars(select(Store).where(Store.kind == kind)))
        if len(same) > 1:
            raise InvalidInput(f"There are {len(same)} {kind} stores; say which one "
                               f"({', '.join(s.name for s in same)}).")
        store = same[0] if same else None
        name = _KIND_NAMES.get(kind, kind.capitalize())
    if store is None and not create:
        return StoreInfo(0, name, kind, currency, "UTC")
    if store is None:
        store = Store(name=name, kind=kind, currency=currency, timezone="UTC")
        session.add(store)
        session.flush()
    return StoreInfo(store.id, store.name, store.kind, store.currency, store.timezone)


def save_mapping(session: Session, name: str, mapping: ColumnMapping,
                 store_id: int | None = None) -> None:
    if not name.strip():
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "Give the mapping a name."))
    errors = mapping.check()
    if errors:
        # A list of Messages: "a; b" in English, each translated in the window.
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "{problems}"), problems=errors)
    rec = session.scalar(select(ColumnMappingRecord).where(
        ColumnMappingRecord.name == name.strip()))
    if rec is None:
        session.add(ColumnMappingRecord(name=name.strip(), store_id=store_id,
                                        mapping_json=mapping.to_json()))
    else:
        rec.mapping_json, rec.store_id, rec.updated_at = mapping.to_json(), store_id, utcnow()


def load_mapping(session: Session, name: str) -> tuple[ColumnMapping, int | None]:
    rec = session.scalar(select(ColumnMappingRecord).where(ColumnMappingRecord.name == name))
    if rec is None:
        raise NotFound(f"No saved column mapping called {name!r}.")
    # Imported here: the Orders tab lists stores from this module at start (issue 13).
    from app.services.importers.mapped_orders import ColumnMapping

    return ColumnMapping.from_json(rec.mapping_json), rec.store_id


def list_mappings(session: Session, store_id: int | None = None) -> list[tuple[str, int | None]]:
    query = select(ColumnMappingRecord.name, ColumnMappingRecord.store_id)
    if store_id is not None:
        query = query.where(ColumnMappingRecord.store_id == store_id)
    return [(n, s) for n, s in session.execute(query.order_by(ColumnMappingRecord.name))]
