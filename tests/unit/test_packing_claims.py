"""Claims under concurrency: two stations opening one order at the same moment, each in its
own session on the same SQLite file; and the edges of a claim's expiry."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent
from app.models.packing import PackParcel, PackSession
from app.services import audit, packing
from app.services.backend import Actor, Backend
from app.services.packing import OrderClaimed
from app.services.packing_views import PackView
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


def test_claim_inserted_by_another_session_first_is_reported_as_claimed(
        db, backend, world, monkeypatch):
    """B has looked and found no claim; before B inserts its own, A opens the order and
    commits in another session. B's insert then breaks the one-claim-per-order rule and
    B is told the order was just opened elsewhere; B's transaction leaves nothing."""
    a, b = (Backend(db.sessions, actor=actor) for actor in (A, B))
    real_expiry = packing.claim_expiry
    interleaved: list[PackView] = []
    calls: list[str] = []

    def a_gets_in_first(now, minutes):
        calls.append("expiry")
        if len(calls) == 1:            # only on B's way to its insert, not inside A's call
            interleaved.append(a.run(packing.open_order, A, "#1001", now=NOW))
        return real_expiry(now, minutes)

    monkeypatch.setattr(packing, "claim_expiry", a_gets_in_first)
    with pytest.raises(OrderClaimed, match="just opened at another station"):
        b.run(packing.open_order, B, "#1001", now=NOW)
    monkeypatch.undo()
    assert interleaved[0].station == "station-A"
    assert _claims(backend, world.order1) == [("station-A", "pat")]
    assert _parcels(backend) == 1              # A's first parcel only; B added none
    # scanning B's slip again now says where the order is
    with pytest.raises(OrderClaimed, match="station station-A by pat"):
        b.run(packing.open_order, B, "#1001", now=NOW)
    # and A works on undisturbed
    assert a.run(packing.scan_item, A, world.order1, MUG_EAN, now=NOW).added == 1


def test_two_threads_opening_at_once_exactly_one_wins(db, backend, world, monkeypatch):
    """Both stations pass the 'is it claimed?' look before either inserts (a barrier holds
    them there), then both insert from their own threads and sessions."""
    real_expiry = packing.claim_expiry
    both_looked = threading.Barrier(2, timeout=10)

    def meet_before_insert(now, minutes):
        both_looked.wait()
        return real_expiry(now, minutes)

    monkeypatch.setattr(packing, "claim_expiry", meet_before_insert)

    def open_at(actor: Actor) -> PackView | OrderClaimed:
        try:
            return Backend(db.sessions, actor=actor).run(packing.open_order, actor, "#1001",
                                                          now=NOW)
        except OrderClaimed as exc:
            return exc

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(open_at, (A, B)))
    monkeypatch.undo()
    won = [r for r in results if isinstance(r, PackView)]
    lost = [r for r in results if isinstance(r, OrderClaimed)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "just opened at another station" in str(lost[0])
    winner = A if won[0].station == A.station else B
    assert _claims(backend, world.order1) == [(winner.station, winner.user)]
    assert _parcels(backend) == 1


def test_two_stations_taking_over_one_expired_claim_at_once(db, backend, world,
                                                            monkeypatch):
    """C's claim has run out; A and B both see that and both take over at the same moment.
    Exactly one gets the order; the other is told, and did not delete the winner's claim
    (which SQLite may store under the id the expired claim had)."""
    backend.run(packing.open_order, C, "#1001", now=NOW)
    later = NOW + timedelta(minutes=packing.CLAIM_MINUTES + 1)
    real_record = audit.record
    both_looked = threading.Barrier(2, timeout=10)

    def meet_before_delete(*args, **kwargs):
        both_looked.wait()
        return real_record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", meet_before_delete)

    def take_over(actor: Actor) -> PackView | OrderClaimed:
        try:
            return Backend(db.sessions, actor=actor).run(packing.open_order, actor, "#1001",
                                                          now=later)
        except OrderClaimed as exc:
            return exc

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(take_over, (A, B)))
    monkeypatch.undo()
    won = [r for r in results if isinstance(r, PackView)]
    lost = [r for r in results if isinstance(r, OrderClaimed)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "just taken over at another station" in str(lost[0])
    winner = A if won[0].station == A.station else B
    loser = B if winner is A else A
    assert _claims(backend, world.order1) == [(winner.station, winner.user)]
    assert _parcels(backend) == 1
    # the winner packs; the loser is kept out
    assert backend.run(packing.scan_item, winner, world.order1, MUG_EAN, now=later).added == 1
    with pytest.raises(OrderClaimed):
        backend.run(packing.scan_item, loser, world.order1, MUG_EAN, now=later)


def test_take_over_loses_to_the_owner_renewing_in_between(db, backend, world, monkeypatch):
    """B sees C's claim expired, but before B deletes it C rescans the slip and renews it:
    B must not delete the renewed claim."""
    c, b = (Backend(db.sessions, actor=actor) for actor in (C, B))
    c.run(packing.open_order, C, "#1001", now=NOW)
    later = NOW + timedelta(minutes=packing.CLAIM_MINUTES + 1)
    real_record = audit.record
    renewed: list[PackView] = []

    def owner_renews_first(*args, **kwargs):
        if not renewed:
            renewed.append(c.run(packing.open_order, C, "#1001", now=later))
        return real_record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", owner_renews_first)
    with pytest.raises(OrderClaimed, match="just taken over"):
        b.run(packing.open_order, B, "#1001", now=later)
    monkeypatch.undo()
    assert renewed[0].station == "station-C"
    assert _claims(backend, world.order1) == [("station-C", "cy")]
    assert c.run(packing.scan_item, C, world.order1, MUG_EAN, now=later).added == 1
    taken = backend.run(lambda s: s.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "pack_taken_over")))
    assert taken == 0                          # B's refused take-over left no trace


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
        select(AuditEvent).where(AuditEvent.action == "pack_taken_over"))])
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
