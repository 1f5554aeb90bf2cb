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


# -- issue 11 ------------------------------------------------------------------------------

def test_a_refused_import_leaves_no_new_store(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    code, _out, _err = run(capsys, "--db", db, "import", "orders",
                           str(DATA / "shopify_orders_bad.csv"), "--store", "Brand new")
    assert code == 1
    from app.db import open_database
    from app.services.orders.setup import list_stores

    opened = open_database(db)
    try:
        with opened.sessions() as s:
            assert [x.name for x in list_stores(s)] == []
    finally:
        opened.dispose()


def _demo_order(db_path, number):
    """An order like the demo store's: its number '#1001', its id '1001' (not Shopify's)."""
    from datetime import UTC, datetime

    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
    from app.services.orders.importing import import_into_store

    opened = open_database(db_path)
    try:
        backend = Backend(opened.sessions, actor=Actor("owner", "cli"))
        record = OrderRecord(number.lstrip("#"), number, datetime(2026, 10, 1, tzinfo=UTC),
                             "EUR", (OrderLineRecord("MUG-RED", "Mug", 1, 1250),),
                             total_minor=1250, bill_name="Demo Buyer")
        backend.run(import_into_store, ParseResult("demo", (record,)), "Shopify", "shopify",
                    actor=backend.actor)
    finally:
        opened.dispose()


def test_clashing_numbers_stop_the_import_until_another_store_or_replace(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    assert run(capsys, "--db", db, "orders", "list")[0] == 0
    _demo_order(db, "#1001")
    code, out, err = run(capsys, "--db", db, "import", "orders", str(DATA / "shopify_orders.csv"))
    assert code == 1
    assert "Nothing imported: Shopify already has other orders with 1 of these numbers: " \
        "#1001 (backorder)" in out
    assert "--store NAME" in err and "--replace" in err
    code, out, _ = run(capsys, "--db", db, "import", "orders", str(DATA / "shopify_orders.csv"),
                       "--json")
    summary = json.loads(out)
    assert code == 1 and not summary["imported"]
    assert summary["clashes"] == [{"number": "#1001", "external_id": "#1001",
                                   "existing_external_id": "1001", "existing_status":
                                   "backorder", "replaceable": True}]
    code, out, _ = run(capsys, "--db", db, "import", "orders", str(DATA / "shopify_orders.csv"),
                       "--replace")
    assert code == 0 and "3 new, 0 updated, 0 unchanged, 1 replaced" in out
    code, out, _ = run(capsys, "--db", db, "orders", "show", "#1001", "--store", "Shopify",
                       "--json")
    assert code == 0 and json.loads(out)["total"] == "41.90"


def test_link_listing_from_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    etsy = [str(DATA / "etsy_sold_orders.csv"), str(DATA / "etsy_sold_order_items.csv")]
    assert run(capsys, "--db", db, "import", "orders", *etsy)[0] == 0
    code, out, _ = run(capsys, "--db", db, "orders", "show", "--json",
                       json.loads(run(capsys, "--db", db, "orders", "list", "--json")[1])[0][
                           "number"])
    line = json.loads(out)["lines"][0]
    code, _out, err = run(capsys, "--db", db, "orders", "link-listing", "Etsy", "NOPE",
                          "--listing", line["listing_id"] or "x")
    assert code == 1 and "No product with SKU 'NOPE'" in err
    code, _out, _err = run(capsys, "--db", db, "orders", "link-listing", "Etsy", "X")
    assert code == 2


def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path):
    import subprocess
    import sys

    db = str(tmp_path / "shop.sqlite3")
    backroom = [sys.executable, "-c", "import sys; from app.cli import main; "
                "raise SystemExit(main())"]
    subprocess.run([*backroom, "--db", db, "demo", "--orders", "1500", "--products", "20"],
                   check=True, capture_output=True)
    # `backroom orders list --json | head -1`: more output than a pipe holds, read one line.
    proc = subprocess.Popen([*backroom, "--db", db, "orders", "list", "--json", "--limit",
                             "1500"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"["
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait() == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err
