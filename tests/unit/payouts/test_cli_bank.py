"""`backroom import payouts --format bank:NAME [--map ...]`, `reconcile --link` and
`reconcile --export-month` (csv, xlsx, pdf)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from openpyxl import load_workbook

from app.cli import main
from app.db import open_database
from app.services.reconciliation.demo_month import generate_demo_month


def test_bank_statement_import_match_and_month_export(db_url, capsys, tmp_path):
    db = open_database(db_url)
    with db.sessions() as s, s.begin():
        made = generate_demo_month(s, datetime.now(UTC))
    db.dispose()
    settlement, statement = tmp_path / made.file_name, tmp_path / made.bank_file_name
    settlement.write_bytes(made.data)
    statement.write_bytes(made.bank_data)
    args = ["--db", db_url]
    assert main([*args, "import", "payouts", str(settlement), "--store", "Demo Amazon"]) == 0
    capsys.readouterr()
    layout = ("date=Booking date,amount=Amount,description=Payee,reference=Reference,"
              "currency=Currency")
    assert main([*args, "import", "payouts", str(statement), "--format", "bank:Demo bank",
                 "--map", layout, "--day-first", "--json"]) == 0
    (got,) = json.loads(capsys.readouterr().out)
    assert (got["new"], got["unchanged"], got["payouts_found"]) == (3, 0, 1)
    # The saved layout reads the next statement by name alone.
    assert main([*args, "import", "payouts", str(statement), "--format", "bank:Demo bank"]) == 0
    assert "0 new, 3 unchanged" in capsys.readouterr().out
    assert main([*args, "import", "payouts", str(statement), "--format", "bank:Other"]) == 1
    assert "no bank layout named 'Other'" in capsys.readouterr().err
    assert main([*args, "reconcile", "--json"]) == 0
    (payout,) = json.loads(capsys.readouterr().out)["payouts"]
    assert payout["reaches_bank"] is True
    assert payout["deposit"]["amount"] == payout["paid_out"]
    assert payout["deposit"]["matched_by"] == "amount+date+reference"
    month = payout["paid_on"][:7]
    for kind in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"month.{kind}"
        assert main([*args, "reconcile", "--export-month", month, "--store", "Demo Amazon",
                     "--out", str(out), "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {"file": str(out)}
    rows = list(csv.reader(io.StringIO((tmp_path / "month.csv").read_text())))
    assert rows[1][2] == payout["report_id"] and rows[1][12] == payout["deposit"]["booked_on"]
    assert {r[0] for r in rows if r} >= {"duplicate", "refund_no_return", "unpaid"}
    book = load_workbook(tmp_path / "month.xlsx")
    assert book.sheetnames == ["Payouts", "Problems"]
    assert str(book["Payouts"]["E2"].value) == payout["paid_out"].split()[0]
    assert (tmp_path / "month.pdf").read_bytes().startswith(b"%PDF")
    assert main([*args, "reconcile", "--export-month", "2026-13"]) == 1
