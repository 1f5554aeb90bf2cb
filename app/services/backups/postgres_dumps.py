"""PostgreSQL backups: pg_dump's custom format out, pg_restore back in.

The client tools come from the PostgreSQL installation (`pg_dump` on PATH); the password, if
the URL has one, goes to them in PGPASSWORD, never on a command line another user can see.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from app.db import DatabaseError, open_database, schema_heads
from app.services.backups.errors import (
    BackupProblem,
    DatabaseInUse,
    NotABackup,
    folder_problem,
    write_problem,
)
from app.services.backups.sqlite_files import CORE_TABLES, BackupInfo, known_revisions

TOOL_MISSING = ("{tool} is not installed. Install PostgreSQL's client tools (the same version "
                "as the server or newer) to back up and restore a PostgreSQL database.")


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupProblem(TOOL_MISSING.format(tool=name))
    return found


def _env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    fields: tuple[tuple[str, object], ...] = (
        ("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
        ("PGPASSWORD", url.password), ("PGDATABASE", url.database))
    for var, value in fields:
        if value is not None:
            env[var] = str(value)
    for key, option in url.query.items():  # host=/run/postgresql, sslmode=require, ...
        if isinstance(option, str):
            env["PG" + key.upper()] = option
    return env


def _run(args: list[str], url: URL, what: str) -> str:
    try:
        done = subprocess.run(args, env=_env(url), capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupProblem(f"Cannot run {args[0]}: {exc.strerror or exc}.") from exc
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        errors = [ln for ln in lines if "error:" in ln.lower()] or lines[-1:]
        raise BackupProblem(f"{what} failed: {errors[0] if errors else 'no message'}")
    return done.stdout


def dump(url_text: str, target: Path) -> Path:
    """pg_dump the database into the new file `target` (custom format)."""
    url = make_url(url_text)
    pg_dump = tool("pg_dump")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_problem(target.parent, exc) from exc
    part = target.with_name(target.name + ".part")
    try:
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={part}"],
             url, f"pg_dump to {target}")
        os.replace(part, target)
    except OSError as exc:
        raise write_problem(target, exc) from exc
    finally:
        part.unlink(missing_ok=True)
    return target


_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ")


def inspect_dump(path: Path) -> BackupInfo:
    """What a pg_dump archive holds; NotABackup unless it is a Backroom database's dump."""
    if not path.is_file():
        raise NotABackup(f"There is no file {path}." if not path.exists() else
                         f"{path} is a folder; choose a backup file.")
    pg_restore = tool("pg_restore")
    url = URL.create("postgresql")
    try:
        listing = _run([pg_restore, "--list", str(path)], url, f"Reading {path}")
    except BackupProblem as exc:
        raise NotABackup(f"{path} is not a PostgreSQL backup made by pg_dump "
                         f"(custom format): {exc}") from exc
    tables = {m.group(2) for m in map(_TABLE.match, listing.splitlines()) if m}
    missing = sorted(CORE_TABLES - tables)
    if missing:
        raise NotABackup(f"{path} is not a Backroom database: it has no "
                         f"{', '.join(missing)} table(s).")
    data = _run([pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path)],
                url, f"Reading {path}")
    revisions = frozenset(_copy_rows(data, "alembic_version"))
    if not revisions:
        raise NotABackup(f"{path} is not a Backroom database: no schema version in it.")
    unknown = revisions - known_revisions()
    if unknown:
        raise NotABackup(f"{path} was made by a newer Backroom (schema "
                         f"{', '.join(sorted(unknown))}); update Backroom to restore it.")
    return BackupInfo(path, revisions, set(revisions) == schema_heads())


def _copy_rows(sql: str, table: str) -> list[str]:
    """The first column of each row of `table` in pg_restore's plain SQL (COPY ... FROM stdin)."""
    rows, inside = [], False
    for line in sql.splitlines():
        if line.startswith("COPY ") and f"{table} " in line:
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside:
            rows.append(line.split("\t")[0])
    return rows


def other_sessions(url_text: str, *, settle: float = 1.0) -> int:
    """How many other connections are open on this database (pg_stat_activity), once those
    that are closing have gone: a server process ends a moment after its client closed the
    connection (this program's own engine just disposed, say), so a count above zero is
    asked again for up to `settle` seconds before it is believed."""
    import time

    import psycopg

    url = make_url(url_text)
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    deadline = time.monotonic() + settle
    with psycopg.connect(conninfo, autocommit=True) as con:
        while True:
            row = con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                              "current_database() AND pid <> pg_backend_pid()").fetchone()
            busy = int(row[0]) if row else 0
            if not busy or time.monotonic() >= deadline:
                return busy
            time.sleep(0.05)


def _empty_schema(url_text: str) -> None:
    """Drop the schema holding our tables with everything in it (tables, sequences, trigger
    functions) and make it again, empty: what pg_restore then creates is the archive only."""
    import psycopg
    from psycopg import sql

    url = make_url(url_text)
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as con:
        row = con.execute("SELECT current_schema()").fetchone()
        schema = row[0] if row and row[0] else "public"
        con.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        con.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        con.commit()


def restore_dump(backup: Path, url_text: str, *, safety: Path) -> tuple[BackupInfo, Path]:
    """Replace the database's tables with the archive's, after a safety dump; migrate the
    result forward. If pg_restore fails, the safety dump is put back."""
    info = inspect_dump(backup)
    busy = other_sessions(url_text)
    if busy:
        raise DatabaseInUse(f"{busy} other connection(s) have the database open (another "
                            "Backroom window or station). Close them and restore again.")
    kept = dump(url_text, safety)
    pg_restore = tool("pg_restore")
    args = [pg_restore, "--single-transaction", "--exit-on-error", "--no-owner",
            "--no-privileges", f"--dbname={make_url(url_text).database}"]
    url = make_url(url_text)
    _empty_schema(url_text)
    try:
        _run([*args, str(backup)], url, f"pg_restore of {backup}")
    except BackupProblem:
        _empty_schema(url_text)
        _run([*args, str(kept)], url, f"putting back {kept}")
        raise
    try:
        open_database(url_text).dispose()  # an older backup is migrated forward here
    except DatabaseError as exc:
        raise NotABackup(f"{backup} was restored but cannot be opened: {exc}. The database "
                         f"as it was is in {kept}.") from exc
    return info, kept
