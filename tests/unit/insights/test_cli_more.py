"""`backroom insights customers|goals|rates|business|ads|summary` on both databases."""

from __future__ import annotations

import json

from app.cli import main
from tests.unit.insights.test_cli import _world
from tests.unit.insights.test_more import AMAZON


def _json(capsys) -> object:
    return json.loads(capsys.readouterr().out)


def test_insights_commands_json(db_url, capsys, tmp_path):
    _world(db_url)
    cli = ["--db", db_url, "insights"]
    assert main([*cli, "summary", "--rebuild", "--json"]) == 0
    assert _json(capsys)["runs"] >= 1
    assert main([*cli, "customers", "--today", "2026-03-31", "--json"]) == 0
    out = _json(capsys)
    assert set(out) >= {"customers", "repeat_rate", "formula", "tiers", "rows", "cohorts"}
    assert main([*cli, "goals", "set", "Berlin Shop", "--month", "2026-03", "--revenue",
                 "100", "--json"]) == 0
    assert _json(capsys) == {"store": "Berlin Shop", "currency": "EUR", "month": "2026-03",
                             "revenue": "100.00", "profit": None}
    assert main([*cli, "goals", "list", "--today", "2026-03-31", "--json"]) == 0
    (goal,) = _json(capsys)
    assert goal["pace_pct"] == "100.0" and goal["net_sales"] == "41.64"
    assert main([*cli, "rates", "home", "EUR", "--json"]) == 0
    assert _json(capsys) == {"home": "EUR"}
    assert main([*cli, "business", "--json"]) == 0
    rows = _json(capsys)
    assert rows[-1]["store"] == "" and rows[-1]["converted"].startswith("sum of the stores")
    report = tmp_path / "sp.csv"
    report.write_bytes(AMAZON)
    assert main([*cli, "ads", "import", str(report), "--store", "Berlin Shop", "--json"]) == 0
    assert _json(capsys)["rows"] == 1
    assert main([*cli, "ads", "list", "--json"]) == 0
    (row,) = _json(capsys)
    assert (row["spend"], row["acos"], row["clicks"]) == ("4.21", "16.32", 15)
    assert main(["--db", db_url, "profit", "--by", "day", "--from", "2026-03-30", "--to",
                 "2026-03-30", "--json"]) == 0
    (day,) = _json(capsys)
    assert day["ads"] == "4.21"
