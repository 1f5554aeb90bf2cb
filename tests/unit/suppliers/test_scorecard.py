"""The scorecard: rates, lead times, price variance and the weighted score."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.models.suppliers import POShipment, PurchaseOrder
from app.services.suppliers import catalog, purchase_orders, receiving, scorecard, shipments
from app.services.suppliers.purchase_orders import LineInput
from app.services.suppliers.receiving import ReceiptInput
from tests.unit.suppliers.world import OWNER, make_world


def _po(session, *, mugs, cost, created, expected, arrived, damaged=0, short=0):
    made = purchase_orders.create_po(session, "Ningbo Ceramics",
                                     [LineInput("MUG-RED", mugs, cost)], expected=expected,
                                     actor=OWNER)
    purchase_orders.send_po(session, made.id, actor=OWNER)
    shipped = shipments.ship(session, made.id, "sea", actor=OWNER)
    items = [ReceiptInput("MUG-RED", mugs - damaged - short, "good")]
    items += [ReceiptInput("MUG-RED", damaged, "damaged")] if damaged else []
    items += [ReceiptInput("MUG-RED", short, "short")] if short else []
    receiving.receive(session, made.id, items, actor=OWNER)
    po = session.get(PurchaseOrder, made.id)
    po.created_at = po.sent_at = datetime.combine(created, datetime.min.time(), UTC)
    session.get(POShipment, shipped.shipment_id).received_at = datetime.combine(
        arrived, datetime.min.time(), UTC)
    session.flush()


def test_scorecard_reflects_lateness_shortfall_damage_and_price(session):
    make_world(session)
    # On time, full, at the agreed 2.50.
    _po(session, mugs=12, cost=250, created=date(2026, 1, 5), expected=date(2026, 2, 4),
        arrived=date(2026, 2, 1))
    # 10 days late, 1 damaged and 1 short of 12, paid 2.75 (10% over).
    _po(session, mugs=12, cost=275, created=date(2026, 3, 1), expected=date(2026, 3, 31),
        arrived=date(2026, 4, 10), damaged=1, short=1)
    [row] = scorecard.scorecard(session, date(2026, 1, 1), date(2026, 12, 31))
    assert row.pos == 2
    assert row.on_time_rate == 0.5
    assert row.fill_rate == round(22 / 24, 4)
    assert row.defect_rate == round(1 / 23, 4)
    assert row.price_variance == round(300 / 6000, 4)
    assert (row.lead_promised_mean, row.lead_actual_mean) == (30.0, 33.5)  # 27 and 40 days
    assert row.lead_actual_spread == 6.5
    parts = {"on_time": 0.5, "fill": 22 / 24, "quality": 1 - 1 / 23,
             "lead_time": 30 / 33.5, "price": 1 - 0.05}
    weights = {"on_time": 30, "fill": 25, "quality": 25, "lead_time": 10, "price": 10}
    assert row.score == scorecard.weighted(parts, weights)
    assert row.warning == ""
    # The owner's weights count: only on-time matters now, and 50 is below 60.
    catalog.save_settings(session, {"weight_fill": 0, "weight_quality": 0,
                                    "weight_lead_time": 0, "weight_price": 0})
    [row] = scorecard.scorecard(session, date(2026, 1, 1), date(2026, 12, 31))
    assert row.score == 50.0 and "below 60" in row.warning
    assert scorecard.scorecard(session, date(2025, 1, 1), date(2025, 12, 31))[0].score is None


def test_trend_by_month_on_time_lead_time_and_exact_cost_per_unit(session):
    make_world(session)
    _po(session, mugs=12, cost=250, created=date(2026, 1, 5), expected=date(2026, 2, 4),
        arrived=date(2026, 2, 1))
    # Two POs in March: 12 at 2.75 and 6 at 2.51 -> (3300 + 1506) / 18 = 267.0 exactly;
    # one 10 days late.
    _po(session, mugs=12, cost=275, created=date(2026, 3, 1), expected=date(2026, 3, 31),
        arrived=date(2026, 4, 10), damaged=1, short=1)
    _po(session, mugs=6, cost=251, created=date(2026, 3, 20), expected=date(2026, 4, 30),
        arrived=date(2026, 4, 25))
    supplier = catalog.supplier_by_name(session, "Ningbo Ceramics").id
    currency, months = scorecard.trend(session, supplier, today=date(2026, 4, 15))
    assert currency == "EUR"
    assert [m.month for m in months] == [f"2025-{n:02d}" for n in range(5, 13)] + [
        "2026-01", "2026-02", "2026-03", "2026-04"]
    jan, feb, mar = months[8], months[9], months[10]
    assert (jan.on_time_rate, jan.lead_actual_mean, jan.unit_cost_minor) == (1.0, 27.0, 250)
    assert jan.score is not None
    assert feb.unit_cost_minor is None and feb.score is None and feb.on_time_rate is None
    assert mar.on_time_rate == 0.5 and mar.lead_actual_mean == (40 + 36) / 2
    assert mar.unit_cost_minor == 267
