"""`backroom count create/import/review/post` and `backroom move/adjust` on a real file."""

from __future__ import annotations

import io
import json
import shutil

from app.cli import main
from app.db import open_database
from tests.unit.count_fixtures import make_shop


def test_count_cli_lifecycle(tmp_path, capsys, migrated_sqlite) -> None:
    path = str(tmp_path / "shop.sqlite3")
    shutil.copyfile(migrated_sqlite, path)   # a new store (see tests/conftest.py)
    db = open_database(path)
    with db.sessions() as s, s.begin():
        make_shop(s)
    db.dispose()
    assert main(["--db", path, "count", "create", "--bins", "A-01,B-01", "--blind"]) == 0
    count_id = capsys.readouterr().out.strip()
    assert count_id.isdigit()
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("sku,bin,quantity\nKC-1,A-01,9\nKC-2,A-01,4\nKC-3,B-01,8\n")
    assert main(["--db", path, "count", "import", f"CNT-{int(count_id):04d}",
                 str(csv_path)]) == 0
    capsys.readouterr()
    assert main(["--db", path, "count", "review", count_id, "--json"]) == 0
    review = json.loads(capsys.readouterr().out)
    assert review["net_units"] == 0
    assert {(r["sku"], r["difference"]) for r in review["lines"]} == {
        ("KC-1", -1), ("KC-2", 0), ("KC-3", 1)}
    assert main(["--db", path, "count", "post", count_id]) == 0
    assert "2 move(s)" in capsys.readouterr().out
    assert main(["--db", path, "count", "post", count_id]) == 1
    assert "cannot be changed" in capsys.readouterr().err
    assert main(["--db", path, "stock", "--json", "KC-1", "KC-3"]) == 0
    stock = {(r["sku"], r["bin"]): r["on_hand"] for r in json.loads(capsys.readouterr().out)}
    assert stock == {("KC-1", "A-01"): 9, ("KC-3", "B-01"): 8}


def test_bad_import_and_move_adjust(tmp_path, capsys, migrated_sqlite) -> None:
    path = str(tmp_path / "shop.sqlite3")
    shutil.copyfile(migrated_sqlite, path)   # a new store (see tests/conftest.py)
    db = open_database(path)
    with db.sessions() as s, s.begin():
        make_shop(s)
    db.dispose()
    assert main(["--db", path, "count", "create", "--skus", "KC-1"]) == 0
    count_id = capsys.readouterr().out.strip()
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,bin,quantity\nKC-1,A-01,two\n")
    assert main(["--db", path, "count", "import", count_id, str(bad)]) == 1
    assert "bad.csv, row 2, column 'quantity'" in capsys.readouterr().err
    assert main(["--db", path, "move", "A-01", "B-01", "KC-1:3", "2000000000012"]) == 0
    assert "Moved 4 unit(s)" in capsys.readouterr().out
    assert main(["--db", path, "adjust", "B-01", "KC-1", "-1", "--reason", "damaged"]) == 0
    assert "by -1 (damaged)" in capsys.readouterr().out
    assert main(["--db", path, "stock", "--json", "KC-1"]) == 0
    stock = {(r["sku"], r["bin"]): r["on_hand"] for r in json.loads(capsys.readouterr().out)}
    assert stock == {("KC-1", "A-01"): 7, ("KC-1", "B-01"): 2}


def test_count_post_names_unscanned_lines_and_needs_a_choice_and_a_pin(tmp_path, capsys,
                                                                       monkeypatch,
                                                                       migrated_sqlite) -> None:
    from app.services.core.supervisors import set_pin

    path = str(tmp_path / "shop.sqlite3")
    shutil.copyfile(migrated_sqlite, path)   # a new store (see tests/conftest.py)
    db = open_database(path)
    with db.sessions() as s, s.begin():
        make_shop(s)
        set_pin(s, "owner", "1111", role="owner")
        set_pin(s, "boss", "4321")
    db.dispose()
    assert main(["--db", path, "count", "create", "--bins", "A-01"]) == 0
    count_id = capsys.readouterr().out.strip()
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("sku,bin,quantity\nKC-1,A-01,2\n")       # KC-2 never scanned
    assert main(["--db", path, "count", "import", count_id, str(csv_path)]) == 0
    capsys.readouterr()
    # No choice: the never-scanned line is named, nothing is posted, exit 2 (usage).
    assert main(["--db", path, "count", "post", count_id, "--json"]) == 2
    out = capsys.readouterr()
    assert "A-01" in out.err and "KC-2" in out.err and "€20.00" in out.err
    assert "--unscanned zero" in out.err
    refused = json.loads(out.out)
    assert refused["posted"] is False and refused["unscanned"] == [
        {"sku": "KC-2", "bin": "A-01", "expected": 4, "units_off": 4, "value_minor": 2000,
         "currency": "EUR"}]
    # A limit of 20.00 EUR, set with a supervisor's PIN from stdin.
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    assert main(["--db", path, "count", "limit", "20.00", "EUR", "--pin", "-"]) == 0
    assert "approved by boss" in capsys.readouterr().out
    # Zero writes off 8 x 2.50 + 4 x 5.00 = 40.00: a PIN is needed.
    assert main(["--db", path, "count", "post", count_id, "--unscanned", "zero"]) == 1
    err = capsys.readouterr().err
    assert "€40.00 (limit €20.00)" in err and "supervisor's PIN" in err
    assert main(["--db", path, "count", "post", count_id, "--unscanned", "zero",
                 "--pin", "4321", "--json"]) == 0
    posted = json.loads(capsys.readouterr().out)
    assert (posted["posted"], posted["approved_by"], posted["units_off"]) == (True, "boss", 12)
    assert posted["value_off_minor"] == {"EUR": 4000} and posted["needs_pin"] is True
    assert posted["recount"] == [{"sku": "KC-1", "bin": "A-01", "difference": -8,
                                  "value_minor": -2000, "currency": "EUR"}]
    assert main(["--db", path, "stock", "--json", "KC-2"]) == 0
    assert [r["on_hand"] for r in json.loads(capsys.readouterr().out)
            if r["bin"] == "A-01"] in ([], [0])


def test_count_post_leave_out(tmp_path, capsys, migrated_sqlite) -> None:
    path = str(tmp_path / "shop.sqlite3")
    shutil.copyfile(migrated_sqlite, path)   # a new store (see tests/conftest.py)
    db = open_database(path)
    with db.sessions() as s, s.begin():
        make_shop(s)
    db.dispose()
    assert main(["--db", path, "count", "create", "--bins", "A-01"]) == 0
    count_id = capsys.readouterr().out.strip()
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("sku,bin,quantity\nKC-1,A-01,9\n")
    assert main(["--db", path, "count", "import", count_id, str(csv_path)]) == 0
    assert main(["--db", path, "count", "post", count_id, "--unscanned", "leave-out"]) == 0
    out = capsys.readouterr().out
    assert "1 never-scanned line(s) left out" in out and "-1 unit(s)" in out
    assert main(["--db", path, "stock", "--json", "KC-2"]) == 0
    assert [r["on_hand"] for r in json.loads(capsys.readouterr().out)] == [4]
