"""Which stores need a push: per store, how many of its listings no longer show what it was
last told, and since when (issue 20's nudge; the status bar, the Stock tab and the Today page
read it).

Only stores pushed at least once are counted: a store never pushed has no numbers of ours
that could be stale, and an owner who does not use pushes is not nagged.

The count is exact: a listing counts when what the store may sell now differs from what its
last push told it (the same test a push uses to pick "only what changed"), so the nudge and
the push always agree. The time is the oldest stock move or reservation after the store's
last push of a product that changed (a receipt, a pack, a return, a count, an order coming
in); a change that leaves no such trace (an order cancelled, a buffer rule set) is dated at
the last push, the latest moment it can be older than.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Store
from app.models.push import PushSetting, StockPush
from app.models.stock import Reservation, StockMove
from app.services.push.quantities import read_listings

_CHUNK = 500   # products per IN list (SQLite allows 32k parameters; stay far below)


@dataclass(frozen=True)
class StoreNeeds:
    store: str
    skus: int                  # listings whose number differs from the store's last push
    since: datetime            # the oldest change not pushed yet (see the module docstring)
    last_push: datetime


@dataclass(frozen=True)
class PushNeeds:
    stores: tuple[StoreNeeds, ...] = ()   # only stores with something to push, oldest first

    @property
    def skus(self) -> int:
        return sum(s.skus for s in self.stores)

    @property
    def oldest(self) -> datetime | None:
        return min((s.since for s in self.stores), default=None)

    def __bool__(self) -> bool:
        return bool(self.stores)


def needs_push(session: Session) -> PushNeeds:
    """Per pushed store, the SKUs a push would carry now and the oldest change among them.

    One statement per store works out its listings and compares them with what it was
    told (the same one a push uses); no query per SKU.
    """
    pushed = session.execute(
        select(Store.id, Store.name, func.max(StockPush.at))
        .join(StockPush, StockPush.store_id == Store.id)
        .group_by(Store.id, Store.name)).all()
    if not pushed:
        return PushNeeds()
    warehouses = dict(session.execute(
        select(PushSetting.store_id, PushSetting.warehouse)).all())
    found: list[StoreNeeds] = []
    for store_id, name, last_push in pushed:
        changed = read_listings(session, store_id, warehouse=warehouses.get(store_id, ""),
                                compare_told=True).changed
        if changed:
            since = _oldest_change(session, {r.product_id for r in changed},
                                   last_push) or last_push
            found.append(StoreNeeds(name, len(changed), since, last_push))
    found.sort(key=lambda s: (s.since, s.store))
    return PushNeeds(tuple(found))


def _oldest_change(session: Session, product_ids: Iterable[int],
                   after: datetime) -> datetime | None:
    """The first stock move or reservation after `after` of any of the products."""
    ids = sorted(product_ids)
    oldest: datetime | None = None
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for first in (
                session.scalar(select(func.min(StockMove.at)).where(
                    StockMove.product_id.in_(chunk), StockMove.at > after)),
                session.scalar(select(func.min(Reservation.created_at)).where(
                    Reservation.product_id.in_(chunk), Reservation.created_at > after))):
            if first is not None and (oldest is None or first < oldest):
                oldest = first
    return oldest
