"""The business P&L: every store's months in the owner's home currency, then their sum.
Each converted row keeps the rate and the currency it came from, so it can say so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.insights import ads, goals
from app.services.insights.currency import Converter, MissingRate
from app.services.insights.figures import Figures
from app.services.insights.profit import ProfitFilter, profit_by_period


@dataclass(frozen=True)
class HomeRow:
    store: str                   # "" for the business total
    month: date
    figures: Figures             # in the home currency
    from_currency: str | None
    rate: Decimal | None

    @property
    def note(self) -> str:
        if not self.store:
            return "sum of the stores in the home currency"
        if self.rate is None:
            return ""
        return (f"converted from {self.from_currency} at 1 {self.from_currency} = "
                f"{self.rate} {self.figures.currency} ({self.month:%Y-%m})")


@dataclass(frozen=True)
class Business:
    home: str | None
    rows: list[HomeRow]
    missing: str                 # why some rows could not be converted ("" when none; a
    #                              Message the window shows in its language)


def business(session: Session, flt: ProfitFilter) -> Business:
    conv = Converter(session)
    if conv.home is None:
        return Business(None, [], Message(QT_TRANSLATE_NOOP("messages",
                                                            "No home currency is set.")))
    rows: list[HomeRow] = []
    totals: dict[date, Figures] = {}
    missing = ""
    for r in profit_by_period(session, flt, "month"):
        try:
            fig, rate = conv.figures(r.figures, r.start)
        except MissingRate as exc:
            missing = exc.message
            continue
        rows.append(HomeRow(r.store, r.start, fig, r.figures.currency, rate))
        totals[r.start] = totals[r.start] + fig if r.start in totals else fig
    rows += [HomeRow("", m, f, None, None) for m, f in sorted(totals.items())]
    # Each month's stores, then that month's business total.
    rows.sort(key=lambda r: (r.month, r.store == "", r.store))
    return Business(conv.home, rows, missing)


@dataclass(frozen=True)
class More:
    campaigns: list[ads.CampaignRow]
    progress: list[goals.Progress]
    business: Business


def more(session: Session, flt: ProfitFilter, today: date) -> More:
    """What the Ads, goals & currency page shows, in one read."""
    return More(ads.campaigns(session, flt), goals.progress(session, today),
                business(session, flt))
