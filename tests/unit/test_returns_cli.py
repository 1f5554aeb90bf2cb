"""`backroom returns create|receive|refund|list|show` on a real shop with a shipped order."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.cli import main
from app.db import open_database
from app.models import StockMove
from app.models.returns import Return
from tests.unit.returns.world import shipped_world


def _shop(db_url: str) -> None:
    db = open_database(db_url)
    with db.sessions() as s, s.begin():
        shipped_world(s)  # #1001: 2 × MUG-RED, 1 × TEA-50, shipped; #1002 never packed
    db.dispose()


def _counts(db_url: str) -> tuple[int, int]:
    db = open_database(db_url)
    with db.sessions() as s:
        found = (s.scalar(select(func.count(Return.id))) or 0,
                 s.scalar(select(func.count(StockMove.id))) or 0)
    db.dispose()
    return found


def _json(capsys) -> object:
    return json.loads(capsys.readouterr().out)


def test_a_return_from_the_command_line(db_url, capsys):
    _shop(db_url)
    cli = ["--db", db_url, "returns"]
    assert main([*cli, "create", "#1001", "--line", "MUG-RED:2", "--line", "TEA-50:1",
                 "--reason", "damaged", "--note", "crushed", "--json"]) == 0
    created = _json(capsys)
    assert created == {"id": created["id"], "number": f"R{created['id']:06d}"}
    rid = str(created["id"])
    assert main([*cli, "receive", rid, "--line", "MUG-RED:1:restock:A-01-1",
                 "--line", "MUG-RED:1:scrap", "--condition", "opened", "--json"]) == 0
    got = _json(capsys)
    assert got["status"] == "awaiting" and got["remaining"] == 1
    assert [r["place"] for r in got["received"]] == ["A-01-1", "SCRAP"]
    assert main([*cli, "receive", rid, "--line", "TEA-50:1:quarantine"]) == 0
    assert "1 × TEA-50 -> QUARANTINE" in capsys.readouterr().out
    assert main([*cli, "refund", rid, "--amount", "24.00", "--shipping", "4.95",
                 "--fee", "1", "--json"]) == 0
    refund = _json(capsys)
    assert (refund["total"], refund["currency"]) == ("27.95", "EUR")
    assert main([*cli, "show", rid, "--json"]) == 0
    shown = _json(capsys)
    assert shown["status"] == "refunded" and shown["refund"]["total"] == "27.95"
    assert [(ln["sku"], ln["expected"], ln["received"]) for ln in shown["lines"]] == [
        ("MUG-RED", 2, 2), ("TEA-50", 1, 1)]
    assert shown["lines"][0]["units"][0] == {"quantity": 1, "condition": "opened",
                                             "disposition": "restock", "place": "A-01-1"}
    assert main([*cli, "list", "--json"]) == 0
    rows = _json(capsys)
    assert [(r["number"], r["order"], r["status"]) for r in rows] == [
        (created["number"], "#1001", "refunded")]
    assert main(["--db", db_url, "db", "check"]) == 0


def test_refusals_are_exit_1_and_change_nothing(db_url, capsys):
    _shop(db_url)
    cli = ["--db", db_url, "returns"]
    before = _counts(db_url)
    for args, words in (
            (["create", "#1001", "--line", "MUG-RED:3", "--reason", "damaged"], "Only 2"),
            (["create", "#1001", "--line", "NOPE:1", "--reason", "damaged"], "Unknown SKU"),
            (["create", "#1002", "--line", "PEN-1:1", "--reason", "damaged"], "never shipped"),
            (["create", "#1001", "--line", "MUG-RED:1", "--reason", "bored"], "No return reason"),
            (["create", "#9999", "--line", "MUG-RED:1", "--reason", "damaged"], "No order")):
        assert main([*cli, *args]) == 1, args
        assert words in capsys.readouterr().err
    assert _counts(db_url) == before
    assert main([*cli, "create", "#1001", "--line", "MUG-RED:1", "--reason", "damaged"]) == 0
    rid = capsys.readouterr().out.strip()
    before = _counts(db_url)
    for args, words in ((["receive", rid, "--line", "TEA-50:1:scrap"], "not on return"),
                        (["receive", rid, "--line", "MUG-RED:1:restock"], "needs a bin"),
                        (["receive", rid, "--line", "MUG-RED:1:shelf"], "Disposition"),
                        (["receive", rid, "--line", "MUG-RED:1:scrap",
                          "--line", "MUG-RED:1:scrap"], "Too many"),
                        (["refund", rid, "--amount", "36.01"], "more than was paid")):
        assert main([*cli, *args]) == 1, args
        assert words in capsys.readouterr().err
    assert _counts(db_url) == before
    assert main([*cli, "receive", rid, "--line", "MUG-RED"]) == 1
    assert main([*cli, "create", "#1001", "--line", "MUG-RED:1"]) == 2  # no --reason: usage


def test_import_a_returns_file_twice_and_write_a_slip(db_url, capsys, tmp_path):
    from tests.unit.returns.test_returns_import import _mfn, _mfn_row

    _shop(db_url)
    report = tmp_path / "returns-report.txt"
    report.write_bytes(_mfn(_mfn_row("1001", "RMA-1", "MUG-RED", "2", "CR-DEFECTIVE"),
                            _mfn_row("4242", "RMA-2", "MUG-RED", "1", "CR-DEFECTIVE")).data)
    cli = ["--db", db_url, "returns"]
    assert main([*cli, "import", str(report), "--store", "Kettle & Co", "--json"]) == 0
    out = _json(capsys)
    assert (out["format"], out["store"], out["already"]) == ("amazon-returns", "Kettle & Co", 0)
    assert [(o["order"], o["external_id"], o["units"]) for o in out["opened"]] == [
        ("#1001", "RMA-1", 2)]
    assert out["skipped"] == [{"row": 3, "reason": "no order 4242 in store Kettle & Co; "
                                                  "import its orders first"}]
    counts = _counts(db_url)
    assert main([*cli, "import", str(report), "--store", "Kettle & Co", "--json"]) == 0
    again = _json(capsys)
    assert (again["opened"], again["already"]) == ([], 1) and _counts(db_url) == counts
    number = out["opened"][0]["number"]
    assert main([*cli, "slip", number, "--out", str(tmp_path), "--json"]) == 0
    slip = _json(capsys)
    assert slip["path"].endswith(f"return-slip-{number}.pdf")
    # A file with a bad cell: exit 1, named by file, row and column, nothing changed.
    bad = tmp_path / "bad.txt"
    bad.write_bytes(_mfn(_mfn_row("1001", "RMA-3", "TEA-50", "x", "CR-DEFECTIVE")).data)
    assert main([*cli, "import", str(bad), "--store", "Kettle & Co"]) == 1
    assert "bad.txt, row 2, column 'Return quantity'" in capsys.readouterr().err
    assert _counts(db_url) == counts
