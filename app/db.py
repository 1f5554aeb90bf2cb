"""Opening a database: URL handling, SQLite pragmas, schema checks and migrations.

`open_database` is the only way the app, the CLI and the tests get an engine. It refuses
what it cannot safely open (a corrupt file, a newer schema, a network share) with a
`DatabaseError` whose message a store owner can act on, and it never changes a file it
refuses. Before upgrading an older schema it copies the file next to itself.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

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

    @property
    def label(self) -> str:
        """Short text for the status bar: the file path, or the server without password."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


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


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


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
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                result = con.execute("PRAGMA quick_check").fetchone()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{path} is not a Backroom database or is damaged "
                                f"({exc}). Nothing was changed.") from exc
        if not result or result[0] != "ok":
            raise DatabaseError(f"{path} is damaged (integrity check: {result}). "
                                "Restore a backup; nothing was changed.")


def _alembic_config(connection: Any) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def schema_heads() -> set[str]:
    return set(ScriptDirectory.from_config(_alembic_config(None)).get_heads())


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_alembic_config(None))
    return {rev.revision for rev in script.walk_revisions()}


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
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseError("An in-memory database cannot be used; give a file path.")
        sqlite_path = Path(url.database)
        _check_sqlite_file(sqlite_path, create)
    elif backend != "postgresql":
        raise DatabaseError(f"Unsupported database {backend!r}: use a file path or "
                            "postgresql://user@host/name.")
    try:
        engine = create_engine(url, future=True)
    except (ImportError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"The driver for {backend} is not installed ({exc.name}). "
                            "Install it with: pip install 'psycopg[binary]'") from exc
    if sqlite_path is not None:
        event.listen(engine, "connect", _sqlite_pragmas)
    backup = None
    try:
        backup = _prepare_schema(engine, sqlite_path, migrate)
    except DatabaseError:
        engine.dispose()
        raise
    except (OperationalError, SADatabaseError) as exc:
        engine.dispose()
        raise DatabaseError(f"Cannot open the database {url.render_as_string(True)}: "
                            f"{exc.orig}") from exc
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False),
                    url=url.render_as_string(hide_password=False), backup_path=backup)


def _prepare_schema(engine: Engine, sqlite_path: Path | None, migrate: bool) -> Path | None:
    heads = schema_heads()
    with engine.connect() as conn:
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
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "heads")
    return backup
