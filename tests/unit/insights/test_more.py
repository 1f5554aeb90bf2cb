"""Ad spend import and profit after ads, goals, home-currency conversion, customer value."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.models import Customer
from app.services.core.errors import InvalidInput
from app.services.importers import ads_reports
from app.services.importers.csv_text import Source
from app.services.insights import ads, business, currency, customers, goals, profit, summary
from app.services.insights.profit import ProfitFilter
from tests.unit.insights import world

META = (b"Reporting starts,Reporting ends,Campaign name,Amount spent (EUR),Link clicks,"
        b"Results\n2026-03-30,2026-03-30,Mugs,12.34,100,8\n"
        b"2026-03-30,2026-03-30,Tea,\"1,000.01\",10,3\n")
GOOGLE = (b"Campaign report\n\"March 1, 2026 - March 31, 2026\"\n"
          b"Day,Campaign,Currency code,Cost,Clicks,Conversions,Conv. value\n"
          b"2026-03-30,Brand,EUR,5.00,20,1.00,30.00\nTotal: Account,,EUR,5.00,20,1,30\n")
AMAZON = (b"Date,Currency,Campaign Name,Advertised SKU,Clicks,Spend,7 Day Total Sales,"
          b"7 Day Total Orders (#)\n2026-03-30,EUR,SP,MUG,10,3.21,25.80,1\n"
          b"2026-03-30,EUR,SP,MUG,5,1.00,0,0\n")


def test_ad_reports_parse_exactly():
    meta = ads_reports.parse(Source("meta.csv", META))
    assert meta.format == "meta" and not meta.problems
    assert [(r.campaign, r.spend_minor, r.currency, r.clicks, r.orders)
            for r in meta.records] == [("Mugs", 1234, "EUR", 100, 8), ("Tea", 100001, "EUR",
                                                                        10, 3)]
    google = ads_reports.parse(Source("g.csv", GOOGLE))
    assert google.format == "google-ads" and [r.spend_minor for r in google.records] == [500]
    amazon = ads_reports.parse(Source("a.csv", AMAZON))
    assert amazon.format == "amazon-sp" and {r.sku for r in amazon.records} == {"MUG"}


def test_a_bad_ad_report_names_file_row_and_column():
    bad = ads_reports.parse(Source("m.csv", META.replace(b"12.34", b"twelve")))
    assert [str(p) for p in bad.problems] == [
        "m.csv, row 2, column 'Amount spent (EUR)': 'twelve' is not a number"]
    ranged = ads_reports.parse(Source("m.csv", META.replace(b"2026-03-30,Mugs",
                                                            b"2026-03-31,Mugs")))
    assert "export it by day" in str(ranged.problems[0])
    assert ads_reports.parse(Source("x.csv", b"a,b\n1,2\n")).problems


def test_ads_are_subtracted_from_profit_with_acos_and_tacos(session):
    shop = world.store(session, "Shop", "EUR")
    world.order(session, shop, "1", datetime(2026, 3, 30, 10, tzinfo=UTC), [(None, 1, 10000)])
    for data in (META, GOOGLE, AMAZON):
        ads.store_ads(session, "Shop", ads_reports.parse(Source("f.csv", data)))
    again = ads.store_ads(session, "Shop", ads_reports.parse(Source("f.csv", AMAZON)))
    assert again.replaced == 1          # a re-import replaces, never doubles
    day = profit.daily_profits(session, ProfitFilter("Shop"))[0].figures
    assert day.ads_minor == 1234 + 100001 + 500 + 421
    assert day.profit_minor == 10000 - day.ads_minor
    rows = {r.campaign: r for r in ads.campaigns(session, ProfitFilter("Shop"))}
    assert rows["SP"].acos == Decimal("16.32") and rows["SP"].tacos == Decimal("4.21")
    assert rows["Mugs"].conversion == Decimal("8.00") and not rows["Mugs"].flagged
    assert rows["Tea"].flagged                                 # 30 % conversion


def test_conversion_to_home_currency_is_exact_and_says_so(session):
    world.store(session, "UK", "GBP")
    with pytest.raises(InvalidInput):
        currency.set_rate(session, "2026-03", "GBP", "1.17")     # no home currency yet
    currency.set_home_currency(session, "eur")
    currency.set_rate(session, "2026-03", "GBP", "1.1712")
    conv = currency.Converter(session)
    c = conv.convert(1999, "GBP", date(2026, 3, 14))
    assert c.minor == 2341 and c.note == "converted from GBP at 1 GBP = 1.1712 EUR (2026-03)"
    assert conv.convert(5, "GBP", date(2026, 3, 1)).minor == 6  # 5.856 → 6
    with pytest.raises(currency.MissingRate):
        conv.convert(100, "GBP", date(2026, 4, 1))
    imported = currency.import_rates(session, "r.csv", b"month,currency,rate\n2026-04,GBP,1.2\n")
    assert imported[0].rate == Decimal("1.2")


def test_business_sums_stores_in_the_home_currency(session):
    uk, de = world.store(session, "UK", "GBP"), world.store(session, "DE", "EUR")
    world.order(session, uk, "U1", datetime(2026, 3, 5, tzinfo=UTC), [(None, 1, 1000)])
    world.order(session, de, "D1", datetime(2026, 3, 5, tzinfo=UTC), [(None, 1, 500)])
    currency.set_home_currency(session, "EUR")
    currency.set_rate(session, "2026-03", "GBP", "1.15")
    found = business.business(session, ProfitFilter())
    total = [r for r in found.rows if not r.store][0]
    assert total.figures.currency == "EUR" and total.figures.revenue_minor == 1150 + 500
    assert [r.note for r in found.rows if r.store == "UK"] == [
        "converted from GBP at 1 GBP = 1.15 EUR (2026-03)"]


def test_goal_progress_against_an_even_pace(session):
    shop = world.store(session, "Shop", "EUR")
    world.order(session, shop, "1", datetime(2026, 3, 2, 10, tzinfo=UTC), [(None, 1, 5000)])
    goals.set_goal(session, "Shop", "2026-03", revenue="100", profit="200")
    p = goals.progress(session, date(2026, 3, 31))[0]
    assert p.revenue_pct == Decimal("50.0") and p.profit_pct == Decimal("25.0")
    assert p.pace_pct == Decimal("100.0") and p.on_track is False
    with pytest.raises(InvalidInput):
        goals.set_goal(session, "Shop", "March")


def test_customer_value_clv_tiers_and_cohorts(session):
    shop = world.store(session, "Shop", "EUR")
    ann, bob = Customer(name="Ann", email="ann@x"), Customer(name="Bob", email="bob@x")
    session.add_all([ann, bob])
    session.flush()
    for n, (who, day, total) in enumerate([(ann, 1, 1000), (ann, 11, 3000), (bob, 40, 500)]):
        o = world.order(session, shop, f"C{n}", datetime(2026, 1, day, tzinfo=UTC)
                        if day <= 31 else datetime(2026, 2, day - 31, tzinfo=UTC),
                        [(None, 1, total)])
        o.customer_id = who.id
    session.flush()
    summary.catch_up(session)
    found = customers.customer_values(session, date(2026, 3, 1))
    a, b = found.top
    assert (a.email, a.orders, a.revenue_minor, a.profit_minor) == ("ann@x", 2, 4000, 4000)
    assert a.avg_interval_days == Decimal("10.0") and a.tier == "loyal"
    assert b.tier == "new" and found.repeat_rate == Decimal("50.0")
    # predicted = profit per order × frequency × lifespan (3 years)
    assert a.clv_predicted_minor == int((Decimal(2000) * found.frequency * 3).quantize(1))
    assert [(c.month, c.customers, c.retention) for c in found.cohorts] == [
        ("2026-01", 1, [Decimal("100.0")]), ("2026-02", 1, [Decimal("100.0")])]
