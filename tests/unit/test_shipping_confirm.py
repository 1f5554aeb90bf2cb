"""Ship confirmation: by scan and by batch, and the upload files."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from app.models import Order
from app.services.core.errors import InvalidInput, NotFound
from app.services.packing import station as packing
from app.services.packing.completing import complete_pack
from app.services.packing.shipping import (
    AMAZON_HEADER,
    amazon_confirmation_file,
    confirmations,
    generic_confirmation_csv,
    ship_batch,
    ship_by_scan,
)
from tests.packing_world import MUG_EAN, PLACED, TEA_UPC, build_world
from tests.unit.test_packing import A

NOW = PLACED + timedelta(hours=3)


@pytest.fixture
def packed(backend):
    w = backend.run(build_world)
    backend.run(packing.open_order, A, "#1001", now=NOW)
    for code in (MUG_EAN, MUG_EAN):
        backend.run(packing.scan_item, A, w.order1, code, now=NOW)
    backend.run(packing.use_parcel, A, w.order1, now=NOW)
    backend.run(packing.scan_item, A, w.order1, TEA_UPC, now=NOW)
    backend.run(packing.set_tracking, A, w.order1, "JD014600006281234567", 1, carrier="DHL",
                now=NOW)
    backend.run(packing.set_tracking, A, w.order1, "=HYPERLINK(1)", 2, now=NOW)
    backend.run(complete_pack, A, w.order1, now=NOW)
    return w


def test_ship_by_scanning_a_parcel(backend, packed):
    assert backend.run(ship_by_scan, A, "JD014600006281234567", now=NOW) == ("#1001", True)
    assert backend.run(ship_by_scan, A, "#1001", now=NOW) == ("#1001", False)  # already
    assert backend.run(lambda s: s.get(Order, packed.order1).status) == "shipped"
    with pytest.raises(InvalidInput, match="not packed"):
        backend.run(ship_by_scan, A, "#1002", now=NOW)
    with pytest.raises(NotFound):
        backend.run(ship_by_scan, A, "NOPE-1", now=NOW)


def test_batch_and_exports(backend, packed):
    assert backend.run(ship_batch, A, order_ids=[packed.order1, packed.order2], now=NOW) == 1
    rows = backend.run(confirmations, store="Kettle & Co")
    assert [(r.order_number, r.tracking) for r in rows] == [
        ("#1001", "JD014600006281234567"), ("#1001", "=HYPERLINK(1)")]
    assert backend.run(confirmations, store="Other shop") == []
    amazon = list(csv.reader(io.StringIO(amazon_confirmation_file(rows)), delimiter="\t"))
    assert tuple(amazon[0]) == AMAZON_HEADER
    assert amazon[1:] == [["1001", "", "", NOW.date().isoformat(), "DHL", "",
                           "JD014600006281234567", "Standard"]]  # one row per order
    generic = list(csv.DictReader(io.StringIO(generic_confirmation_csv(rows))))
    assert generic[0]["order_number"] == "#1001" and generic[0]["carrier"] == "DHL"
    assert generic[1]["tracking_number"] == "'=HYPERLINK(1)"  # no formula injection


def test_unknown_carrier_goes_as_other_with_its_name():
    from app.services.packing.shipping import Confirmation
    row = Confirmation("S", "#1", "1", NOW, "Speedy Couriers", "SC1", "Express")
    line = amazon_confirmation_file([row]).splitlines()[1].split("\t")
    assert line[4:7] == ["Other", "Speedy Couriers", "SC1"]
