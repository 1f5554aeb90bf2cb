"""The FBA inventory report, the supplier price list's freight columns, a marketplace
destination planned from its report, the `backroom replenish` command, and invariants."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli import replenish as cli
from app.services.core.errors import FileProblem
from app.services.importers.fba_inventory import parse_fba_inventory
from app.services.importers.suppliers_file import parse_supplier_data
from app.services.replenishment import destinations, plan
from app.services.replenishment.compute import Offers, Stock, compute, round_up
from app.services.replenishment.forecast import RECENT_WEEKS, SalesStats, learn
from app.services.suppliers import files
from tests.unit.replenishment.world import AS_OF, OWNER, add_product, make_store, sell

DATA = Path(__file__).parents[2] / "data"


def test_fba_report_is_read_by_amazon_column_names():
    records = parse_fba_inventory("inv.txt", (DATA / "fba_manage_inventory.txt").read_bytes())
    mug = records[0]
    assert (mug.sku, mug.fulfillable, mug.inbound, mug.reserved, mug.unsellable) == (
        "FBA-MUG", 120, 40, 18, 2)
    assert mug.asin == "B07XYZ1234"


def test_fba_report_bad_cell_names_row_and_column():
    data = (DATA / "fba_manage_inventory.txt").read_bytes().replace(b"\t120\t", b"\tlots\t")
    with pytest.raises(FileProblem) as caught:
        parse_fba_inventory("inv.txt", data)
    assert "row 2" in str(caught.value) and "afn-fulfillable-quantity" in str(caught.value)


def test_fba_report_without_its_columns_is_refused():
    with pytest.raises(FileProblem, match="Manage FBA Inventory"):
        parse_fba_inventory("x.csv", b"sku,qty\nA,1\n")


def test_supplier_file_takes_the_issue_columns():
    data = (b"supplier,sku,unit_cost,currency,pack_size,moq,production_days,sea_days,"
            b"air_days,sea_freight_per_unit,air_freight_per_unit\n"
            b"Ningbo,MUG,2.50,USD,6,60,12,35,6,0.20,1.90\n")
    price = parse_supplier_data("p.csv", data).prices[0]
    assert (price.unit_cost_minor, price.pack_size, price.moq, price.production_days,
            price.sea_days, price.air_days, price.sea_freight_minor, price.air_freight_minor,
            price.freight_basis) == (250, 6, 60, 12, 35, 6, 20, 190, "unit")


def test_supplier_file_per_kg_freight_sets_the_basis():
    data = (b"supplier,sku,unit_cost,currency,sea_days,sea_freight_per_kg\n"
            b"Ningbo,MUG,2.50,USD,35,0.80\n")
    price = parse_supplier_data("p.csv", data).prices[0]
    assert (price.sea_freight_minor, price.freight_basis) == (80, "kg")


def test_supplier_file_takes_a_fast_sea_freight_rate():
    data = (b"supplier,sku,unit_cost,currency,sea_days,sea_fast_days,sea_freight_per_unit,"
            b"fast_sea_freight_per_unit\n"
            b"Ningbo,MUG,2.50,USD,35,25,0.20,0.45\n")
    price = parse_supplier_data("p.csv", data).prices[0]
    assert (price.sea_fast_days, price.sea_freight_minor, price.sea_fast_freight_minor) == (
        25, 20, 45)


def test_fast_sea_is_charged_its_own_rate_and_exports_it(backend):
    backend.run(make_store)

    def setup(s):
        sell(s, 1, add_product(s, "MUG", on_hand=200), lambda d: 10)
        sell(s, 1, add_product(s, "CUP", on_hand=200), lambda d: 10)
    backend.run(setup)
    data = (b"supplier,sku,unit_cost,currency,production_days,sea_days,sea_fast_days,"
            b"sea_freight_per_unit,fast_sea_freight_per_unit\n"
            b"Ningbo,MUG,1.00,EUR,10,35,25,0.10,0.40\n"
            b"Ningbo,CUP,1.00,EUR,10,35,25,0.10,\n")
    backend.run(files.import_supplier_data, "p.csv", data, actor=OWNER)
    lines = {ln.sku: ln for ln in backend.read(plan.make_plan, AS_OF).lines}
    fast = {ln: next(o for o in lines[ln].options if o.mode == "sea_fast") for ln in lines}
    assert (fast["MUG"].freight_minor, fast["MUG"].unit_cost_minor) == (40, 140)
    # Without a rate of its own, the liner is charged as slow sea.
    assert (fast["CUP"].freight_minor, fast["CUP"].unit_cost_minor) == (10, 110)
    exported = backend.read(files.export_suppliers).decode()
    assert "sea_fast_freight" in exported.splitlines()[0]
    again = parse_supplier_data("again.csv", exported.encode()).prices
    assert {p.sku: p.sea_fast_freight_minor for p in again} == {"MUG": 40, "CUP": None}


def test_supplier_import_then_plan_uses_it(backend):
    backend.run(make_store)

    def setup(s):
        sell(s, 1, add_product(s, "MUG", on_hand=200), lambda d: 10)
    backend.run(setup)
    data = (b"supplier,sku,unit_cost,currency,pack_size,moq,production_days,sea_days,"
            b"air_days,sea_freight_per_unit,air_freight_per_unit\n"
            b"Ningbo,MUG,1.00,EUR,1,0,10,35,5,0.10,1.00\n")
    backend.run(files.import_supplier_data, "p.csv", data, actor=OWNER)
    line = next(ln for ln in backend.read(plan.make_plan, AS_OF).lines if ln.sku == "MUG")
    assert [(x.mode, x.quantity) for x in line.suggestion] == [("air", 250), ("sea", 300)]


def test_marketplace_destination_plans_from_its_report(backend, tmp_path):
    backend.run(make_store)

    def setup(s):
        from app.models import Store
        fba = Store(name="Amazon DE", kind="amazon", currency="EUR")
        s.add(fba)
        s.flush()
        mug = add_product(s, "FBA-MUG", on_hand=5000, offer={})
        sell(s, fba.id, mug, lambda d: 4, channel=True)
        sell(s, 1, mug, lambda d: 1)  # our own shop's sales are not FBA's
    backend.run(setup)
    backend.run(destinations.add_destination, "FBA DE", "Amazon DE", inbound_days=10,
                actor=OWNER)
    report = tmp_path / "inv.txt"
    report.write_bytes((DATA / "fba_manage_inventory.txt").read_bytes())
    got = backend.run(destinations.import_inventory_report, "FBA DE", report, actor=OWNER)
    assert (got.products, got.fulfillable, got.inbound, got.unknown_skus) == (
        1, 120, 40, ("FBA-TEA",))
    line = next(ln for ln in backend.read(plan.make_plan, AS_OF, "FBA DE").lines
                if ln.sku == "FBA-MUG")
    assert line.daily_demand == pytest.approx(4)
    assert (line.on_hand, line.in_transit) == (120, 40)
    assert line.cover_days == 40  # 120 + 40 inbound (day 10, before the stockout) at 4 a day
    # Lead times to a marketplace include its inbound days: sea 10 + 35 + 10.
    assert {o.mode: o.lead_days for o in line.options} == {"sea": 55, "air": 25}


def _run(backend, db, argv, capsys):
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code = args.handler(args, backend, db)
    return code, capsys.readouterr().out


def test_cli_json_and_draft(backend, db, capsys):
    backend.run(make_store)

    def setup(s):
        sell(s, 1, add_product(s, "SPLIT", on_hand=200, offer={}), lambda d: 10)
        sell(s, 1, add_product(s, "PLENTY", on_hand=2000, offer={}), lambda d: 10)
    backend.run(setup)
    code, out = _run(backend, db, ["replenish", "--as-of", AS_OF.isoformat(), "--json"], capsys)
    assert code == 0
    rows = {r["sku"]: r for r in json.loads(out)}
    split = rows["SPLIT"]
    assert split["suggestion"] == [
        {"mode": "air", "quantity": 250, "arrives": (AS_OF + timedelta(days=15)).isoformat(),
         "cost": "500.00"},
        {"mode": "sea", "quantity": 300, "arrives": (AS_OF + timedelta(days=45)).isoformat(),
         "cost": "330.00"}]
    assert split["extra_cost_vs_sea"] == "225.00"
    assert (split["daily_demand"], split["on_hand"], split["in_transit"],
            split["cover_days"]) == (10.0, 200, 0, 20.0)
    assert rows["PLENTY"]["suggestion"] == []
    assert rows["PLENTY"]["order_by"] == (AS_OF + timedelta(days=155)).isoformat()
    code, out = _run(backend, db, ["replenish", "draft", "--as-of", AS_OF.isoformat(),
                                   "--json"], capsys)
    assert code == 0
    assert sorted((p["mode"], p["units"]) for p in json.loads(out)) == [("air", 250),
                                                                        ("sea", 300)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=RECENT_WEEKS, max_size=RECENT_WEEKS),
       st.integers(0, 400), st.integers(1, 50), st.integers(0, 300),
       st.lists(st.one_of(st.just(-1), st.integers(1, 120)), min_size=4, max_size=4),
       st.floats(0.5, 0.999))
def test_suggested_quantities_are_whole_packs_and_at_least_the_moq(
        weeks, on_hand, pack, moq, lead, service):
    from statistics import NormalDist

    stats = SalesStats(np.full((1, 7), float(sum(weeks))), np.array([weeks], dtype=float),
                       np.array([400.0]))
    demand = learn(stats)
    offers = Offers(np.array([lead]), np.array([[110, 150, 200, 300]]), np.array([pack]),
                    np.array([moq]))
    result = compute(demand, Stock(np.array([float(on_hand)]), np.zeros(0, dtype=np.int64),
                                   np.zeros(0, dtype=np.int64), np.zeros(0)),
                     offers, z=np.array([NormalDist().inv_cdf(service)]), review_days=30,
                     first_weekday=0)
    quantity = result.quantity[0]
    assert all(q % pack == 0 and q >= 0 for q in quantity)
    if quantity.sum() > 0:
        assert quantity.sum() >= moq
        assert all(lead[m] >= 0 for m in range(4) if quantity[m] > 0)


@given(st.floats(0, 1e6), st.integers(1, 500), st.integers(0, 5000))
def test_round_up_is_whole_packs_at_least_moq(quantity, pack, moq):
    got = int(round_up(np.array([quantity]), np.array([pack]), np.array([moq]))[0])
    assert got % pack == 0
    assert got == 0 or (got >= moq and got >= quantity - 1e-6)
