"""One writer of the two-writer tests: a bounded loop of real jobs on one SQLite file.

`python -m tests.two_writers JOB DB SEED --ops N --seconds S` runs JOB (DB: a SQLite file or
a PostgreSQL URL) through the Backend,
as the window and the `backroom` command do, until N operations or S seconds have passed,
then prints one JSON line: {"done": n, "refused": {"ErrorClass": n, ...}}. A refusal is a
BackroomError (a message a person can read); anything else escapes as a traceback and exit 1,
which the tests count as a failure. `make_store` builds the shared store beforehand.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy.orm import Session  # noqa: E402

from app.db import Database, open_database  # noqa: E402
from app.models import Order, OrderLine, Store  # noqa: E402
from app.models.counts import CountApprovalLimit  # noqa: E402
from app.money import Money  # noqa: E402
from app.services.core.backend import Actor, Backend  # noqa: E402
from app.services.core.errors import BackroomError  # noqa: E402
from app.services.counts import counting as counts  # noqa: E402
from app.services.counts.posting import post_count  # noqa: E402
from app.services.importers.detect import parse_paths  # noqa: E402
from app.services.orders.importing import import_into_store  # noqa: E402
from app.services.packing.completing import complete_pack  # noqa: E402
from app.services.packing.station import open_order, scan_item  # noqa: E402
from app.services.stock import ledger  # noqa: E402
from app.services.stock import moves as stock_moves
from app.services.stock.catalog import ProductInput, save_product  # noqa: E402

SKUS = [f"KC-{i:05d}" for i in range(1, 7)]   # the SKUs bench.bench_orders writes first
BINS = ["A-01-1", "A-01-2", "B-01-1", "B-01-2"]
PACK_ORDERS = 40


def make_store(url: str) -> None:
    """Six products with 60 units in each of four bins, and 40 reserved orders to pack."""
    db = open_database(url)
    try:
        Backend(db.sessions).run(_fill)
    finally:
        db.dispose()


def _fill(session: Session) -> None:
    ledger.ensure_virtual_locations(session)
    supplier = ledger.location_id(session, "SUPPLIER")
    ids = []
    for sku in SKUS:
        pid = save_product(session, ProductInput(sku, f"Product {sku}", Money(1200, "EUR"),
                                                 Money(400, "EUR"), bin=BINS[0]))
        ids.append(pid)
        ledger.move_many(session, [ledger.MoveSpec(pid, supplier,
                                                   ledger.get_or_create_bin(session, b), 60,
                                                   "receive", "opening") for b in BINS])
    session.add(CountApprovalLimit(currency="EUR", limit_minor=2**31 - 1))
    store = Store(name="Packing", kind="manual", currency="EUR")
    session.add(store)
    session.flush()
    rng = random.Random(5)
    for n in range(PACK_ORDERS):
        order = Order(store_id=store.id, external_id=f"P{n}", number=f"#P{n}",
                      placed_at=ledger.utcnow(), status="reserved", currency="EUR",
                      ship_name="Ada", ship_country="DE")
        order.lines = [OrderLine(product_id=pid, channel_sku="", title="", quantity=q,
                                 unit_price_minor=1200)
                       for pid, q in {rng.choice(ids): rng.randint(1, 2) for _ in range(2)}
                       .items()]
        session.add(order)
        session.flush()
        for line in order.lines:
            assert line.product_id is not None
            ledger.reserve(session, line.id, line.product_id, line.quantity)


def _moves(backend: Backend, rng: random.Random) -> Callable[[], object]:
    def step() -> object:
        sku, a, b = rng.choice(SKUS), *rng.sample(BINS, 2)
        if rng.random() < 0.5:
            return backend.run(stock_moves.transfer, a, [(sku, rng.randint(1, 9))], b,
                               actor=backend.actor)
        change = rng.choice((-3, -2, -1, 1, 2, 3))
        return backend.run(stock_moves.adjust, a, sku, change,
                           "found" if change > 0 else "lost", actor=backend.actor)
    return step


def _counts(backend: Backend, rng: random.Random) -> Callable[[], object]:
    def step() -> object:
        code = rng.choice(BINS)
        made = backend.run(counts.create_count, "bins", bins=[code], actor=backend.actor)
        sheet = backend.run(counts.begin_bin, made.id, code, actor=backend.actor)
        for sku in rng.sample(SKUS, 3):
            backend.run(counts.set_counted, made.id, sheet.location_id, sku,
                        rng.randint(20, 70), actor=backend.actor)
        # Three of six SKUs counted: the rest keep their stock. No limit to approve here.
        return backend.run(post_count, made.id, actor=backend.actor, unscanned="leave-out")
    return step


def _imports(backend: Backend, rng: random.Random, workdir: Path, seed: int
             ) -> Callable[[], object]:
    from bench.bench_orders import write_shopify_csv

    made = [0]

    def step() -> object:
        made[0] += 1
        path = workdir / f"orders-{seed}-{made[0]}.csv"
        # Each file has its own order numbers and ids; the buyers (emails) are shared with
        # the other writer, so both create and find the same customers.
        write_shopify_csv(path, 300, products=len(SKUS), seed=rng.randrange(10**6))
        text = path.read_text(encoding="utf-8").replace("#1", f"#{seed}-{made[0]}-")
        path.write_text(text.replace(",5000", f",9{seed}{made[0]:03d}"), encoding="utf-8")
        result = parse_paths([str(path)], "shopify")
        return backend.run(import_into_store, result, "Shopify", "shopify",
                           actor=backend.actor)
    return step


def _packing(backend: Backend, rng: random.Random) -> Callable[[], object]:
    numbers = [f"#P{n}" for n in range(PACK_ORDERS)]
    rng.shuffle(numbers)
    order = iter(numbers)

    def step() -> object:
        number = next(order)
        view = backend.run(open_order, backend.actor, number)
        for line in view.lines:
            for _ in range(line.quantity):
                backend.run(scan_item, backend.actor, view.order_id, line.sku)
        return backend.run(complete_pack, backend.actor, view.order_id)
    return step


def run(job: str, db: Database, seed: int, ops: int, seconds: float, workdir: Path
        ) -> dict[str, object]:
    """JOB's loop on an open database (one engine may serve several threads)."""
    backend = Backend(db.sessions, actor=Actor("owner", f"station-{seed}"))
    rng = random.Random(seed)
    steps = {"moves": lambda: _moves(backend, rng), "counts": lambda: _counts(backend, rng),
             "import": lambda: _imports(backend, rng, workdir, seed),
             "pack": lambda: _packing(backend, rng)}
    step = steps[job]()
    done, refused = 0, Counter[str]()
    deadline = time.monotonic() + seconds
    for _ in range(ops):
        if time.monotonic() > deadline:
            break
        try:
            step()
        except BackroomError as exc:
            refused[type(exc).__name__] += 1
        except StopIteration:
            break
        else:
            done += 1
    return {"done": done, "refused": dict(refused)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("job", choices=("moves", "counts", "import", "pack"))
    parser.add_argument("db")
    parser.add_argument("seed", type=int)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workdir", type=Path, default=Path("."), help="for order files")
    args = parser.parse_args()
    db = open_database(args.db)
    try:
        print(json.dumps(run(args.job, db, args.seed, args.ops, args.seconds, args.workdir)))
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
