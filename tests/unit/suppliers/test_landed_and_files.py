"""Landed-cost splits add up to the cent; supplier files (CSV, .xlsx) round-trip and a bad
file is refused whole, naming row and column."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from app.models.suppliers import Supplier, SupplierProduct
from app.services.core.errors import FileProblem
from app.services.importers.suppliers_file import parse_supplier_data
from app.services.suppliers import files
from app.services.suppliers.landed_cost import moving_average, split
from tests.unit.suppliers.world import OWNER, make_world


@given(total=st.integers(0, 10**9), weights=st.lists(st.integers(0, 10**6), min_size=1,
                                                      max_size=30))
def test_split_adds_up_exactly_and_follows_the_weights(total, weights):
    shares = split(total, weights)
    assert sum(shares) == total and all(s >= 0 for s in shares)
    whole = sum(weights) or len(weights)
    for share, w in zip(shares, weights or [1], strict=False):
        exact = total * (w if sum(weights) else 1) / whole
        assert abs(share - exact) < 1.0001


def test_moving_average_rounds_half_even_and_ignores_negative_stock():
    assert moving_average(10, 400, 11, 2750) == 321
    assert moving_average(1, 1, 1, 2) == 2          # 1.5 -> 2 (half-even)
    assert moving_average(1, 1, 3, 4) == 1          # 5/4 = 1.25 -> 1
    assert moving_average(-5, 999, 2, 500) == 250


CSV = (b"supplier,currency,class,contact,sku,supplier_sku,unit_cost,pack_size,moq,sea_days,"
       b"air_days,preferred\n"
       b"Shenzhen Lights,USD,backup,Ms Li,MUG-RED,SZ-1,2.35,6,12,40,8,no\n"
       b"Shenzhen Lights,USD,backup,,TEA-50,SZ-2,0.99,1,0,,,yes\n"
       b"Porto Paper,EUR,on trial,,,,,,,,,\n")


def test_the_importer_knows_the_models_vocabularies():
    from app.models import suppliers as models
    from app.services.importers import suppliers_file as importer

    assert importer.SUPPLIER_CLASSES == models.SUPPLIER_CLASSES
    assert importer.INCOTERMS == models.INCOTERMS
    assert importer.FREIGHT_BASES == models.FREIGHT_BASES


def test_csv_import_then_export_round_trips(session):
    make_world(session)
    got = files.import_supplier_data(session, "list.csv", CSV, actor=OWNER)
    assert (got.suppliers_new, got.prices_new) == (2, 2)
    sz = session.scalar(select(Supplier).where(Supplier.name == "Shenzhen Lights"))
    assert (sz.currency, sz.klass, sz.contact) == ("USD", "backup", "Ms Li")
    mug = session.scalar(select(SupplierProduct).where(SupplierProduct.supplier_id == sz.id,
                                                       SupplierProduct.supplier_sku == "SZ-1"))
    assert (mug.unit_cost_minor, mug.pack_size, mug.moq, mug.sea_days) == (235, 6, 12, 40)
    again = files.export_suppliers(session, ".csv")
    assert b"Shenzhen Lights,USD,backup,Ms Li" in again
    twice = files.import_supplier_data(session, "again.csv", again, actor=OWNER)
    assert (twice.suppliers_new, twice.prices_new) == (0, 0)
    xlsx = files.export_suppliers(session, ".xlsx")
    assert xlsx[:2] == b"PK"
    parsed = parse_supplier_data("again.xlsx", xlsx)
    assert {p.supplier_sku for p in parsed.prices} == {"SZ-1", "SZ-2", "NB-MUG-R", "NB-TEA"}


def test_xlsx_price_list_from_a_supplier(session):
    make_world(session)
    book = Workbook()
    sheet = book.active
    sheet.append(["Supplier", "Currency", "SKU", "Unit cost", "Pack size"])
    sheet.append(["Hanoi Weavers", "EUR", "TEA-50", 1.25, 12])
    sheet.append(["Hanoi Weavers", "EUR", "MUG-RED", "=1+1", 1])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FileProblem, match=r"row 3, column 'unit_cost'"):
        files.import_supplier_data(session, "hanoi.xlsx", out.getvalue(), actor=OWNER)
    assert session.scalar(select(func.count(Supplier.id)).where(
        Supplier.name == "Hanoi Weavers")) == 0


@pytest.mark.parametrize(("row", "where"), [
    (b"X,EURO,,,MUG-RED,,1.00,1,,,,", "column 'currency'"),
    (b"X,EUR,gold,,MUG-RED,,1.00,1,,,,", "column 'class'"),
    (b"X,EUR,,,MUG-RED,,1.00,0,,,,", "column 'pack_size'"),
    (b"X,EUR,,,MUG-RED,,-1.00,1,,,,", "column 'unit_cost'"),
    (b"X,EUR,,,MUG-RED,,1.00,1,,,,maybe", "column 'preferred'"),
    (b",EUR,,,MUG-RED,,1.00,1,,,,", "column 'supplier'"),
])
def test_bad_rows_are_named_and_nothing_is_imported(session, row, where):
    make_world(session)
    data = CSV.splitlines()[0] + b"\n" + CSV.splitlines()[1] + b"\n" + row + b"\n"
    before = session.scalar(select(func.count(Supplier.id)))
    with pytest.raises(FileProblem, match=f"row 3, {where}"):
        files.import_supplier_data(session, "bad.csv", data, actor=OWNER)
    assert session.scalar(select(func.count(Supplier.id))) == before


def test_unknown_sku_refuses_the_whole_file(session):
    make_world(session)
    with pytest.raises(FileProblem, match="NOPE"):
        files.import_supplier_data(session, "x.csv", b"supplier,currency,sku,unit_cost\n"
                                   b"A,EUR,TEA-50,1\nA,EUR,NOPE,1\n", actor=OWNER)
    assert session.scalar(select(func.count(Supplier.id)).where(Supplier.name == "A")) == 0


def test_a_price_list_row_is_defined_once():
    """The file's row is the catalogue's input plus its supplier: one list of fields."""
    from dataclasses import fields

    from app.services.importers import suppliers_file
    from app.services.suppliers import catalog

    assert catalog.SupplierProductInput is suppliers_file.SupplierProductInput
    assert issubclass(suppliers_file.PriceRecord, catalog.SupplierProductInput)
    assert [f.name for f in fields(suppliers_file.PriceRecord)] == [
        f.name for f in fields(catalog.SupplierProductInput)] + ["supplier"]
