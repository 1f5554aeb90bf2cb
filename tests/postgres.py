"""Throwaway PostgreSQL databases for the tests: each a copy of one migrated template.

The template is made once per test run by opening it with Backroom (which migrates it), so
a test's database costs one CREATE DATABASE ... TEMPLATE, not a run of the migrations.
"""

from __future__ import annotations

import uuid

from sqlalchemy.engine import make_url

_TEMPLATE: dict[str, str] = {}


def _admin(server: str):  # noqa: ANN202 - a psycopg connection
    import psycopg

    url = make_url(server).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def _with_name(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def new_database(server: str) -> str:
    from app.db import open_database

    with _admin(server) as admin:
        if server not in _TEMPLATE:
            name = f"backroom_template_{uuid.uuid4().hex[:8]}"
            admin.execute(f'CREATE DATABASE "{name}"')
            open_database(_with_name(server, name)).dispose()
            _TEMPLATE[server] = name
        name = f"backroom_test_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATE[server]}"'
                      f"{_file_copy(admin)}")
    return _with_name(server, name)


def _file_copy(admin) -> str:  # noqa: ANN001 - a psycopg connection
    """Copy the template's files whole: PostgreSQL 15's default (WAL_LOG) writes every page
    of it to the WAL, about twice the server's time for a template this small, and the
    checkpoints FILE_COPY takes instead cost little on the test server (fsync off).
    Older servers know no STRATEGY and copy files anyway."""
    return " STRATEGY FILE_COPY" if admin.info.server_version >= 150000 else ""


def drop_database(server: str, url: str) -> None:
    with _admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
