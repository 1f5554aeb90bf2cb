"""What returns tell you: return rate per product, reason and store over a period, and the
value of returned stock scrapped or waiting in quarantine (at cost)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.models import Order, OrderLine, Product, Store
from app.models.returns import Return, ReturnLine, ReturnUnit
from app.services.returns.opening import SHIPPED_STATUSES
from app.services.returns.reasons import reason_labels
from app.services.stock import ledger

Key = InstrumentedAttribute[str]


@dataclass(frozen=True)
class Rate:
    key: str          # SKU, reason or store
    shipped: int
    returned: int

    @property
    def rate(self) -> float:
        return self.returned / self.shipped if self.shipped else 0.0


@dataclass(frozen=True)
class ReturnFigures:
    by_product: tuple[Rate, ...]
    by_reason: tuple[Rate, ...]      # shipped = every unit shipped in the period
    by_store: tuple[Rate, ...]
    scrapped_cost_minor: dict[str, int]      # currency -> cost of returned units scrapped
    quarantine_cost_minor: dict[str, int]    # currency -> cost of returned units still there


def _shipped_by(session: Session, key: Key, period: tuple[ColumnElement[bool], ...]
                ) -> dict[object, int]:
    return {k: int(v) for k, v in session.execute(
        select(key, func.sum(OrderLine.quantity)).select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .join(Product, Product.id == OrderLine.product_id)
        .join(Store, Store.id == Order.store_id).where(*period).group_by(key))}


def _returned_by(session: Session, key: Key, period: tuple[ColumnElement[bool], ...]
                 ) -> dict[object, int]:
    counted = case((Return.status == "closed", ReturnLine.received), else_=ReturnLine.quantity)
    return {k: int(v) for k, v in session.execute(
        select(key, func.sum(counted)).select_from(ReturnLine)
        .join(Return, Return.id == ReturnLine.return_id)
        .join(Order, Order.id == Return.order_id)
        .join(Product, Product.id == ReturnLine.product_id)
        .join(Store, Store.id == Order.store_id).where(*period).group_by(key))}


def _rates(session: Session, key: Key, period: tuple[ColumnElement[bool], ...]
           ) -> tuple[Rate, ...]:
    sent, back = _shipped_by(session, key, period), _returned_by(session, key, period)
    return tuple(sorted((Rate(str(k), sent.get(k, 0), v) for k, v in back.items()),
                        key=lambda r: (-r.rate, r.key)))


def return_figures(session: Session, since: datetime, until: datetime) -> ReturnFigures:
    """Orders placed in [since, until): units shipped, and of them units on returns."""
    period = (Order.placed_at >= since, Order.placed_at < until,
              Order.status.in_(SHIPPED_STATUSES), Order.fulfilled_by_channel.is_(False))
    total = sum(_shipped_by(session, Store.kind, period).values())
    # By code, shown by the reason's current name: a renamed reason stays one row.
    names = reason_labels(session)
    reasons = tuple(Rate(names.get(str(k), str(k)), total, v) for k, v in sorted(
        _returned_by(session, Return.reason_code, period).items(), key=lambda kv: -kv[1]))
    return ReturnFigures(_rates(session, Product.sku, period), reasons,
                         _rates(session, Store.name, period),
                         _value_at(session, "SCRAP"), _value_at(session, "QUARANTINE"))


def _value_at(session: Session, code: str) -> dict[str, int]:
    """Cost of returned units moved to a place, less those moved on out of it."""
    place = ledger.location_id(session, code)
    signed = case((ReturnUnit.to_location_id == place, ReturnUnit.quantity),
                  else_=-ReturnUnit.quantity)
    rows = session.execute(
        select(Product.currency, func.sum(signed * Product.cost_minor)).select_from(ReturnUnit)
        .join(Product, Product.id == ReturnUnit.product_id)
        .where((ReturnUnit.to_location_id == place) | (ReturnUnit.from_location_id == place))
        .group_by(Product.currency))
    return {cur: int(v) for cur, v in rows if v}
