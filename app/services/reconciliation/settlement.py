"""Per order: what the customer paid (less refunds) against what the payouts passed on.

expected = order total − refunds; received = what the reports credit for the goods, shipping
and tax (less refunds); fees apart. Marketplace-withheld tax (a negative tax line) is paid on
the store's behalf and counts neither way. When a report converted the money, amounts are
taken in the order's currency at the report's own rate (the buyer's amount it shows beside
the converted one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order
from app.models.payouts import PayoutLine
from app.services.core.errors import NotFound

GOODS = ("sale", "shipping", "tax", "promotion")
_CHUNK = 500


@dataclass(frozen=True)
class Settlement:
    order_id: int
    currency: str
    expected_minor: int
    received_minor: int
    fees_minor: int
    refunds_minor: int
    net_minor: int  # everything the payouts hold for the order, fees and all
    lines: int
    status: str  # settled, partly, unpaid, overpaid


def _status(lines: int, gross: int, total: int) -> str:
    if lines == 0 or gross == 0:
        return "unpaid"
    if gross == total:
        return "settled"
    return "partly" if gross < total else "overpaid"


def _convert(amount: int, rate: Fraction | None) -> int:
    if rate is None:
        return amount
    return round(amount * rate)


def settlements(session: Session, order_ids: Iterable[int]) -> dict[int, Settlement]:
    ids = list(order_ids)
    orders: dict[int, tuple[str, int]] = {}
    by_order: dict[int, list[tuple[str, int, str, int | None, str]]] = {i: [] for i in ids}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        for oid, cur, total in session.execute(select(
                Order.id, Order.currency, Order.total_minor).where(Order.id.in_(chunk))):
            orders[oid] = (cur, total)
        for row in session.execute(select(
                PayoutLine.order_id, PayoutLine.kind, PayoutLine.amount_minor,
                PayoutLine.currency, PayoutLine.presented_minor,
                PayoutLine.presented_currency).where(PayoutLine.order_id.in_(chunk))):
            if row[0] is not None:
                by_order[row[0]].append((row[1], row[2], row[3], row[4], row[5]))
    return {oid: _settle(oid, *orders[oid], by_order[oid]) for oid in ids if oid in orders}


def _settle(oid: int, currency: str, total: int,
            lines: list[tuple[str, int, str, int | None, str]]) -> Settlement:
    # The report's rate: buyer's amount over the converted amount, from the lines showing both.
    shown = [(p, a) for _, a, cur, p, pc in lines if cur != currency and p and pc == currency]
    rate = Fraction(sum(p for p, _ in shown), sum(a for _, a in shown)) \
        if shown and sum(a for _, a in shown) else None
    gross = refunds = fees = net = 0
    for kind, amount, cur, presented, pcur in lines:
        value = presented if cur != currency and presented is not None and pcur == currency \
            else _convert(amount, rate if cur != currency else None)
        net += value
        if kind in GOODS and not (kind == "tax" and amount < 0):
            gross += value
        elif kind == "refund":
            refunds += value
        elif kind == "fee":
            fees += value
    return Settlement(oid, currency, total + refunds, gross + refunds, fees, refunds, net,
                      len(lines), _status(len(lines), gross, total))


def order_settlement(session: Session, order_id: int) -> Settlement:
    found = settlements(session, [order_id])
    if order_id not in found:
        raise NotFound(f"no order with id {order_id}")
    return found[order_id]
