"""Scans looked up: a 6/7-digit code read as a UPC-E still finds a SKU or order of those digits.

6 or 7 digits are how scanners send a UPC-E without its number system or check digit; they
are just as well a numeric SKU or order number, and carry no check digit, so when no barcode
matches the UPC-E, the digits are looked up as text, at the station, when picking and by
`backroom scan`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import Order
from app.services.core.backend import Actor
from app.services.core.errors import InvalidInput
from app.services.packing import station as packing
from app.services.packing.picking import create_pick_list, pick_scan
from app.services.stock.scan_codes import parse_scan
from app.services.stock.scan_lookup import read_scan
from tests.packing_world import PLACED, _product, build_world, make_order

A = Actor("pat", "station-A")
NOW = PLACED + timedelta(hours=2)


@pytest.fixture
def world(backend):
    def job(session):
        w = build_world(session)
        store = session.scalar(select(Order.store_id).where(Order.id == w.order1))
        bolt = _product(session, "100234", "Numbered bolt", (), "A-03-1", 5)
        clip = _product(session, "1425261", "Numbered clip", (), "A-03-2", 5)
        order = make_order(session, store, "#2001", [(bolt, 1), (clip, 1)])
        other = make_order(session, store, "425261", [(bolt, 1)])
        return order, other
    return backend.run(job)


def test_six_and_seven_digits_are_a_upce_that_may_be_text():
    assert parse_scan("100234").also_text and parse_scan("1425261").also_text
    assert not parse_scan("]E0" + "04252614").also_text   # 8 digits carry a check digit
    assert not parse_scan("KC-1").also_text


def test_backroom_scan_finds_a_numeric_sku(backend, world):
    reading = backend.read(read_scan, "100234")
    assert reading.code is not None and reading.code.kind == "upce"
    assert (reading.sku, reading.name) == ("100234", "Numbered bolt")


def test_station_counts_a_numeric_sku_and_knows_a_numeric_order(backend, world):
    order, _other = world
    backend.run(packing.open_order, A, "#2001", now=NOW)
    r = backend.run(packing.scan_item, A, order, "100234", now=NOW)
    assert r.added == 1
    r = backend.run(packing.scan_item, A, order, "1425261\r", now=NOW)
    assert r.view.complete
    with pytest.raises(InvalidInput, match="another order's slip"):
        backend.run(packing.scan_item, A, order, "425261", now=NOW)


def test_picking_finds_a_numeric_sku(backend, world):
    order, _other = world
    view = backend.run(create_pick_list, A, [order])
    assert backend.run(pick_scan, view.id, "100234").order_number == "#2001"
