"""Orders: a trigram index on names for the search (issue 13).

Searching by a part of a name (`%mül%`) cannot use a b-tree index, so it read every order.
SQLite: an FTS5 table with the trigram tokenizer over the orders' bill-to and ship-to names,
external content (it stores the index only, the names stay in `orders`), kept in step by
triggers. PostgreSQL: pg_trgm GIN indexes, which ILIKE uses by itself; when the extension
cannot be created (no right to) the search stays the plain query, and a log line says so.

Orders carry no email (the customer does, found by its own index) and the number has a
prefix index, so the names are all this index needs.

A later migration that rebuilds `orders` in SQLite batch mode drops these triggers with the
old table: it must create them again (and `rebuild` the index).

Revision ID: 0780
Revises: 0770
"""

import logging

from alembic import op

revision = "0780"
down_revision = "0770"
branch_labels = None
depends_on = None

log = logging.getLogger("backroom.migrations")

_FTS = "orders_name_search"
_COLUMNS = "bill_name, ship_name"
_NEW = "new.id, new.bill_name, new.ship_name"
_OLD = "'delete', old.id, old.bill_name, old.ship_name"
_SQLITE_TRIGGERS = {
    f"{_FTS}_ai": f"CREATE TRIGGER {_FTS}_ai AFTER INSERT ON orders BEGIN "
                  f"INSERT INTO {_FTS}(rowid, {_COLUMNS}) VALUES ({_NEW}); END",
    f"{_FTS}_ad": f"CREATE TRIGGER {_FTS}_ad AFTER DELETE ON orders BEGIN "
                  f"INSERT INTO {_FTS}({_FTS}, rowid, {_COLUMNS}) VALUES ({_OLD}); END",
    # Only a change of a name touches the index (status changes are the common update).
    f"{_FTS}_au": f"CREATE TRIGGER {_FTS}_au AFTER UPDATE OF bill_name, ship_name ON orders "
                  f"BEGIN INSERT INTO {_FTS}({_FTS}, rowid, {_COLUMNS}) VALUES ({_OLD}); "
                  f"INSERT INTO {_FTS}(rowid, {_COLUMNS}) VALUES ({_NEW}); END",
}
_PG_INDEXES = {"ix_orders_bill_name_trgm": "bill_name", "ix_orders_ship_name_trgm": "ship_name"}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE {_FTS} USING fts5({_COLUMNS}, content='orders', "
                   "content_rowid='id', tokenize='trigram')")
        op.execute(f"INSERT INTO {_FTS}({_FTS}) VALUES ('rebuild')")  # the orders there are
        for sql in _SQLITE_TRIGGERS.values():
            op.execute(sql)
    elif bind.dialect.name == "postgresql":
        # In a savepoint: a refused CREATE EXTENSION would otherwise abort the whole upgrade.
        savepoint = bind.begin_nested()
        try:
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as exc:  # noqa: BLE001 - any refusal means: no trigram index
            savepoint.rollback()
            log.warning("Order name search stays a plain scan: the pg_trgm extension cannot "
                        "be created (%s). A superuser can run CREATE EXTENSION pg_trgm.",
                        str(exc).splitlines()[0])
            return
        savepoint.commit()
        for name, column in _PG_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON orders USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {_FTS}")
    elif bind.dialect.name == "postgresql":
        for name in _PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
