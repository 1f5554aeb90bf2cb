"""The figures of a P&L line, exact in minor units of one currency, and how they add up."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal


@dataclass(frozen=True)
class Figures:
    """Money of one order or one group of orders, all in `currency` minor units.

    revenue = items + shipping charged; profit = revenue − discounts − refunds − fees − cogs
    − shipping cost − ads. `estimated` is true when any fee was not confirmed by a payout,
    any item had no known cost, or any order had no recorded shipping cost."""

    currency: str
    orders: int = 0
    items_minor: int = 0
    shipping_charged_minor: int = 0
    discounts_minor: int = 0
    refunds_minor: int = 0
    fees_minor: int = 0
    cogs_minor: int = 0
    shipping_cost_minor: int = 0
    ads_minor: int = 0
    estimated: bool = False

    @property
    def revenue_minor(self) -> int:
        return self.items_minor + self.shipping_charged_minor

    @property
    def net_sales_minor(self) -> int:
        """What the customers kept paying: revenue − discounts − refunds."""
        return self.revenue_minor - self.discounts_minor - self.refunds_minor

    @property
    def profit_minor(self) -> int:
        return (self.net_sales_minor - self.fees_minor - self.cogs_minor
                - self.shipping_cost_minor - self.ads_minor)

    @property
    def margin(self) -> Decimal | None:
        """Profit over net sales, as a percentage with two decimals; None without sales."""
        if self.net_sales_minor <= 0:
            return None
        return (Decimal(self.profit_minor) * 100 / Decimal(self.net_sales_minor)).quantize(
            Decimal("0.01"), ROUND_HALF_EVEN)

    def __add__(self, other: Figures) -> Figures:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} figures to {self.currency} ones")
        return Figures(
            self.currency, self.orders + other.orders, self.items_minor + other.items_minor,
            self.shipping_charged_minor + other.shipping_charged_minor,
            self.discounts_minor + other.discounts_minor,
            self.refunds_minor + other.refunds_minor, self.fees_minor + other.fees_minor,
            self.cogs_minor + other.cogs_minor,
            self.shipping_cost_minor + other.shipping_cost_minor,
            self.ads_minor + other.ads_minor, self.estimated or other.estimated)


def expected_fee(charged_minor: int, percent_bp: int, fixed_minor: int) -> int:
    """A store's usual fee on what the buyer was charged: percent rounded half up, plus the
    fixed part. Nothing charged, no fee. The SQL in profit.py computes the same."""
    if charged_minor <= 0:
        return 0
    return (charged_minor * percent_bp + 5000) // 10000 + fixed_minor
