"""Stock levels per product and bin, and filtered movement history with running balance."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from app.models import Product
from app.services.stock import ledger
from app.services.stock import moves as stock_moves
from app.services.stock import reads as stock_views
from tests.unit.count_fixtures import OWNER, make_shop


def test_level_rows_per_bin_with_low_stock(session) -> None:
    ids = make_shop(session)
    session.get(Product, ids["KC-2"]).reorder_point = 5
    session.add(Product(sku="KC-9", name="Unstocked", currency="EUR"))
    stock_moves.transfer(session, "A-01", [("KC-1", 3)], "B-01", actor=OWNER)
    rows = stock_views.level_rows(session)
    got = [(r.sku, r.bin, r.on_hand, r.available, r.total_available, r.low) for r in rows]
    assert got == [("KC-1", "A-01", 7, 7, 10, False), ("KC-1", "B-01", 3, 3, 10, False),
                   ("KC-2", "A-01", 4, 4, 4, True), ("KC-3", "B-01", 7, 7, 7, False),
                   ("KC-9", "", 0, 0, 0, True)]
    assert [r.sku for r in stock_views.level_rows(session, low_only=True)] == ["KC-2", "KC-9"]
    assert [r.bin for r in stock_views.level_rows(session, "b-0")] == ["B-01", "B-01"]
    page = stock_views.level_rows(session, offset=1, limit=2, sort="on_hand", descending=True)
    assert [(r.sku, r.on_hand) for r in page] == [("KC-3", 7), ("KC-2", 4)]


def test_history_of_a_bin_and_a_product_with_filters(session) -> None:
    ids = make_shop(session)
    stock_moves.transfer(session, "A-01", [("KC-1", 3)], "B-01", actor=OWNER)
    stock_moves.adjust(session, "B-01", "KC-1", -1, "damaged", actor=OWNER)
    ledger.move(session, ledger.MoveSpec(ids["KC-1"], ids["A-01"], ids["CUSTOMER"], 2, "pack"))
    bin_rows = stock_views.movement_history(session, location_id=ids["B-01"])
    assert [(r.sku, r.reason, r.change, r.balance) for r in bin_rows] == [
        ("KC-3", "receipt", 7, 7), ("KC-1", "transfer", 3, 10), ("KC-1", "damaged", -1, 9)]
    product_rows = stock_views.movement_history(session, product_id=ids["KC-1"])
    assert [(r.reason, r.change, r.balance) for r in product_rows] == [
        ("receipt", 10, 10), ("transfer", 0, 10), ("damaged", -1, 9), ("pack", -2, 7)]
    only = stock_views.movement_history(session, product_id=ids["KC-1"],
                                        reasons=["damaged", "pack"])
    assert [(r.reason, r.balance) for r in only] == [("damaged", 9), ("pack", 7)]
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert stock_views.movement_history(session, product_id=ids["KC-1"], since=tomorrow) == []
    both = stock_views.movement_history(session, product_id=ids["KC-1"],
                                        location_id=ids["A-01"])
    assert [r.balance for r in both] == [10, 7, 5]
    table = list(csv.DictReader(io.StringIO(stock_views.history_csv(only))))
    assert [(t["reason"], t["change"], t["balance"]) for t in table] == [
        ("damaged", "-1", "9"), ("pack", "-2", "7")]
    assert "damaged" in stock_views.reasons(session)
