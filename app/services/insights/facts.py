"""One row per order with its profit figures as columns (profit.py's module docstring says
what each is): the query both the daily summary and the direct computation use."""

from __future__ import annotations

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from app.models.catalog import Product
from app.models.insights import OrderShippingCost, StoreFeeRate
from app.models.orders import Order, OrderLine
from app.models.payouts import PayoutLine
from app.models.returns import Return, ReturnRefund


def facts_query(where: list[ColumnElement[bool]]) -> Select[tuple[object, ...]]:
    """One row per order: its figures as columns (see the module docstring)."""
    known_cost = and_(Product.id.is_not(None), Product.currency == Order.currency,
                      Product.cost_minor > 0)
    lines = (select(OrderLine.order_id.label("order_id"),
                    func.sum(OrderLine.line_total_minor).label("items"),
                    func.sum(case((known_cost, OrderLine.quantity * Product.cost_minor),
                                  else_=0)).label("cogs"),
                    func.sum(case((known_cost, 0), else_=1)).label("unknown"))
             .join(Order, Order.id == OrderLine.order_id)
             .outerjoin(Product, Product.id == OrderLine.product_id)
             .where(*where).group_by(OrderLine.order_id).subquery("lines"))
    refunds = (select(Return.order_id.label("order_id"),
                      func.sum(ReturnRefund.total_minor).label("refunds"))
               .join(Return, Return.id == ReturnRefund.return_id)
               .join(Order, Order.id == Return.order_id)
               .where(ReturnRefund.currency == Order.currency, *where)
               .group_by(Return.order_id).subquery("refunds"))
    paid = (select(PayoutLine.order_id.label("order_id"),
                   func.sum(case((PayoutLine.kind == "fee", -PayoutLine.amount_minor),
                                 else_=0)).label("fees"),
                   func.sum(case((PayoutLine.kind == "sale", 1), else_=0)).label("sales"))
            .join(Order, Order.id == PayoutLine.order_id)
            .where(PayoutLine.match_state == "matched", PayoutLine.currency == Order.currency,
                   *where)
            .group_by(PayoutLine.order_id).subquery("paid"))
    items = func.coalesce(lines.c["items"], 0)
    charged = items + Order.shipping_minor - Order.discount_minor
    percent = func.coalesce(StoreFeeRate.percent_bp, 0)
    fixed = func.coalesce(StoreFeeRate.fixed_minor, 0)
    expected = case((charged > 0, (charged * percent + 5000) // 10000 + fixed), else_=0)
    confirmed = func.coalesce(paid.c.sales, 0) > 0
    has_ship_cost = OrderShippingCost.order_id.is_not(None)
    estimated = case((and_(confirmed, func.coalesce(lines.c.unknown, 0) == 0, has_ship_cost),
                      0), else_=1)
    return (select(
        Order.id.label("order_id"), Order.store_id.label("store_id"),
        Order.placed_at.label("placed_at"), Order.number.label("number"),
        Order.customer_id.label("customer_id"),
        items.label("items"), Order.shipping_minor.label("shipping_charged"),
        Order.discount_minor.label("discounts"),
        func.coalesce(refunds.c.refunds, 0).label("refunds"),
        case((confirmed, func.coalesce(paid.c.fees, 0)), else_=expected).label("fees"),
        func.coalesce(lines.c.cogs, 0).label("cogs"),
        func.coalesce(OrderShippingCost.amount_minor, 0).label("shipping_cost"),
        estimated.label("estimated"))
        .select_from(Order)
        .outerjoin(lines, lines.c.order_id == Order.id)
        .outerjoin(refunds, refunds.c.order_id == Order.id)
        .outerjoin(paid, paid.c.order_id == Order.id)
        .outerjoin(StoreFeeRate, StoreFeeRate.store_id == Order.store_id)
        .outerjoin(OrderShippingCost, and_(OrderShippingCost.order_id == Order.id,
                                           OrderShippingCost.currency == Order.currency))
        .where(*where))
