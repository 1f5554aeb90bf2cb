"""Profit of hand-made orders, exact to the cent, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.services.core.errors import InvalidInput, NotFound
from app.services.insights import costs, profit, sales
from app.services.insights.figures import Figures, expected_fee
from app.services.insights.profit import ProfitFilter
from tests.unit.insights import world


def _shop(session):
    shop = world.store(session, "Berlin Shop", "EUR", "Europe/Berlin")
    mug, tea = world.product(session, "MUG", 450), world.product(session, "TEA", 300)
    costs.set_fee_rate(session, "Berlin Shop", "2.9", "0.30")
    # 00:30 local on 29 March 2026 (still winter time, UTC+1) ...
    a = world.order(session, shop, "#1", datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
                    [(mug, 2, 2580), (tea, 1, 1299)], shipping=495, discount=500)
    world.refund(session, a, 1000)
    costs.set_shipping_cost(session, a.id, "6.12")
    # ... and 00:30 local on 30 March (summer time, UTC+2): two different local days.
    b = world.order(session, shop, "#2", datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
                    [(mug, 1, 1290)])
    world.payout(session, b, 1290, [123, 45])
    costs.set_shipping_cost(session, b.id, "4.00")
    world.order(session, shop, "#3", datetime(2026, 3, 29, 12, 0, tzinfo=UTC),
                [(mug, 1, 1290)], status="cancelled")
    return shop, a, b


def test_profit_per_order_is_exact_to_the_cent(session):
    _, a, b = _shop(session)
    rows = {r.number: r for r in profit.order_profits(session, ProfitFilter())}
    assert set(rows) == {"#1", "#2"}                     # the cancelled one does not count
    fa = rows["#1"].figures
    assert (fa.items_minor, fa.shipping_charged_minor, fa.revenue_minor) == (3879, 495, 4374)
    assert (fa.discounts_minor, fa.refunds_minor) == (500, 1000)
    # 2.9 % of the 38.74 charged is 1.12346 -> 1.12, plus 0.30: expected, not confirmed.
    assert fa.fees_minor == 142 == expected_fee(3874, 290, 30)
    assert (fa.cogs_minor, fa.shipping_cost_minor) == (2 * 450 + 300, 612)
    assert fa.profit_minor == 4374 - 500 - 1000 - 142 - 1200 - 612 == 920
    assert fa.margin == Decimal("32.01") and fa.estimated
    assert rows["#1"].day == date(2026, 3, 29)
    fb = rows["#2"].figures
    # The payout confirmed the fees (1.23 + 0.45), every cost is known: not an estimate.
    assert (fb.fees_minor, fb.cogs_minor, fb.shipping_cost_minor) == (168, 450, 400)
    assert fb.profit_minor == 272 and fb.margin == Decimal("21.09") and not fb.estimated
    assert rows["#2"].day == date(2026, 3, 30)


def test_days_follow_the_store_clock_across_summer_time(session):
    _shop(session)
    days = profit.daily_profits(session, ProfitFilter())
    assert [(d.start, d.figures.orders, d.figures.profit_minor) for d in days] == [
        (date(2026, 3, 29), 1, 920), (date(2026, 3, 30), 1, 272)]
    one = profit.daily_profits(session, ProfitFilter(first=date(2026, 3, 30),
                                                     last=date(2026, 3, 30)))
    assert [d.start for d in one] == [date(2026, 3, 30)]
    week = profit.profit_by_period(session, ProfitFilter(), "week")
    assert [(w.start, w.figures.profit_minor) for w in week] == [
        (date(2026, 3, 23), 920), (date(2026, 3, 30), 272)]
    month = profit.profit_by_period(session, ProfitFilter(), "month")
    assert [(m.start, m.figures.profit_minor, m.figures.estimated) for m in month] == [
        (date(2026, 3, 1), 1192, True)]
    [store] = profit.profit_by_store(session, ProfitFilter(store="Berlin Shop"))
    assert store.figures.profit_minor == 1192 and store.figures.orders == 2


def test_no_rate_no_cost_no_label_is_an_estimate(session):
    shop = world.store(session, "Bare", "GBP")
    world.order(session, shop, "B1", datetime(2026, 1, 5, 12, tzinfo=UTC),
                [(None, 3, 999)], shipping=100)
    [row] = profit.order_profits(session, ProfitFilter(store="Bare"))
    f = row.figures
    assert (f.fees_minor, f.cogs_minor, f.shipping_cost_minor, f.profit_minor) == (0, 0, 0, 1099)
    assert f.estimated and f.currency == "GBP"


def test_a_payout_in_another_currency_does_not_confirm_fees(session):
    shop = world.store(session, "US", "USD")
    costs.set_fee_rate(session, "US", "10", "0")
    p = world.product(session, "CAP", 500, "USD")
    o = world.order(session, shop, "U1", datetime(2026, 2, 1, 12, tzinfo=UTC), [(p, 1, 2000)])
    world.payout(session, o, 1800, [999], currency="EUR")
    [row] = profit.order_profits(session, ProfitFilter(store="US"))
    assert row.figures.fees_minor == 200 and row.figures.estimated


def test_refusals(session):
    world.store(session, "S")
    with pytest.raises(NotFound):
        profit.daily_profits(session, ProfitFilter(store="Nope"))
    with pytest.raises(InvalidInput):
        profit.daily_profits(session, ProfitFilter(first=date(2026, 2, 2),
                                                   last=date(2026, 2, 1)))
    for bad in ("abc", "101", "2.955", "-1", "NaN"):
        with pytest.raises(InvalidInput):
            costs.set_fee_rate(session, "S", bad)
    with pytest.raises(InvalidInput):
        profit.profit_by_period(session, ProfitFilter(), "year")
    assert costs.fee_rates(session)[0].percent == Decimal("0.00")


def test_figures_refuse_mixed_currencies():
    with pytest.raises(ValueError, match="cannot add"):
        Figures("EUR", 1) + Figures("USD", 1)
    assert Figures("EUR").margin is None


def test_sales_by_product_and_store(session):
    _shop(session)
    rows = sales.sales(session, ProfitFilter(), "product")
    assert [(r.key, r.units, r.revenue_minor, r.cogs_minor) for r in rows] == [
        ("MUG", 3, 3870, 1350), ("TEA", 1, 1299, 300)]
    [top] = sales.sales(session, ProfitFilter(), "product", top=1)
    assert top.key == "MUG" and top.gross_profit_minor == 2520
    [store] = sales.sales(session, ProfitFilter(), "store")
    assert (store.key, store.orders, store.revenue_minor) == ("Berlin Shop", 2, 5169)
    assert sales.sales(session, ProfitFilter(first=date(2026, 4, 1)), "store") == []
