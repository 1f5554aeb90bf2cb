"""The Insights tab's "Ads, goals & currency" page: ad spend per campaign (ACoS, TACoS,
conversion, flagged outside 7-10 %), this month's goals with progress against the pace,
and the business P&L in the home currency, each converted row saying at which rate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.money import format_money
from app.services.insights.ads import CampaignRow
from app.services.insights.business import HomeRow, More
from app.services.insights.goals import Progress
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.messages import message_text
from app.ui.common.rows_model import RowsModel


def _pct(v: Any) -> str:
    return "–" if v is None else f"{v}%"


def _goal(minor: int | None, cur: str) -> str:
    return "–" if minor is None else format_money(minor, cur)


class MorePage(QWidget):
    loaded = Signal()

    def __init__(self, table: Any) -> None:
        super().__init__()
        self.campaigns = RowsModel[CampaignRow]([
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, False),
            (QT_TRANSLATE_NOOP("Column", "Channel"), lambda r: r.channel, False),
            (QT_TRANSLATE_NOOP("Column", "Campaign"), lambda r: r.campaign, False),
            ("SKU", lambda r: r.sku, False),
            (QT_TRANSLATE_NOOP("Column", "Spend"),
             lambda r: format_money(r.spend_minor, r.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Clicks"), lambda r: str(r.clicks), True),
            (QT_TRANSLATE_NOOP("Column", "Orders"), lambda r: str(r.orders), True),
            (QT_TRANSLATE_NOOP("Column", "Conversion"), lambda r: _pct(r.conversion), True),
            ("ACoS", lambda r: _pct(r.acos), True),
            ("TACoS", lambda r: _pct(r.tacos), True),
            ("", lambda r: translate("insights.more", "outside 7–10%") if r.flagged else "",
             False)])
        self.goals = RowsModel[Progress]([
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.goal.store, False),
            (QT_TRANSLATE_NOOP("Column", "Month"), lambda r: r.goal.month.strftime("%Y-%m"),
             False),
            (QT_TRANSLATE_NOOP("Column", "Revenue goal"),
             lambda r: _goal(r.goal.revenue_minor, r.goal.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Net sales"),
             lambda r: format_money(r.actual.net_sales_minor, r.actual.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Of goal"), lambda r: _pct(r.revenue_pct), True),
            (QT_TRANSLATE_NOOP("Column", "Profit goal"),
             lambda r: _goal(r.goal.profit_minor, r.goal.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Profit"),
             lambda r: format_money(r.actual.profit_minor, r.actual.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Of goal"), lambda r: _pct(r.profit_pct), True),
            (QT_TRANSLATE_NOOP("Column", "Pace"), lambda r: _pct(r.pace_pct), True),
            ("", lambda r: {True: translate("insights.more", "on track"),
                            False: translate("insights.more", "behind"),
                            None: ""}[r.on_track], False)])
        self.business = RowsModel[HomeRow]([
            (QT_TRANSLATE_NOOP("Column", "Month"), lambda r: r.month.strftime("%Y-%m"), False),
            (QT_TRANSLATE_NOOP("Column", "Store"),
             lambda r: r.store or translate("insights.more", "All stores"), False),
            (QT_TRANSLATE_NOOP("Column", "Revenue"),
             lambda r: format_money(r.figures.revenue_minor, r.figures.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Ads"),
             lambda r: format_money(r.figures.ads_minor, r.figures.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Profit"),
             lambda r: format_money(r.figures.profit_minor, r.figures.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Converted"), lambda r: r.note, False)])
        self.business_title = QLabel(translate("insights.more",
                                               "Business P&L in the home currency"))
        self.campaigns_view = table(self.campaigns)
        self.goals_view = table(self.goals)
        self.business_view = table(self.business)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(translate("insights.more",
                                       "Ad spend per campaign (import: backroom insights ads "
                                       "import FILE --store S)")))
        box.addWidget(self.campaigns_view, 2)
        box.addWidget(QLabel(translate("insights.more", "This month's goals")))
        box.addWidget(self.goals_view, 1)
        box.addWidget(self.business_title)
        box.addWidget(self.business_view, 2)

    def show_more(self, more: More) -> None:
        self.campaigns.set_rows(more.campaigns)
        self.goals.set_rows(more.progress)
        self.business.set_rows(more.business.rows)
        home = more.business.home
        title = (translate("insights.more",
                           "Business P&L in {home} (rates entered per month)").format(home=home)
                 if home else translate("insights.more",
                                        "Business P&L: set a home currency first "
                                        "(backroom insights rates home EUR)"))
        if more.business.missing and home:   # without a home currency the title says it
            title += " — " + message_text(more.business.missing)
        self.business_title.setText(title)
        self.loaded.emit()
