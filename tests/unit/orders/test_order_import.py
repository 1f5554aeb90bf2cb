"""Storing imported orders: idempotent, all or nothing, customers and SKUs matched."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Customer, Order, OrderLine, StockLevel
from app.services.core.errors import Cancelled
from app.services.importers.csv_text import Source
from app.services.importers.detect import parse_paths, parse_sources
from app.services.orders import sku_links as sku_matching
from app.services.orders.importing import import_orders
from app.services.orders.setup import resolve_store
from app.services.stock import ledger
from tests.unit.orders.helpers import ACTOR, DATA, add_product, import_file


def _count(backend, model):
    return backend.run(lambda s: s.scalar(select(func.count()).select_from(model)))


def test_import_then_reimport_changes_nothing(backend):
    first = import_file(backend, "shopify_orders.csv")
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    assert _count(backend, OrderLine) == 4
    again = import_file(backend, "shopify_orders.csv")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert again.message().startswith("0 new, 0 updated, 3 unchanged")
    assert _count(backend, Order) == 3
    assert _count(backend, OrderLine) == 4


def test_the_excel_resaved_export_is_the_same_orders(backend):
    import_file(backend, "shopify_orders.csv")
    again = import_file(backend, "shopify_orders_excel_de.csv")
    assert (again.new, again.unchanged) == (0, 3)


def test_each_order_gets_an_imported_event_and_statuses_follow_the_store(backend):
    import_file(backend, "shopify_orders.csv")
    statuses = dict(backend.run(lambda s: s.execute(select(Order.number, Order.status)).all()))
    # #1002 arrived cancelled, #1003 fulfilled in Shopify; #1001 has unknown SKUs.
    assert statuses == {"#1001": "backorder", "#1002": "cancelled", "#1003": "shipped"}
    events = backend.run(lambda s: s.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "imported")))
    assert events == 3


def test_a_later_export_with_a_cancellation_updates_and_releases(backend, tmp_path):
    backend.run(add_product, "MUG-RED", 10)
    backend.run(add_product, "TEE-M", 10)
    import_file(backend, "shopify_orders.csv")
    assert backend.run(lambda s: s.scalar(select(Order.status).where(
        Order.number == "#1001"))) == "reserved"
    text = (DATA / "shopify_orders.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    rows[1][header.index("Cancelled at")] = "2026-11-02 10:00:00 +0100"
    rows[1][header.index("Financial Status")] = "voided"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    later = tmp_path / "later.csv"
    later.write_text(out.getvalue(), encoding="utf-8")
    result = parse_paths([later])

    def job(session):
        store = resolve_store(session, "Shop", "shopify")
        return import_orders(session, result, store.id, actor=ACTOR)

    summary = backend.run(job)
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 2)
    assert summary.changes == ("#1001: cancelled",)
    assert backend.run(lambda s: s.scalar(select(Order.status).where(
        Order.number == "#1001"))) == "cancelled"
    assert backend.run(ledger.check_ledger) == []
    assert backend.run(lambda s: s.scalar(select(func.sum(StockLevel.reserved)))) == 0


def test_bad_file_imports_nothing_and_lists_every_problem(backend):
    summary = import_file(backend, "shopify_orders_bad.csv")
    assert summary.refused and summary.new == 0
    assert [(p.row, p.column) for p in summary.problems] == [
        (2, "Lineitem quantity"), (3, "Created at"), (5, "Lineitem price"), (6, "Name")]
    assert _count(backend, Order) == 0
    assert "Nothing imported" in summary.message()


def test_good_rows_only_imports_whole_good_orders_and_gives_the_rejects(backend):
    summary = import_file(backend, "shopify_orders_bad.csv", good_rows_only=True)
    assert (summary.new, summary.rejected) == (1, 4)
    assert backend.run(lambda s: list(s.scalars(select(Order.number)))) == ["#2004"]
    (name, text), = summary.rejected_csv
    assert name == "shopify_orders_bad.csv"
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + 5


def test_customers_dedupe_by_email_then_name_and_postcode(backend):
    import_file(backend, "shopify_orders.csv", store="Shop A")
    import_file(backend, "woocommerce_orders.csv", store="Shop B", kind="woocommerce")
    n = _count(backend, Customer)
    # Shopify's zoe@example.com and WooCommerce's zoe@example.com are one person.
    emails = backend.run(lambda s: list(s.scalars(select(Customer.email))))
    assert emails.count("zoe@example.com") == 1
    assert n == len(emails) == 5
    # The eBay buyer's two orders make one customer.
    import_file(backend, "ebay_orders.csv", store="eBay", kind="ebay")
    assert _count(backend, Customer) == 6


def test_name_and_postcode_join_a_customer_without_email(backend):
    import_file(backend, "amazon_all_orders.txt", store="Amazon", kind="amazon")
    before = _count(backend, Customer)  # All Orders has no buyer data: no customers
    assert before == 0
    import_file(backend, "etsy_sold_orders.csv", "etsy_sold_order_items.csv", store="Etsy",
                kind="etsy")
    assert _count(backend, Customer) == 2
    import_file(backend, "etsy_sold_orders.csv", "etsy_sold_order_items.csv", store="Etsy 2",
                kind="etsy")
    assert _count(backend, Customer) == 2


def test_unknown_skus_are_flagged_and_a_link_is_remembered(backend):
    backend.run(add_product, "KC-MUG", 5)
    first = import_file(backend, "shopify_orders.csv")
    assert first.unmatched_lines == 4
    store_id = backend.run(lambda s: resolve_store(s, "Shop", "shopify").id)
    result = backend.run(sku_matching.link_sku, store_id, "MUG-RED", "KC-MUG", actor=ACTOR)
    assert result.lines_matched == 1
    matched = backend.run(lambda s: s.scalar(select(OrderLine.product_id).where(
        OrderLine.channel_sku == "MUG-RED")))
    assert matched is not None
    # The next import of the store uses the link straight away.
    woo = import_file(backend, "woocommerce_orders.csv", store="Shop", kind="shopify")
    assert woo.unmatched_lines == 3  # CARD, PEN, NB-A5 unknown; MUG-RED linked


def test_barcode_in_the_sku_column_matches_the_product(backend):
    backend.run(add_product, "OUR-PEN", 5, barcodes=("4006381333931",))
    text = (DATA / "woocommerce_orders.csv").read_bytes().replace(b",PEN,", b",4006381333931,")
    result = parse_sources([Source("w.csv", text)])

    def job(session):
        store = resolve_store(session, "Woo", "woocommerce")
        return import_orders(session, result, store.id, actor=ACTOR)

    summary = backend.run(job)
    assert summary.unmatched_lines == 3  # MUG-RED, CARD, NB-A5


def test_cancel_token_leaves_nothing_half_imported(backend):
    result = parse_paths([DATA / "shopify_orders.csv"])

    class Token:
        cancelled = False

    token = Token()
    seen = []

    def progress(done, total):
        seen.append((done, total))
        token.cancelled = True   # cancel after the first step

    def job(session):
        store = resolve_store(session, "Shop", "shopify")
        return import_orders(session, result, store.id, actor=ACTOR, progress=progress,
                             token=token)

    with pytest.raises(Cancelled):
        backend.run(job)
    assert seen == [(0, 3)]
    assert _count(backend, Order) == 0
    assert _count(backend, Customer) == 0
