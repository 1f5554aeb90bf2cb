"""The orders list (filters, search, sort, pages), detail, address edits and CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.models import Order
from app.services.core.errors import InvalidInput, NotFound
from app.services.orders import actions as order_actions
from app.services.orders import exporting as order_export
from app.services.orders import reads as orders
from app.services.orders import search as order_search
from app.services.orders.reads import OrderFilter
from tests.unit.orders.helpers import ACTOR, add_product, import_file


@pytest.fixture
def shop(backend):
    backend.run(add_product, "MUG-RED", 10)
    import_file(backend, "shopify_orders.csv")
    import_file(backend, "woocommerce_orders.csv", store="Woo", kind="woocommerce")
    import_file(backend, "ebay_orders.csv", store="eBay", kind="ebay")
    return backend


def numbers(backend, flt=None, *args, **kw):
    return [r.number for r in backend.run(orders.list_orders, flt, *args, **kw)]


def test_newest_first_and_pages(shop):
    everything = numbers(shop)
    assert len(everything) == 8
    placed = [r.placed_at for r in shop.run(orders.list_orders)]
    assert placed == sorted(placed, reverse=True)
    pages = numbers(shop, None, 0, 3) + numbers(shop, None, 3, 3) + numbers(shop, None, 6, 3)
    assert pages == everything


def test_sort_by_total_ascending(shop):
    rows = shop.run(orders.list_orders, sort="total", descending=False)
    assert [r.total_minor for r in rows] == sorted(r.total_minor for r in rows)
    with pytest.raises(InvalidInput):
        shop.run(orders.list_orders, sort="'; drop table orders")


def test_filters_store_status_dates_flags(shop):
    woo = shop.run(lambda s: s.scalar(select(Order.store_id).where(Order.number == "4501")))
    assert sorted(numbers(shop, OrderFilter(store_id=woo))) == ["4501", "4502", "4503"]
    assert numbers(shop, OrderFilter(statuses=("cancelled",))) == ["4502", "#1002"]
    flt = OrderFilter(placed_from=datetime(2026, 11, 2, tzinfo=UTC),
                      placed_to=datetime(2026, 11, 3, tzinfo=UTC))
    assert set(numbers(shop, flt)) == {"#1002", "502"}
    unmatched = numbers(shop, OrderFilter(flags=frozenset({"unmatched"})))
    assert "#1001" in unmatched and "4503" in unmatched
    assert shop.run(orders.count_orders, OrderFilter(flags=frozenset({"oversold"}))) == len(
        numbers(shop, OrderFilter(statuses=("backorder",))))


@pytest.mark.parametrize(("term", "expected"), [
    ("#1001", {"#1001"}), ("1001", {"#1001"}), ("zoe@example.com", {"#1001", "4502"}),
    # 4502 is Zoë Adams's: found by her own name, not by Zoë Müller's customer record.
    ("müller", {"#1001"}), ("adams", {"4502"}),
    ("MUG-RED", {"#1001", "4501"}), ("12-34567-89013", {"502"}),
    ("O'Brien", {"501", "502"}), ("100%", set()),
])
def test_search_by_number_customer_email_and_sku(shop, term, expected):
    # 4502 is Zoë's WooCommerce order: same email, so the same customer as #1001.
    assert set(numbers(shop, OrderFilter(search=term))) == expected


def test_detail_has_lines_address_and_events(shop):
    oid = shop.run(orders.find_order, "#1001")
    detail = shop.run(orders.order_detail, oid)
    assert detail.ship_to["street1"] == "Flat 2, Rose Court 7"
    assert [(ln.channel_sku, ln.state) for ln in detail.lines] == [
        ("MUG-RED", "reserved"), ("TEE-M", "unmatched")]
    assert [e.action for e in detail.events] == ["imported", "backorder"]
    data = detail.as_json()
    assert data["lines"][0] == {"sku": "MUG-RED", "channel_sku": "MUG-RED",
                                "title": "Mug, red", "quantity": 2, "unit_price": "12.50",
                                "line_total": "25.00", "listing_id": "", "variation": "",
                                "reserved": 2, "state": "reserved", "matched": True}
    assert data["total"] == "41.90"


def test_find_order_explains_misses(shop):
    with pytest.raises(NotFound):
        shop.run(orders.find_order, "#9999")


def test_edit_ship_to_is_audited(shop):
    oid = shop.run(orders.find_order, "4501")
    after = shop.run(order_actions.update_ship_to, oid, {"street1": "10 King St",
                                                        "country": "New Zealand"}, actor=ACTOR)
    assert (after["street1"], after["country"]) == ("10 King St", "NZ")
    event = shop.run(orders.order_detail, oid).events[-1]
    assert event.action == "address edited" and event.user == "tester"
    assert "'Hauptstraße 5, 2. OG' -> '10 King St'" in event.details
    with pytest.raises(InvalidInput):
        shop.run(order_actions.update_ship_to, oid, {"country": "Atlantis"}, actor=ACTOR)
    shipped = shop.run(orders.find_order, "4503")
    with pytest.raises(InvalidInput, match="shipped"):
        shop.run(order_actions.update_ship_to, shipped, {"city": "X"}, actor=ACTOR)


def test_export_is_safe_against_formula_injection(shop):
    oid = shop.run(orders.find_order, "4501")
    shop.run(order_actions.update_ship_to, oid, {"name": "=HYPERLINK(\"http://x\")",
                                                 "city": "+1 city", "street2": "@SUM(A1)"},
             actor=ACTOR)
    text = shop.run(order_export.export_orders_csv, [oid, shop.run(orders.find_order, "#1001")])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["Ship name"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["City"] == "'+1 city" and rows[0]["Street 2"] == "'@SUM(A1)"
    assert rows[0]["Total"] == "42.40"
    assert rows[1]["SKUs"] == "MUG-REDx2 TEE-Mx1"
    assert order_export.safe_cell("-12.50") == "-12.50"
    assert order_export.safe_cell("-x") == "'-x"


@pytest.mark.parametrize("term", ["zoe@example.com", "MUG-RED", "O'Brien", "#1001"])
def test_search_finds_the_same_orders_when_matches_are_many(shop, monkeypatch, term):
    few = set(numbers(shop, OrderFilter(search=term)))
    monkeypatch.setattr(order_search, "SEARCH_CAP", 0)  # force the 'many matches' plan
    assert set(numbers(shop, OrderFilter(search=term))) == few
