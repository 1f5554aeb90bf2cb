"""Reviewing a count's differences, posting them as moves, and reversing a posting.

Posting puts each counted bin at what was counted plus what moved in or out of it after its
snapshot: on hand = counted + moves since. As on hand now = expected + moves since, the
adjustment is counted - expected, and a sale packed between the bin's count and the posting
stays a sale. "Moves since" is the bin's level now less its level at the snapshot (both read
whole, each in one statement), less what other counts posted meanwhile: it holds with any
number of writers, unlike a mark on the move ids (see models.counts.CountBinLevel).
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
from app.models.counts import UNSCANNED_CHOICES, CountBinLevel
from app.money import format_money
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import ImmutableRecord, InsufficientStock, InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP, Listing, Message
from app.services.core.permissions import requires
from app.services.core.supervisors import PermissionDenied, supervisor_for_pin
from app.services.counts.approval import approval_limits
from app.services.counts.counting import corrections_in, open_count
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
    status: str          # ok, over, short, found, not found, not scanned, not counted
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
    approved_by: str | None = None
    left_out: int = 0          # never-scanned lines left out of the posting


@dataclass(frozen=True)
class UnscannedLine:
    """A line in a begun bin that nobody scanned or typed: what counting it as zero costs."""

    line_id: int
    sku: str
    name: str
    bin: str
    expected: int          # at the bin's snapshot
    units_off: int         # units "count as zero" writes off (what is there now)
    value_minor: int       # their value at cost
    currency: str


@dataclass(frozen=True)
class RecountLine:
    sku: str
    name: str
    bin: str
    difference: int
    value_minor: int
    currency: str


@dataclass(frozen=True)
class PostingSummary:
    """What posting a count would do, with the never-scanned lines `unscanned_choice` for.

    With no choice (None) the never-scanned lines are in `unscanned` but in no total, as when
    left out; posting then refuses until a choice is made (see `needs_choice`).
    """

    count_id: int
    reference: str
    unscanned_choice: str | None
    unscanned: tuple[UnscannedLine, ...]
    lines_changed: int
    units_on: int
    units_off: int
    value_on: dict[str, int]          # currency -> minor units written on (found)
    value_off: dict[str, int]         # currency -> minor units written off (missing)
    recount: tuple[RecountLine, ...]  # lines flagged for recount that the posting includes
    limits: dict[str, int]            # currency -> approval limit in minor units
    needs_pin: bool

    @property
    def needs_choice(self) -> bool:
        return bool(self.unscanned) and self.unscanned_choice is None

    @property
    def over_limit(self) -> list[str]:
        """The currencies whose value on or off reaches its approval limit."""
        return [cur for cur, limit in sorted(self.limits.items())
                if max(self.value_on.get(cur, 0), self.value_off.get(cur, 0)) >= limit]

    def as_json(self) -> dict[str, object]:
        return {
            "count": self.reference, "unscanned_choice": self.unscanned_choice,
            "unscanned": [{"sku": u.sku, "bin": u.bin, "expected": u.expected,
                           "units_off": u.units_off, "value_minor": u.value_minor,
                           "currency": u.currency} for u in self.unscanned],
            "lines_changed": self.lines_changed, "units_on": self.units_on,
            "units_off": self.units_off, "value_on_minor": self.value_on,
            "value_off_minor": self.value_off,
            "recount": [{"sku": r.sku, "bin": r.bin, "difference": r.difference,
                         "value_minor": r.value_minor, "currency": r.currency}
                        for r in self.recount],
            "approval_limit_minor": self.limits, "needs_pin": self.needs_pin,
        }


@dataclass(frozen=True)
class _Planned:
    """A line of a begun bin and the change posting it would make."""

    line_id: int
    product_id: int
    location_id: int
    sku: str
    name: str
    bin: str
    expected: int
    counted: int | None
    moved: int
    on_hand: int
    reserved: int
    cost_minor: int
    currency: str

    @property
    def target(self) -> int:
        # What is on the shelf now: what was counted, changed by what moved after the count.
        return max((self.counted or 0) + self.moved, 0)

    @property
    def change(self) -> int:
        return self.target - self.on_hand

    @property
    def unscanned(self) -> bool:
        """Never scanned, where counting it as zero means something (leaves out lines
        whose stock had gone before the bin was begun)."""
        return self.counted is None and (self.expected != 0 or self.change != 0)


def _positions(session: Session, count_id: int
               ) -> dict[tuple[int, int], tuple[int, int, int]]:
    """(product, bin) -> (on hand now, reserved now, units moved on the shelf since the
    bin's snapshot) for every line of the count's begun bins, read in one statement."""
    line = CountLine
    rows = session.execute(
        select(line.product_id, line.location_id, func.coalesce(StockLevel.on_hand, 0),
               func.coalesce(StockLevel.reserved, 0), func.coalesce(CountBinLevel.on_hand, 0),
               func.coalesce(CountBinLevel.corrections, 0),
               corrections_in(line.location_id, line.product_id))
        .join(CountBin, (CountBin.count_id == line.count_id)
              & (CountBin.location_id == line.location_id))
        .outerjoin(StockLevel, (StockLevel.product_id == line.product_id)
                   & (StockLevel.location_id == line.location_id))
        .outerjoin(CountBinLevel, (CountBinLevel.count_id == line.count_id)
                   & (CountBinLevel.location_id == line.location_id)
                   & (CountBinLevel.product_id == line.product_id))
        .where(line.count_id == count_id))
    return {(p, loc): (now, reserved, now - then - (corrected - corrected_then))
            for p, loc, now, reserved, then, corrected_then, corrected in rows}


def _status(expected: int | None, counted: int | None, begun: bool, *, posted: bool,
            adjustment: int | None) -> str:
    if not begun or (posted and adjustment is None):
        return "not counted"    # its bin was never begun, or the posting left it out
    if counted is None and not posted and expected:
        return "not scanned"    # posting asks: count it as zero, or leave it out
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
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    snapshots = _begun(session, count_id)
    posted = count.status != "open"
    live = {} if posted else {k: v[2] for k, v in _positions(session, count_id).items()}
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
        status = _status(exp, got, begun, posted=posted, adjustment=adj)
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


def _plan(session: Session, count_id: int, begun: set[int]) -> list[_Planned]:
    """Every line of the count's begun bins with what is on hand and moved since now."""
    positions = _positions(session, count_id)
    rows = session.execute(
        select(CountLine.id, CountLine.product_id, CountLine.location_id, Product.sku,
               Product.name, Location.code, CountLine.expected, CountLine.counted,
               Product.cost_minor, Product.currency)
        .join(Product, Product.id == CountLine.product_id)
        .join(Location, Location.id == CountLine.location_id)
        .where(CountLine.count_id == count_id)
        .order_by(Location.path_order, Location.code, Product.sku))
    plan = []
    for lid, pid, loc, sku, name, code, exp, got, cost, cur in rows:
        if loc not in begun:
            continue   # a bin nobody began is not counted: it keeps its stock
        on_hand, reserved, moved = positions.get((pid, loc), (0, 0, 0))
        plan.append(_Planned(lid, pid, loc, sku, name, code, exp or 0, got, moved, on_hand,
                             reserved, cost, cur))
    return plan


def _begun(session: Session, count_id: int) -> set[int]:
    return set(session.scalars(select(CountBin.location_id)
                               .where(CountBin.count_id == count_id)))


def _check_choice(unscanned: str | None) -> None:
    if unscanned is not None and unscanned not in UNSCANNED_CHOICES:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Never-scanned lines are either counted as zero or left out ({choices}), "
            "not {choice!r}."), choices=" or ".join(UNSCANNED_CHOICES), choice=unscanned)


def _summarise(session: Session, count: StockCount, plan: list[_Planned],
               unscanned: str | None, *, recount_units: int = RECOUNT_UNITS,
               recount_value_minor: int = RECOUNT_VALUE_MINOR) -> PostingSummary:
    missing = tuple(UnscannedLine(p.line_id, p.sku, p.name, p.bin, p.expected,
                                  max(-p.change, 0), max(-p.change, 0) * p.cost_minor,
                                  p.currency)
                    for p in plan if p.unscanned)
    value_on: dict[str, int] = defaultdict(int)
    value_off: dict[str, int] = defaultdict(int)
    units_on = units_off = changed = 0
    recount = []
    for p in plan:
        if p.counted is None and unscanned != "zero":
            continue
        change = p.change
        if change:
            changed += 1
        if change > 0:
            units_on += change
            value_on[p.currency] += change * p.cost_minor
        elif change < 0:
            units_off -= change
            value_off[p.currency] -= change * p.cost_minor
        diff = (p.counted or 0) - p.expected      # as the review flags it
        if abs(diff) >= recount_units or abs(diff * p.cost_minor) >= recount_value_minor:
            recount.append(RecountLine(p.sku, p.name, p.bin, diff, diff * p.cost_minor,
                                       p.currency))
    limits = approval_limits(session, set(value_on) | set(value_off))
    needs_pin = any(max(value_on.get(cur, 0), value_off.get(cur, 0)) >= limits[cur]
                    for cur in set(value_on) | set(value_off))
    return PostingSummary(count.id, count.reference, unscanned, missing, changed, units_on,
                          units_off, dict(value_on), dict(value_off), tuple(recount),
                          limits, needs_pin)


def posting_summary(session: Session, count_id: int, unscanned: str | None = None, *,
                    recount_units: int = RECOUNT_UNITS,
                    recount_value_minor: int = RECOUNT_VALUE_MINOR) -> PostingSummary:
    """What posting would do now: the never-scanned lines, units and value written on and
    off, the lines flagged for recount, and whether a supervisor's PIN is needed."""
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    _check_choice(unscanned)
    plan = _plan(session, count_id, _begun(session, count_id)) \
        if count.status == "open" else []
    return _summarise(session, count, plan, unscanned, recount_units=recount_units,
                      recount_value_minor=recount_value_minor)


def describe_unscanned(lines: tuple[UnscannedLine, ...], *, most: int = 8) -> str:
    """'KC-2 in A-01 (4 expected, €20.00 at cost), …' for messages (a Message, so the
    window shows it in its language)."""
    named = [Message(QT_TRANSLATE_NOOP("messages",
                     "{sku} in {bin} ({expected} expected, {value} at cost)"),
                     sku=u.sku, bin=u.bin, expected=u.expected,
                     value=format_money(u.value_minor, u.currency)) for u in lines[:most]]
    if not named:
        return ""
    text = named[0]
    for item in named[1:]:
        text = Message(QT_TRANSLATE_NOOP("messages", "{first}, {next}"), first=text, next=item)
    more = len(lines) - most
    if more > 0:
        text = Message(QT_TRANSLATE_NOOP("messages", "{lines} and {more} more"),
                       lines=text, more=more)
    return text


@requires("post_count")
def post_count(session: Session, count_id: int, *, actor: Actor, unscanned: str | None = None,
               pin: str | None = None) -> PostResult:
    """Write the differences of every counted bin as moves to/from ADJUSTMENT, all at once.

    Lines of begun bins that were never scanned need a choice: "zero" writes them off,
    "leave-out" keeps their stock and marks them not counted. A posting whose value written
    on or off reaches the approval limit needs a supervisor's PIN, who is recorded.
    """
    count = open_count(session, count_id)
    require_adjust_permission(session, actor)
    _check_choice(unscanned)
    snapshots = _begun(session, count_id)
    if not snapshots:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Nothing has been counted in {reference} yet; count a bin first."),
            reference=count.reference)
    plan = _plan(session, count_id, snapshots)
    summary = _summarise(session, count, plan, unscanned)
    if summary.needs_choice:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "{lines} line(s) of {reference} were never scanned: {which}. Count them as zero "
            "(write them off) or leave them out of the posting (their stock stays)."),
            lines=len(summary.unscanned), reference=count.reference,
            which=describe_unscanned(summary.unscanned))
    approved_by = None
    if summary.needs_pin and not (pin or "").strip():
        over = [Message(QT_TRANSLATE_NOOP("messages", "{amount} (limit {limit})"),
                        amount=format_money(max(summary.value_on.get(c, 0),
                                                summary.value_off.get(c, 0)), c),
                        limit=format_money(summary.limits[c], c))
                for c in summary.over_limit]
        # Several currencies read "a, b" (a Listing: in the window's language too).
        raise PermissionDenied(QT_TRANSLATE_NOOP("messages",
            "Posting {reference} writes on or off {over}: a supervisor's PIN is needed."),
            reference=count.reference, over=Listing(over))
    if (pin or "").strip():
        approved_by = supervisor_for_pin(session, pin or "")
    adjustment = ledger.location_id(session, "ADJUSTMENT")
    specs, updates, units_in, units_out, left_out = [], [], 0, 0, 0
    for p in plan:
        if p.counted is None and unscanned == "leave-out":
            left_out += p.unscanned
            continue   # its stock stays; adjustment NULL marks it not counted
        if p.target < p.reserved:
            _refuse_reserved(session, p.product_id, p.location_id, p.target, p.reserved)
        change = p.change
        updates.append({"id": p.line_id, "moves_since": p.moved, "adjustment": change})
        if change > 0:
            specs.append(ledger.MoveSpec(p.product_id, adjustment, p.location_id, change,
                                         "count", reference=count.reference))
            units_in += change
        elif change < 0:
            specs.append(ledger.MoveSpec(p.product_id, p.location_id, adjustment, -change,
                                         "count", reference=count.reference))
            units_out -= change
    when = utcnow()
    for i in range(0, len(specs), CHUNK):
        ledger.move_many(session, specs[i:i + CHUNK], actor=actor, at=when)
    if updates:
        session.execute(update(CountLine), updates)
    choice = unscanned if summary.unscanned else None
    session.execute(update(StockCount).where(StockCount.id == count_id).values(
        status="posted", posted_at=when, posted_by=actor.user, approved_by=approved_by,
        unscanned=choice))
    audit.record(session, actor, "stock_count", count_id, "posted", moves=len(specs),
                 units_in=units_in, units_out=units_out, value_on=summary.value_on,
                 value_off=summary.value_off, unscanned=choice, left_out=left_out,
                 approved_by=approved_by)
    return PostResult(count.reference, len(specs), units_in, units_out, approved_by, left_out)


def _refuse_reserved(session: Session, pid: int, loc: int, target: int, reserved: int) -> None:
    sku = session.scalar(select(Product.sku).where(Product.id == pid))
    code = session.scalar(select(Location.code).where(Location.id == loc))
    raise InsufficientStock(QT_TRANSLATE_NOOP("messages",
        "{sku} in {code}: the count leaves {target} but {reserved} are reserved for orders. "
        "Recount it, or move the orders' reservations to another bin, then post."),
        sku=sku, code=code, target=target, reserved=reserved)


@requires("post_count")
def reverse_count(session: Session, count_id: int, *, actor: Actor) -> PostResult:
    """Undo a posted count with opposite moves; the count stays on record as reversed."""
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No stock count {count}."), count=count_id)
    if count.status != "posted":
        raise ImmutableRecord(QT_TRANSLATE_NOOP("messages",
            "Count {reference} is {status}; only a posted count can be reversed."),
            reference=count.reference, status=count.status)
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
