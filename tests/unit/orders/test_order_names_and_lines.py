"""An order's own names, exact line totals, and linking lines the store sent without a SKU."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.models import Customer, Order, OrderLine, Store
from app.models.order_links import ListingLink
from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
from app.services.orders import exporting as order_export
from app.services.orders import reads as orders
from app.services.orders import sku_links
from app.services.orders.importing import import_into_store
from app.services.orders.reads import OrderFilter
from tests.unit.orders.helpers import ACTOR, add_product

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _order(ext, lines, *, bill="", ship="", email="", hours=0, customer=""):
    total = sum(ln.line_total_minor if ln.line_total_minor is not None
                else ln.quantity * ln.unit_price_minor for ln in lines)
    return OrderRecord(ext, f"#{ext}", T0 + timedelta(hours=hours), "EUR", tuple(lines),
                       subtotal_minor=total, total_minor=total, customer_email=email,
                       customer_name=customer or bill, bill_name=bill, ship_name=ship)


def _import(backend, *records, store="Etsy", kind="etsy"):
    return backend.run(import_into_store, ParseResult("etsy", tuple(records)), store, kind,
                       actor=ACTOR)


def _line(title, listing="", variation="", qty=1, unit=1000, sku="", total=None):
    return OrderLineRecord(sku, title, qty, unit, line_total_minor=total, listing_id=listing,
                           variation=variation)


# -- names ----------------------------------------------------------------------------------

def test_an_order_is_listed_found_and_exported_under_its_own_names(backend):
    # A gift buyer and her daughter share one email: one customer record, two orders.
    _import(backend,
            _order("1060", [_line("Mug")], bill="Zoë Müller", ship="Zoë Müller",
                   email="family@example.com"),
            _order("1061", [_line("Mug")], bill="Zoë Adams", ship="Mia Adams",
                   email="family@example.com", hours=1))
    assert backend.run(lambda s: s.scalars(select(Customer.name)).all()) == ["Zoë Müller"]
    listed = {r.number: r.customer for r in backend.run(orders.list_orders)}
    assert listed == {"#1060": "Zoë Müller", "#1061": "Zoë Adams"}

    def found(term):
        return {r.number for r in backend.run(orders.list_orders, OrderFilter(search=term))}

    assert found("Adams") == {"#1061"}                 # bill-to
    assert found("mia") == {"#1061"}                   # ship-to
    assert found("Müller") == {"#1060"}                # not the other one's record name
    assert found("family@example.com") == {"#1060", "#1061"}   # the record keeps the history
    oid = backend.run(orders.find_order, "#1061")
    detail = backend.run(orders.order_detail, oid)
    assert (detail.customer_name, detail.ship_to["name"]) == ("Zoë Adams", "Mia Adams")
    assert detail.as_json()["customer"] == {
        "name": "Zoë Adams", "email": "family@example.com", "phone": "",
        "record_name": "Zoë Müller", "record_orders": 2}
    rows = list(csv.DictReader(io.StringIO(backend.run(order_export.export_orders_csv,
                                                       [oid]))))
    assert (rows[0]["Customer"], rows[0]["Ship name"]) == ("Zoë Adams", "Mia Adams")
    by_customer = [r.customer for r in backend.run(orders.list_orders, sort="customer",
                                                   descending=False)]
    assert by_customer == ["Zoë Adams", "Zoë Müller"]


def test_without_a_bill_to_name_the_order_goes_by_its_ship_to_name(backend):
    _import(backend, _order("1", [_line("Mug")], ship="Sam Post"))
    assert [r.customer for r in backend.run(orders.list_orders)] == ["Sam Post"]


# -- line totals ------------------------------------------------------------------------------

def test_a_line_keeps_the_exact_amount_the_store_charged(backend):
    # Amazon: 1.29 for two. No unit price in cents says that; the line total does.
    _import(backend, _order("1", [_line("Pencil", qty=2, unit=65, total=129),
                                  _line("Pad", qty=3, unit=250)]))
    oid = backend.run(orders.find_order, "#1")
    detail = backend.run(orders.order_detail, oid)
    assert [ln.line_total_minor for ln in detail.lines] == [129, 750]
    assert [ln["line_total"] for ln in detail.as_json()["lines"]] == ["1.29", "7.50"]
    assert detail.total_minor == 879
    row = next(csv.DictReader(io.StringIO(backend.run(order_export.export_orders_csv, [oid]))))
    assert row["Line totals"] == "1.29 7.50"


def test_lines_stored_without_a_total_cost_quantity_times_price(session):
    # Older callers and tests that build OrderLine rows themselves.
    store = Store(name="S", kind="manual", currency="EUR")
    session.add(store)
    session.flush()
    order = Order(store_id=store.id, external_id="x", number="x", placed_at=T0,
                  currency="EUR")
    order.lines = [OrderLine(quantity=3, unit_price_minor=250, title="Pad")]
    session.add(order)
    session.flush()
    assert order.lines[0].line_total_minor == 750


# -- lines without a SKU ------------------------------------------------------------------------

def _unmatched(backend, number):
    oid = backend.run(orders.find_order, number)
    return [(ln.title, ln.state) for ln in backend.run(orders.order_detail, oid).lines]


def test_a_line_without_a_sku_is_linked_by_listing_and_variation(backend):
    backend.run(add_product, "RING-M", 5)
    backend.run(add_product, "RING-L", 0)
    _import(backend,
            _order("1", [_line("Ring", "L100", "Size: M")]),
            _order("2", [_line("Ring", "L100", "Size: M", qty=2), _line("Ring", "L100",
                                                                         "Size: L")]),
            _order("3", [_line("Ring (renamed)", "L100", "Size: M")]))
    # Another store's listing L100 is another thing.
    _import(backend, _order("9", [_line("Ring", "L100", "Size: M")]), store="Etsy 2")
    assert _unmatched(backend, "#1") == [("Ring", "unmatched")]
    oid = backend.run(orders.find_order, "#1")
    line = backend.run(orders.order_detail, oid).lines[0]
    assert "no SKU from the store; listing L100 (Size: M) is not linked" in line.reason
    result = backend.run(sku_links.link_line, line.line_id, "RING-M", actor=ACTOR)
    # Every open line of the store with listing L100 / Size: M, titles as they may be.
    assert result.lines_matched == 3
    assert _unmatched(backend, "#3") == [("Ring (renamed)", "reserved")]
    assert backend.run(lambda s: s.scalar(select(Order.status).where(
        Order.number == "#1"))) == "reserved"
    # Size L is still unmatched, so #2 waits; the other store's order is untouched.
    assert [state for _t, state in _unmatched(backend, "#2")] == ["reserved", "unmatched"]
    nine = backend.run(lambda s: s.scalar(select(OrderLine.product_id).join(Order).where(
        Order.number == "#9")))
    assert nine is None
    # The link is remembered: the next import of that listing is matched at once.
    summary = _import(backend, _order("4", [_line("Ring", "L100", "Size: M")], hours=5))
    assert summary.unmatched_lines == 0
    assert backend.run(lambda s: s.scalar(select(OrderLine.product_id).join(Order).where(
        Order.number == "#4"))) is not None


def test_without_a_listing_id_the_title_and_variation_link(backend):
    backend.run(add_product, "CANDLE", 5)
    _import(backend, _order("1", [_line("Candle", variation="Scent: fig")]),
            _order("2", [_line("Candle", variation="Scent: fig")]),
            _order("3", [_line("Candle", variation="Scent: rose")]), store="Shop",
            kind="shopify")
    oid = backend.run(orders.find_order, "#1")
    line = backend.run(orders.order_detail, oid).lines[0]
    assert backend.run(sku_links.link_line, line.line_id, "CANDLE",
                       actor=ACTOR).lines_matched == 2
    assert _unmatched(backend, "#3") == [("Candle", "unmatched")]
    links = backend.run(lambda s: [(x.listing_id, x.title, x.variation)
                                   for x in s.scalars(select(ListingLink))])
    assert links == [("", "Candle", "Scent: fig")]


def test_a_line_with_a_sku_still_links_by_its_sku(backend):
    backend.run(add_product, "MUG-1", 5)
    _import(backend, _order("1", [_line("Mug", sku="STORE-MUG")]), store="Shop",
            kind="shopify")
    oid = backend.run(orders.find_order, "#1")
    line = backend.run(orders.order_detail, oid).lines[0]
    backend.run(sku_links.link_line, line.line_id, "MUG-1", actor=ACTOR)
    assert _unmatched(backend, "#1") == [("Mug", "reserved")]
