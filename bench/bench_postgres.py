"""The same waits on PostgreSQL as on SQLite: the packing scan and the Orders tab's first rows
over 1,000,000 orders, on the same store, so the two databases' figures stand side by side.

The demo store is built once as a SQLite file (demo.generate_demo's bulk path), then loaded
into a new PostgreSQL database with COPY FROM STDIN - table by table, triggers and foreign
key checks off (the rows are the SQLite store's, already consistent), secondary indexes built
once after the load, sequences moved past the copied ids, then ANALYZE. Row by row through
`db copy` the load would take the better part of an hour at this size. Both databases are
then measured the same way: the Orders tab's first rows on a fresh connection, and the scan
through the packing service and the station widget. Each PostgreSQL figure's baseline is
SQLite's, so its ratio says how much slower (or faster) the server is.

Needs a PostgreSQL server: `make bench` starts a throwaway one (scripts/with-postgres.sh, with
durability left ON so the figures are those of a real server) and passes its URL in
BACKROOM_TEST_PG. Without one this module says so and reports nothing.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from datetime import date
from pathlib import Path

from bench import bench_orders, bench_packing
from bench.common import Figure, demo_store

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


def _build_sqlite(path: Path) -> None:
    demo_store(path, products=bench_packing.PRODUCTS, orders=ORDERS, seed=11,
               today=date(2026, 11, 23))


def _load_postgres(sqlite_path: Path, url: str) -> dict[str, int]:
    """Copy every table of the SQLite store into the migrated PostgreSQL database at url."""
    import psycopg
    from sqlalchemy.engine import make_url

    from app.services.database.setup import init_store

    init_store(url)   # the schema through the migrations, as `db init` makes it
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    src = sqlite3.connect(sqlite_path)
    copied: dict[str, int] = {}
    with psycopg.connect(dsn) as conn:
        # Superuser on the throwaway server: no user triggers, no foreign key checks.
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET maintenance_work_mem = '256MB'")
        target = {r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        names = [r[0] for r in src.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if r[0] in target and r[0] != "alembic_version"]
        # What the migrations seeded (roles, reasons, ...) comes again from the source.
        conn.execute("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " CASCADE")
        for name in names:
            columns = [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')]
            found = {r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s", (name,))}
            columns = [c for c in columns if c in found]
            indexes = conn.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM "
                "pg_constraint c WHERE c.conname = i.indexname)", (name,)).fetchall()
            for index, _sql in indexes:
                conn.execute(f'DROP INDEX "{index}"')
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = 0
            # SQLite's text forms are PostgreSQL's input forms: naive UTC timestamps as
            # 'YYYY-MM-DD HH:MM:SS.ffffff', booleans as 0/1.
            with conn.cursor().copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {quoted} FROM "{name}"'):
                    copy.write_row(row)
                    rows += 1
            for _index, sql in indexes:
                conn.execute(sql)
            copied[name] = rows
        for name in names:
            keys = conn.execute(
                "SELECT a.attname FROM pg_index x JOIN pg_attribute a ON a.attrelid = "
                "x.indrelid AND a.attnum = ANY(x.indkey) WHERE x.indrelid = %s::regclass "
                "AND x.indisprimary", (f'"{name}"',)).fetchall()
            if len(keys) != 1:
                continue
            sequence = conn.execute("SELECT pg_get_serial_sequence(%s, %s)",
                                    (f'"{name}"', keys[0][0])).fetchone()
            if sequence and sequence[0]:
                conn.execute(f'SELECT setval(%s, COALESCE(MAX("{keys[0][0]}"), 1), '
                             f'MAX("{keys[0][0]}") IS NOT NULL) FROM "{name}"', (sequence[0],))
        conn.commit()
    src.close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return copied


def _side_by_side(sqlite_figs: list[Figure], pg_figs: list[Figure]) -> list[Figure]:
    """Each PostgreSQL figure with SQLite's same figure as its baseline."""
    return [Figure(pg.name, pg.seconds, "SQLite, same store", lite.seconds, pg.goal_seconds)
            for lite, pg in zip(sqlite_figs, pg_figs, strict=True)]


def run(workdir: Path) -> list[Figure]:
    server = os.environ.get("BACKROOM_TEST_PG")
    if not server:
        print("  (no PostgreSQL server: run `make bench`, which starts one, for these figures)")
        return []
    sqlite_path = workdir / "pg-twin.sqlite3"
    made = time.perf_counter()
    _build_sqlite(sqlite_path)
    print(f"  (SQLite demo store, {bench_packing.PRODUCTS:,} products and {ORDERS:,} orders, "
          f"built in {time.perf_counter() - made:.0f} s)", flush=True)
    url = _new_database(server)
    made = time.perf_counter()
    copied = _load_postgres(sqlite_path, url)
    print(f"  (the same store loaded into PostgreSQL with COPY in "
          f"{time.perf_counter() - made:.0f} s: {sum(copied.values()):,} rows in "
          f"{len(copied)} tables, {copied.get('orders', 0):,} orders)", flush=True)

    # The first widget of the process pays for Qt's start (fonts, styles): not a database's.
    _figure, tab, _backend, tab_db, _raw = bench_orders.open_tab(str(sqlite_path), ORDERS)
    tab.deleteLater()
    tab_db.dispose()
    figures: dict[str, list[Figure]] = {}
    for name, db_url, label in (("SQLite", str(sqlite_path), "SQLite"),
                                ("PostgreSQL", url, "PostgreSQL")):
        figure, tab, _backend, tab_db, _raw = bench_orders.open_tab(db_url, ORDERS,
                                                                    f" ({label})")
        tab.deleteLater()
        tab_db.dispose()
        figures[name] = [figure, *bench_packing.measure(db_url, build=False, label=f" {label}")]
    return [*figures["SQLite"], *_side_by_side(figures["SQLite"], figures["PostgreSQL"])]
