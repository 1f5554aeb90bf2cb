"""`backroom db copy` killed with SIGKILL half-way: the target keeps exactly what it held (the
copy is one transaction on it), and a second copy onto it succeeds and checks row for row.
From a SQLite file onto another file, and onto PostgreSQL in that pass."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.db import open_database
from app.models import Base
from app.services import demo
from app.services.core.backend import Actor, Backend
from app.services.database import copying
from tests.conftest import DEMO_DAY

ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
# Progress on stderr: "\r<table>: <done>/<total> rows\033[K" (the pipe's text mode makes
# the carriage return a newline).
ORDERS = 6000
PROGRESS = re.compile(r"(\w+): ([\d,]+)/([\d,]+) rows")


def _contents(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every table, every row, sorted (the order rows come back in does not matter)."""
    db = open_database(url, create=False, migrate=False)
    try:
        with db.engine.connect() as conn:
            return {name: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}"'))),
                                 key=repr)
                    for name in sorted(inspect(conn).get_table_names())}
    finally:
        db.dispose()


def _source(path: Path) -> str:
    """A demo store big enough that copying it takes a few seconds."""
    db = open_database(str(path))
    try:
        Backend(db.sessions, actor=Actor("owner", "test")).run(
            demo.generate_demo, products=300, orders=ORDERS, seed=3, today=DEMO_DAY)
    finally:
        db.dispose()
    return str(path)


def _copy(source: str, target: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CLI, "db", "copy", source, target, *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _kill_mid_table(proc: subprocess.Popen[str]) -> str:
    """SIGKILL the copy once it reports a table part-written (the rest of it, more tables
    and the row-for-row check still to come: nothing can have been committed yet)."""
    assert proc.stderr is not None
    seen = ""
    try:
        while True:
            ch = proc.stderr.read(1)
            assert ch, f"the copy ended before it was killed: {seen[-500:]}"
            seen += ch
            if not seen.endswith("rows\033[K"):   # the end of one report
                continue
            last = PROGRESS.findall(seen)
            if last and 0 < int(last[-1][1].replace(",", "")) < int(
                    last[-1][2].replace(",", "")):
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    return str(last[-1][0])


# Bounded by the work, not a clock: a loaded 2-core machine takes minutes for what is
# seconds on an idle one.
@pytest.mark.timeout(900)
def test_a_killed_copy_leaves_the_target_as_it_was_and_a_second_copy_succeeds(
        tmp_path: Path, db_url: str) -> None:
    source = _source(tmp_path / "source.sqlite3")
    open_database(db_url).dispose()   # the target: a store nobody has used yet
    before = _contents(db_url)
    assert not before["orders"] and not before["stock_moves"]

    killed_in = _kill_mid_table(_copy(source, db_url))
    assert killed_in in before   # one of the store's tables, part-written

    assert _contents(db_url) == before
    if not db_url.startswith("postgresql"):
        import sqlite3

        con = sqlite3.connect(db_url)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.close()

    again = _copy(source, db_url, "--json")
    out, err = again.communicate()
    assert again.returncode == 0, err[-2000:]
    report = json.loads(out)
    assert report["ok"] and not report["initialised"]
    by_table = {t["table"]: t for t in report["tables"]}
    assert by_table["orders"]["target_rows"] == ORDERS
    assert all(t["ok"] for t in report["tables"])
    # Checked again from here, independently of the copy's own report.
    digests = {}
    for url in (source, db_url):
        db = open_database(url, create=False, migrate=False)
        try:
            with db.engine.connect() as conn:
                digests[url] = {name: copying._checksum(conn, Base.metadata.tables[name])
                                for name in ("orders", "order_lines", "stock_moves",
                                             "stock_levels", "customers")}
        finally:
            db.dispose()
    assert digests[source] == digests[db_url]
