"""`backroom push` and `backroom buffer` as scripts use them (docs/cli-json.md)."""

from __future__ import annotations

import json

from app.cli import main
from app.db import open_database
from app.services.core.backend import Backend
from tests.unit.push.helpers import ACTOR, add_product, order, store


def _world(db_url):
    db = open_database(db_url)
    try:
        backend = Backend(db.sessions, actor=ACTOR)

        def world(session):
            add_product(session, "MUG", 10)
            add_product(session, "PEN", 3)
            store(session, "Web", "woocommerce")
            store(session, "Shop", "shopify")
            order(session, "Shop", "shopify", [("MUG", 2)], "#1")
        backend.run(world)
    finally:
        db.dispose()


def test_push_and_buffer_json(db_url, tmp_path, capsys):
    _world(db_url)
    assert main(["--db", db_url, "buffer", "--store", "Web", "--keep", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "store": "Web", "sku": None, "keep": 1, "max": None, "percent": None}
    assert main(["--db", db_url, "buffer", "--store", "Web", "--sku", "PEN", "--max", "1"]
                ) == 0
    capsys.readouterr()
    out = tmp_path / "web.csv"
    assert main(["--db", db_url, "push", "--store", "Web", "-o", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [
        {"sku": "MUG", "available": 8, "buffer": 1, "quantity": 7},
        {"sku": "PEN", "available": 3, "buffer": 2, "quantity": 1}]
    assert "Wrote" in captured.err
    assert out.read_bytes() == b"SKU,In stock?,Stock\r\nMUG,1,7\r\nPEN,1,1\r\n"
    # Nothing changed: an empty list, no file.
    again = tmp_path / "again.csv"
    assert main(["--db", db_url, "push", "--store", "Web", "-o", str(again), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [] and not again.exists()
    assert main(["--db", db_url, "push", "--history", "--json"]) == 0
    assert [h["skus"] for h in json.loads(capsys.readouterr().out)] == [2]


def test_shopify_push_needs_its_location_then_writes(db_url, tmp_path, capsys):
    _world(db_url)
    out = tmp_path / "shop.csv"
    assert main(["--db", db_url, "push", "--store", "Shop", "-o", str(out)]) == 1
    assert "location" in capsys.readouterr().err and not out.exists()
    assert main(["--db", db_url, "push", "--store", "Shop", "--location", "Shop location",
                 "-o", str(out), "--all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0] == {
        "sku": "MUG", "available": 8, "buffer": 0, "quantity": 8}
    assert out.read_text().splitlines()[1].endswith(",Shop location,,,,2,8,,10")


def test_mapped_format_and_usage_errors(db_url, tmp_path, capsys):
    _world(db_url)
    assert main(["--db", db_url, "push-mapping", "plain", "--column", "Code=store_sku",
                 "--column", "Qty=quantity", "--delimiter", ";"]) == 0
    out = tmp_path / "m.csv"
    assert main(["--db", db_url, "push", "--store", "Web", "--format", "mapped:plain",
                 "-o", str(out)]) == 0
    assert out.read_bytes() == b"Code;Qty\r\nMUG;8\r\nPEN;3\r\n"
    capsys.readouterr()
    assert main(["--db", db_url, "buffer", "--store", "Web", "--keep", "1", "--max", "2"]
                ) == 2
    assert main(["--db", db_url, "push", "--store", "Nope"]) == 1
    assert "No store 'Nope'" in capsys.readouterr().err
