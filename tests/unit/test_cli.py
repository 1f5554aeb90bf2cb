"""The foundation's command line, run in-process on a real database file."""

from __future__ import annotations

import json
import sqlite3

from app.cli import main


def test_demo_stock_check_backup(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    assert main(["--db", db, "demo", "--products", "12", "--orders", "30", "--seed", "3"]) == 0
    assert "12 products" in capsys.readouterr().out
    assert main(["--db", db, "stock", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and set(rows[0]) >= {"sku", "bin", "on_hand", "reserved", "available"}
    assert all(r["available"] == r["on_hand"] - r["reserved"] for r in rows)
    assert main(["--db", db, "stock", rows[0]["sku"], "--json"]) == 0
    assert {r["sku"] for r in json.loads(capsys.readouterr().out)} == {rows[0]["sku"]}
    assert main(["--db", db, "db", "check"]) == 0
    assert "0 mismatch(es)" in capsys.readouterr().out
    # Opening no longer checks the whole file, so `db check` says when one last passed.
    assert main(["--db", db, "db", "check"]) == 0
    assert "Last passed check:" in capsys.readouterr().out
    backup = tmp_path / "copy.sqlite3"
    assert main(["--db", db, "db", "backup", str(backup)]) == 0
    con = sqlite3.connect(backup)
    assert con.execute("SELECT count(*) FROM orders").fetchone() == (30,)
    con.close()
    assert main(["--db", db, "db", "backup", str(backup)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_db_check_reports_a_tampered_level(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    main(["--db", db, "demo", "--products", "5", "--orders", "5"])
    con = sqlite3.connect(db)
    con.execute("UPDATE stock_levels SET on_hand = on_hand + 1 WHERE rowid = 1")
    con.commit()
    con.close()
    capsys.readouterr()
    assert main(["--db", db, "db", "check"]) == 1
    assert "1 mismatch(es)" in capsys.readouterr().out


def test_products_import_export_via_cli(tmp_path, capsys):
    db = str(tmp_path / "shop.sqlite3")
    src = tmp_path / "p.csv"
    src.write_text("sku,name,barcodes,price,cost,currency,bin,on_hand\n"
                   "A-1,Apple box,4006381333931|X-1,2.50,1.00,EUR,A-01,4\n")
    assert main(["--db", db, "products", "import", str(src)]) == 0
    assert "1 new, 0 updated, 1 stock level(s) set." in capsys.readouterr().out
    assert main(["--db", db, "products", "export", "-"]) == 0
    assert "A-1,Apple box,4006381333931|X-1,2.50,1.00,EUR,A-01,4" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,name,price\nB,,1\n")
    assert main(["--db", db, "products", "import", str(bad)]) == 1
    assert "bad.csv, row 2, column 'name'" in capsys.readouterr().err


def test_bad_database_is_a_message_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "junk.sqlite3"
    bad.write_bytes(b"junk" * 1000)
    assert main(["--db", str(bad), "stock"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backroom: ") and "Traceback" not in err
    assert main(["--db", str(bad), "no-such-command"]) == 2


def test_env_variable_names_the_database(tmp_path, monkeypatch, capsys):
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("BACKROOM_DB", str(path))
    assert main(["demo", "--products", "3", "--orders", "0"]) == 0
    assert path.exists()


def test_stock_names_a_product_at_zero_and_refuses_an_unknown_sku(tmp_path, capsys):
    """`stock` reads the same rows as the Stock tab's Levels view (one read path)."""
    db = str(tmp_path / "shop.sqlite3")
    src = tmp_path / "p.csv"
    src.write_text("sku,name,bin,on_hand\nA-1,Apple box,A-01,4\nB-1,Empty box,,\n")
    assert main(["--db", db, "products", "import", str(src)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "stock", "B-1", "A-1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["A-1", "A-01", "4", "0", "4"]
    assert lines[2].split() == ["B-1", "(none)", "0", "0", "0"]
    assert main(["--db", db, "stock", "B-1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []   # the contract: places holding stock
    assert main(["--db", db, "stock", "NOPE"]) == 1
    assert "No product with SKU NOPE" in capsys.readouterr().err
