"""SQLite backups: a consistent copy of a live file, the checks a backup must pass, and
putting a checked backup in place of the live file.

Copies go through SQLite's online backup API: it reads one snapshot (WAL mode lets the app
keep writing meanwhile), so a backup is never half of one write and half of the next. A copy
is written under a `.part` name and renamed when complete, and it is a single self-contained
file (rollback journal, not WAL) so it can sit on a USB stick or in a cloud folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from app.db import DatabaseError, open_database, schema_heads, schema_problems
from app.services.backups.errors import DatabaseInUse, NotABackup, folder_problem, write_problem

# Tables every Backroom database has had since its first schema.
CORE_TABLES = frozenset({"alembic_version", "products", "locations", "stock_moves",
                         "stock_levels", "orders", "order_lines", "stores"})
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revisions: frozenset[str]
    current: bool  # at this Backroom's schema; else restore migrates it forward


def copy_live(source: Path, target: Path) -> Path:
    """Copy the live database `source` to the new file `target` (consistent, WAL-safe)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_problem(target.parent, exc) from exc
    part = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(str(source))
        try:
            src.execute("PRAGMA query_only=1")
            _copy(src, part)
        finally:
            src.close()
        os.replace(part, target)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not target.parent.is_dir():
            raise folder_problem(target.parent, exc) from exc
        raise write_problem(target, exc) from exc
    return target


def _copy(src: sqlite3.Connection, target: Path) -> None:
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)  # all pages in one step: one snapshot of the source
        # The copy carries the source's WAL flag; a backup is one plain file instead.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()


def known_revisions() -> set[str]:
    from alembic.config import Config  # here: importing alembic is slow
    from alembic.script import ScriptDirectory

    from app.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def inspect_backup(path: Path) -> BackupInfo:
    """What a backup file holds; NotABackup unless it is a sound Backroom database.

    Read on a private copy, so a file on a read-only stick and a WAL-mode file both work
    and the file itself is never changed.
    """
    _readable_database_file(path)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = (frozenset(r[0] for r in con.execute(
                "SELECT version_num FROM alembic_version"))
                         if "alembic_version" in tables else frozenset())
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise NotABackup(f"{path} is not a Backroom database or is damaged ({exc}).") from exc
    if rows != ["ok"]:
        raise NotABackup(f"{path} is damaged (integrity check: {'; '.join(rows[:3])}).")
    missing = sorted(CORE_TABLES - tables)
    if missing:
        raise NotABackup(f"{path} is not a Backroom database: it has no "
                         f"{', '.join(missing)} table(s).")
    if not revisions:
        raise NotABackup(f"{path} is not a Backroom database: no schema version in it.")
    unknown = revisions - known_revisions()
    if unknown:
        raise NotABackup(f"{path} was made by a newer Backroom (schema "
                         f"{', '.join(sorted(unknown))}); update Backroom to restore it.")
    return BackupInfo(path, revisions, set(revisions) == schema_heads())


def _readable_database_file(path: Path) -> None:
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except IsADirectoryError as exc:
        raise NotABackup(f"{path} is a folder; choose a backup file.") from exc
    except FileNotFoundError as exc:
        raise NotABackup(f"There is no file {path}.") from exc
    except OSError as exc:
        raise NotABackup(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if header != SQLITE_HEADER:
        raise NotABackup(f"{path} is not a Backroom database (not a SQLite file).")


def prepare_candidate(backup: Path, work: Path) -> tuple[BackupInfo, Path]:
    """Check `backup`, copy it into `work`, migrate the copy forward and check its schema.

    Returns the checked, current copy; the backup itself is never changed.
    """
    info = inspect_backup(backup)
    candidate = work / "restoring.sqlite3"
    try:
        work.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup, candidate)
    except OSError as exc:
        raise write_problem(candidate, exc) from exc
    try:
        db = open_database(str(candidate), create=False)
    except DatabaseError as exc:
        raise NotABackup(f"{backup} cannot be restored: {exc}") from exc
    try:
        with db.engine.connect() as conn:
            problems = schema_problems(conn)
            conn.execute(text("SELECT count(*) FROM stock_moves")).scalar_one()
    finally:
        db.dispose()
    if problems:
        raise NotABackup(f"{backup} is not a Backroom database as this version makes it: "
                         f"{'; '.join(problems[:3])}.")
    return info, candidate


def take_exclusive(live: Path, wait_ms: int = 200) -> sqlite3.Connection | None:
    """A connection to `live` that knows no one else has it open, or DatabaseInUse.

    Leaving WAL mode needs every other connection closed, so SQLite itself tells us whether
    a window or a command still holds the file. None when there is no live file yet.
    """
    if not live.exists() or live.stat().st_size == 0:
        return None
    con = sqlite3.connect(str(live), timeout=wait_ms / 1000, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError as exc:
        con.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseInUse(
                f"{live} is open in another Backroom window or command. Close it there and "
                "restore again.") from exc
        return None  # a damaged live file: it is replaced whole below
    except sqlite3.DatabaseError:
        con.close()
        return None
    return con


def safety_copy(live: Path, target: Path, held: sqlite3.Connection | None) -> Path | None:
    """The live database as it was before a restore (byte copy if SQLite cannot read it)."""
    if not live.exists() or live.stat().st_size == 0:
        return None
    try:
        if held is not None:
            _copy(held, target)
        else:
            shutil.copyfile(live, target)
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)
        raise write_problem(target, exc) from exc
    return target


def put_in_place(candidate: Path, live: Path, held: sqlite3.Connection | None) -> None:
    """Write the checked `candidate` over `live` through the backup API (so SQLite's own
    locking covers it), then return the live file to WAL mode."""
    try:
        src = sqlite3.connect(str(candidate))
        try:
            if held is None:
                for side in ("-wal", "-shm", "-journal"):
                    Path(str(live) + side).unlink(missing_ok=True)
                live.unlink(missing_ok=True)
                dst = sqlite3.connect(str(live), isolation_level=None)
            else:
                dst = held
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=WAL")
            finally:
                dst.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        raise write_problem(live, exc) from exc


def restore_file(backup: Path, live: Path, *, close_live: Callable[[], None],
                 safety: Path) -> tuple[BackupInfo, Path | None]:
    """Restore `backup` over `live`: checked and migrated first, the live file copied to
    `safety`, nothing changed if any step before the final copy fails."""
    work = live.parent / f".{live.name}.restoring"
    try:
        info, candidate = prepare_candidate(backup, work)
        close_live()
        held = take_exclusive(live)
        try:
            kept = safety_copy(live, safety, held)
            put_in_place(candidate, live, held)
            held = None  # put_in_place closed it
        finally:
            if held is not None:
                held.execute("PRAGMA journal_mode=WAL")
                held.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return info, kept
