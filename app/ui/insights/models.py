"""The Insights tables' columns over the rows the insights services return (a store list,
a few hundred days, one day's orders, so no paging): shown by the common RowsModel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.money import format_money
from app.services.insights.figures import Figures
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate

Column = tuple[str, Callable[[Any], str], bool]


def _money(field: str) -> Callable[[Any], str]:
    def show(row: Any) -> str:
        f: Figures = row.figures
        return format_money(getattr(f, field), f.currency)
    return show


def _margin(row: Any) -> str:
    m = row.figures.margin
    return "–" if m is None else f"{m}%"


def _estimated(row: Any) -> str:
    return translate("insights.models", "estimate") if row.figures.estimated else ""


# The P&L columns every table shares, after its own first columns.
PNL: list[Column] = [
    (QT_TRANSLATE_NOOP("Column", "Order count"), lambda r: str(r.figures.orders), True),
    (QT_TRANSLATE_NOOP("Column", "Revenue"), _money("revenue_minor"), True),
    (QT_TRANSLATE_NOOP("Column", "Discounts"), _money("discounts_minor"), True),
    (QT_TRANSLATE_NOOP("Column", "Refunds"), _money("refunds_minor"), True),
    (QT_TRANSLATE_NOOP("Column", "Fees"), _money("fees_minor"), True),
    (QT_TRANSLATE_NOOP("Column", "Cost of goods"), _money("cogs_minor"), True),
    (QT_TRANSLATE_NOOP("Column", "Shipping"), _money("shipping_cost_minor"), True),
    (QT_TRANSLATE_NOOP("Column", "Profit"), _money("profit_minor"), True),
    (QT_TRANSLATE_NOOP("Column", "Margin"), _margin, True),
    ("", _estimated, False),
]
