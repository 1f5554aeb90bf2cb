"""Products and barcodes: validation, UPC/EAN sameness, search, history."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.money import Money
from app.services.core.errors import InvalidInput
from app.services.stock import catalog, ledger
from app.services.stock import reads as stock_views
from app.services.stock.barcodes import gtin_check_digit, is_valid_gtin, normalise_barcode


def _input(sku="MUG-1", codes=("4006381333931",), **kw) -> catalog.ProductInput:
    return catalog.ProductInput(sku=sku, name=kw.pop("name", "Blue mug"),
                                price=Money.of("12.50", "EUR"), cost=Money.of("4", "EUR"),
                                barcodes=codes, **kw)


def test_published_check_digits():
    # Examples from GS1 and common retail packaging.
    assert gtin_check_digit("400638133393") == "1"
    assert is_valid_gtin("036000291452")        # UPC-A
    assert is_valid_gtin("96385074")            # EAN-8
    assert not is_valid_gtin("4006381333932")


@given(st.text(alphabet="0123456789", min_size=11, max_size=13))
def test_any_body_with_its_check_digit_is_valid_and_any_other_digit_is_not(body):
    code = body + gtin_check_digit(body)
    assert is_valid_gtin(code)
    wrong = body + str((int(code[-1]) + 1) % 10)
    assert not is_valid_gtin(wrong)


def test_upc_a_is_stored_as_its_ean13(session):
    assert normalise_barcode("036000291452") == ("0036000291452", "upca")
    pid = catalog.save_product(session, _input(codes=("036000291452", "MY-INTERNAL-7")))
    assert catalog.find_by_barcode(session, "036000291452") == pid
    assert catalog.find_by_barcode(session, "0036000291452") == pid
    assert catalog.find_by_barcode(session, "MY-INTERNAL-7") == pid
    assert catalog.find_by_barcode(session, "MUG-1") == pid


def test_invalid_ean_is_refused_with_the_right_check_digit(session):
    with pytest.raises(InvalidInput, match="check digit should be 1, not 2"):
        catalog.save_product(session, _input(codes=("4006381333932",)))


def test_a_barcode_belongs_to_one_product(session):
    catalog.save_product(session, _input())
    with pytest.raises(InvalidInput, match="already belongs to MUG-1"):
        catalog.save_product(session, _input(sku="MUG-2"))


def test_edit_keeps_id_and_replaces_barcodes(session):
    pid = catalog.save_product(session, _input(bin="a-01-1"))
    catalog.save_product(session, _input(codes=("96385074",), name="Big mug"), product_id=pid)
    d = catalog.product_detail(session, pid)
    assert (d.name, d.barcodes, d.bin) == ("Big mug", ("96385074",), "A-01-1")


def test_search_by_sku_name_and_barcode_prefix(session):
    a = catalog.save_product(session, _input())
    b = catalog.save_product(session, _input(sku="TEA-9", codes=("96385074",), name="Teapot"))
    assert [r.id for r in catalog.search_products(session, "mug")] == [a]
    assert [r.id for r in catalog.search_products(session, "tea-")] == [b]
    assert [r.id for r in catalog.search_products(session, "963850")] == [b]
    assert catalog.count_products(session) == 2
    names = [r.sku for r in catalog.search_products(session, sort="name", descending=True)]
    assert names == ["TEA-9", "MUG-1"]


def test_history_has_running_balance(session):
    v = ledger.ensure_virtual_locations(session)
    pid = catalog.save_product(session, _input(bin="A-01"))
    a, b = ledger.get_or_create_bin(session, "A-01"), ledger.get_or_create_bin(session, "B-01")
    ledger.move(session, ledger.MoveSpec(pid, v["SUPPLIER"], a, 10, "receive"))
    ledger.move(session, ledger.MoveSpec(pid, a, b, 3, "transfer"))
    ledger.move(session, ledger.MoveSpec(pid, b, v["CUSTOMER"], 2, "ship"))
    rows = stock_views.movement_history(session, product_id=pid)
    assert [(r.change, r.balance) for r in rows] == [(10, 10), (0, 10), (-2, 8)]
    row = catalog.search_products(session, "MUG-1")[0]
    assert (row.on_hand, row.reserved, row.available) == (8, 0, 8)
