"""The per-customer summary: each customer's orders, revenue, profit and first and last
local day, summed from the order facts (insights_order_facts), for every store (per
currency, scope 0) and per store (scope = the store's id).

How it stays exact: triggers on insights_order_facts (migration 0860) mark a customer in
insights_customer_dirty whenever one of their facts is added, removed or changed — the
daily catch-up redoes an order's facts whenever anything moves its figures (edits,
cancels, refunds, payouts, fee rates, costs), and deleting an order or a customer takes its
facts along — in the writer's own transaction. `catch_up` redoes the marked customers from
the facts and deletes only the marks whose stamp it read. Readers never wait for it:
`values` takes the summary rows of unmarked customers and sums the marked ones from the
facts, so the figures are the facts' figures at any time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, bindparam, delete, func, insert, literal, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from app.models.catalog import Store
from app.models.insights import InsightsCustomer, InsightsCustomerDirty, InsightsOrderFacts
from app.services.core import audit

EVERY_STORE = 0       # the scope of a customer's rows over all stores, one per currency
_COLUMNS = ["scope", "customer_id", "currency", "orders", "revenue", "profit", "first_day",
            "last_day"]


def profit_of_facts() -> Any:
    f = InsightsOrderFacts
    return (f.items + f.shipping_charged - f.discounts - f.refunds - f.fees - f.cogs
            - f.shipping_cost)


def _summed(scope: Any, where: list[Any], *, per_store: bool) -> Any:
    """The facts summed per customer and currency (and store when `per_store`)."""
    f = InsightsOrderFacts
    keys: list[Any] = [f.customer_id, Store.currency]
    if per_store:
        keys.insert(1, f.store_id)
    return (select(scope.label("scope"), f.customer_id.label("customer_id"),
                   Store.currency.label("currency"), func.count().label("orders"),
                   func.sum(f.items + f.shipping_charged).label("revenue"),
                   func.sum(profit_of_facts()).label("profit"),
                   func.min(f.local_day).label("first_day"),
                   func.max(f.local_day).label("last_day"))
            .join(Store, Store.id == f.store_id)
            .where(f.customer_id.is_not(None), *where).group_by(*keys))


def values(session: Session, store_id: int | None = None) -> Subquery:
    """Per customer and currency (of one store, or every store): customer_id, currency,
    orders, revenue, profit, first_day, last_day — exact now: the summary's rows of the
    customers not marked, the facts summed for those marked."""
    c, d = InsightsCustomer, InsightsCustomerDirty
    scope = EVERY_STORE if store_id is None else store_id
    kept = select(c.customer_id, c.currency, c.orders, c.revenue, c.profit, c.first_day,
                  c.last_day).where(c.scope == scope)
    if session.scalar(select(d.customer_id).limit(1)) is None:
        return kept.subquery("customer_values")   # nothing marked: the summary alone
    marked = select(d.customer_id)
    where: list[Any] = [InsightsOrderFacts.customer_id.in_(marked)]
    if store_id is not None:
        where.append(InsightsOrderFacts.store_id == store_id)
    fresh = _summed(literal(scope, Integer), where, per_store=False).subquery("fresh")
    return union_all(kept.where(c.customer_id.not_in(marked)),
                     select(*(fresh.c[k] for k in _COLUMNS[1:]))).subquery("customer_values")


def marked_customers(session: Session) -> int:
    """How many customers wait for a catch-up."""
    return int(session.scalar(select(func.count()).select_from(InsightsCustomerDirty)) or 0)


def catch_up(session: Session, *, max_customers: int | None = None) -> int:
    """Redo the marked customers (all, or the `max_customers` lowest ids); returns how many
    marks it cleared. catching_up.catch_up_in_steps calls it in short transactions."""
    audit.mark_recorded(session)      # derived from the orders: nobody's action to audit
    d, c, f = InsightsCustomerDirty, InsightsCustomer, InsightsOrderFacts
    query = select(d.customer_id, d.stamp).order_by(d.customer_id)
    if max_customers:
        query = query.limit(max_customers)
    marks = session.execute(query).all()
    if not marks:
        return 0
    # The marked customers with ids from the first to the last read (a mark made
    # meanwhile in that range is redone too, and stays: its stamp was not read).
    chosen = select(d.customer_id).where(d.customer_id.between(marks[0][0], marks[-1][0]))
    session.execute(delete(c).where(c.customer_id.in_(chosen)))
    where = [f.customer_id.in_(chosen)]
    session.execute(insert(c).from_select(
        _COLUMNS, _summed(literal(EVERY_STORE, Integer), where, per_store=False)))
    session.execute(insert(c).from_select(_COLUMNS, _summed(f.store_id, where,
                                                            per_store=True)))
    table = InsightsCustomerDirty.__table__
    session.connection().execute(
        delete(table).where(table.c.customer_id == bindparam("cid"),
                            table.c.stamp == bindparam("old")),
        [{"cid": cid, "old": stamp} for cid, stamp in marks])
    session.flush()
    return len(marks)

