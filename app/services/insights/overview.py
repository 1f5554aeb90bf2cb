"""What the Insights tab shows at once: the stores, a P&L per store, and the days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.catalog import Store
from app.services.insights.figures import Figures
from app.services.insights.profit import PeriodProfit, ProfitFilter, daily_profits


@dataclass(frozen=True)
class Overview:
    stores: list[tuple[str, str]]           # every store: (name, currency), by name
    per_store: list[PeriodProfit]           # one P&L per store shown (zeros when no orders)
    days: list[PeriodProfit]                # per store and local day, oldest first


def store_names(session: Session) -> list[tuple[str, str]]:
    return [(n, c) for n, c in session.execute(
        select(Store.name, Store.currency).order_by(Store.name))]


def overview(session: Session, flt: ProfitFilter) -> Overview:
    """One read: the day rows once, each store's P&L summed from them (so they agree)."""
    stores = store_names(session)
    days = daily_profits(session, flt)
    totals: dict[str, Figures] = {}
    for d in days:
        totals[d.store] = totals[d.store] + d.figures if d.store in totals else d.figures
    start = flt.first or datetime.now(UTC).date()
    per_store = [PeriodProfit(name, start, totals.get(name, Figures(cur)))
                 for name, cur in stores if not flt.store or name == flt.store]
    return Overview(stores, per_store, days)
