"""Make a new store's schema, bring one up to date, and try a connection before using it.

`init_store` refuses any target that already holds tables, Backroom's or anyone's, so it
can never write over a store; `db init`, `db copy` and the Connect dialog use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from app.db import Database, DatabaseError, open_database, resolve_url, schema_heads
from app.services import demo_job
from app.services.core.backend import Actor, Backend
from app.services.core.errors import BackroomError, InvalidInput

# What try_connection finds: the dialog says each in words and offers what fits.
READY, OLDER, NEWER, EMPTY, FOREIGN = "ready", "older", "newer", "empty", "foreign"
UNREACHABLE, WRONG_LOGIN, NO_DATABASE, NO_DRIVER = (
    "unreachable", "wrong login", "no database", "no driver")


@dataclass(frozen=True)
class InitResult:
    label: str
    schema: str
    demo_orders: int = 0


@dataclass(frozen=True)
class Found:
    """What is at a database URL: one of the states above, in words for a person."""

    state: str
    message: str

    @property
    def usable(self) -> bool:
        return self.state in (READY, OLDER)


def plain_url(path_or_url: str) -> str:
    """The SQLAlchemy URL for a --db value (a file path or a postgresql:// URL)."""
    try:
        url = make_url(resolve_url(path_or_url))
    except ArgumentError as exc:
        raise InvalidInput(f"Not a database path or URL: {path_or_url!r}") from exc
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise InvalidInput(f"Unsupported database {url.get_backend_name()!r}: use a file "
                           "path or postgresql://user@host/name.")
    return url.render_as_string(hide_password=False)


def label_of(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ""
    return parsed.render_as_string(hide_password=True)


def _bare_engine(url: str) -> Engine:
    """An engine without Backroom's listeners: for looking, never for a store's jobs."""
    return create_engine(url, pool_pre_ping=False, connect_args=_connect_args(url))


def _connect_args(url: str) -> dict[str, object]:
    # A server that does not answer is "not reachable" after a few seconds, not minutes.
    return {"connect_timeout": 5} if make_url(url).get_backend_name() == "postgresql" else {}


def tables_and_schema(url: str) -> tuple[list[str], set[str]]:
    """(table names, Alembic revisions) at `url`; a SQLite file that is not there is empty."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not path.exists() or path.stat().st_size == 0:
            return [], set()
    engine = _bare_engine(url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            from alembic.runtime.migration import MigrationContext  # slow import

            current = set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()
    return [t for t in tables if t != "alembic_version"], current


def refuse_unless_empty(url: str) -> None:
    """InvalidInput unless `url` holds no tables at all (a new file or an empty database)."""
    tables, current = tables_and_schema(url)
    where = label_of(url)
    if current:
        raise InvalidInput(f"{where} already holds a Backroom store (schema "
                           f"{', '.join(sorted(current))}); nothing was changed. Open it "
                           "as it is, or choose an empty database.")
    if tables:
        shown = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
        raise InvalidInput(f"{where} holds {len(tables)} table(s) Backroom did not create "
                           f"({shown}); nothing was changed. Choose an empty database.")


def init_store(path_or_url: str, *, with_demo: bool = False, demo_orders: int = 2000,
               actor: Actor | None = None) -> InitResult:
    """Create the schema (all migrations) on an empty database, optionally with a demo."""
    url = plain_url(path_or_url)
    try:
        refuse_unless_empty(url)
        db = open_database(url)
    except DBAPIError as exc:
        raise BackroomError(describe_failure(exc)) from exc
    except DatabaseError as exc:
        raise BackroomError(str(exc)) from exc
    try:
        orders = 0
        if with_demo:
            summary = Backend(db.sessions, actor=actor or Actor("owner", "setup")).run(
                demo_job.make_demo, orders=demo_orders)
            orders = summary.orders
        return InitResult(db.label, ", ".join(sorted(schema_heads())), orders)
    finally:
        db.dispose()


@dataclass(frozen=True)
class MigrateResult:
    label: str
    before: str
    after: str
    backup: Path | None


def migrate_store(path_or_url: str) -> MigrateResult:
    """Bring a Backroom store up to this version's schema (a SQLite file is copied first)."""
    url = plain_url(path_or_url)
    try:
        _tables, before = tables_and_schema(url)
    except DBAPIError as exc:
        raise BackroomError(describe_failure(exc)) from exc
    if not before:
        raise InvalidInput(f"{label_of(url)} holds no Backroom store; make one with "
                           "`backroom db init`.")
    try:
        db = open_database(url, create=False)
    except DatabaseError as exc:
        raise BackroomError(str(exc)) from exc
    try:
        return MigrateResult(db.label, ", ".join(sorted(before)),
                             ", ".join(sorted(schema_heads())), db.backup_path)
    finally:
        db.dispose()


def open_store(path_or_url: str, *, migrate: bool = False) -> Database:
    """Open an existing store (for copying out of it): never creates, migrates on request."""
    try:
        return open_database(plain_url(path_or_url), create=False, migrate=migrate)
    except DatabaseError as exc:
        raise BackroomError(str(exc)) from exc


def describe_failure(exc: DBAPIError) -> str:
    return _found_for_error(exc).message


def _found_for_error(exc: DBAPIError) -> Found:
    code = getattr(exc.orig, "sqlstate", None) or ""
    text = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else repr(exc.orig)
    if code in ("28P01", "28000") or "password authentication failed" in text:
        return Found(WRONG_LOGIN, "The server refused the user name or password "
                     f"({text}).")
    if code == "3D000" or ("database" in text and "does not exist" in text):
        return Found(NO_DATABASE, "The server has no database of that name; ask whoever "
                     f"runs the server to create it ({text}).")
    return Found(UNREACHABLE, "The server cannot be reached: check the host name, the port "
                 f"and that PostgreSQL is running ({text}).")


def try_connection(path_or_url: str) -> Found:
    """Connect once and say what is there, without changing anything."""
    try:
        url = plain_url(path_or_url)
    except InvalidInput as exc:
        return Found(UNREACHABLE, str(exc))
    try:
        tables, current = tables_and_schema(url)
    except (ImportError, ModuleNotFoundError) as exc:
        return Found(NO_DRIVER, f"The PostgreSQL driver is not installed ({exc}).")
    except DBAPIError as exc:
        return _found_for_error(exc)
    heads = schema_heads()
    where = label_of(url)
    if current == heads:
        return Found(READY, f"Connected: {where} holds a Backroom store.")
    if current and current - _known():
        return Found(NEWER, f"{where} holds a store made by a newer Backroom; update "
                     "Backroom on this PC to use it.")
    if current:
        return Found(OLDER, f"Connected: {where} holds a Backroom store from an older "
                     "version; it is brought up to date when opened.")
    if tables:
        return Found(FOREIGN, f"{where} holds {len(tables)} table(s) that are not a "
                     "Backroom store; choose another database.")
    return Found(EMPTY, f"Connected: {where} is empty. Set it up as a new Backroom store?")


def _known() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from app.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}
