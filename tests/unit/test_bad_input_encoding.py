"""A truncated UTF-8 byte: the file is still read as UTF-8 and the bad byte's row and column
are named; only a file with no UTF-8 letter at all is read as Windows-1252."""

from __future__ import annotations

import pytest

from app.services.core.errors import FileProblem
from app.services.importers import csv_text
from app.services.importers.csv_text import Source
from app.services.importers.detect import parse_sources
from app.services.stock import products_file as products_io
from tests.unit.test_bad_input_orders import shopify


def test_one_bad_byte_names_its_row_and_column_and_leaves_the_other_names_alone():
    data = shopify({"Billing Name": "José"}).data.replace("José".encode(), b"Jos\xc3")
    result = parse_sources([Source("orders.csv", data)])
    assert [(p.row, p.column) for p in result.problems] == [(3, "Billing Name")]
    assert "byte 0xC3 is not UTF-8" in result.problems[0].reason
    assert [o.customer_name for o in result.orders] == ["Zoë Müller"]  # not "ZoÃ« MÃ¼ller"


def test_a_bad_byte_in_the_header_refuses_the_file():
    data = shopify().data.replace(b"Notes", b"Not\xe9s")
    result = parse_sources([Source("orders.csv", data)])
    assert [(p.row, p.column) for p in result.problems] == [(1, "Not\ufffds")]
    assert result.orders == ()


def test_a_windows_1252_file_is_still_read_as_windows_1252():
    data = shopify().data.decode().encode("cp1252")
    result = parse_sources([Source("orders.csv", data)])
    assert result.problems == ()
    assert [o.customer_name for o in result.orders] == ["Zoë Müller"]


def test_decode_shows_bad_bytes_as_replacement_characters():
    assert csv_text.decode("Zoë;Jos".encode() + b"\xc3") == "Zoë;Jos\ufffd"
    assert csv_text.decode("Zoë".encode("cp1252")) == "Zoë"


def test_products_file_with_a_bad_byte_names_it_and_imports_nothing(session, tmp_path):
    path = tmp_path / "products.csv"
    path.write_bytes("sku,name\nMUG-1,Mug Zoë\n".encode() + b"TEA-1,Tea\xc3\n")
    with pytest.raises(FileProblem, match=r"row 3, column 'name': byte 0xC3 is not UTF-8"):
        products_io.import_products(session, path)
