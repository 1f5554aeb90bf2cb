"""Products CSV: import sets bins and opening stock by moves; re-import changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Product, StockMove
from app.services.core.errors import FileProblem
from app.services.stock import ledger
from app.services.stock import products_file as products_io
from app.services.stock import reads as stock_reads

GOOD = (
    "SKU;Name;Barcodes;Price;Cost;Currency;Bin;On Hand\n"
    'MUG-1;"Mug; blue, large";4006381333931|MUG-INT;12,50;4,00;EUR;A-01-1;10\n'
    "TEA-1;Teapot;036000291452;1.234,50;300;EUR;B-02-1;3\n"
)


def test_import_then_reimport_is_idempotent(session, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text("\ufeff" + GOOD, encoding="utf-8")
    first = products_io.import_products(session, path)
    assert (first.created, first.updated, first.stock_adjusted) == (2, 0, 2)
    again = products_io.import_products(session, path)
    assert (again.created, again.updated, again.stock_adjusted) == (0, 2, 0)
    assert session.scalar(select(func.count(Product.id))) == 2
    assert session.scalar(select(func.count(StockMove.id))) == 2
    rows = {(r.sku, r.bin, r.on_hand)
            for r in stock_reads.level_rows(session, every_place=True, limit=None)}
    assert rows == {("MUG-1", "A-01-1", 10), ("TEA-1", "B-02-1", 3)}
    tea = session.scalar(select(Product).where(Product.sku == "TEA-1"))
    assert tea.price_minor == 123450
    assert ledger.check_ledger(session) == []


def test_changed_on_hand_is_an_adjustment_move(session, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(GOOD)
    products_io.import_products(session, path)
    path.write_text(GOOD.replace(";A-01-1;10", ";A-01-1;7"))
    assert products_io.import_products(session, path).stock_adjusted == 1
    assert stock_reads.level_rows(session, skus=["MUG-1"], every_place=True)[0].on_hand == 7
    assert ledger.check_ledger(session) == []


def test_bad_file_names_rows_and_columns_and_imports_nothing(session, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("sku,name,price,bin,on_hand\nA,Apple,abc,A-1,1\n,Nameless,1,A-1,1\n"
                    "C,Cherry,1,A-1,-2\n")
    with pytest.raises(FileProblem) as err:
        products_io.import_products(session, path)
    text = str(err.value)
    assert "3 bad row(s)" in text
    assert "bad.csv, row 2, column 'price': 'abc' is not a number" in text
    assert "row 3, column 'sku'" in text
    assert "row 4, column 'on_hand': -2 is negative" in text
    assert session.scalar(select(func.count(Product.id))) == 0


def test_bad_barcode_and_missing_column(session, tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("sku,name,barcodes\nA,Apple,4006381333932\n")
    with pytest.raises(FileProblem, match="row 2, column 'barcodes'.*check digit"):
        products_io.import_products(session, path)
    path.write_text("code,title\nA,Apple\n")
    with pytest.raises(FileProblem, match="required column 'sku' is missing"):
        products_io.import_products(session, path)


def test_export_round_trips(session, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(GOOD)
    products_io.import_products(session, path)
    exported = tmp_path / "out.csv"
    exported.write_text(products_io.export_products(session))
    assert "MUG-1,\"Mug; blue, large\",4006381333931|MUG-INT,12.50,4.00,EUR,A-01-1,10" in \
        exported.read_text()
    again = products_io.import_products(session, exported)
    assert (again.created, again.stock_adjusted) == (0, 0)
