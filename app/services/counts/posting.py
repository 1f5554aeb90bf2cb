"""Reviewing a count's differences, posting them as moves, and reversing a posting.

Posting puts each counted bin at what was counted plus what moved in or out of it after its
snapshot: on hand = counted + moves since. As on hand now = expected + moves since, the
adjustment is counted - expected, and a sale packed between the bin's count and the posting
stays a sale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.models import (
    CountBin,
    CountLine,
    Location,
    Product,
    StockCount,
    StockLevel,
    StockMove,
    utcnow,
)
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import ImmutableRecord, InsufficientStock, InvalidInput, NotFound
from app.services.counts.counting import CORRECTIONS, open_count
from app.services.stock import ledger
from app.services.stock.moves import require_adjust_permission

# Lines whose difference reaches either threshold are flagged for a recount.
RECOUNT_UNITS = 5
RECOUNT_VALUE_MINOR = 5000
CHUNK = 5000     # move_many names every (product, bin) in one IN list; keep it under limits


@dataclass(frozen=True)
class ReviewLine:
    line_id: int
    sku: str
    name: str
    bin: str
    expected: int | None
    counted: int | None
    moves_since: int
    difference: int
    unit_cost_minor: int
    currency: str
    status: str          # ok, over, short, found, not found, not counted
    flagged: bool

    @property
    def value_minor(self) -> int:
        return self.difference * self.unit_cost_minor


@dataclass(frozen=True)
class Review:
    count_id: int
    reference: str
    status: str
    lines: tuple[ReviewLine, ...]
    # status -> (lines, units, {currency: value at cost in minor units})
    by_status: dict[str, tuple[int, int, dict[str, int]]] = field(default_factory=dict)
    net_units: int = 0
    net_value: dict[str, int] = field(default_factory=dict)
    flagged: int = 0
    bins_begun: int = 0

    def as_json(self) -> dict[str, object]:
        return {
            "count": self.reference, "status": self.status, "net_units": self.net_units,
            "net_value_minor": self.net_value, "flagged": self.flagged,
            "bins_counted": self.bins_begun,
            "by_status": {k: {"lines": n, "units": u, "value_minor": v}
                          for k, (n, u, v) in self.by_status.items()},
            "lines": [{"sku": r.sku, "bin": r.bin, "expected": r.expected,
                       "counted": r.counted, "moves_since": r.moves_since,
                       "difference": r.difference, "value_minor": r.value_minor,
                       "currency": r.currency, "status": r.status, "flagged": r.flagged}
                      for r in self.lines],
        }


@dataclass(frozen=True)
class PostResult:
    reference: str
    moves: int
    units_in: int
    units_out: int


def _moves_since(session: Session, snapshots: dict[int, int]) -> dict[tuple[int, int], int]:
    """Net units per (product, bin) moved on the shelf after each bin's own snapshot."""
    if not snapshots:
        return {}
    net: dict[tuple[int, int], int] = defaultdict(int)
    bins = list(snapshots)
    for i in range(0, len(bins), CHUNK):
        part = bins[i:i + CHUNK]
        rows = session.execute(
            select(StockMove.id, StockMove.product_id, StockMove.from_location_id,
                   StockMove.to_location_id, StockMove.quantity)
            .where(StockMove.id > min(snapshots[b] for b in part),
                   StockMove.reason.not_in(CORRECTIONS),
                   StockMove.from_location_id.in_(part) | StockMove.to_location_id.in_(part)))
        for move_id, product, src, dst, qty in rows:
            if src in snapshots and move_id > snapshots[src]:
                net[(product, src)] -= qty
            if dst in snapshots and move_id > snapshots[dst]:
                net[(product, dst)] += qty
    return net


def _status(expected: int | None, counted: int | None, begun: bool) -> str:
    if not begun:
        return "not counted"
    exp, got = expected or 0, counted or 0
    if got == exp:
        return "ok"
    if exp == 0:
        return "found"
    if got == 0:
        return "not found"
    return "over" if got > exp else "short"


def review(session: Session, count_id: int, *, recount_units: int = RECOUNT_UNITS,
           recount_value_minor: int = RECOUNT_VALUE_MINOR) -> Review:
    """Every line with its difference (units and value at cost), flags and a summary."""
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(f"No stock count {count_id}.")
    snapshots = dict(session.execute(select(CountBin.location_id, CountBin.snapshot_move_id)
                                     .where(CountBin.count_id == count_id)).all())
    posted = count.status != "open"
    live = {} if posted else _moves_since(session, snapshots)
    rows = session.execute(
        select(CountLine.id, CountLine.location_id, CountLine.product_id, Product.sku,
               Product.name, Location.code, CountLine.expected, CountLine.counted,
               CountLine.moves_since, CountLine.adjustment, Product.cost_minor,
               Product.currency)
        .join(Product, Product.id == CountLine.product_id)
        .join(Location, Location.id == CountLine.location_id)
        .where(CountLine.count_id == count_id)
        .order_by(Location.path_order, Location.code, Product.sku))
    lines = []
    by_status: dict[str, list[Any]] = {}    # status -> [lines, units, {currency: value}]
    net_value: dict[str, int] = defaultdict(int)
    for lid, loc, pid, sku, name, code, exp, got, since, adj, cost, cur in rows:
        begun = loc in snapshots
        diff = (adj or 0) if posted else ((got or 0) - (exp or 0) if begun else 0)
        moves = since if posted else live.get((pid, loc), 0)
        status = _status(exp, got, begun)
        flagged = begun and (abs(diff) >= recount_units
                             or abs(diff * cost) >= recount_value_minor)
        line = ReviewLine(lid, sku, name, code, exp, got, moves, diff, cost, cur, status,
                          flagged)
        lines.append(line)
        entry = by_status.setdefault(status, [0, 0, defaultdict(int)])
        entry[0] += 1
        entry[1] += diff
        entry[2][cur] += line.value_minor
        net_value[cur] += line.value_minor
    return Review(count_id, count.reference, count.status, tuple(lines),
                  {k: (n, u, dict(v)) for k, (n, u, v) in by_status.items()},
                  sum(r.difference for r in lines), dict(net_value),
                  sum(r.flagged for r in lines), len(snapshots))


def post_count(session: Session, count_id: int, *, actor: Actor) -> PostResult:
    """Write the differences of every counted bin as moves to/from ADJUSTMENT, all at once."""
    count = open_count(session, count_id)
    require_adjust_permission(session, actor)
    snapshots = dict(session.execute(select(CountBin.location_id, CountBin.snapshot_move_id)
                                     .where(CountBin.count_id == count_id)).all())
    if not snapshots:
        raise InvalidInput(f"Nothing has been counted in {count.reference} yet; count a bin "
                           "first.")
    since = _moves_since(session, snapshots)
    lines = session.execute(
        select(CountLine.id, CountLine.product_id, CountLine.location_id, CountLine.counted)
        .where(CountLine.count_id == count_id)).all()
    levels: dict[tuple[int, int], tuple[int, int]] = {}
    bins = list(snapshots)
    for i in range(0, len(bins), CHUNK):
        levels.update({(p, loc): (n, r) for p, loc, n, r in session.execute(
            select(StockLevel.product_id, StockLevel.location_id, StockLevel.on_hand,
                   StockLevel.reserved).where(StockLevel.location_id.in_(bins[i:i + CHUNK])))})
    adjustment = ledger.location_id(session, "ADJUSTMENT")
    specs, updates, units_in, units_out = [], [], 0, 0
    for lid, pid, loc, counted in lines:
        if loc not in snapshots:
            continue   # a bin nobody began is not counted: it keeps its stock
        moved = since.get((pid, loc), 0)
        on_hand, reserved = levels.get((pid, loc), (0, 0))
        # What is on the shelf now: what was counted, changed by what moved after the count.
        target = max((counted or 0) + moved, 0)
        if target < reserved:
            _refuse_reserved(session, pid, loc, target, reserved)
        change = target - on_hand
        updates.append({"id": lid, "moves_since": moved, "adjustment": change})
        if change > 0:
            specs.append(ledger.MoveSpec(pid, adjustment, loc, change, "count",
                                         reference=count.reference))
            units_in += change
        elif change < 0:
            specs.append(ledger.MoveSpec(pid, loc, adjustment, -change, "count",
                                         reference=count.reference))
            units_out -= change
    when = utcnow()
    for i in range(0, len(specs), CHUNK):
        ledger.move_many(session, specs[i:i + CHUNK], actor=actor, at=when)
    if updates:
        session.execute(update(CountLine), updates)
    session.execute(update(StockCount).where(StockCount.id == count_id).values(
        status="posted", posted_at=when, posted_by=actor.user))
    audit.record(session, actor, "stock_count", count_id, "posted", moves=len(specs),
                 units_in=units_in, units_out=units_out)
    return PostResult(count.reference, len(specs), units_in, units_out)


def _refuse_reserved(session: Session, pid: int, loc: int, target: int, reserved: int) -> None:
    sku = session.scalar(select(Product.sku).where(Product.id == pid))
    code = session.scalar(select(Location.code).where(Location.id == loc))
    raise InsufficientStock(
        f"{sku} in {code}: the count leaves {target} but {reserved} are reserved for orders. "
        "Recount it, or move the orders' reservations to another bin, then post.")


def reverse_count(session: Session, count_id: int, *, actor: Actor) -> PostResult:
    """Undo a posted count with opposite moves; the count stays on record as reversed."""
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(f"No stock count {count_id}.")
    if count.status != "posted":
        raise ImmutableRecord(f"Count {count.reference} is {count.status}; only a posted "
                              "count can be reversed.")
    require_adjust_permission(session, actor)
    moves = session.execute(
        select(StockMove.id, StockMove.product_id, StockMove.from_location_id,
               StockMove.to_location_id, StockMove.quantity)
        .where(StockMove.reference == count.reference, StockMove.reason == "count",
               StockMove.reverses_id.is_(None))
        .order_by(StockMove.id)).all()
    reference = f"{count.reference} reversal"
    specs = [ledger.MoveSpec(p, dst, src, q, "count reversal", reference=reference)
             for _, p, src, dst, q in moves]
    units_in = sum(q for _, _, _, dst, q in moves if dst == ledger.location_id(
        session, "ADJUSTMENT"))
    for i in range(0, len(specs), CHUNK):
        ledger.move_many(session, specs[i:i + CHUNK], actor=actor,
                         reverses={j: moves[i + j][0] for j in range(len(specs[i:i + CHUNK]))})
    count.status, count.reversed_at, count.reversed_by = "reversed", utcnow(), actor.user
    audit.record(session, actor, "stock_count", count_id, "reversed", moves=len(specs))
    total = sum(q for *_, q in moves)
    return PostResult(reference, len(specs), units_in, total - units_in)


def count_moves(session: Session, count_id: int) -> int:
    reference = session.scalar(select(StockCount.reference).where(StockCount.id == count_id))
    return session.scalar(select(func.count(StockMove.id)).where(
        StockMove.reference == reference)) or 0
