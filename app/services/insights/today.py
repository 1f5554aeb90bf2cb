"""The Today view's figures in one read: what needs doing now and how today is going.

Orders to pack (and how many are late: placed over two days ago), what shipped today,
today's sales and profit against yesterday and the month's goal pace, returns waiting,
products at or below their reorder point, listings whose stock number changed since the
store was last told (issue 20's push), payout problems still open. Each item names the tab
that deals with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Order, Product
from app.models.catalog import Store
from app.models.packing import Shipment
from app.models.payouts import PayoutProblem
from app.models.returns import Return
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.insights import goals
from app.services.insights.figures import Figures
from app.services.insights.profit import ProfitFilter, daily_profits
from app.services.stock.reads import available_query

PACKABLE = ("reserved", "picking")
RETURNS_WAITING = ("open", "awaiting", "received")
LATE_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    value: str
    tab: str                        # the main window tab that deals with it
    attention: bool = False         # needs doing (shown first, marked)
    detail: str = ""


@dataclass(frozen=True)
class DayFigures:
    store: str
    today: Figures
    yesterday: Figures
    goal: goals.Progress | None


@dataclass(frozen=True)
class Today:
    day: date
    items: list[Item]
    stores: list[DayFigures] = field(default_factory=list)


def _count(session: Session, query: object) -> int:
    return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def _to_pack(session: Session, now: datetime) -> list[Item]:
    base = select(func.count()).select_from(Order).where(
        Order.status.in_(PACKABLE), Order.fulfilled_by_channel.is_(False))
    total = _count(session, base)
    late = _count(session, base.where(Order.placed_at < now - LATE_AFTER))
    return [Item("to_pack", "Orders to pack", str(total), "Pick & Pack", total > 0,
                 Message(QT_TRANSLATE_NOOP("messages", "{late} late (placed over two days "
                                                       "ago)"), late=late) if late else
                 Message(QT_TRANSLATE_NOOP("messages", "none late")))]


def _shipped(session: Session, since: datetime) -> list[Item]:
    n = _count(session, select(func.count()).select_from(Shipment)
               .where(Shipment.shipped_at >= since))
    packed = _count(session, select(func.count()).select_from(Shipment)
                    .where(Shipment.packed_at >= since))
    return [Item("shipped", "Shipped today", str(n), "Orders", False,
                 Message(QT_TRANSLATE_NOOP("messages", "{packed} packed today"),
                         packed=packed))]


def _returns(session: Session) -> list[Item]:
    n = _count(session, select(func.count()).select_from(Return)
               .where(Return.status.in_(RETURNS_WAITING)))
    return [Item("returns", "Returns to process", str(n), "Returns", n > 0)]


def _low_stock(session: Session) -> list[Item]:
    # One query, counted and the first five SKUs named by the database: reading every
    # product's available units into Python took most of this read on a big store (issue
    # 13). "Available" is the same query the push to stores uses.
    have = available_query().subquery()
    rows = session.execute(
        select(Product.sku, func.count().over())
        .outerjoin(have, have.c.product_id == Product.id)
        .where(Product.reorder_point > 0, Product.active.is_(True),
               func.coalesce(have.c.units, 0) <= Product.reorder_point)
        .order_by(Product.id).limit(5)).all()
    low = int(rows[0][1]) if rows else 0
    return [Item("low_stock", "Low stock (at or below reorder point)", str(low),
                 "Stock", bool(low), ", ".join(sku for sku, _ in rows))]


def _to_push(session: Session) -> list[Item]:
    # The push nudge's own count (the status bar and the Stock tab show the same).
    from app.services.push.staleness import needs_push

    needs = needs_push(session)
    return [Item("push", "Stock to push to stores", str(len(needs.stores)), "Stock",
                 bool(needs), "; ".join(f"{s.store}: {s.skus}" for s in needs.stores)
                 or Message(QT_TRANSLATE_NOOP("messages", "every store is up to date")))]


def _payouts(session: Session) -> list[Item]:
    n = _count(session, select(func.count()).select_from(PayoutProblem)
               .where(PayoutProblem.resolved_at.is_(None)))
    return [Item("payouts", "Payouts with problems", str(n), "Reconciliation", n > 0)]


def today_view(session: Session, day: date | None = None, tz: str = "") -> Today:
    zone = ZoneInfo(tz) if tz else datetime.now().astimezone().tzinfo or UTC
    day = day or datetime.now(zone).date()
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    now = max(datetime.now(UTC), start)
    items: list[Item] = []
    parts: list[Callable[[], list[Item]]] = [
        lambda: _to_pack(session, now), lambda: _shipped(session, start),
        lambda: _returns(session), lambda: _low_stock(session),
        lambda: _to_push(session), lambda: _payouts(session)]
    for part in parts:
        items.extend(part())
    days = daily_profits(session, ProfitFilter("", day - timedelta(days=1), day))
    currency = dict(session.execute(select(Store.name, Store.currency)).all())
    progress = {p.goal.store: p for p in goals.progress(session, day)}
    stores = []
    for name in sorted(currency):
        def fig(d: date, name: str = name) -> Figures:
            found = [r.figures for r in days if r.store == name and r.start == d]
            return found[0] if found else Figures(currency[name])
        stores.append(DayFigures(name, fig(day), fig(day - timedelta(days=1)),
                                 progress.get(name)))
    return Today(day, sorted(items, key=lambda i: not i.attention), stores)

