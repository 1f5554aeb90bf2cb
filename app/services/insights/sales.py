"""What sells: units, revenue, cost and gross profit per product or per store, in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.models.catalog import Product, Store
from app.models.orders import Order, OrderLine
from app.services.core.errors import InvalidInput
from app.services.insights.local_days import utc_bounds
from app.services.insights.profit import ProfitFilter

GROUPINGS = ("product", "store")
# utc_bounds widens by 15 h each side for any zone; sales takes UTC days, so take that back.
_MARGIN = timedelta(hours=15)


@dataclass(frozen=True)
class SalesRow:
    key: str                    # the SKU (or the channel's SKU when unlinked), or the store
    name: str
    currency: str
    orders: int
    units: int
    revenue_minor: int          # the lines' totals
    cogs_minor: int
    unknown_cost: bool

    @property
    def gross_profit_minor(self) -> int:
        return self.revenue_minor - self.cogs_minor


def sales(session: Session, flt: ProfitFilter, by: str = "product",
          top: int | None = None) -> list[SalesRow]:
    """Best sellers first (by revenue, then units). Days are taken in UTC here, with the
    same wide margin as profit, so a sale near midnight may count on the day beside."""
    if by not in GROUPINGS:
        raise InvalidInput(f"Sales group by {' or '.join(GROUPINGS)}, not {by!r}.")
    if top is not None and top < 1:
        raise InvalidInput("--top needs a number of at least 1.")
    known = and_(Product.id.is_not(None), Product.currency == Order.currency,
                 Product.cost_minor > 0)
    where = [Order.status != "cancelled"]
    if flt.store:
        where.append(Store.name == flt.store)
    lo, hi = utc_bounds(flt.first, flt.last)
    if lo is not None:
        where.append(Order.placed_at >= lo + _MARGIN)
    if hi is not None:
        where.append(Order.placed_at < hi - _MARGIN)
    key: ColumnElement[str]
    name: ColumnElement[str]
    if by == "product":
        key = func.coalesce(Product.sku, OrderLine.channel_sku)
        name = func.coalesce(Product.name, func.max(OrderLine.title))
    else:
        key = Store.name.expression
        name = Store.name.expression
    revenue = func.sum(OrderLine.line_total_minor)
    units = func.sum(OrderLine.quantity)
    query = (select(key.label("key"), name.label("name"), Order.currency,
                    func.count(func.distinct(Order.id)), units, revenue,
                    func.sum(case((known, OrderLine.quantity * Product.cost_minor), else_=0)),
                    func.sum(case((known, 0), else_=1)))
             .join(Order, Order.id == OrderLine.order_id)
             .join(Store, Store.id == Order.store_id)
             .outerjoin(Product, Product.id == OrderLine.product_id)
             .where(*where)
             .group_by(key, *([Product.name] if by == "product" else []), Order.currency)
             .order_by(revenue.desc(), units.desc(), key))
    if top:
        query = query.limit(top)
    return [SalesRow(str(k), str(n or ""), str(c), int(o), int(u), int(r), int(cg), int(x) > 0)
            for k, n, c, o, u, r, cg, x in session.execute(query)]

