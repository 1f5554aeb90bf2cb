"""Each store's order export, parsed from small real-shaped files in tests/data/orders."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.services.core.errors import InvalidInput
from app.services.importers.csv_text import Source
from app.services.importers.detect import detect_format, parse_paths, parse_sources, read_header
from app.services.importers.mapped_orders import ColumnMapping, guess_mapping
from app.services.importers.mapped_orders import parse as parse_mapped

DATA = Path(__file__).parents[2] / "data" / "orders"


def orders_by_number(result):
    return {o.number: o for o in result.orders}


@pytest.mark.parametrize("name", ["shopify_orders.csv", "shopify_orders_excel_de.csv"])
def test_shopify_multi_line_orders_bom_and_excel_resave_read_the_same(name):
    result = parse_paths([DATA / name])
    assert result.ok and result.format == "shopify"
    orders = orders_by_number(result)
    assert list(orders) == ["#1001", "#1002", "#1003"]
    o = orders["#1001"]
    assert o.placed_at == datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    assert (o.currency, o.subtotal_minor, o.shipping_minor, o.tax_minor, o.total_minor) == (
        "EUR", 3700, 490, 703, 4190)
    assert [(ln.channel_sku, ln.quantity, ln.unit_price_minor) for ln in o.lines] == [
        ("MUG-RED", 2, 1250), ("TEE-M", 1, 1200)]
    assert o.lines[1].title == 'T-shirt "Logo" M'
    assert o.customer_name == o.ship_name == "Zoë Müller"
    assert o.customer_email == "zoe@example.com"
    assert (o.ship_street1, o.ship_street2) == ("Flat 2, Rose Court 7", "Hinterhaus")
    assert o.ship_company == "Müller & Söhne, GmbH"
    assert o.notes == "Please leave at the door,\nnot with the neighbours"
    assert o.source_rows == (2, 3)
    assert not (o.cancelled or o.refunded or o.fulfilled)


def test_shopify_status_hints_and_quirks():
    orders = orders_by_number(parse_paths([DATA / "shopify_orders.csv"]))
    cancelled = orders["#1002"]
    assert cancelled.cancelled and cancelled.refunded
    assert cancelled.total_minor == 125000  # "1,250.00"
    assert cancelled.ship_postcode == "02134"  # Shopify's leading apostrophe removed
    partly = orders["#1003"]
    assert partly.fulfilled and not partly.refunded and not partly.cancelled
    assert partly.financial_status == "partially_refunded"
    assert (partly.currency, partly.discount_minor) == ("GBP", 500)


def test_bad_file_lists_every_bad_row_and_keeps_only_whole_good_orders():
    result = parse_paths([DATA / "shopify_orders_bad.csv"])
    assert not result.ok
    found = [(p.file, p.row, p.column) for p in result.problems]
    assert found == [
        ("shopify_orders_bad.csv", 2, "Lineitem quantity"),
        ("shopify_orders_bad.csv", 3, "Created at"),
        ("shopify_orders_bad.csv", 5, "Lineitem price"),
        ("shopify_orders_bad.csv", 6, "Name"),
    ]
    assert "shopify_orders_bad.csv, row 2, column 'Lineitem quantity'" in str(result.problems[0])
    # #2003 has a good row 4 and a bad row 5: the whole order is refused, not half of it.
    assert [o.number for o in result.orders] == ["#2004"]
    rejected = result.rejected_csv()["shopify_orders_bad.csv"]
    rows = list(csv.reader(io.StringIO(rejected)))
    assert rows[0][0] == "Name" and rows[0][-1] == "Problem"
    assert [r[0] for r in rows[1:]] == ["#2001", "#2002", "#2003", "#2003", ""]
    assert rows[3][-1] == "other rows of this order"
    assert rows[4][-1].startswith("Lineitem price: '1.2.3'")
    assert "not a date" in rows[2][-1]


def test_missing_required_column_is_named_and_nothing_is_read(tmp_path):
    src = Source("cut.csv", b"Name,Financial Status,Lineitem sku,Lineitem quantity\n#1,paid,X,1\n")
    result = parse_sources([src], "shopify")
    assert result.orders == ()
    assert [(p.row, p.column) for p in result.problems] == [(1, "Created at"), (1, "Lineitem name")]
    assert "required column is missing" in result.problems[0].reason


def test_woocommerce_cp1252_and_one_row_per_item():
    result = parse_paths([DATA / "woocommerce_orders.csv"])
    assert result.ok and result.format == "woocommerce"
    orders = orders_by_number(result)
    o = orders["4501"]
    assert o.customer_name == "Jürgen Groß" and o.ship_city == "München"
    assert o.ship_street1 == "Hauptstraße 5, 2. OG"
    assert o.customer_email == "jg@example.de"
    assert [(ln.channel_sku, ln.quantity) for ln in o.lines] == [("MUG-RED", 3), ("CARD", 1)]
    assert (o.subtotal_minor, o.shipping_minor, o.total_minor) == (3750, 490, 4240)
    assert orders["4502"].cancelled and orders["4502"].discount_minor == 100
    assert orders["4503"].fulfilled and orders["4503"].currency == "NZD"


def test_etsy_joins_sold_orders_with_items_in_either_order():
    paths = [DATA / "etsy_sold_order_items.csv", DATA / "etsy_sold_orders.csv"]
    result = parse_paths(paths)
    assert result.ok and result.format == "etsy"
    orders = orders_by_number(result)
    o = orders["3012345678"]
    assert o.placed_at.date().isoformat() == "2026-11-01"
    assert [(ln.channel_sku, ln.title, ln.quantity, ln.unit_price_minor) for ln in o.lines] == [
        ("MUG-RED", "Red mug, handmade", 2, 1200), ("PRINT-A4", "Art print A4", 1, 1000)]
    assert (o.discount_minor, o.total_minor, o.ship_country) == (340, 3560, "US")
    assert o.fulfilled and o.customer_name == "Chloé Dubois"
    other = orders["3012345679"]
    assert other.cancelled and other.currency == "GBP" and other.ship_country == "GB"
    assert other.lines[0].channel_sku == ""  # no SKU: kept, the store links it later


def test_etsy_needs_both_files():
    with pytest.raises(InvalidInput, match="Sold Order Items"):
        parse_paths([DATA / "etsy_sold_orders.csv"])


def test_etsy_items_without_their_order_are_problems(tmp_path):
    items = (DATA / "etsy_sold_order_items.csv").read_bytes()
    orders = (DATA / "etsy_sold_orders.csv").read_bytes().splitlines(keepends=True)
    only_first = Source("orders.csv", orders[0] + orders[1])
    result = parse_sources([only_first, Source("items.csv", items)])
    assert [o.number for o in result.orders] == ["3012345678"]
    assert [(p.file, p.row) for p in result.problems] == [("items.csv", 4)]
    assert "not in the Sold Orders file" in result.problems[0].reason


def test_ebay_blank_first_line_symbols_summary_row_and_trailer():
    result = parse_paths([DATA / "ebay_orders.csv"])
    assert result.ok and result.format == "ebay"
    orders = orders_by_number(result)
    assert list(orders) == ["501", "502"]
    single = orders["501"]
    assert (single.currency, single.total_minor, single.shipping_minor) == ("GBP", 1649, 399)
    assert single.tracking_number == "H01ABC" and single.ship_street1 == "Unit 5, Dock Road"
    multi = orders["502"]
    assert multi.external_id == "12-34567-89013"
    assert [(ln.channel_sku, ln.quantity, ln.unit_price_minor) for ln in multi.lines] == [
        ("MUG-BLUE", 1, 1250), ("COAST-1", 2, 574)]
    # Totals come from the order summary row, once, not from summing the item rows as well.
    assert (multi.subtotal_minor, multi.shipping_minor, multi.total_minor) == (2398, 450, 2848)
    assert multi.source_rows == (4, 5, 6)


def test_amazon_all_orders_afn_multi_item_and_cancelled():
    result = parse_paths([DATA / "amazon_all_orders.txt"])
    assert result.ok and result.format == "amazon"
    orders = orders_by_number(result)
    afn = orders["113-1111111-1111111"]
    assert afn.fulfilled_by_channel and afn.fulfilled
    assert afn.lines[0].unit_price_minor == 1250  # item-price is for the whole line of 2
    mfn = orders["113-2222222-2222222"]
    assert not mfn.fulfilled_by_channel
    assert mfn.placed_at == datetime(2026, 11, 2, 23, 30, tzinfo=UTC)
    assert (mfn.subtotal_minor, mfn.shipping_minor, mfn.tax_minor, mfn.discount_minor) == (
        2300, 499, 224, 150)
    assert mfn.total_minor == 2300 + 499 + 224 - 150
    cancelled = orders["113-3333333-3333333"]
    assert cancelled.cancelled and cancelled.lines == ()


def test_amazon_unshipped_report_has_the_buyer_and_address():
    result = parse_paths([DATA / "amazon_unshipped.txt"])
    o = result.orders[0]
    assert (o.customer_name, o.ship_street1, o.ship_street2) == (
        "Dana Kim", "500 Pine St", "Suite 2, Floor 3")
    assert (o.total_minor, o.ship_postcode) == (1250 + 100 + 399, "98101-1234")


def test_mapped_hand_made_sheet_semicolons_decimal_commas_day_first():
    mapping = ColumnMapping(columns={
        "order_id": "Bestellnr", "placed_at": "Datum", "customer_name": "Kunde",
        "customer_email": "E-Mail", "ship_street1": "Straße", "ship_postcode": "PLZ",
        "ship_city": "Ort", "ship_country": "Land", "sku": "Artikelnummer", "title": "Artikel",
        "quantity": "Menge", "unit_price": "Einzelpreis", "total": "Gesamt"},
        currency="EUR", timezone="Europe/Berlin")
    mapping = ColumnMapping.from_json(mapping.to_json())
    src = Source("handmade_orders.csv", (DATA / "handmade_orders.csv").read_bytes())
    result = parse_mapped(src, mapping)
    assert result.ok
    orders = orders_by_number(result)
    assert orders["M-1"].total_minor == 102500
    assert orders["M-1"].lines[1].unit_price_minor == 100000
    assert orders["M-1"].customer_name == "Renée Köhler"
    assert orders["M-1"].ship_country == "DE"  # 'Deutschland'
    # 13.11.2026 only reads day-first; midnight in Berlin is 23:00 UTC the day before.
    assert orders["M-2"].placed_at == datetime(2026, 11, 12, 23, 0, tzinfo=UTC)


def test_mapping_check_names_what_is_missing():
    errors = ColumnMapping(columns={"placed_at": "Date"}, timezone="Mars/Base").check()
    assert "'Order id (required)' needs a column" in errors
    assert "Map the line SKU or the line product name" in errors
    assert any("Mars/Base" in e for e in errors)


def test_guess_mapping_finds_plain_headers():
    mapping = guess_mapping(["Order Number", "Date", "Email", "SKU", "Qty", "Unit Price"])
    assert mapping.columns == {"order_id": "Order Number", "number": "Order Number",
                               "placed_at": "Date", "customer_email": "Email", "sku": "SKU",
                               "quantity": "Qty", "unit_price": "Unit Price"}


@pytest.mark.parametrize(("name", "fmt"), [
    ("shopify_orders.csv", "shopify"), ("shopify_orders_excel_de.csv", "shopify"),
    ("woocommerce_orders.csv", "woocommerce"), ("etsy_sold_orders.csv", "etsy-orders"),
    ("etsy_sold_order_items.csv", "etsy-items"), ("ebay_orders.csv", "ebay"),
    ("amazon_all_orders.txt", "amazon"), ("amazon_unshipped.txt", "amazon"),
    ("handmade_orders.csv", None),
])
def test_detect_format_from_header(name, fmt):
    assert detect_format(read_header(Source(name, (DATA / name).read_bytes()))) == fmt


def test_unknown_file_asks_for_a_mapping():
    with pytest.raises(InvalidInput, match="column mapping"):
        parse_paths([DATA / "handmade_orders.csv"])
