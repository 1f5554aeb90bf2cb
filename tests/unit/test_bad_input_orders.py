"""Bad values in an order file end in a message naming file, row and column, never a
traceback, and never in the database (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.models import Order
from app.services.core.errors import BackroomError
from app.services.importers.csv_text import Source
from app.services.importers.detect import parse_sources
from app.services.orders.importing import import_orders
from app.services.orders.setup import resolve_store
from tests.unit.orders.helpers import ACTOR

HEADER = ("Name", "Email", "Financial Status", "Currency", "Subtotal", "Total", "Created at",
          "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku",
          "Billing Name", "Shipping Name", "Notes")
GOOD = {"Name": "#1001", "Email": "zoe@example.com", "Financial Status": "paid",
        "Currency": "EUR", "Subtotal": "25.00", "Total": "25.00",
        "Created at": "2026-11-01 10:00:00 +0100", "Lineitem quantity": "2",
        "Lineitem name": "Mug", "Lineitem price": "12.50", "Lineitem sku": "MUG-1",
        "Billing Name": "Zoë Müller", "Shipping Name": "Zoë Müller", "Notes": ""}


def shopify(*rows: dict[str, str]) -> Source:
    """A Shopify export holding one good order (#1001) and then `rows` (each a change of it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in (GOOD, *({**GOOD, "Name": f"#{2001 + i}", **r} for i, r in enumerate(rows))):
        writer.writerow([row[h] for h in HEADER])
    return Source("orders.csv", out.getvalue().encode("utf-8"))


def problems_of(source: Source, **kw: object) -> set[tuple[str, int | None, str | None]]:
    result = parse_sources([source], **kw)  # type: ignore[arg-type]
    assert [o.number for o in result.orders] == ["#1001"]  # only the good order is kept
    return {(p.file, p.row, p.column) for p in result.problems}


def store_good_rows(backend, source: Source, **kw: object) -> int:
    """Import the good orders only; the bad one must not reach (or crash) the database."""
    result = parse_sources([source], **kw)  # type: ignore[arg-type]

    def job(session):
        info = resolve_store(session, "Shop", "shopify", currency="EUR")
        import_orders(session, result, info.id, actor=ACTOR, good_rows_only=True)
        return session.scalar(select(func.count(Order.id)))

    return backend.run(job)


NOT_NUMBERS = ("NaN", "Infinity", "-Infinity", "1e309", "1e20", "100000000000000000000",
               "99999999999.99")


@pytest.mark.parametrize("column", ["Lineitem price", "Total", "Subtotal"])
@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_amounts_that_are_no_number_or_too_big_name_their_cell(backend, column, value):
    source = shopify({column: value})
    assert ("orders.csv", 3, column) in problems_of(source)
    assert store_good_rows(backend, source) == 1


@pytest.mark.parametrize("value", [*NOT_NUMBERS, "1000001", "٣", "³", "²", "１２"])
def test_quantities_that_are_no_whole_number_of_0_to_9_digits_name_their_cell(backend, value):
    source = shopify({"Lineitem quantity": value})
    assert problems_of(source) == {("orders.csv", 3, "Lineitem quantity")}
    result = parse_sources([source])
    if any(c.isdigit() and not c.isascii() for c in value):
        assert "digits 0-9" in result.problems[0].reason
    assert store_good_rows(backend, source) == 1


@pytest.mark.parametrize("value", ["0001-01-01", "0001-01-01 00:30:00",
                                   "9999-12-31 23:59:59 -0100", "9999-12-31", "1969-12-31"])
def test_dates_outside_1970_to_2099_name_their_cell(backend, value):
    source = shopify({"Created at": value})
    berlin = ZoneInfo("Europe/Berlin")  # the store's zone: 0001-01-01 is year 0 in UTC
    assert problems_of(source, tz=berlin) == {("orders.csv", 3, "Created at")}
    assert store_good_rows(backend, source, tz=berlin) == 1


def test_a_20_mb_notes_cell_is_a_message_naming_its_row():
    source = shopify({"Notes": "x" * 20_000_000})
    with pytest.raises(BackroomError, match=r"orders\.csv, row 3: a cell is longer than"):
        parse_sources([source])


def test_notes_longer_than_10000_characters_name_their_cell():
    assert problems_of(shopify({"Notes": "n" * 10_001})) == {("orders.csv", 3, "Notes")}


def test_two_order_names_that_differ_after_character_64_are_refused_not_merged(backend):
    long = "#" + "7" * 70
    source = shopify({"Name": long + "1"}, {"Name": long + "2"})
    assert problems_of(source) == {("orders.csv", 3, "Name"), ("orders.csv", 4, "Name")}
    assert store_good_rows(backend, source) == 1


def test_a_10000_character_sku_is_refused_with_a_short_message(backend):
    source = shopify({"Lineitem sku": "S" * 10_000})
    result = parse_sources([source])
    assert {(p.row, p.column) for p in result.problems} == {(3, "Lineitem sku")}
    assert "10,000 characters" in str(result.problems[0])
    assert len(str(result.problems[0])) < 200
    assert store_good_rows(backend, source) == 1


@pytest.mark.parametrize("column", ["Billing Name", "Lineitem sku", "Notes", "Lineitem name"])
def test_nul_bytes_are_refused_the_same_on_both_databases(backend, column):
    source = shopify({column: "Bob\x00Smith"})
    result = parse_sources([source])
    assert {(p.row, p.column) for p in result.problems} == {(3, column)}
    assert "U+0000" in result.problems[0].reason
    assert store_good_rows(backend, source) == 1
