"""Ad spend: stored per store and day from the channels' reports, set against the orders.

ACoS = spend / the sales the channel attributes to its ads; TACoS = spend / all of the
store's revenue over the same days; conversion = ad orders / clicks (usually 7-10 %: a
campaign outside that is flagged)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.catalog import Store
from app.models.insights import AdSpend
from app.services.core.errors import InvalidInput, NotFound
from app.services.importers.ads_reports import AdFile
from app.services.insights.profit import ProfitFilter, daily_profits

NORMAL_CONVERSION = (Decimal(7), Decimal(10))   # percent


@dataclass(frozen=True)
class AdsImported:
    store: str
    format: str
    rows: int
    replaced: int
    days: int


@dataclass(frozen=True)
class CampaignRow:
    store: str
    channel: str
    campaign: str
    sku: str
    currency: str
    spend_minor: int
    clicks: int
    orders: int
    sales_minor: int
    store_revenue_minor: int        # all of the store's revenue over the period (TACoS)

    @property
    def conversion(self) -> Decimal | None:
        return _pct(self.orders, self.clicks)

    @property
    def acos(self) -> Decimal | None:
        return _pct(self.spend_minor, self.sales_minor)

    @property
    def tacos(self) -> Decimal | None:
        return _pct(self.spend_minor, self.store_revenue_minor)

    @property
    def flagged(self) -> bool:
        c = self.conversion
        return c is not None and not NORMAL_CONVERSION[0] <= c <= NORMAL_CONVERSION[1]


def _pct(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)


def store_ads(session: Session, store: str, parsed: AdFile) -> AdsImported:
    """All or nothing: a file with any bad row is refused with every problem named. Rows
    for a day, channel, campaign and SKU already imported are replaced (a re-export)."""
    shop = session.scalar(select(Store).where(Store.name == store))
    if shop is None:
        raise NotFound(f"No store is called {store!r}.")
    if parsed.problems:
        raise InvalidInput("\n".join(str(p) for p in parsed.problems[:20]))
    if not parsed.records:
        raise InvalidInput(f"{parsed.name} has no ad spend rows.")
    sums: dict[tuple[Any, ...], list[int]] = {}
    currency: dict[tuple[Any, ...], str] = {}
    for r in parsed.records:
        key = (r.day, r.channel, r.campaign[:200], r.sku[:120])
        if key in currency and currency[key] != r.currency:
            raise InvalidInput(f"{parsed.name}, row {r.row}: {r.currency} and "
                               f"{currency[key]} spend for one campaign and day.")
        currency[key] = r.currency
        acc = sums.setdefault(key, [0, 0, 0, 0])
        for i, v in enumerate((r.spend_minor, r.clicks, r.orders, r.sales_minor)):
            acc[i] += v          # a search-term report has many rows per campaign and day
    replaced = 0
    for key, (spend, clicks, orders, sales) in sums.items():
        day, channel, campaign, sku = key
        row = session.scalar(select(AdSpend).where(
            AdSpend.store_id == shop.id, AdSpend.day == day, AdSpend.channel == channel,
            AdSpend.campaign == campaign, AdSpend.sku == sku))
        if row is None:
            row = AdSpend(store_id=shop.id, day=day, channel=channel, campaign=campaign,
                          sku=sku)
            session.add(row)
        else:
            replaced += 1
        row.spend_minor, row.currency, row.clicks = spend, currency[key], clicks
        row.ad_orders, row.ad_sales_minor, row.source_file = orders, sales, parsed.name[:255]
    session.flush()
    return AdsImported(shop.name, parsed.format, len(sums), replaced,
                       len({k[0] for k in sums}))


def campaigns(session: Session, flt: ProfitFilter) -> list[CampaignRow]:
    """Per store, channel, campaign and SKU over the period, the biggest spend first."""
    query = (select(Store.name, AdSpend.channel, AdSpend.campaign, AdSpend.sku,
                    AdSpend.currency, func.sum(AdSpend.spend_minor), func.sum(AdSpend.clicks),
                    func.sum(AdSpend.ad_orders), func.sum(AdSpend.ad_sales_minor))
             .join(Store, Store.id == AdSpend.store_id)
             .group_by(Store.name, AdSpend.channel, AdSpend.campaign, AdSpend.sku,
                       AdSpend.currency))
    if flt.store:
        query = query.where(Store.name == flt.store)
    if flt.first:
        query = query.where(AdSpend.day >= flt.first)
    if flt.last:
        query = query.where(AdSpend.day <= flt.last)
    revenue: dict[tuple[str, str], int] = {}
    for r in daily_profits(session, flt):
        key = (r.store, r.figures.currency)
        revenue[key] = revenue.get(key, 0) + r.figures.revenue_minor
    rows = [CampaignRow(s, ch, camp, sku, cur, int(sp), int(cl), int(o), int(sa),
                        revenue.get((s, cur), 0))
            for s, ch, camp, sku, cur, sp, cl, o, sa in session.execute(query)]
    return sorted(rows, key=lambda r: (-r.spend_minor, r.store, r.campaign, r.sku))
