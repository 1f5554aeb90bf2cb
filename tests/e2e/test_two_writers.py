"""Two writers on one SQLite file never corrupt it: two OS processes, or two threads.

Each writer is `tests/two_writers.py` running real jobs (moves and adjusts, counts, order
imports, packing) in a bounded loop. Afterwards `db check` must pass, every operation must
have been done or refused with a readable message (a raw database error is a traceback and
exit 1), and the packing station's invariants must hold.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import open_database
from app.models import Order
from app.models.packing import PackSession, Shipment
from app.services import maintenance
from app.services.core.backend import Backend
from tests import two_writers

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 6


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> str:
    """The shared store: a SQLite file, or a PostgreSQL database when the suite runs there."""
    two_writers.make_store(db_url)
    return db_url


def _processes(url: str, *jobs: str, ops: int = 400, seconds: float = SECONDS
               ) -> list[dict[str, object]]:
    workdir = Path(tempfile.mkdtemp(prefix="two-writers-"))
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tests.two_writers", job, url, str(seed + 1),
         "--ops", str(ops), "--seconds", str(seconds), "--workdir", str(workdir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for seed, job in enumerate(jobs)]
    finished = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, finished, strict=True):
        assert p.returncode == 0, f"a writer crashed instead of refusing cleanly:\n{err}"
    return [json.loads(out.strip().splitlines()[-1]) for out, _err in finished]


def _threads(url: str, *jobs: str, ops: int = 200, seconds: float = SECONDS
             ) -> list[dict[str, object]]:
    """The window's GUI thread and its worker: two threads over one engine."""
    db = open_database(url)
    workdir = Path(tempfile.mkdtemp(prefix="two-writers-"))
    results: list[dict[str, object]] = [{} for _ in jobs]
    errors: list[BaseException] = []

    def work(i: int, job: str) -> None:
        try:
            results[i] = two_writers.run(job, db, i + 1, ops, seconds, workdir)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    db.dispose()
    assert not errors, f"a writer thread crashed instead of refusing cleanly: {errors[0]!r}"
    return results


def _check(url: str) -> None:
    db = open_database(url)
    try:
        report = Backend(db.sessions).read(maintenance.check_database)
        assert report.integrity == "ok"
        assert report.schema_problems == ()
        assert report.ledger_problems == ()
    finally:
        db.dispose()


def _done(results: list[dict[str, object]]) -> int:
    return sum(int(r["done"]) for r in results)  # type: ignore[call-overload]


@pytest.mark.parametrize("run", [_processes, _threads], ids=["processes", "threads"])
def test_moves_and_adjusts_against_each_other(store: str, run) -> None:
    results = run(store, "moves", "moves")
    assert _done(results) > 20
    _check(store)


@pytest.mark.parametrize("run", [_processes, _threads], ids=["processes", "threads"])
def test_counts_posted_while_stock_moves(store: str, run) -> None:
    results = run(store, "counts", "moves")
    assert int(results[0]["done"]) > 0 and int(results[1]["done"]) > 0  # type: ignore[call-overload]
    _check(store)


def test_an_import_against_adjusts(store: str) -> None:
    results = _processes(store, "import", "moves")
    assert int(results[0]["done"]) > 0 and int(results[1]["done"]) > 0  # type: ignore[call-overload]
    _check(store)


@pytest.mark.parametrize("run", [_processes, _threads], ids=["processes", "threads"])
def test_two_imports_at_once(store: str, run) -> None:
    results = run(store, "import", "import", ops=6, seconds=90)
    # Both finish every file: the one waiting for the lock gets it once the other commits.
    assert [r["done"] for r in results] == [6, 6]
    _check(store)
    db = open_database(store)
    with db.sessions() as s:
        assert s.scalar(select(func.count(Order.id)).where(Order.number.like("#1-%"))) > 0
        assert s.scalar(select(func.count(Order.id)).where(Order.number.like("#2-%"))) > 0
    db.dispose()


@pytest.mark.parametrize("run", [_processes, _threads], ids=["processes", "threads"])
def test_two_stations_packing_the_same_orders(store: str, run) -> None:
    # Bounded by the 40 orders, not by time: every order must be tried by both stations.
    results = run(store, "pack", "pack", ops=two_writers.PACK_ORDERS, seconds=90)
    _check(store)
    db = open_database(store)
    with db.sessions() as s:
        packed = s.scalar(select(func.count(Order.id)).where(Order.status == "packed"))
        shipments = s.scalar(select(func.count(Shipment.id)))
        left_open = s.scalar(select(func.count(PackSession.id)).join(
            Order, Order.id == PackSession.order_id).where(Order.status != "reserved"))
    db.dispose()
    refusals = [r["refused"] for r in results]
    assert packed == shipments == two_writers.PACK_ORDERS == _done(results), results
    assert left_open == 0
    # The loser of a race hears where the order went; nothing else goes wrong.
    assert all(set(r) <= {"OrderClaimed", "AlreadyPacked"} for r in refusals), refusals
