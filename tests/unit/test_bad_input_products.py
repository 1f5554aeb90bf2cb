"""Bad values in a products file or the product form: a message naming file, row and
column (or the field), never a traceback, never rounded, and nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Product
from app.money import Money
from app.services.core.errors import FileProblem, InvalidInput
from app.services.stock import catalog
from app.services.stock import products_file as products_io
from app.ui.common.money_text import parse_amount

HEADER = "sku,name,barcodes,price,cost,currency,bin,on_hand,weight_g,origin_country\n"
GOOD = "MUG-1,Mug,4006381333931,12.50,4.00,EUR,A-01-1,10,350,DE\n"


def refused(session, tmp_path, row: str) -> FileProblem:
    path = tmp_path / "products.csv"
    path.write_text(HEADER + GOOD + row, encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        products_io.import_products(session, path)
    assert session.scalar(select(func.count(Product.id))) == 0
    return caught.value


@pytest.mark.parametrize("column", ["price", "cost", "weight_g", "on_hand"])
@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e309", "1e20",
                                   "100000000000000000000", "٣", "³"])
def test_numbers_that_are_no_number_or_too_big_name_row_and_column(session, tmp_path,
                                                                   column, value):
    cells = dict(zip(HEADER.strip().split(","), GOOD.strip().split(","), strict=True))
    cells.update(sku="TEA-1", barcodes="", **{column: value})
    problem = refused(session, tmp_path, ",".join(cells.values()) + "\n")
    assert f"products.csv, row 3, column '{column}'" in str(problem)
    if value in ("٣", "³"):
        assert "digits 0-9" in str(problem)


def test_a_price_finer_than_the_currency_is_refused_not_rounded(session, tmp_path):
    problem = refused(session, tmp_path, "TEA-1,Teapot,,12.345,4.00,EUR,,,,\n")
    assert "row 3, column 'price': 12.345 has more decimals than EUR allows" in str(problem)


def test_the_product_form_refuses_12_345_eur_and_nan_instead_of_rounding():
    assert parse_amount("12,50", "EUR", "Price") == Money(1250, "EUR")
    for text in ("12.345", "NaN", "Infinity", "1e309", "1e20", "100000000000000000000"):
        with pytest.raises(InvalidInput, match="^Price: "):
            parse_amount(text, "EUR", "Price")


@pytest.mark.parametrize(("row", "column"), [
    ("S" * 10_000 + ",Teapot,,1,1,EUR,,,,\n", "sku"),
    ("TEA-1,Tea\x00pot,,1,1,EUR,,,,\n", "name"),
    ("TEA-1,Teapot,,1,1,EUR," + "B" * 65 + ",,,\n", "bin"),
    ("TEA-1,Teapot,4006381333931|" + "9" * 65 + ",1,1,EUR,,,,\n", "barcodes"),
    ("TEA-1,Teapot,²²²,1,1,EUR,,,,\n", "barcodes"),
    ("TEA-1,Teapot,,1,1,EUR,,,,Atlantis\n", "origin_country"),
])
def test_text_that_does_not_fit_is_refused_with_a_short_message(session, tmp_path, row, column):
    problem = refused(session, tmp_path, row)
    assert f"row 3, column '{column}'" in str(problem)
    assert len(str(problem)) < 300  # a 10,000-character SKU is not echoed back


def test_a_country_name_is_stored_as_its_code(session, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text(HEADER + GOOD.replace(",DE\n", ",Germany\n"), encoding="utf-8")
    products_io.import_products(session, path)
    assert session.scalar(select(Product.origin_country)) == "DE"


def _form(**kw) -> catalog.ProductInput:
    base = {"sku": "MUG-1", "name": "Mug", "price": Money(1250, "EUR"),
            "cost": Money(400, "EUR")}
    return catalog.ProductInput(**{**base, **kw})


@pytest.mark.parametrize(("change", "words"), [
    ({"sku": "S" * 10_000}, "SKU: "), ({"name": "Mug\x00"}, "Name: "),
    ({"price": Money(10**20, "EUR")}, "more than Backroom keeps"),
    ({"weight_g": 10**12}, "Weight (g)"), ({"reorder_point": 10**10}, "Reorder point"),
    ({"bin": "B" * 65}, "Bin: "), ({"barcodes": ("4006381333931", "³")}, "Barcode"),
    ({"origin_country": "Germany"}, "two-letter"), ({"hs_code": "1" * 17}, "HS code"),
])
def test_the_product_form_refuses_what_a_column_cannot_hold(session, change, words):
    with pytest.raises(InvalidInput, match=words.replace("(", r"\(").replace(")", r"\)")) as e:
        catalog.save_product(session, _form(**change))
    assert len(str(e.value)) < 300
    assert session.scalar(select(func.count(Product.id))) == 0
