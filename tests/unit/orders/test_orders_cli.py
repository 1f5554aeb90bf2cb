"""`backroom import orders` and `backroom orders list|show`: exit codes and the JSON contract."""

from __future__ import annotations

import json
import shutil

from app.cli import main
from tests.unit.orders.helpers import DATA


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_twice_then_list_and_show(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    code, out, _ = run(capsys, "--db", db, "import", "orders", str(DATA / "shopify_orders.csv"))
    assert code == 0 and "3 new, 0 updated, 0 unchanged" in out
    code, out, _ = run(capsys, "--db", db, "import", "orders",
                       str(DATA / "shopify_orders.csv"), "--json")
    summary = json.loads(out)
    assert code == 0
    assert {k: summary[k] for k in ("store", "format", "imported", "new", "updated",
                                    "unchanged", "rejected")} == {
        "store": "Shopify", "format": "shopify", "imported": True, "new": 0, "updated": 0,
        "unchanged": 3, "rejected": 0}
    code, out, _ = run(capsys, "--db", db, "orders", "list", "--json")
    listed = json.loads(out)
    assert [o["number"] for o in listed] == ["#1003", "#1002", "#1001"]
    assert listed[2] == {"number": "#1001", "store": "Shopify",
                         "placed_at": "2026-11-01T09:00:00+00:00", "status": "backorder",
                         "total": "41.90", "currency": "EUR", "customer": "Zoë Müller",
                         "items": 3, "flags": ["unmatched", "oversold"]}
    code, out, _ = run(capsys, "--db", db, "orders", "list", "--status", "cancelled", "--json")
    assert [o["number"] for o in json.loads(out)] == ["#1002"]
    code, out, _ = run(capsys, "--db", db, "orders", "show", "1001", "--json")
    shown = json.loads(out)
    assert code == 0
    assert [(ln["sku"], ln["quantity"]) for ln in shown["lines"]] == [("MUG-RED", 2),
                                                                     ("TEE-M", 1)]
    assert [e["action"] for e in shown["events"]] == ["imported", "backorder"]
    assert shown["ship_to"]["country"] == "DE"


def test_bad_file_exits_1_and_names_rows(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    code, out, err = run(capsys, "--db", db, "import", "orders",
                         str(DATA / "shopify_orders_bad.csv"))
    assert code == 1
    assert "Nothing imported" in out
    assert "shopify_orders_bad.csv, row 3, column 'Created at'" in err
    code, out, _ = run(capsys, "--db", db, "orders", "list", "--json")
    assert json.loads(out) == []


def test_good_rows_only_writes_the_rejected_rows(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    src = tmp_path / "bad.csv"
    shutil.copy(DATA / "shopify_orders_bad.csv", src)
    code, out, _ = run(capsys, "--db", db, "import", "orders", str(src), "--good-rows-only",
                       "--json")
    summary = json.loads(out)
    assert code == 0 and summary["new"] == 1 and summary["rejected"] == 4
    rejected = tmp_path / "bad.csv.rejected.csv"
    assert summary["rejected_files"] == [str(rejected)]
    assert rejected.read_text(encoding="utf-8").count("\n") == 6


def test_usage_errors_exit_2(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    assert run(capsys, "--db", db, "import", "orders")[0] == 2
    assert run(capsys, "--db", db, "import", "orders", str(tmp_path / "missing.csv"))[0] == 2
    assert run(capsys, "--db", db, "import", "orders", str(DATA / "shopify_orders.csv"),
               "--format", "tiktok")[0] == 2


def test_etsy_pair_and_unknown_order(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    code, out, _ = run(capsys, "--db", db, "import", "orders",
                       str(DATA / "etsy_sold_orders.csv"),
                       str(DATA / "etsy_sold_order_items.csv"), "--store", "My Etsy")
    assert code == 0 and out.startswith("My Etsy: 2 new")
    code, _, err = run(capsys, "--db", db, "orders", "show", "nope")
    assert code == 1 and "No order nope" in err


def test_import_with_a_saved_mapping(tmp_path, capsys):
    from app.db import open_database
    from app.services.core.backend import Backend
    from app.services.importers.mapped_orders import ColumnMapping
    from app.services.orders import setup as order_setup

    db_path = str(tmp_path / "shop.sqlite3")
    db = open_database(db_path)
    mapping = ColumnMapping(columns={
        "order_id": "Bestellnr", "placed_at": "Datum", "customer_name": "Kunde",
        "sku": "Artikelnummer", "quantity": "Menge", "unit_price": "Einzelpreis"},
        currency="EUR", timezone="Europe/Berlin")

    def setup(session):
        store = order_setup.resolve_store(session, "Market", "counter", currency="EUR")
        order_setup.save_mapping(session, "stall", mapping, store.id)

    Backend(db.sessions).run(setup)
    db.dispose()
    code, out, _ = run(capsys, "--db", db_path, "import", "orders",
                       str(DATA / "handmade_orders.csv"), "--format", "mapped:stall", "--json")
    summary = json.loads(out)
    assert code == 0 and (summary["store"], summary["new"]) == ("Market", 2)
    code, out, _ = run(capsys, "--db", db_path, "orders", "show", "M-1", "--json")
    assert json.loads(out)["total"] == "1025.00"
    code, _, err = run(capsys, "--db", db_path, "import", "orders",
                       str(DATA / "handmade_orders.csv"), "--format", "mapped:nope")
    assert code == 1 and "No saved column mapping" in err
