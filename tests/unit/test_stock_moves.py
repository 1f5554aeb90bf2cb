"""Bin-to-bin moves and adjustments with a reason, and who may adjust."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEvent, StockLevel
from app.models.people import DEFAULT_PERMISSIONS
from app.services.core.backend import Actor
from app.services.core.errors import InsufficientStock, InvalidInput, UnknownBarcode
from app.services.core.permissions import forget_people
from app.services.people import accounts
from app.services.stock import ledger
from app.services.stock import moves as stock_moves
from tests.unit.count_fixtures import OWNER, make_shop


def on_hand(session, product: int, location: int) -> int:
    return session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product, StockLevel.location_id == location)) or 0


def test_transfer_moves_scanned_items(session) -> None:
    ids = make_shop(session)
    result = stock_moves.transfer(session, "a-01", [("2000000000011", 1), ("KC-1", 2),
                                                    ("KC-2", 1)], "B-01", actor=OWNER)
    assert result.units == 4 and result.lines == (("KC-1", 3), ("KC-2", 1))
    assert on_hand(session, ids["KC-1"], ids["B-01"]) == 3
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 7
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "product")) \
        == "moved"
    with pytest.raises(InsufficientStock):
        stock_moves.transfer(session, "A-01", [("KC-1", 50)], "B-01", actor=OWNER)
    with pytest.raises(UnknownBarcode):
        stock_moves.transfer(session, "A-01", [("nope", 1)], "B-01", actor=OWNER)
    with pytest.raises(InvalidInput):
        stock_moves.transfer(session, "A-01", [("KC-1", 1)], "A-01", actor=OWNER)
    assert ledger.check_ledger(session) == []


def test_adjust_with_reason(session) -> None:
    ids = make_shop(session)
    stock_moves.adjust(session, "A-01", "KC-1", -2, "damaged", actor=OWNER, note="dropped")
    stock_moves.adjust(session, "A-01", "KC-1", 5, "found", actor=OWNER)
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 13
    with pytest.raises(InvalidInput):
        stock_moves.adjust(session, "A-01", "KC-1", 1, "lost", actor=OWNER)
    with pytest.raises(InvalidInput):
        stock_moves.adjust(session, "A-01", "KC-1", -1, "stolen?", actor=OWNER)
    assert ledger.check_ledger(session) == []


def test_adjusting_follows_the_role_permissions_the_owner_set(session) -> None:
    ids = make_shop(session)
    # Nobody has a PIN yet: whoever works is the owner.
    stock_moves.adjust(session, "A-01", "KC-1", -1, "lost", actor=Actor("anyone", "x"))
    olga = Actor("olga", "office")
    for name, role in (("olga", "owner"), ("pat", "packer"), ("sue", "supervisor")):
        accounts.add_user(session, name, role, "", actor=olga)
    accounts.set_secret(session, "olga", "4711", actor=olga)
    forget_people(session)
    for who in ("pat", "anyone"):  # a packer by default, and a stranger once PINs exist
        with pytest.raises(stock_moves.NotAllowed):
            stock_moves.adjust(session, "A-01", "KC-1", -1, "lost", actor=Actor(who, "x"))
    stock_moves.adjust(session, "A-01", "KC-1", -1, "gift", actor=Actor("sue", "x"))
    # The owner lets packers adjust: it counts at once (no fixed list of roles behind it).
    accounts.set_role_permissions(session, "packer",
                                  DEFAULT_PERMISSIONS["packer"] | {"adjust_stock"}, actor=olga)
    forget_people(session)
    stock_moves.adjust(session, "A-01", "KC-1", -1, "damaged", actor=Actor("pat", "x"))
    assert on_hand(session, ids["KC-1"], ids["A-01"]) == 7
