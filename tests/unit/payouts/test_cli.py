"""`backroom import payouts`, `backroom reconcile` and the `settlement` of `orders show`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from app.cli import main
from app.db import open_database
from app.services.reconciliation.demo_month import generate_demo_month


def _month(db_url: str):
    db = open_database(db_url)
    with db.sessions() as s, s.begin():
        made = generate_demo_month(s, datetime.now(UTC))
    db.dispose()
    return made


def test_import_reconcile_resolve_export(db_url, capsys, tmp_path):
    made = _month(db_url)
    path = tmp_path / made.file_name
    path.write_bytes(made.data)
    db = ["--db", db_url]
    assert main([*db, "import", "payouts", str(path), "--store", "Demo Amazon"]) == 0
    assert "1 new, 0 unchanged" in capsys.readouterr().out
    assert main([*db, "import", "payouts", str(path), "--store", "Demo Amazon",
                 "--json"]) == 0
    (again,) = json.loads(capsys.readouterr().out)
    assert (again["new"], again["unchanged"], again["lines"]) == (0, 1, 0)
    assert main([*db, "reconcile", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (payout,) = report["payouts"]
    assert set(payout) >= {"id", "store", "paid_out", "lines", "matched", "unmatched", "fees",
                           "refunds", "difference", "problems"}
    assert payout["paid_out"].endswith(" USD") and payout["difference"] == "0.00 USD"
    found = {(p["kind"], p["order"]) for p in payout["problems"] + report["problems"]}
    assert found == {("duplicate", made.double_fee), ("refund_no_return",
                                                      made.refund_no_return),
                     ("unpaid", made.unpaid)}
    assert main([*db, "orders", "show", made.refund_no_return, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["settlement"]
    assert shown["status"] == "settled" and shown["expected"] == shown["received"]
    assert main([*db, "orders", "show", made.unpaid, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settlement"]["status"] == "unpaid"
    unpaid = report["problems"][0]["id"]
    assert main([*db, "reconcile", "--resolve", str(unpaid)]) == 1  # a note is needed
    capsys.readouterr()
    assert main([*db, "reconcile", "--resolve", str(unpaid), "--note", "paid late"]) == 0
    capsys.readouterr()
    assert main([*db, "reconcile", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []
    out = tmp_path / "p.csv"
    assert main([*db, "reconcile", "--export", str(payout["id"]), "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[-1][2] == "total" and len(rows) == payout["lines"] + 2


def test_a_bad_file_exits_1_naming_row_and_column(db_url, capsys, tmp_path):
    _month(db_url)
    bad = tmp_path / "bad.txt"
    bad.write_text("settlement-id\ttotal-amount\tcurrency\ttransaction-type\torder-id\t"
                   "amount-type\tamount-description\tamount\tposted-date\n"
                   "1\t1.00\tUSD\t\t\t\t\t\t\n1\t\tUSD\tOrder\tX\tItemPrice\tPrincipal\tabc\t"
                   "2026-10-01\n")
    assert main(["--db", db_url, "import", "payouts", str(bad), "--store",
                 "Demo Amazon"]) == 1
    assert "bad.txt, row 3, column 'amount': 'abc' is not a number" in capsys.readouterr().err
