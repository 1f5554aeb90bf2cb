"""Whatever a file holds, an import ends in a message (BackroomError, RowProblems) or in
records the database keeps as they are, on SQLite and PostgreSQL alike: never another
exception. Real exports from tests/data are broken cell by cell with hostile values."""

from __future__ import annotations

import csv
import io
from dataclasses import fields
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.core.errors import BackroomError
from app.services.counts.importing import parse_count_csv
from app.services.importers import dates, limits
from app.services.importers.csv_text import Source, read_table
from app.services.importers.detect import parse_sources
from app.services.importers.order_records import OrderRecord
from app.services.importers.products_csv import parse_products_data

DATA = Path(__file__).parents[1] / "data" / "orders"
ORDER_FILES = (("shopify_orders.csv",), ("woocommerce_orders.csv",), ("ebay_orders.csv",),
               ("amazon_all_orders.txt",), ("etsy_sold_orders.csv", "etsy_sold_order_items.csv"))
HOSTILE = ["NaN", "Infinity", "-Infinity", "1e309", "1e20", "100000000000000000000", "-0",
           "0001-01-01", "9999-12-31 23:59:59 -0100", "31/02/2026", "٣", "³", "²", "１２",
           "12.345", "1.234.567,891", "(5)", "5-", "$", "€ 1,00", "\x00", "A\x00B", "=1+1",
           "\ufeff", "'", '"', "x" * 300, "7" * 70, "", " ", "\u202e", "Zoë"]
hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12),
                    st.text(alphabet="0123456789.,-+e ", max_size=25))
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _write(header: tuple[str, ...], rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _encode(text: str, how: str) -> bytes:
    if how == "cp1252":
        return text.encode("cp1252", errors="replace")
    data = text.encode("utf-8", errors="replace")
    if how == "truncated" and len(data) > 10:
        middle = len(data) // 2
        return data[:middle] + b"\xc3" + data[middle:]
    return data


def _fits(order: OrderRecord) -> None:
    """What `finish` lets through is what the database keeps unchanged."""
    assert dates.EARLIEST <= order.placed_at < dates.LATEST
    for name, limit in limits.ORDER_TEXT.items():
        assert len(getattr(order, name)) <= limit.length, name
    assert len(order.notes) <= limits.MAX_NOTES
    texts = [getattr(order, f.name) for f in fields(order) if isinstance(getattr(order, f.name),
                                                                         str)]
    for ln in order.lines:
        assert 0 < ln.quantity <= limits.MAX_QUANTITY
        assert abs(ln.quantity * ln.unit_price_minor) <= limits.MAX_MINOR
        assert len(ln.channel_sku) <= limits.LINE_TEXT["channel_sku"].length
        texts += [ln.channel_sku, ln.title]
    assert not any(limits.CONTROL.search(t) for t in texts)
    for minor in (order.subtotal_minor, order.shipping_minor, order.tax_minor,
                  order.discount_minor, order.total_minor):
        assert abs(minor) <= limits.MAX_MINOR
    assert isinstance(order.placed_at, datetime)


@SETTINGS
@given(files=st.sampled_from(ORDER_FILES), which=st.integers(0, 1),
       changes=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 80), hostile),
                        min_size=1, max_size=4),
       how=st.sampled_from(["utf-8", "cp1252", "truncated"]))
def test_order_files_broken_anywhere_give_a_message_or_clean_orders(files, which, changes, how):
    sources = []
    target = which % len(files)
    for i, name in enumerate(files):
        data = (DATA / name).read_bytes()
        if i == target:
            table = read_table(Source(name, data))
            rows = [list(r.cells) for r in table.rows]
            for r, c, value in changes:
                if rows:
                    row = rows[r % len(rows)]
                    row[c % len(row)] = value
            data = _encode(_write(table.header, rows, table.delimiter), how)
        sources.append(Source(name, data))
    try:
        result = parse_sources(sources)
    except BackroomError:
        return
    for order in result.orders:
        _fits(order)


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_an_order_file_give_a_message_or_a_result(data):
    try:
        parse_sources([Source("x.csv", b"Name,Financial Status,Lineitem quantity,"
                              b"Lineitem sku,Created at,Lineitem name\n" + data)])
    except BackroomError:
        pass


PRODUCT_HEADER = ("sku", "name", "barcodes", "price", "cost", "currency", "bin", "on_hand",
                  "weight_g", "hs_code", "origin_country", "reorder_point")
GOOD_PRODUCT = ["MUG-1", "Mug", "4006381333931", "12.50", "4.00", "EUR", "A-01-1", "10", "350",
                "6912", "DE", "2"]


@SETTINGS
@given(changes=st.lists(st.tuples(st.integers(0, 11), hostile), min_size=1, max_size=4),
       how=st.sampled_from(["utf-8", "cp1252", "truncated"]))
def test_product_files_give_a_message_or_records_that_fit(changes, how):
    row = list(GOOD_PRODUCT)
    for c, value in changes:
        row[c] = value
    data = _encode(_write(PRODUCT_HEADER, [list(GOOD_PRODUCT), row], ","), how)
    try:
        records = parse_products_data("p.csv", data)
    except BackroomError:
        return
    for rec in records:
        for name in ("sku", "name", "bin", "hs_code"):
            value = getattr(rec, name) or ""
            assert limits.text_problem(value, limits.PRODUCT_TEXT[name].length) is None
        for amount in (rec.price, rec.cost):
            assert amount.is_finite() and amount * 100 <= limits.MAX_MINOR
        assert (rec.on_hand or 0) <= limits.MAX_QUANTITY
        assert (rec.weight_g or 0) <= limits.MAX_WEIGHT_G


@SETTINGS
@given(cells=st.lists(st.tuples(hostile, hostile, hostile), min_size=1, max_size=4),
       how=st.sampled_from(["utf-8", "cp1252", "truncated"]))
def test_count_files_give_a_message_or_rows_that_fit(cells, how):
    data = _encode(_write(("sku", "bin", "quantity"), [list(c) for c in cells], ","), how)
    try:
        rows = parse_count_csv("c.csv", data)
    except BackroomError:
        return
    for r in rows:
        assert 0 <= r.quantity <= limits.MAX_QUANTITY
        assert limits.text_problem(r.code, limits.MAX_CODE) is None
        assert limits.text_problem(r.bin, limits.MAX_CODE) is None
