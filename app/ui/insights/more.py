"""The Insights tab's "Ads, goals & currency" page: ad spend per campaign (ACoS, TACoS,
conversion, flagged outside 7-10 %), this month's goals with progress against the pace,
and the business P&L in the home currency, each converted row saying at which rate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.models.money import format_money
from app.services.insights.ads import CampaignRow
from app.services.insights.business import HomeRow, More
from app.services.insights.goals import Progress
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
            (self.tr("Store"), lambda r: r.store, False),
            (self.tr("Channel"), lambda r: r.channel, False),
            (self.tr("Campaign"), lambda r: r.campaign, False),
            (self.tr("SKU"), lambda r: r.sku, False),
            (self.tr("Spend"), lambda r: format_money(r.spend_minor, r.currency), True),
            (self.tr("Clicks"), lambda r: str(r.clicks), True),
            (self.tr("Orders"), lambda r: str(r.orders), True),
            (self.tr("Conversion"), lambda r: _pct(r.conversion), True),
            (self.tr("ACoS"), lambda r: _pct(r.acos), True),
            (self.tr("TACoS"), lambda r: _pct(r.tacos), True),
            ("", lambda r: self.tr("outside 7–10%") if r.flagged else "", False)])
        self.goals = RowsModel[Progress]([
            (self.tr("Store"), lambda r: r.goal.store, False),
            (self.tr("Month"), lambda r: r.goal.month.strftime("%Y-%m"), False),
            (self.tr("Revenue goal"), lambda r: _goal(r.goal.revenue_minor, r.goal.currency),
             True),
            (self.tr("Net sales"), lambda r: format_money(r.actual.net_sales_minor,
                                                          r.actual.currency), True),
            (self.tr("Of goal"), lambda r: _pct(r.revenue_pct), True),
            (self.tr("Profit goal"), lambda r: _goal(r.goal.profit_minor, r.goal.currency),
             True),
            (self.tr("Profit"), lambda r: format_money(r.actual.profit_minor,
                                                       r.actual.currency), True),
            (self.tr("Of goal"), lambda r: _pct(r.profit_pct), True),
            (self.tr("Pace"), lambda r: _pct(r.pace_pct), True),
            ("", lambda r: {True: self.tr("on track"), False: self.tr("behind"),
                            None: ""}[r.on_track], False)])
        self.business = RowsModel[HomeRow]([
            (self.tr("Month"), lambda r: r.month.strftime("%Y-%m"), False),
            (self.tr("Store"), lambda r: r.store or self.tr("All stores"), False),
            (self.tr("Revenue"), lambda r: format_money(r.figures.revenue_minor,
                                                        r.figures.currency), True),
            (self.tr("Ads"), lambda r: format_money(r.figures.ads_minor, r.figures.currency),
             True),
            (self.tr("Profit"), lambda r: format_money(r.figures.profit_minor,
                                                       r.figures.currency), True),
            (self.tr("Converted"), lambda r: r.note, False)])
        self.business_title = QLabel(self.tr("Business P&L in the home currency"))
        self.campaigns_view = table(self.campaigns)
        self.goals_view = table(self.goals)
        self.business_view = table(self.business)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Ad spend per campaign (import: backroom insights ads "
                                     "import FILE --store S)")))
        box.addWidget(self.campaigns_view, 2)
        box.addWidget(QLabel(self.tr("This month's goals")))
        box.addWidget(self.goals_view, 1)
        box.addWidget(self.business_title)
        box.addWidget(self.business_view, 2)

    def show_more(self, more: More) -> None:
        self.campaigns.set_rows(more.campaigns)
        self.goals.set_rows(more.progress)
        self.business.set_rows(more.business.rows)
        home = more.business.home
        title = (self.tr("Business P&L in {home} (rates entered per month)").format(home=home)
                 if home else self.tr("Business P&L: set a home currency first "
                                      "(backroom insights rates home EUR)"))
        if more.business.missing:
            title += " — " + more.business.missing
        self.business_title.setText(title)
        self.loaded.emit()
