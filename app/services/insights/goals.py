"""Monthly goals per store (revenue, profit, in the store's currency) and progress.

The expected pace is the goal spread evenly over the month's days: by day d of a 30-day
month, d/30 of the goal. ("Behind" against a normal week's shape — weekday weights — is
not done yet.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.catalog import Store
from app.models.insights import StoreGoal
from app.money import Money
from app.services.core.errors import InvalidInput, NotFound
from app.services.insights.currency import parse_month
from app.services.insights.figures import Figures
from app.services.insights.profit import ProfitFilter, daily_profits


@dataclass(frozen=True)
class Goal:
    store: str
    currency: str
    month: date
    revenue_minor: int | None
    profit_minor: int | None


@dataclass(frozen=True)
class Progress:
    goal: Goal
    through: date                  # figures up to and including this day
    actual: Figures
    expected_share: Decimal        # how much of the month has passed, 0..1

    def _pct(self, actual: int, goal: int | None) -> Decimal | None:
        if not goal:
            return None
        return (Decimal(actual) * 100 / Decimal(goal)).quantize(Decimal("0.1"),
                                                                  ROUND_HALF_EVEN)

    @property
    def revenue_pct(self) -> Decimal | None:
        return self._pct(self.actual.net_sales_minor, self.goal.revenue_minor)

    @property
    def profit_pct(self) -> Decimal | None:
        return self._pct(self.actual.profit_minor, self.goal.profit_minor)

    @property
    def pace_pct(self) -> Decimal:
        return (self.expected_share * 100).quantize(Decimal("0.1"), ROUND_HALF_EVEN)

    @property
    def on_track(self) -> bool | None:
        shown = [p for p in (self.revenue_pct, self.profit_pct) if p is not None]
        return None if not shown else all(p >= self.pace_pct for p in shown)


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def set_goal(session: Session, store: str, month: str | date, *, revenue: str | None = None,
             profit: str | None = None) -> Goal:
    shop = session.scalar(select(Store).where(Store.name == store))
    if shop is None:
        raise NotFound(f"No store is called {store!r}.")
    first = month.replace(day=1) if isinstance(month, date) else parse_month(month)
    if revenue is None and profit is None:
        raise InvalidInput("A goal needs a revenue or a profit target (or both).")

    def money(text: str | None, what: str) -> int | None:
        if text is None or not text.strip():
            return None
        try:
            return Money.of(text, shop.currency).minor
        except ValueError as exc:
            raise InvalidInput(f"A {what} goal is an amount such as 12000, not {text!r}.") \
                from exc
    row = session.get(StoreGoal, (shop.id, first)) or StoreGoal(store_id=shop.id, month=first)
    row.revenue_minor, row.profit_minor = money(revenue, "revenue"), money(profit, "profit")
    if row.revenue_minor is not None and row.revenue_minor <= 0:
        raise InvalidInput("A revenue goal is above zero.")
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return Goal(shop.name, shop.currency, first, row.revenue_minor, row.profit_minor)


def goals(session: Session, month: date | None = None) -> list[Goal]:
    query = (select(Store.name, Store.currency, StoreGoal.month, StoreGoal.revenue_minor,
                    StoreGoal.profit_minor)
             .join(Store, Store.id == StoreGoal.store_id)
             .order_by(StoreGoal.month.desc(), Store.name))
    if month is not None:
        query = query.where(StoreGoal.month == month.replace(day=1))
    return [Goal(n, c, m if isinstance(m, date) else date.fromisoformat(str(m)), r, p)
            for n, c, m, r, p in session.execute(query)]


def progress(session: Session, today: date) -> list[Progress]:
    """This month's goals with the figures from the 1st through `today`."""
    month = today.replace(day=1)
    found = goals(session, month)
    if not found:
        return []
    totals: dict[str, Figures] = {}
    for r in daily_profits(session, ProfitFilter("", month, today)):
        totals[r.store] = totals[r.store] + r.figures if r.store in totals else r.figures
    share = Decimal(today.day) / Decimal(_month_end(month).day)
    return [Progress(g, today, totals.get(g.store, Figures(g.currency)), share)
            for g in found]
