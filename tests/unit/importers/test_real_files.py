"""Every real order export in tests/data/orders/realdata, with its exact figures.

The files were published by other projects (see realdata/SOURCES.md); nobody here wrote them.
Each expected number below was worked out from the raw file with a few lines of pandas/csv
(orders, lines, units, the sum of the file's own order totals and taxes per currency), not by
running our importers, and is written here as a literal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.core.errors import InvalidInput
from app.services.importers.csv_text import Source
from app.services.importers.detect import (
    detect_format,
    detect_layout,
    parse_paths,
    read_header,
)
from app.services.importers.order_records import ParseResult

REAL = Path(__file__).parents[2] / "data" / "orders" / "realdata"


def figures(result: ParseResult) -> tuple[int, int, int, dict[str, int], dict[str, int]]:
    """(orders, lines, units, total per currency, tax per currency), all in minor units."""
    totals: dict[str, int] = {}
    taxes: dict[str, int] = {}
    for o in result.orders:
        totals[o.currency] = totals.get(o.currency, 0) + o.total_minor
        taxes[o.currency] = taxes.get(o.currency, 0) + o.tax_minor
    lines = [ln for o in result.orders for ln in o.lines]
    return (len(result.orders), len(lines), sum(ln.quantity for ln in lines), totals, taxes)


def parse(*names: str) -> ParseResult:
    result = parse_paths([str(REAL / n) for n in names])
    assert result.ok, [str(p) for p in result.problems]
    return result


def by_number(result: ParseResult) -> dict:
    return {o.number: o for o in result.orders}


# --- Amazon ------------------------------------------------------------------------------

def test_amazon_new_orders_flat_file():
    result = parse("amazon_simpleinventory_neworders.txt")
    assert figures(result) == (4, 6, 10, {"USD": 1968}, {"USD": 0})
    orders = by_number(result)
    two = orders["222-3333333-4444444"]
    # item-price is the whole line: 1.29 for two units stays 1.29, shown as 0.65 a unit.
    assert [(ln.quantity, ln.line_total_minor, ln.unit_price_minor) for ln in two.lines] == [
        (2, 129, 65), (2, 129, 65)]
    assert two.subtotal_minor == 258 and two.total_minor == 258 + 2 * 199
    assert sum(ln.line_total_minor for o in result.orders for ln in o.lines) == 6 * 129
    assert (two.bill_name, two.ship_name, two.ship_street1, two.ship_postcode) == (
        "John Johnson", "John Johnson", "111 Main St", "22222-3333")


# --- eBay --------------------------------------------------------------------------------

def test_ebay_selling_manager_sales_history_with_trailer():
    result = parse("ebay_damascene_SalesHistory.csv")
    assert result.format == "ebay"
    assert figures(result) == (4, 4, 10, {"USD": 4630}, {"USD": 0})
    orders = by_number(result)
    assert list(orders) == ["801", "802", "803", "804"]
    o = orders["802"]
    assert (o.bill_name, o.customer_name, o.ship_name) == ("Maria Demir",) * 3
    assert (o.ship_street1, o.ship_city, o.ship_postcode, o.ship_country) == (
        "66 Blue avenue", "South Forest", "4441", "SE")
    assert o.customer_email == "someonerandom@gmail.com"
    # Sale Price is per unit; the whole total is the items, not tax.
    assert (o.subtotal_minor, o.shipping_minor, o.tax_minor, o.total_minor) == (1180, 0, 0, 1180)
    ln = o.lines[0]
    assert (ln.channel_sku, ln.quantity, ln.unit_price_minor, ln.listing_id) == (
        "SHRT-300-M", 2, 590, "271965250000")
    assert ln.variation == "Size Type:Regular,Size (Men's):M"
    assert o.financial_status == "paid" and not o.fulfilled


# --- Shopify -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("shopify_zhangerson_orders_export.csv", (5, 6, 6, {"BDT": 770000}, {"BDT": 0})),
    ("shopify_zhangerson_orders_export_1.csv", (3, 3, 5, {"BDT": 580000}, {"BDT": 0})),
    ("shopify_kidsliving_orders_export.csv", (50, 101, 101, {"ZAR": 14769900},
                                               {"ZAR": 1883397})),
    ("shopify_autofulfill5000_orders_export.csv", (20, 64, 176, {"CAD": 223895},
                                                    {"CAD": 21618})),
])
def test_shopify_exports(name, expected):
    result = parse(name)
    assert result.format == "shopify"
    assert figures(result) == expected
    for o in result.orders:
        assert o.bill_name  # every one of these orders has a Billing Name


def test_shopify_cancelled_orders_and_lines_without_sku():
    kids = by_number(parse("shopify_kidsliving_orders_export.csv"))
    assert sorted(n for n, o in kids.items() if o.cancelled) == ["#13549", "#13554"]
    auto = parse("shopify_autofulfill5000_orders_export.csv")
    assert all(ln.channel_sku == "" and ln.title for o in auto.orders for ln in o.lines)


# --- WooCommerce -------------------------------------------------------------------------

def test_woocommerce_skyverge_customer_order_csv_export():
    result = parse("woocommerce_skyverge_sheriefaboelaze.csv")
    assert result.format == "woocommerce"
    assert figures(result) == (221, 221, 377, {"CAD": 639246}, {"CAD": 68331})
    o = by_number(result)["2688"]
    assert (o.bill_name, o.ship_name, o.customer_email) == (
        "Wendy Myslin", "Wendy Myslin", "wendy.myslin@gmail.com")
    assert (o.ship_street1, o.ship_city, o.ship_state, o.ship_postcode, o.ship_country) == (
        "40 Northwest Court", "Georgetown", "ON", "L7G 0K8", "CA")
    ln = o.lines[0]
    assert (ln.title, ln.channel_sku, ln.listing_id, ln.quantity, ln.line_total_minor) == (
        "Patty and the Pandemic", "", "1285", 2, 2790)
    assert (o.subtotal_minor, o.shipping_minor, o.tax_minor, o.total_minor) == (
        2790, 200, 363, 3353)
    # Every order adds up: lines + shipping + tax - discount = the file's order_total.
    assert all(x.subtotal_minor + x.shipping_minor + x.tax_minor - x.discount_minor
               == x.total_minor for x in result.orders)


# --- Etsy --------------------------------------------------------------------------------

def test_etsy_pair_sold_orders_and_items():
    result = parse("etsy_vela_EtsySoldOrderItems2026.csv", "etsy_vela_EtsySoldOrders2026.csv")
    assert result.format == "etsy"
    assert figures(result) == (1115, 1327, 1568, {"USD": 599402}, {"USD": 0})
    lines = [ln for o in result.orders for ln in o.lines]
    assert all(ln.channel_sku == "" and ln.listing_id for ln in lines)
    assert len({ln.listing_id for ln in lines}) == 77
    assert sum(ln.line_total_minor for ln in lines) == 627482
    o = by_number(result)["4142403129"]
    assert (o.bill_name, o.ship_name, o.ship_city, o.ship_postcode) == (
        "Brian Neville", "Brian Neville", "Hoboken", "07030")


@pytest.mark.parametrize(("name", "missing"), [
    ("etsy_extantra_EtsySoldOrders2025.csv", "Sold Order Items"),
    ("etsy_epicrae_EtsySoldOrders2023_tabbed.csv", "Sold Order Items"),
    ("etsy_starry_EtsySoldOrderItems2023.csv", "Sold Orders (EtsySoldOrders"),
])
def test_single_half_of_an_etsy_pair_is_refused_naming_the_missing_file(name, missing):
    with pytest.raises(InvalidInput) as err:
        parse_paths([str(REAL / name)])
    message = str(err.value)
    assert name in message
    assert f"its {missing}" in message and "is missing" in message


# --- detection and coverage --------------------------------------------------------------

LAYOUTS = {
    "amazon_simpleinventory_neworders.txt": "amazon",
    "ebay_damascene_SalesHistory.csv": "ebay-selling-manager",
    "etsy_epicrae_EtsySoldOrders2023_tabbed.csv": "etsy-orders",
    "etsy_extantra_EtsySoldOrders2025.csv": "etsy-orders",
    "etsy_starry_EtsySoldOrderItems2023.csv": "etsy-items",
    "etsy_vela_EtsySoldOrderItems2026.csv": "etsy-items",
    "etsy_vela_EtsySoldOrders2026.csv": "etsy-orders",
    "shopify_autofulfill5000_orders_export.csv": "shopify",
    "shopify_kidsliving_orders_export.csv": "shopify",
    "shopify_zhangerson_orders_export.csv": "shopify",
    "shopify_zhangerson_orders_export_1.csv": "shopify",
    "woocommerce_skyverge_sheriefaboelaze.csv": "woocommerce-line-items",
}


@pytest.mark.parametrize(("name", "layout"), sorted(LAYOUTS.items()))
def test_every_real_file_is_detected(name, layout):
    header = read_header(Source(name, (REAL / name).read_bytes()))
    assert detect_layout(header) == layout
    store_format = layout if layout.startswith("etsy") else layout.split("-")[0]
    assert detect_format(header) == store_format


def test_every_real_file_has_a_test():
    on_disk = {p.name for p in REAL.iterdir() if p.name != "SOURCES.md"}
    assert on_disk == set(LAYOUTS)
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"| {name} |" in sources for name in on_disk)
