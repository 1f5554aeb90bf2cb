"""Claims under concurrency: two stations opening one order at the same moment, each in its
own session on the same SQLite file; and the edges of a claim's expiry.

Every job that may write holds SQLite's write lock from its first read, so two stations'
opens run one after the other and the second always sees the first's claim."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent
from app.models.packing import PackParcel, PackSession
from app.services.core.backend import Actor, Backend
from app.services.packing import station as packing
from app.services.packing.reads import PackView
from app.services.packing.station import OrderClaimed
from tests.packing_world import MUG_EAN, PLACED, build_world

A = Actor("pat", "station-A")
B = Actor("sam", "station-B")
C = Actor("cy", "station-C")
NOW = PLACED + timedelta(hours=2)


@pytest.fixture
def world(backend):
    return backend.run(build_world)


def _claims(backend: Backend, order_id: int) -> list[tuple[str, str]]:
    return backend.run(lambda s: [(p.station, p.user) for p in s.scalars(
        select(PackSession).where(PackSession.order_id == order_id))])


def _parcels(backend: Backend) -> int:
    return backend.run(lambda s: s.scalar(select(func.count(PackParcel.id))))


def _at_once(*calls):
    """Run the calls on threads that start together (a barrier outside any transaction);
    return what each returned, or the OrderClaimed it raised."""
    start = threading.Barrier(len(calls), timeout=10)

    def go(call):
        start.wait()
        try:
            return call()
        except OrderClaimed as exc:
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(go, calls))


def test_a_station_opening_while_another_is_saving_waits_then_sees_its_claim(
        db, backend, world, monkeypatch):
    """A is inside its transaction (holding the write lock) when B scans the same slip: B
    waits for A to commit, then reads A's claim and is told where the order is."""
    a, b = (Backend(db.sessions, actor=actor) for actor in (A, B))
    real_expiry = packing.claim_expiry
    a_inside, b_started = threading.Event(), threading.Event()

    def a_holds_the_lock(now, minutes):
        if threading.current_thread().name == "A":
            a_inside.set()
            b_started.wait(5)
            time.sleep(0.3)                # B is now waiting for the lock
        return real_expiry(now, minutes)

    monkeypatch.setattr(packing, "claim_expiry", a_holds_the_lock)
    opened: list[PackView] = []
    first = threading.Thread(name="A", target=lambda: opened.append(
        a.run(packing.open_order, A, "#1001", now=NOW)))
    first.start()
    assert a_inside.wait(5)
    b_started.set()
    with pytest.raises(OrderClaimed, match="being packed at station station-A by pat"):
        b.run(packing.open_order, B, "#1001", now=NOW)
    first.join(10)
    monkeypatch.undo()
    assert opened[0].station == "station-A"
    assert _claims(backend, world.order1) == [("station-A", "pat")]
    assert _parcels(backend) == 1              # A's first parcel only; B added none
    assert a.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW).added == 1


def test_two_threads_opening_at_once_exactly_one_wins(db, backend, world):
    def open_at(actor: Actor):
        return lambda: Backend(db.sessions, actor=actor).run(packing.open_order, actor,
                                                              "#1001", now=NOW)

    results = _at_once(open_at(A), open_at(B))
    won = [r for r in results if isinstance(r, PackView)]
    lost = [r for r in results if isinstance(r, OrderClaimed)]
    assert len(won) == 1 and len(lost) == 1, results
    winner = A if won[0].station == A.station else B
    assert f"being packed at station {winner.station}" in str(lost[0])
    assert _claims(backend, world.order1) == [(winner.station, winner.user)]
    assert _parcels(backend) == 1


def test_two_stations_taking_over_one_expired_claim_at_once(db, backend, world):
    """C's claim has run out; A and B both take over at the same moment. Exactly one gets
    the order; the other is told where it went; one take-over is recorded."""
    backend.run(packing.open_order, C, "#1001", now=NOW)
    later = NOW + timedelta(minutes=packing.CLAIM_MINUTES + 1)

    def take_over(actor: Actor):
        return lambda: Backend(db.sessions, actor=actor).run(packing.open_order, actor,
                                                              "#1001", now=later)

    results = _at_once(take_over(A), take_over(B))
    won = [r for r in results if isinstance(r, PackView)]
    lost = [r for r in results if isinstance(r, OrderClaimed)]
    assert len(won) == 1 and len(lost) == 1, results
    winner = A if won[0].station == A.station else B
    loser = B if winner is A else A
    assert f"being packed at station {winner.station}" in str(lost[0])
    assert _claims(backend, world.order1) == [(winner.station, winner.user)]
    assert _parcels(backend) == 1
    assert _taken_over(backend) == [winner.station]
    # the winner packs; the loser is kept out
    assert backend.run(packing.scan_item, winner, world.order1, MUG_EAN, now=later).added == 1
    with pytest.raises(OrderClaimed):
        backend.run(packing.scan_item, loser, world.order1, MUG_EAN, now=later)


def test_take_over_racing_the_owner_renewing_leaves_one_claim(db, backend, world):
    """B takes over C's expired claim at the moment C rescans its slip: whoever saves first
    holds the order and the other is refused; the audit says a take-over only if one was."""
    c, b = (Backend(db.sessions, actor=actor) for actor in (C, B))
    c.run(packing.open_order, C, "#1001", now=NOW)
    later = NOW + timedelta(minutes=packing.CLAIM_MINUTES + 1)
    results = _at_once(lambda: c.run(packing.open_order, C, "#1001", now=later),
                       lambda: b.run(packing.open_order, B, "#1001", now=later))
    won = [r for r in results if isinstance(r, PackView)]
    assert len(won) == 1, results
    holder = won[0].station
    assert [s for s, _ in _claims(backend, world.order1)] == [holder]
    assert _taken_over(backend) == ([B.station] if holder == B.station else [])
    assert backend.run(packing.scan_item, C if holder == C.station else B, world.order1,
                       MUG_EAN, now=later).added == 1


def _taken_over(backend: Backend) -> list[str]:
    return backend.run(lambda s: list(s.scalars(select(AuditEvent.station).where(
        AuditEvent.action == "taken over"))))


def test_claim_expiry_edges_and_take_over(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    expires = NOW + timedelta(minutes=packing.CLAIM_MINUTES)
    # a second before the claim runs out it still holds
    with pytest.raises(OrderClaimed, match="expires at"):
        backend.run(packing.open_order, B, "#1001", now=expires - timedelta(seconds=1))
    assert _claims(backend, world.order1) == [("station-A", "pat")]
    # at the expiry instant it may be taken over: the claim moves to B, recorded in audit
    view = backend.run(packing.open_order, B, "#1001", now=expires)
    assert (view.station, _claims(backend, world.order1)) == (
        "station-B", [("station-B", "sam")])
    events = backend.run(lambda s: [(e.station, json.loads(e.details)) for e in s.scalars(
        select(AuditEvent).where(AuditEvent.action == "taken over"))])
    assert events == [("station-B", {"from_station": "station-A", "from_user": "pat"})]
    assert _parcels(backend) == 1              # A's parcel went with A's claim
    # a supervisor's explicit take-over does not wait for the expiry
    backend.run(packing.open_order, A, "#1001", now=expires + timedelta(minutes=1),
                take_over=True)
    assert _claims(backend, world.order1) == [("station-A", "pat")]


def test_reopening_at_the_same_station_renews_the_claim(backend, world):
    backend.run(packing.open_order, A, "#1001", now=NOW)
    later = NOW + timedelta(minutes=packing.CLAIM_MINUTES - 1)
    backend.run(packing.open_order, Actor("kim", "station-A"), "#1001", now=later)
    assert _claims(backend, world.order1) == [("station-A", "kim")]
    # renewed from `later`, so B is still refused where the first claim would have run out
    with pytest.raises(OrderClaimed, match="station-A by kim"):
        backend.run(packing.open_order, B, "#1001",
                    now=NOW + timedelta(minutes=packing.CLAIM_MINUTES + 1))
