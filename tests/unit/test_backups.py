"""Backups: where they go, how many are kept, what a bad place or a bad file gives (a message
naming the path, never a traceback), and that a backup taken while another thread writes is
consistent. Restoring whole stores is in tests/e2e/test_restore.py."""

from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from app.cli import main
from app.db import _alembic_config, open_database
from app.services import maintenance
from app.services.backups import rotation, settings
from app.services.backups.errors import BackupProblem, DatabaseInUse, NotABackup
from app.services.backups.settings import BackupSettings
from app.services.backups.sqlite_files import inspect_backup
from app.services.backups.store import StoreBackups
from app.services.core.backend import Backend
from tests import two_writers

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def _own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and default backup folders in the test's own folder, not the user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = tmp_path / "shop.sqlite3"
    two_writers.make_store(str(path))
    return str(path)


def _backups(path: str, tmp_path: Path) -> StoreBackups:
    return StoreBackups(f"sqlite:///{path}", settings_path=tmp_path / "config" / "backups.json")


def test_backups_go_next_to_the_database_and_only_the_newest_n_are_kept(store, tmp_path):
    backups = _backups(store, tmp_path)
    assert backups.settings().folder == tmp_path / "backups"
    assert backups.last_backup() is None and backups.due()
    made = [backups.back_up(keep=3).path for _ in range(5)]
    kept = backups.backups()
    assert [b.path for b in kept] == made[:-4:-1]  # newest first, the two oldest removed
    assert not made[0].exists() and not made[1].exists()
    assert backups.last_backup() == kept[0] and not backups.due()
    assert all(inspect_backup(b.path).current for b in kept)
    # A backup is one self-contained file: no WAL beside it, and it opens read-only.
    assert not Path(str(made[-1]) + "-wal").exists()
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == sorted(
        b.path.name for b in kept)


def test_rotation_leaves_other_files_alone(tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "shop-manual.sqlite3").write_text("mine too")
    for day in range(1, 5):
        (folder / f"shop-202611{day:02d}-120000Z.sqlite3").write_text("x")
    removed = rotation.prune(folder, "shop", ".sqlite3", keep=2)
    assert sorted(p.name for p in removed) == ["shop-20261101-120000Z.sqlite3",
                                              "shop-20261102-120000Z.sqlite3"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt", "shop-20261103-120000Z.sqlite3", "shop-20261104-120000Z.sqlite3",
        "shop-manual.sqlite3"]


def test_settings_are_kept_per_database(store, tmp_path):
    backups = _backups(store, tmp_path)
    backups.save_settings(BackupSettings(folder=tmp_path / "usb", keep=3, automatic=False))
    again = _backups(store, tmp_path)
    assert again.settings() == BackupSettings(tmp_path / "usb", 3, False)
    other = _backups(str(tmp_path / "other.sqlite3"), tmp_path)
    assert other.settings().folder == tmp_path / "backups" and other.settings().keep == 14
    assert backups.back_up().path.parent == tmp_path / "usb"
    (tmp_path / "config" / "backups.json").write_text("{not json")
    assert again.settings().keep == settings.DEFAULT_KEEP  # a damaged file: the defaults


def test_a_file_in_the_way_is_named_in_words(store, tmp_path, capsys):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(BackupProblem, match=f"{blocker} is a file, not a folder"):
        _backups(store, tmp_path).back_up(blocker / "deeper" / "backups")
    with pytest.raises(BackupProblem, match=f"{blocker}: it is a file, not a folder"):
        _backups(store, tmp_path).back_up(blocker)
    assert main(["--db", store, "db", "backup", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backroom: Cannot write backups to ") and "Traceback" not in err


def test_an_unwritable_folder_is_named_in_words(store, tmp_path, capsys):
    if os.geteuid() == 0:
        # Root writes through permission bits; a kernel folder refuses even root.
        target = Path("/sys/backroom-backups")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "backups"
    assert main(["--db", store, "db", "backup", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"Cannot write backups to {target}" in err and "may not write there" in err
    assert "Traceback" not in err


def _limit_file_size() -> None:
    # A file-size limit makes every write past it fail as a full disk would.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))


def test_a_full_disk_is_named_in_words_and_leaves_no_half_backup(store, tmp_path):
    folder = tmp_path / "full"
    done = subprocess.run([sys.executable, "-m", "app", "--db", store, "db", "backup",
                           str(folder)], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=_limit_file_size, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"backroom: Cannot write the backup {folder}/shop-")
    assert "disk" in done.stderr and "Traceback" not in done.stderr
    assert list(folder.iterdir()) == []


def test_restore_refuses_what_is_not_a_sound_backroom_database(store, tmp_path, capsys):
    backups = _backups(store, tmp_path)
    good = backups.back_up().path
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 500)
    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(good.read_bytes())
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999' WHERE rowid = "
                "(SELECT min(rowid) FROM alembic_version)")
    con.commit()
    con.close()
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(good.read_bytes())
    page = 4096
    data[page * 3: page * 3 + 2000] = os.urandom(2000)  # a table page in the middle
    damaged.write_bytes(bytes(data))
    cases = {junk: "not a SQLite file", foreign: "has no ", newer: "made by a newer Backroom",
             damaged: "damaged", tmp_path / "none.sqlite3": "There is no file",
             tmp_path: "is a folder"}
    before = Path(store).read_bytes()
    for path, words in cases.items():
        with pytest.raises(NotABackup, match=words):
            backups.restore(path)
        assert main(["--db", store, "db", "restore", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("backroom: ") and words in err and "Traceback" not in err
    assert Path(store).read_bytes() == before  # nothing was changed
    assert not list(tmp_path.glob("shop.before-restore-*"))


def test_restore_refuses_while_another_window_has_the_database_open(store, tmp_path):
    backups = _backups(store, tmp_path)
    good = backups.back_up().path
    window = open_database(store)  # another Backroom with a connection in its pool
    try:
        Backend(window.sessions).read(maintenance.check_database)
        with pytest.raises(DatabaseInUse, match="open in another Backroom window"):
            backups.restore(good)
        with pytest.raises(DatabaseInUse):  # a connection in the middle of a job too
            with window.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1").all()
                backups.restore(good)
    finally:
        window.dispose()
    assert backups.restore(good).safety_copy is not None  # once it is closed, it works


def test_an_older_backup_is_migrated_forward(store, tmp_path):
    old = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO products (sku, name, currency, price_minor, cost_minor, active, "
            "created_at) VALUES ('OLD-1', 'Old mug', 'EUR', 900, 300, 1, '2025-01-01')")
    engine.dispose()
    result = _backups(store, tmp_path).restore(old)
    assert result.migrated
    db = open_database(store)
    try:
        assert db.backup_path is None  # already current: nothing left to upgrade on open
        report = Backend(db.sessions).read(maintenance.check_database)
        with db.engine.connect() as conn:
            skus = conn.exec_driver_sql("SELECT sku FROM products").scalars().all()
    finally:
        db.dispose()
    assert report.ok and skus == ["OLD-1"]
    assert old.read_bytes()[:16] == b"SQLite format 3\x00"
    con = sqlite3.connect(old)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    con.close()  # the backup itself is never changed


def test_a_backup_taken_while_another_thread_writes_is_consistent(store, tmp_path):
    """Moves and stock levels change together in each job; every backup taken meanwhile must
    hold whole jobs only: integrity ok and every level equal to its moves."""
    db = open_database(store)
    backend = Backend(db.sessions)
    step = two_writers._moves(backend, random.Random(3))
    stop = threading.Event()
    writes = [0]

    def writer() -> None:
        while not stop.is_set():
            try:
                step()
            except Exception:  # noqa: BLE001 - a refused move (short stock) is fine here
                pass
            writes[0] += 1

    thread = threading.Thread(target=writer)
    thread.start()
    backups = _backups(store, tmp_path)
    made = []
    try:
        while len(made) < 8 or writes[0] < 50:
            made.append(backups.back_up(keep=100).path)
    finally:
        stop.set()
        thread.join()
        db.dispose()
    assert writes[0] >= 50
    move_counts = set()
    for path in made:
        copy = open_database(str(path), create=False, migrate=False)
        try:
            report = Backend(copy.sessions).read(maintenance.check_database)
        finally:
            copy.dispose()
        assert report.ok, (path, report)
        move_counts.add(report.moves)
    assert len(move_counts) > 1  # the writer really wrote between backups
