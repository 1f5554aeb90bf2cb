"""The stores themselves, as Settings edits them: name, kind, currency, time zone, and the
shipment confirmation file each takes."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Store
from app.models.catalog import STORE_KINDS
from app.models.settings import CONFIRMATION_FORMATS, StorePreference
from app.services.core.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class StoreDetails:
    id: int                      # 0 for a store not saved yet
    name: str
    kind: str
    currency: str
    timezone: str = "UTC"
    confirmation_format: str = ""   # "" = what the kind takes; amazon | csv


def store_details(session: Session) -> list[StoreDetails]:
    chosen: dict[int, str] = {i: f for i, f in session.execute(
        select(StorePreference.store_id, StorePreference.confirmation_format))}
    return [StoreDetails(i, n, k, c, t, chosen.get(i, "")) for i, n, k, c, t in session.execute(
        select(Store.id, Store.name, Store.kind, Store.currency, Store.timezone)
        .order_by(Store.name))]


def confirmation_format_chosen(session: Session, store_name: str) -> str:
    """The store's own choice of confirmation file ("" = follow its kind)."""
    return session.scalar(select(StorePreference.confirmation_format)
                          .join(Store, Store.id == StorePreference.store_id)
                          .where(Store.name == store_name)) or ""


def _checked(details: StoreDetails) -> StoreDetails:
    name = details.name.strip()
    currency = details.currency.strip().upper()
    timezone = details.timezone.strip() or "UTC"
    if not name:
        raise InvalidInput("A store needs a name.")
    if len(name) > 120:
        raise InvalidInput("A store name is at most 120 characters.")
    if details.kind not in STORE_KINDS:
        raise InvalidInput(f"Unknown kind {details.kind!r}; use one of {', '.join(STORE_KINDS)}.")
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        raise InvalidInput(f"{details.currency!r} is not a currency code (three letters, "
                           "such as USD, EUR, CNY).")
    if timezone != "UTC" and timezone not in available_timezones():
        raise InvalidInput(f"{timezone!r} is not a time zone (such as Europe/Berlin or "
                           "Asia/Shanghai).")
    if details.confirmation_format not in CONFIRMATION_FORMATS:
        raise InvalidInput("The confirmation format is amazon or csv (or empty: follow the "
                           "store's kind).")
    return StoreDetails(details.id, name, details.kind, currency, timezone,
                        details.confirmation_format)


def save_store(session: Session, details: StoreDetails) -> int:
    """Add a store (id 0) or change one; returns its id."""
    wanted = _checked(details)
    clash = session.scalar(select(Store).where(Store.name == wanted.name))
    if wanted.id:
        store = session.get(Store, wanted.id)
        if store is None:
            raise NotFound(f"No store {wanted.id}.")
    else:
        store = Store()
        session.add(store)
    if clash is not None and clash is not store:
        raise InvalidInput(f"There is already a store called {wanted.name!r}.")
    store.name, store.kind, store.currency, store.timezone = (
        wanted.name, wanted.kind, wanted.currency, wanted.timezone)
    session.flush()
    pref = session.get(StorePreference, store.id)
    if pref is None:
        pref = StorePreference(store_id=store.id)
        session.add(pref)
    pref.confirmation_format = wanted.confirmation_format
    session.flush()
    return store.id
