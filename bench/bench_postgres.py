"""The same waits on PostgreSQL as on SQLite: the packing scan and the Orders tab's first rows
over 1,000,000 orders, so the two databases' figures stand side by side.

Needs a PostgreSQL server: `make bench` starts a throwaway one (scripts/with-postgres.sh, with
durability left ON so the figures are those of a real server) and passes its URL in
BACKROOM_TEST_PG. Without one this module says so and reports nothing.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import date
from pathlib import Path

from bench import bench_orders, bench_packing
from bench.common import Figure

ORDERS = int(os.environ.get("BENCH_PG_ORDERS", "1000000"))


def _new_database(server: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = f"backroom_bench_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def run(_workdir: Path) -> list[Figure]:
    server = os.environ.get("BACKROOM_TEST_PG")
    if not server:
        print("  (no PostgreSQL server: run `make bench`, which starts one, for these figures)")
        return []
    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend

    url = _new_database(server)
    db = open_database(url)
    backend = Backend(db.sessions, actor=Actor("bench", "bench"))
    made = time.perf_counter()
    backend.run(demo.generate_demo, products=bench_packing.PRODUCTS, orders=ORDERS, seed=11,
                today=date(2026, 11, 23))
    print(f"  (PostgreSQL demo database with {ORDERS:,} orders built in "
          f"{time.perf_counter() - made:.0f} s)", flush=True)
    db.dispose()

    figure, tab, _backend, tab_db, _raw = bench_orders.open_tab(url, ORDERS, " (PostgreSQL)")
    tab.deleteLater()
    tab_db.dispose()
    return [figure, *bench_packing.measure(url, build=False, label=" PostgreSQL")]
