"""Opening a SQLite store reads page 1, not the whole file: SQLite's quick check runs only
after a session that did not close cleanly (a kill -9), never because another window or
command has the file open at the same moment, and the last check that passed is recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import db as app_db
from app.db import (
    DatabaseError,
    last_passed_check,
    open_database,
    record_passed_check,
    state_folder,
)

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[2]

# A second process that opens the store, says "open", then writes until it is killed or
# told (a line on stdin) to close cleanly.
HOLDER = textwrap.dedent("""
    import sys, threading
    from sqlalchemy import text
    from app.db import open_database
    db = open_database(sys.argv[1])
    print("open", flush=True)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), done.set()), daemon=True).start()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS scratch (n INTEGER)")
        conn.commit()
        while not done.is_set() and sys.argv[2] == "write":
            conn.exec_driver_sql("INSERT INTO scratch VALUES (1)")
            conn.commit()
    done.wait()
    db.dispose()
    print("closed", flush=True)
""")


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = str(tmp_path / "store.sqlite3")
    open_database(path).dispose()
    return path


@pytest.fixture
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files SQLite's quick check ran over (the real check runs; this only notes it)."""
    ran: list[Path] = []
    real = app_db.quick_check

    def noted(path: Path) -> str:
        ran.append(path)
        return real(path)

    monkeypatch.setattr(app_db, "quick_check", noted)
    return ran


def _holder(path: str, mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, path, mode], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


def _kill_9(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()


def test_after_a_clean_close_the_next_open_does_not_check(store, quick_checks):
    db = open_database(store)
    assert not db.checked_on_open
    db.dispose()
    again = open_database(store)
    assert not again.checked_on_open
    again.dispose()
    assert quick_checks == []
    assert not state_folder(Path(store)).exists()  # a clean close leaves nothing behind
    assert last_passed_check(Path(store)) is None


def test_after_a_kill_9_the_next_open_checks_once_and_records_it(store, quick_checks):
    proc = _holder(store, "write")
    _kill_9(proc)  # mid-work: it commits in a loop
    db = open_database(store)
    assert db.checked_on_open
    assert quick_checks == [Path(store)]
    passed = last_passed_check(db)
    assert passed is not None and (passed.kind, passed.reason) == ("quick", "unclean shutdown")
    db.dispose()
    again = open_database(store)  # the check passed, so the unclean mark is gone
    assert not again.checked_on_open
    again.dispose()
    assert quick_checks == [Path(store)]
    assert last_passed_check(Path(store)) == passed


def test_the_app_and_a_command_open_at_once_without_a_check(store, quick_checks):
    app = _holder(store, "write")  # the window, writing
    command = open_database(store)  # a CLI command on the same file meanwhile
    assert not command.checked_on_open
    command.dispose()
    assert app.stdin is not None and app.stdout is not None
    app.stdin.write("close\n")
    app.stdin.flush()
    assert app.stdout.readline().strip() == "closed"
    assert app.wait() == 0
    app.stdin.close()
    app.stdout.close()
    last = open_database(store)
    assert not last.checked_on_open
    last.dispose()
    assert quick_checks == []


def test_two_engines_in_one_process_do_not_look_unclean_to_each_other(store, quick_checks):
    first = open_database(store)
    second = open_database(store)
    assert not first.checked_on_open and not second.checked_on_open
    first.dispose()
    third = open_database(store)
    assert not third.checked_on_open
    second.dispose()
    third.dispose()
    assert quick_checks == []


def test_a_damaged_store_after_a_kill_is_refused_on_every_open(store):
    proc = _holder(store, "idle")
    _kill_9(proc)
    data = bytearray(Path(store).read_bytes())
    page = 4096
    assert len(data) > page * 4
    data[page * 2: page * 2 + 1500] = os.urandom(1500)  # a b-tree page in the middle
    Path(store).write_bytes(bytes(data))
    for _ in range(2):
        with pytest.raises(DatabaseError, match="not closed cleanly.*Restore a backup"):
            open_database(store)


def test_restore_closing_the_store_takes_the_marker_again_on_the_next_connection(store):
    db = open_database(store)
    db.dispose()  # what a restore does to the open store before it replaces the file
    with db.engine.connect() as conn:  # ...and the window goes on working
        conn.exec_driver_sql("SELECT 1").all()
    assert db.marker is not None and db.marker.held
    db.dispose()
    assert not state_folder(Path(store)).exists()


def test_db_check_records_when_it_passed(store):
    db = open_database(store)
    assert last_passed_check(db) is None
    made = record_passed_check(db, "full")
    assert made is not None and last_passed_check(db) == made
    assert made.reason == "on demand"
    db.dispose()
    assert last_passed_check(Path(store)) == made
