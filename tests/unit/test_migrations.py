"""Schema versions: the migrations build exactly the models; old files upgrade safely."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from app.db import DatabaseError, _alembic_config, open_database, schema_heads
from app.models import Base


def _modelled(name, _kind, _parent):
    # The order name search's FTS5 tables (SQLite) and pg_trgm indexes have no model (0780).
    return not (name or "").startswith("orders_name_search") and not (name or "").endswith(
        "_trgm")


def test_migrated_schema_matches_the_models(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts={"include_name": _modelled}), Base.metadata)
    assert diff == []


def _make_old_database(path: Path) -> None:
    """A file at schema 0001, as the first Backroom release wrote it, with one product."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO products (sku, name, currency, price_minor, cost_minor, active, "
            "created_at) VALUES ('OLD-1', 'Old mug', 'EUR', 900, 300, 1, '2025-01-01')")
    engine.dispose()


def test_older_file_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "shop.sqlite3"
    _make_old_database(path)
    db = open_database(str(path))
    try:
        assert db.backup_path is not None and db.backup_path.exists()
        with db.engine.connect() as conn:
            assert set(MigrationContext.configure(conn).get_current_heads()) == schema_heads()
            row = conn.exec_driver_sql(
                "SELECT sku, reorder_point FROM products").one()
        assert tuple(row) == ("OLD-1", 0)
    finally:
        db.dispose()
    old = sqlite3.connect(db.backup_path)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert old.execute("SELECT sku FROM products").fetchall() == [("OLD-1",)]
    old.close()


def test_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "new.sqlite3"
    open_database(str(path)).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999' "
                "WHERE rowid = (SELECT min(rowid) FROM alembic_version)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer Backroom"):
        open_database(str(path))
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a Backroom database or is damaged"):
        open_database(str(path))
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE things (id INTEGER)")
    con.close()
    with pytest.raises(DatabaseError, match="did not create"):
        open_database(str(path))


def test_bad_paths_give_clear_messages(tmp_path):
    (tmp_path / "folder.sqlite3").mkdir()
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(str(tmp_path / "folder.sqlite3"))
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(str(tmp_path / "missing" / "x.sqlite3"), create=False)
    with pytest.raises(DatabaseError, match="Unsupported database"):
        open_database("mysql://localhost/x")


def test_postgresql_urls_are_accepted_by_the_url_handling():
    from app.db import resolve_url

    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


@pytest.mark.sqlite_only
def test_pragmas_are_set(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_postgresql_without_a_driver_is_a_clear_message():
    pytest.importorskip("sqlalchemy")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        with pytest.raises(DatabaseError, match="driver for postgresql is not installed"):
            open_database("postgresql://shop@localhost/backroom")
    else:  # pragma: no cover - with a driver it would try to connect; nothing listens here
        with pytest.raises(DatabaseError):
            open_database("postgresql://shop@127.0.0.1:1/backroom")
