"""Orders written as a spreadsheet would write them read back exactly through a mapping."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.importers.csv_text import Source
from app.services.importers.mapped_orders import ColumnMapping
from app.services.importers.mapped_orders import parse as parse_mapped

HEADER = ["Order", "Date", "Customer", "Street", "SKU", "Qty", "Price"]
MAPPING = {"order_id": "Order", "placed_at": "Date", "customer_name": "Customer",
           "ship_street1": "Street", "sku": "SKU", "quantity": "Qty", "unit_price": "Price"}

# Names as customers type them: accents, quotes, commas, semicolons, line breaks.
names = st.text(st.sampled_from(list("abcdefgh ÄÖÜäöüßéèçñøZoë,;\"'\n-")), min_size=1,
                max_size=24).map(str.strip).filter(bool)
lines = st.lists(st.tuples(st.from_regex(r"[A-Z]{2,4}-[0-9]{1,4}", fullmatch=True),
                           st.integers(1, 20), st.integers(0, 2_000_000)),
                 min_size=1, max_size=4)
orders = st.lists(st.tuples(names, names, lines, st.integers(0, 10**6)), min_size=1,
                  max_size=8)


def _amount(minor: int, mark: str) -> str:
    text = f"{Decimal(minor).scaleb(-2):,.2f}"
    return text if mark == "." else text.replace(",", "\0").replace(".", ",").replace("\0", ".")


@settings(max_examples=60, deadline=None)
@given(orders, st.sampled_from([",", ";", "\t"]), st.sampled_from([".", ","]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_orders_round_trip_through_any_spreadsheet_convention(data, delim, mark, encoding):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delim)
    writer.writerow(HEADER)
    expected = {}
    for i, (customer, street, items, minutes) in enumerate(data):
        number = f"A-{i}"
        placed = start + timedelta(minutes=minutes)
        for sku, qty, price in items:
            writer.writerow([number, placed.strftime("%d.%m.%Y %H:%M"), customer, street, sku,
                             qty, _amount(price, mark)])
        expected[number] = (placed, customer, street, [(s, q, p) for s, q, p in items])
    mapping = ColumnMapping(columns=MAPPING, date_format="%d.%m.%Y %H:%M", decimal_mark=mark,
                            currency="EUR", timezone="UTC")
    result = parse_mapped(Source("sheet.csv", out.getvalue().encode(encoding)), mapping)
    assert result.problems == ()
    got = {o.number: (o.placed_at, o.customer_name, o.ship_street1,
                      [(ln.channel_sku, ln.quantity, ln.unit_price_minor) for ln in o.lines])
           for o in result.orders}
    assert got == expected
    for o in result.orders:
        assert o.subtotal_minor == sum(q * p for _s, q, p in expected[o.number][3])
