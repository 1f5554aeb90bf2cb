"""Opening a database: URL handling, SQLite pragmas, schema checks and migrations.

`open_database` is the only way the app, the CLI and the tests get an engine. It refuses
what it cannot safely open (a corrupt file, a newer schema, a network share) with a
`DatabaseError` whose message a store owner can act on, and it never changes a file it
refuses. Before upgrading an older schema it copies the file next to itself.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import sqlite3
import sys
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only where it migrates or inspects history: importing it takes longer
# than opening a store whose schema is current, which every start and command does.

MIGRATIONS = Path(__file__).with_name("migrations")
APP_NAME = "Backroom"
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "sshfs", "fuse.sshfs",
                       "9p", "davfs", "fuse.davfs2", "afs"}


class DatabaseError(Exception):
    """The database cannot be opened; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    backup_path: Path | None = None  # set when opening upgraded an older schema
    # True when the last session on this file had not closed cleanly, so opening ran
    # SQLite's quick check over the whole file (see OpenMarker).
    checked_on_open: bool = False
    marker: OpenMarker | None = field(default=None, repr=False, compare=False)

    @property
    def sqlite_path(self) -> Path | None:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite" or not url.database:
            return None
        return Path(url.database)

    @property
    def label(self) -> str:
        """Short text for the status bar: the file path, or the server without password."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        """Close every connection; the file was then closed cleanly (no check next open)."""
        self.engine.dispose()
        if self.marker is not None:
            self.marker.release()


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "backroom.sqlite3"


def resolve_url(path_or_url: str | None) -> str:
    """`--db` value, else BACKROOM_DB, else the file in the user's data folder."""
    value = path_or_url or os.environ.get("BACKROOM_DB") or str(default_path())
    if "://" in value:
        if value.startswith("postgresql://"):
            # Be explicit about the driver so a bare postgresql:// works with psycopg 3.
            return "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


# How long a job waits for another writer to finish before it is refused as busy. A scan
# passes a shorter wait (Backend.quick) so the packer hears the refusal within a second.
BUSY_WAIT_MS = 5000
# Execution options that say how a transaction begins (see _sqlite_begin).
READ_ONLY = "backroom_read_only"
BUSY_MS = "backroom_busy_ms"
# Set in a connection's info while its transaction holds SQLite's write lock.
WRITE_LOCKED = "backroom_write_locked"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Python's sqlite3 driver would begin a transaction only at the first write, so a job's
    # reads ran outside it and another writer could slip in between (lost updates). With
    # the driver in autocommit mode, _sqlite_begin says BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_WAIT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """Begin every transaction with the lock its job needs, before its first read.

    A job that may write takes the write lock at once (BEGIN IMMEDIATE): two writers then
    run one after the other and neither can act on what it read before the other wrote. A
    read-only job (Backend.read) begins a plain snapshot and is refused any write
    (query_only), so it never waits for a writer in WAL mode and never writes by mistake.
    """
    options = conn.get_execution_options()
    read_only = bool(options.get(READ_ONLY, False))
    wait = int(options.get(BUSY_MS, BUSY_WAIT_MS))
    state = conn.connection.info
    # Set only what changed since this connection's last transaction: scans stay cheap. A
    # reader never waits for a lock in WAL mode, so its busy wait is left as it was.
    if not read_only and state.get("busy_ms", BUSY_WAIT_MS) != wait:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={wait}")
        state["busy_ms"] = wait
    if state.get("query_only", False) != read_only:
        conn.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
        state["query_only"] = read_only
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
    state[WRITE_LOCKED] = not read_only


# The one lock every writing job takes on PostgreSQL (an arbitrary, fixed key).
WRITER_LOCK_KEY = 0x4241434B  # "BACK"


def _postgres_begin(conn: Connection) -> None:
    """PostgreSQL's twin of _sqlite_begin: writers one at a time, readers on a snapshot.

    A job that may write first takes one transaction-scoped advisory lock, so the office PC
    and the packing station write one after the other exactly as two writers on a SQLite
    file do, and no job acts on a read another has since changed; waiting longer than the
    busy wait fails with lock_not_available, which Backend reports as busy. A read-only job
    runs REPEATABLE READ, READ ONLY: one snapshot, and any write is refused.
    """
    options = conn.get_execution_options()
    if options.get(READ_ONLY, False):
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return
    wait = int(options.get(BUSY_MS, BUSY_WAIT_MS))
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {wait}")
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")


def _sqlite_end(conn: Connection) -> None:
    conn.connection.info[WRITE_LOCKED] = False


def _begin_transactions_ourselves(engine: Engine) -> None:
    """Every transaction on `engine` begins with the lock its job needs (see above)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "commit", _sqlite_end)
        event.listen(engine, "rollback", _sqlite_end)
    else:
        event.listen(engine, "begin", _postgres_begin)


def _mount_fs_type(path: Path) -> str | None:
    """The filesystem type of the mount holding path (Linux), or None if unknown."""
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        return None
    best, fstype = "", None
    target = str(path.resolve())
    for line in mounts.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and target.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype


def _check_sqlite_file(path: Path, create: bool) -> None:
    folder = path.parent
    if not folder.exists():
        if not create:
            raise DatabaseError(f"The folder {folder} does not exist.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the folder {folder}: {exc.strerror}.") from exc
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    if not os.access(folder, os.W_OK):
        raise DatabaseError(f"Backroom cannot write to {folder}. Choose another place "
                            "with --db or fix the folder's permissions.")
    fstype = _mount_fs_type(folder)
    if fstype in NETWORK_FILESYSTEMS:
        raise DatabaseError(
            f"{path} is on a network share ({fstype}). SQLite files are not safe to share "
            "over a network; for two PCs use a PostgreSQL server "
            "(--db postgresql://user@host/backroom).")
    if path.exists() and path.stat().st_size > 0:
        # Only what a glance at page 1 shows: a file that is not SQLite at all. The whole-file
        # check runs after an unclean shutdown (open_database) or on demand (db check).
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
        problem = None if header == SQLITE_HEADER else "not a SQLite file"
        if problem is None:
            try:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    con.execute("PRAGMA schema_version").fetchone()
                finally:
                    con.close()
            except sqlite3.DatabaseError as exc:
                problem = str(exc)
        if problem is not None:
            raise DatabaseError(f"{path} is not a Backroom database or is damaged "
                                f"({problem}). Nothing was changed.")


SQLITE_HEADER = b"SQLite format 3\x00"


def quick_check(path: Path) -> str:
    """SQLite's quick check over the whole file: "ok", or the first problems it names.

    It reads every page, so on a big store it takes seconds (and far longer with the file
    out of the OS cache); open_database runs it only after an unclean shutdown.
    """
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    # One line per problem (SQLite starts them with "*** in database main ***\n").
    return "ok" if rows == ["ok"] else "; ".join(" ".join(r.split()) for r in rows)


# -- clean and unclean shutdowns ---------------------------------------------------------
# SQLite in WAL mode survives a killed process by itself; the whole-file check is there for
# damage a crash or a power cut might still leave. So it runs when the last session on the
# file did not end cleanly, and no other time on open.
#
# The rule: every process (window or command) that opens a file keeps its own marker in
# `<file>-backroom/` and holds an OS lock on it while the file is open; a clean close
# deletes the marker. The OS drops a lock when its process ends in any way (kill -9, crash,
# power cut), so:
#   - a marker nobody holds was left by a session that did not close cleanly: check;
#   - a marker whose lock is held belongs to a window or command open right now. That says
#     nothing about the file, so the app and a CLI command opening it at once never make
#     each other look unclean (and neither does a second engine in the same process: flock
#     locks belong to the open file, not to the process).
# A marker is locked before it gets the name openers look at (renamed into place), so an
# opener can never catch another's marker in the moment between made and locked.

STATE_SUFFIX = "-backroom"
LAST_CHECK = "last-check.json"


def state_folder(path: Path) -> Path:
    """The folder next to a SQLite file holding its open markers and last check."""
    return path.with_name(path.name + STATE_SUFFIX)


def _try_lock(fd: int) -> bool:
    """Take the lock on an open marker without waiting; False when another holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class OpenMarker:
    """This process's "the file is open" marker (see the rule above)."""

    def __init__(self, path: Path) -> None:
        self.folder = state_folder(path)
        self.path: Path | None = None
        self._fd: int | None = None
        self._lock = threading.Lock()  # workers' threads connect too

    def acquire(self) -> None:
        with self._lock:
            if self._fd is None:
                self._acquire()

    def _acquire(self) -> None:
        # Retried when another opener, looking in the microsecond between made and locked,
        # took our new marker for one a dead process left (it then removes it), or when a
        # closer removed the empty folder meanwhile.
        for _attempt in range(5):
            token = uuid.uuid4().hex
            made, final = self.folder / f"made-{token}", self.folder / f"open-{token}"
            try:
                self.folder.mkdir(exist_ok=True)
                fd = os.open(made, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
            except FileNotFoundError:
                continue
            try:
                if not _try_lock(fd):
                    raise FileNotFoundError(made)
                os.write(fd, f"{os.getpid()} {datetime.now(UTC).isoformat()}\n".encode())
                if sys.platform == "win32":
                    # Windows cannot rename an open file; the marker can be seen unlocked
                    # only by an opener looking in that very moment (it then checks).
                    os.close(fd)
                    os.replace(made, final)
                    fd = os.open(final, os.O_RDWR)
                    _try_lock(fd)
                else:
                    os.replace(made, final)  # the lock moves with the file
            except FileNotFoundError:
                with contextlib.suppress(OSError):  # (already closed on Windows)
                    os.close(fd)
                made.unlink(missing_ok=True)
                continue
            self._fd, self.path = fd, final
            return
        raise DatabaseError(f"Backroom cannot keep its open marker in {self.folder}.")

    def release(self) -> None:
        """A clean close: the marker goes, and the folder too when nothing else is in it."""
        with self._lock:
            self._release()

    def _release(self) -> None:
        if self._fd is None or self.path is None:
            return
        os.close(self._fd)
        self._fd = None
        self.path.unlink(missing_ok=True)
        try:
            self.folder.rmdir()
        except OSError:
            pass  # another opener's marker or the last check is still there

    @property
    def held(self) -> bool:
        return self._fd is not None


def _markers_left_unclean(path: Path) -> list[tuple[Path, int]]:
    """Markers of sessions that ended without a clean close, each with its lock now held."""
    folder = state_folder(path)
    if not folder.is_dir():
        return []
    left = []
    for marker in sorted(folder.iterdir()):
        kind = marker.name.split("-", 1)[0]
        if kind not in ("open", "made"):
            continue
        try:
            fd = os.open(marker, os.O_RDWR)
        except OSError:
            continue  # closed cleanly meanwhile
        if not _try_lock(fd):
            os.close(fd)  # its window or command is open right now
        elif kind == "made":
            os.close(fd)  # a process that died while opening: nothing to check
            marker.unlink(missing_ok=True)
        else:
            left.append((marker, fd))
    return left


@dataclass(frozen=True)
class CheckRecord:
    """When a whole-file check of a SQLite store last passed."""

    at: datetime
    kind: str    # "quick" (SQLite's quick check) or "full" (`backroom db check`)
    reason: str  # "unclean shutdown" or "on demand"

    def as_json(self) -> dict[str, str]:
        return {"at": self.at.isoformat(), "kind": self.kind, "reason": self.reason}


def _sqlite_file_of(db_or_path: Database | Path) -> Path | None:
    return db_or_path.sqlite_path if isinstance(db_or_path, Database) else db_or_path


def last_passed_check(db_or_path: Database | Path) -> CheckRecord | None:
    """The last whole-file check that passed, or None (never checked, or PostgreSQL)."""
    path = _sqlite_file_of(db_or_path)
    if path is None:
        return None
    try:
        data = json.loads((state_folder(path) / LAST_CHECK).read_text())
        return CheckRecord(datetime.fromisoformat(data["at"]), str(data["kind"]),
                           str(data["reason"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_passed_check(db_or_path: Database | Path, kind: str,
                        reason: str = "on demand") -> CheckRecord | None:
    """Remember that a whole-file check passed now (`db check` calls this when it passes)."""
    path = _sqlite_file_of(db_or_path)
    if path is None:
        return None
    record = CheckRecord(datetime.now(UTC), kind, reason)
    folder = state_folder(path)
    folder.mkdir(exist_ok=True)
    temporary = folder / f"{LAST_CHECK}.{uuid.uuid4().hex}"
    temporary.write_text(json.dumps(record.as_json()))
    os.replace(temporary, folder / LAST_CHECK)
    return record


def _check_after_unclean_shutdown(path: Path) -> bool:
    """Run the quick check if a session on `path` ended uncleanly; True if it ran."""
    left = _markers_left_unclean(path)
    if not left:
        return False
    try:
        result = quick_check(path)
        if result != "ok":
            # The markers stay, so every open checks again until the file is restored.
            raise DatabaseError(
                f"{path} is damaged (Backroom was not closed cleanly last time and the "
                f"check found: {result}). Restore a backup; nothing was changed.")
        record_passed_check(path, "quick", "unclean shutdown")
        for marker, _fd in left:
            marker.unlink(missing_ok=True)
    finally:
        for _marker, fd in left:
            os.close(fd)
    return True


def _alembic_config(connection: Any) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def schema_heads() -> set[str]:
    """The newest revision(s) the migrations make, read from the files without alembic."""
    revisions = _revision_graph()
    parents = {parent for down in revisions.values() for parent in down}
    return set(revisions) - parents


def _known_revisions() -> set[str]:
    return set(_revision_graph())


_REVISIONS: dict[tuple[tuple[str, int], ...], dict[str, tuple[str, ...]]] = {}
# `revision = "0780"`, `down_revision: str | None = "0770"`, `down_revision = ("a", "b")`.
_REVISION_LINE = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=\n]*)?=\s*(?P<value>.+?)\s*(?:#.*)?$",
    re.MULTILINE)


def _revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> its down revisions, from each migration file's `revision = ...` and
    `down_revision = ...` lines, read as text: parsing or importing 26+ modules at every
    open costs more than the open (a test checks the result is alembic's).
    Cached while the folder's files are unchanged."""
    files = sorted((MIGRATIONS / "versions").glob("*.py"))
    key = tuple((f.name, f.stat().st_mtime_ns) for f in files)
    if key not in _REVISIONS:
        graph: dict[str, tuple[str, ...]] = {}
        for path in files:
            values: dict[str, Any] = {}
            for match in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")):
                values[match["name"]] = ast.literal_eval(match["value"])
            if isinstance(values.get("revision"), str):
                down = values.get("down_revision")
                graph[values["revision"]] = (() if down is None else (down,)
                                             if isinstance(down, str) else tuple(down))
        _REVISIONS.clear()
        _REVISIONS[key] = graph
    return _REVISIONS[key]


def _stored_revisions(conn: Connection) -> set[str] | None:
    """The revisions stamped in the database (None when it has no alembic_version table)."""
    if conn.dialect.name == "sqlite":
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
    else:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'alembic_version' "
            "AND table_schema = current_schema()").first()
    if exists is None:
        return None
    return {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite file (the online backup API, WAL-safe)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def open_database(path_or_url: str | None = None, *, create: bool = True,
                  migrate: bool = True) -> Database:
    """Open (and if needed create or upgrade) the database named by path or URL."""
    try:
        url = make_url(resolve_url(path_or_url))
    except ArgumentError as exc:
        raise DatabaseError(f"Not a database path or URL: {path_or_url!r}") from exc
    backend = url.get_backend_name()
    sqlite_path: Path | None = None
    marker: OpenMarker | None = None
    checked = False
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseError("An in-memory database cannot be used; give a file path.")
        sqlite_path = Path(url.database)
        _check_sqlite_file(sqlite_path, create)
        checked = _check_after_unclean_shutdown(sqlite_path)
        marker = OpenMarker(sqlite_path)
    elif backend != "postgresql":
        raise DatabaseError(f"Unsupported database {backend!r}: use a file path or "
                            "postgresql://user@host/name.")
    try:
        engine = create_engine(url, future=True)
    except (ImportError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"The driver for {backend} is not installed ({exc.name}). "
                            "Install it with: pip install 'psycopg[binary]'") from exc
    _begin_transactions_ourselves(engine)
    if marker is not None:
        # Held from the first connection on; after dispose() (a restore closes the store's
        # connections and goes on) the next connection takes it again.
        event.listen(engine, "connect", lambda _conn, _record: marker.acquire())
    backup = None
    try:
        backup = _prepare_schema(engine, sqlite_path, migrate)
    except DatabaseError:
        engine.dispose()
        if marker is not None:
            marker.release()
        raise
    except (OperationalError, SADatabaseError) as exc:
        engine.dispose()
        if marker is not None:
            marker.release()
        raise DatabaseError(f"Cannot open the database {url.render_as_string(True)}: "
                            f"{exc.orig}") from exc
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False),
                    url=url.render_as_string(hide_password=False), backup_path=backup,
                    checked_on_open=checked, marker=marker)


def _prepare_schema(engine: Engine, sqlite_path: Path | None, migrate: bool) -> Path | None:
    heads = schema_heads()
    with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
        if _stored_revisions(conn) == heads:  # the usual case: current, no alembic needed
            return None
        from alembic.runtime.migration import MigrationContext

        current = set(MigrationContext.configure(conn).get_current_heads())
        has_tables = bool(inspect(conn).get_table_names())
    if current == heads:
        return None
    unknown = current - _known_revisions()
    if unknown:
        raise DatabaseError(
            f"This database was made by a newer Backroom (schema {', '.join(sorted(unknown))})."
            " Update Backroom to open it; nothing was changed.")
    if has_tables and not current:
        raise DatabaseError("This database holds tables that Backroom did not create; "
                            "nothing was changed. Choose another file with --db.")
    if not migrate:
        raise DatabaseError("The database schema is older than this Backroom.")
    backup = None
    if current and sqlite_path is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        name = f"{sqlite_path.stem}.before-upgrade-{stamp}{sqlite_path.suffix}"
        backup = backup_sqlite(sqlite_path, sqlite_path.with_name(name))
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "heads")
    return backup


def schema_problems(conn: Connection) -> list[str]:
    """What in this database's schema differs from what the migrations make.

    The reference is the migrations run on an empty in-memory SQLite database; tables are
    compared by their columns, indexes by table, columns and uniqueness, triggers by name.
    A store left without an index (a load killed half-way) or a trigger fails here.
    """
    expected = _reference_schema() if conn.dialect.name == "sqlite" else None
    if expected is None:
        return []
    found = _schema_of(conn)
    problems = []
    for key in sorted(set(expected) | set(found)):
        kind, name = key
        if key not in found:
            problems.append(f"{kind} {name} is missing")
        elif key not in expected:
            problems.append(f"{kind} {name} is not made by the migrations")
        elif found[key] != expected[key]:
            problems.append(f"{kind} {name} differs: {found[key]} instead of {expected[key]}")
    return problems


_REFERENCE: dict[tuple[str, str], object] = {}


def _reference_schema() -> dict[tuple[str, str], object]:
    if not _REFERENCE:
        from alembic import command

        engine = create_engine("sqlite://")
        _begin_transactions_ourselves(engine)
        try:
            with engine.begin() as conn:
                command.upgrade(_alembic_config(conn), "heads")
                _REFERENCE.update(_schema_of(conn))
        finally:
            engine.dispose()
    return _REFERENCE


def _schema_of(conn: Connection) -> dict[tuple[str, str], object]:
    """(kind, name) -> shape, from sqlite_master and SQLite's table/index pragmas."""
    shape: dict[tuple[str, str], object] = {}
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'index', 'trigger')").all()
    for kind, name, table in rows:
        if kind == "table":
            cols = conn.exec_driver_sql(f'PRAGMA table_info("{name}")').all()
            shape[(kind, name)] = tuple((c[1], c[2].upper(), bool(c[3]), c[5]) for c in cols)
        elif kind == "index":
            cols = conn.exec_driver_sql(f'PRAGMA index_info("{name}")').all()
            unique = any(r[1] == name and r[2] for r in
                         conn.exec_driver_sql(f'PRAGMA index_list("{table}")').all())
            shape[(kind, name)] = (table, tuple(c[2] for c in cols), unique)
        else:
            shape[(kind, name)] = table
    return shape
