"""Migration 0790: an open count's begun bins keep what they held, now as count_bin_levels rows
made from the old `snapshot_move_id` marks, and posting after the upgrade writes the same
quantities the mark would have given (on SQLite, and on PostgreSQL in that pass)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, create_engine, select, text

from app.db import _alembic_config, open_database
from app.models import StockLevel
from app.models.counts import CountBinLevel
from app.services.core.backend import Actor, Backend
from app.services.counts import posting
from app.services.database.setup import plain_url
from tests.conftest import PG_SERVER

OWNER = Actor("owner", "test")
SUPPLIER, CUSTOMER, ADJUSTMENT, BIN_A, BIN_B, BIN_C = 1, 2, 3, 4, 5, 6
MUG, TOWEL, VASE = 1, 2, 3
OPEN, POSTED = 1, 2
# Every move, in id order: (id, product, from, to, quantity, reason).
MOVES = [
    (1, MUG, SUPPLIER, BIN_A, 10, "receive"),
    (2, TOWEL, SUPPLIER, BIN_A, 5, "receive"),
    (3, MUG, SUPPLIER, BIN_B, 7, "receive"),
    (4, TOWEL, ADJUSTMENT, BIN_A, 1, "count"),        # an earlier count's correction
    (5, VASE, SUPPLIER, BIN_A, 2, "receive"),
    (6, VASE, BIN_A, CUSTOMER, 2, "ship"),            # gone before the bin was begun
    # Bin A begun here (mark 6), bin B at mark 3 (before the towel correction above).
    (7, MUG, BIN_A, CUSTOMER, 3, "ship"),             # shipped while counting
    (8, TOWEL, ADJUSTMENT, BIN_A, 2, "count"),        # another count posted meanwhile
    (9, MUG, SUPPLIER, BIN_B, 4, "receive"),          # received while counting
    (10, MUG, BIN_B, BIN_C, 1, "move"),
]
MARKS = {BIN_A: 6, BIN_B: 3}
# What was counted on the shelf, per (bin, product).
COUNTED = {(BIN_A, MUG): 9, (BIN_A, TOWEL): 6, (BIN_A, VASE): 0, (BIN_B, MUG): 8}
CORRECTIONS = ("count", "count reversal")


def _signed(move: tuple[int, int, int, int, int, str], location: int, product: int) -> int:
    _id, pid, src, dst, qty, _reason = move
    if pid != product:
        return 0
    return qty if dst == location else -qty if src == location else 0


def _held(location: int, product: int, *, upto: int | None = None,
          only: tuple[str, ...] | None = None, after: int | None = None) -> int:
    return sum(_signed(m, location, product) for m in MOVES
               if (upto is None or m[0] <= upto) and (after is None or m[0] > after)
               and (only is None or m[5] in only))


def _fresh(url: str) -> None:
    """An empty database: the PostgreSQL fixture's comes migrated to the newest schema."""
    if not PG_SERVER:
        return
    engine = create_engine(plain_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _rows(conn: Connection, table: str, rows: list[dict[str, object]]) -> None:
    names = list(rows[0])
    quoted = ", ".join(f'"{n}"' for n in names)   # "user" is a reserved word on PostgreSQL
    conn.execute(text(f"INSERT INTO {table} ({quoted}) "
                      f"VALUES ({', '.join(':' + n for n in names)})"), rows)


def _store_at_0780(conn: Connection) -> None:
    command.upgrade(_alembic_config(conn), "0780")
    at = "2026-11-20 09:00:00"
    _rows(conn, "locations", [
        {"id": i, "code": code, "name": code, "kind": kind, "warehouse": wh, "path_order": i}
        for i, code, kind, wh in ((SUPPLIER, "SUPPLIER", "supplier", ""),
                                  (CUSTOMER, "CUSTOMER", "customer", ""),
                                  (ADJUSTMENT, "ADJUSTMENT", "adjustment", ""),
                                  (BIN_A, "A-01-1", "bin", "Main"),
                                  (BIN_B, "B-01-1", "bin", "Main"),
                                  (BIN_C, "C-01-1", "bin", "Main"))])
    _rows(conn, "products", [
        {"id": pid, "sku": sku, "name": sku, "currency": "EUR", "price_minor": 900,
         "cost_minor": 300, "active": True, "created_at": at, "reorder_point": 0}
        for pid, sku in ((MUG, "MUG"), (TOWEL, "TOWEL"), (VASE, "VASE"))])
    _rows(conn, "stock_moves", [
        {"id": i, "at": at, "product_id": p, "from_location_id": s, "to_location_id": d,
         "quantity": q, "reason": r, "reference": "", "user": "owner", "station": "office"}
        for i, p, s, d, q, r in MOVES])
    _rows(conn, "stock_levels", [
        {"product_id": p, "location_id": loc, "on_hand": _held(loc, p), "reserved": 0}
        for loc, p in ((BIN_A, MUG), (BIN_A, TOWEL), (BIN_A, VASE), (BIN_B, MUG),
                       (BIN_C, MUG))])
    _rows(conn, "stock_counts", [
        {"id": cid, "reference": ref, "kind": "bins", "description": ref, "by_product": False,
         "blind": False, "status": status, "created_at": at, "created_by": "owner"}
        for cid, ref, status in ((OPEN, "CNT-1", "open"), (POSTED, "CNT-2", "posted"))])
    _rows(conn, "count_bins", [
        {"count_id": cid, "location_id": loc, "snapshot_move_id": mark, "started_at": at,
         "started_by": "owner", "station": "office"}
        for cid, loc, mark in ((OPEN, BIN_A, MARKS[BIN_A]), (OPEN, BIN_B, MARKS[BIN_B]),
                               (POSTED, BIN_A, 2))])
    _rows(conn, "count_lines", [
        {"count_id": OPEN, "location_id": loc, "product_id": p,
         "expected": _held(loc, p, upto=MARKS[loc]), "counted": n, "moves_since": 0}
        for (loc, p), n in COUNTED.items()])
    if conn.dialect.name == "postgresql":   # ids written above: move the sequences past them
        for table in ("locations", "products", "stock_moves", "stock_counts"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table}))"))


def test_open_counts_keep_their_snapshots_and_post_as_before(db_url: str) -> None:
    _fresh(db_url)
    engine = create_engine(plain_url(db_url))
    with engine.begin() as conn:
        _store_at_0780(conn)
    engine.dispose()

    db = open_database(db_url)   # upgrades to the newest schema, 0790 on the way
    try:
        backend = Backend(db.sessions, actor=OWNER)
        levels = backend.read(lambda s: {
            (r.count_id, r.location_id, r.product_id): (r.on_hand, r.corrections)
            for r in s.scalars(select(CountBinLevel))})
        # What each begun bin of the open count held at its mark, with the count postings
        # that were in it by then; every product with a stock level there (zero included).
        assert levels == {
            (OPEN, loc, p): (_held(loc, p, upto=MARKS[loc]),
                             _held(loc, p, upto=MARKS[loc], only=CORRECTIONS))
            for loc, p in ((BIN_A, MUG), (BIN_A, TOWEL), (BIN_A, VASE), (BIN_B, MUG))}
        assert levels[(OPEN, BIN_A, TOWEL)] == (6, 1)
        assert levels[(OPEN, BIN_A, VASE)] == (0, 0)
        assert levels[(OPEN, BIN_B, MUG)] == (7, 0)

        backend.run(posting.post_count, OPEN, actor=OWNER)
        after = backend.read(lambda s: {
            (r.location_id, r.product_id): r.on_hand for r in s.scalars(select(StockLevel))})
    finally:
        db.dispose()
    # The mark's rule: what was counted, plus what moved on the shelf after the mark
    # (count postings of other counts are not shelf moves).
    for (loc, p), counted in COUNTED.items():
        moved = _held(loc, p, after=MARKS[loc]) - _held(loc, p, after=MARKS[loc],
                                                         only=CORRECTIONS)
        assert after[(loc, p)] == max(counted + moved, 0), (loc, p)
    assert after[(BIN_A, MUG)] == 6 and after[(BIN_A, TOWEL)] == 6
    assert after[(BIN_B, MUG)] == 11
    assert after[(BIN_C, MUG)] == 1   # a bin the count never began keeps its stock


def test_posted_counts_get_no_snapshot_rows(db_url: str) -> None:
    _fresh(db_url)
    engine = create_engine(plain_url(db_url))
    with engine.begin() as conn:
        _store_at_0780(conn)
        command.upgrade(_alembic_config(conn), "0790")
        found = conn.execute(text("SELECT DISTINCT count_id FROM count_bin_levels")).all()
        kept = conn.execute(text("SELECT status FROM stock_counts WHERE id = :i"),
                            {"i": POSTED}).scalar()
    engine.dispose()
    assert found == [(OPEN,)] and kept == "posted"
