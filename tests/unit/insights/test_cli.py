"""`backroom profit`, `backroom sales`, `backroom fees` on both databases."""

from __future__ import annotations

import json

from app.cli import main
from app.db import open_database
from tests.unit.insights.test_profit import _shop


def _world(db_url: str) -> None:
    db = open_database(db_url)
    with db.sessions() as s, s.begin():
        _shop(s)
    db.dispose()


def _json(capsys) -> object:
    return json.loads(capsys.readouterr().out)


def test_profit_rows_are_exact_decimal_strings(db_url, capsys):
    _world(db_url)
    cli = ["--db", db_url, "profit"]
    assert main([*cli, "--by", "order", "--json"]) == 0
    first, second = _json(capsys)
    assert (first["order"], first["day"], first["fees"], first["margin"]) == (
        "#2", "2026-03-30", "1.68", "21.09")
    assert second == {
        "order": "#1", "id": second["id"], "store": "Berlin Shop",
        "placed_at": "2026-03-28T23:30:00+00:00", "day": "2026-03-29", "currency": "EUR",
        "orders": 1, "revenue": "43.74", "items": "38.79", "shipping_charged": "4.95",
        "discounts": "5.00", "refunds": "10.00", "fees": "1.42", "cogs": "12.00",
        "shipping": "6.12", "ads": "0.00", "profit": "9.20", "margin": "32.01",
        "estimated": True}
    assert main([*cli, "--by", "day", "--store", "Berlin Shop", "--from", "2026-03-30",
                 "--json"]) == 0
    [day] = _json(capsys)
    assert (day["start"], day["period"], day["profit"], day["estimated"]) == (
        "2026-03-30", "day", "2.72", False)
    assert main([*cli, "--by", "store", "--json"]) == 0
    [store] = _json(capsys)
    assert (store["store"], store["orders"], store["profit"]) == ("Berlin Shop", 2, "11.92")
    assert main([*cli, "--by", "month"]) == 0
    assert "11.92" in capsys.readouterr().out


def test_sales_and_fees(db_url, capsys):
    _world(db_url)
    assert main(["--db", db_url, "sales", "--by", "product", "--top", "1", "--json"]) == 0
    assert _json(capsys) == [{"key": "MUG", "name": "Product MUG", "currency": "EUR",
                              "orders": 2, "units": 3, "revenue": "38.70", "cogs": "13.50",
                              "gross_profit": "25.20", "estimated": False}]
    assert main(["--db", db_url, "fees", "set", "Berlin Shop", "--percent", "3.5",
                 "--fixed", "0.35", "--json"]) == 0
    assert _json(capsys) == {"store": "Berlin Shop", "currency": "EUR", "percent": "3.50",
                             "fixed": "0.35"}
    assert main(["--db", db_url, "fees", "list", "--json"]) == 0
    assert _json(capsys)[0]["percent"] == "3.50"


def test_refusals(db_url, capsys):
    _world(db_url)
    assert main(["--db", db_url, "profit", "--from", "yesterday", "--json"]) == 2
    assert main(["--db", db_url, "profit", "--store", "Nope", "--json"]) == 1
    assert "Nope" in capsys.readouterr().err
    assert main(["--db", db_url, "sales", "--top", "0"]) == 1
    assert main(["--db", db_url, "fees", "set", "Berlin Shop", "--percent", "x"]) == 1
