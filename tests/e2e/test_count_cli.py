"""`backroom count create/import/review/post` and `backroom move/adjust` on a real file."""

from __future__ import annotations

import json

from app.cli import main
from app.db import open_database
from tests.unit.count_fixtures import make_shop


def test_count_cli_lifecycle(tmp_path, capsys) -> None:
    path = str(tmp_path / "shop.sqlite3")
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


def test_bad_import_and_move_adjust(tmp_path, capsys) -> None:
    path = str(tmp_path / "shop.sqlite3")
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
