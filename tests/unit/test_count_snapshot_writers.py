"""A count's snapshot holds with many writers (issue 12).

It used to be "the highest stock move id". On PostgreSQL ids are handed out before commit,
so a move with a LOWER id can commit AFTER the snapshot: the snapshot did not see it, and
"moves with an id above the snapshot" did not either, so posting the count undid it. Here a
sale of 3 from the counted bin is exactly such a move; the count (which found what the
snapshot said) must leave the bin at 10 - 3 = 7, not 10.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.models import StockLevel, StockMove, utcnow
from app.services.counts import counting, posting
from app.services.stock import ledger
from tests.conftest import PG_SERVER
from tests.unit.count_fixtures import OWNER, make_shop


def _on_hand(session: Session, product: int, location: int) -> int:
    return session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product, StockLevel.location_id == location)) or 0


def _count_and_post(backend, count_id: int, ids: dict[str, int]) -> int:  # noqa: ANN001
    # What the shelf held at the snapshot: 10 of KC-1, 4 of KC-2.
    backend.run(counting.set_counted, count_id, ids["A-01"], "KC-1", 10, actor=OWNER)
    backend.run(counting.set_counted, count_id, ids["A-01"], "KC-2", 4, actor=OWNER)
    review = backend.read(posting.review, count_id)
    assert {(r.sku, r.moves_since) for r in review.lines} == {("KC-1", -3), ("KC-2", 0)}
    backend.run(posting.post_count, count_id, actor=OWNER)
    return backend.read(_on_hand, ids["KC-1"], ids["A-01"])


def _move_with_id(session: Session, move_id: int, product: int, src: int, dst: int,
                  quantity: int, reason: str) -> None:
    """A move with a chosen id, as the ledger writes one (the move and both levels)."""
    session.execute(insert(StockMove).values(
        id=move_id, at=utcnow(), product_id=product, from_location_id=src,
        to_location_id=dst, quantity=quantity, reason=reason, user="other", station="s2"))
    for location, sign in ((src, -1), (dst, 1)):
        changed = session.execute(update(StockLevel).where(
            StockLevel.product_id == product, StockLevel.location_id == location).values(
            on_hand=StockLevel.on_hand + sign * quantity)).rowcount
        if not changed:
            session.execute(insert(StockLevel).values(product_id=product,
                                                      location_id=location, on_hand=quantity))


def test_a_lower_id_committed_after_the_snapshot_is_not_lost(backend) -> None:
    """The interleaving replayed one step at a time (on SQLite and on PostgreSQL): a move
    with id M+2 commits, the bin is begun, then the move with id M+1 commits."""
    ids = backend.run(make_shop)
    count = backend.run(counting.create_count, "bins", bins=["A-01"], actor=OWNER)
    last = backend.read(lambda s: s.scalar(select(func.max(StockMove.id))))
    backend.run(_move_with_id, last + 2, ids["KC-3"], ids["SUPPLIER"], ids["C-01"], 5,
                "receipt")
    backend.run(counting.begin_bin, count.id, "A-01", actor=OWNER)
    backend.run(_move_with_id, last + 1, ids["KC-1"], ids["A-01"], ids["CUSTOMER"], 3, "sale")
    if backend.read(lambda s: s.get_bind().dialect.name) == "postgresql":
        backend.run(lambda s: s.execute(text(
            "SELECT setval(pg_get_serial_sequence('stock_moves', 'id'), :n)"), {"n": last + 2}))
    assert _count_and_post(backend, count.id, ids) == 7


@pytest.mark.skipif(not PG_SERVER, reason="two writers at once need PostgreSQL")
def test_two_connections_on_postgresql(db, backend) -> None:
    """For real: station 2 takes its id first and commits last, on its own connection."""
    ids = backend.run(make_shop)
    count = backend.run(counting.create_count, "bins", bins=["A-01"], actor=OWNER)
    # A connection of its own, outside Backroom's one-writer-at-a-time lock: a writer that
    # does not queue (another program, or Backroom once writers run side by side).
    other = create_engine(db.url)
    try:
        with Session(other) as station_2, station_2.begin():
            (late,) = ledger.move_many(station_2, [ledger.MoveSpec(
                ids["KC-1"], ids["A-01"], ids["CUSTOMER"], 3, "sale")])
            (early,) = backend.run(ledger.move_many, [ledger.MoveSpec(
                ids["KC-3"], ids["SUPPLIER"], ids["C-01"], 5, "receipt")])
            backend.run(counting.begin_bin, count.id, "A-01", actor=OWNER)
            assert late < early   # the lower id ...
        # ... committed only now, after the snapshot.
    finally:
        other.dispose()
    assert _count_and_post(backend, count.id, ids) == 7
