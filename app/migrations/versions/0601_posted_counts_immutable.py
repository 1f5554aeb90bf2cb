"""The database refuses changes to the lines of a count that is no longer open.

Revision ID: 0601
Revises: 0600
"""

from alembic import op

revision = "0601"
down_revision = "0600"
branch_labels = None
depends_on = None

_OPEN = "(SELECT status FROM stock_counts WHERE id = {row}.count_id) <> 'open'"
_MESSAGE = "a posted count cannot be changed; reverse it instead"
_SQLITE_TRIGGERS = {
    "count_lines_frozen_update":
        f"CREATE TRIGGER count_lines_frozen_update BEFORE UPDATE ON count_lines "
        f"WHEN {_OPEN.format(row='OLD')} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    "count_lines_frozen_insert":
        f"CREATE TRIGGER count_lines_frozen_insert BEFORE INSERT ON count_lines "
        f"WHEN {_OPEN.format(row='NEW')} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    "count_lines_frozen_delete":
        f"CREATE TRIGGER count_lines_frozen_delete BEFORE DELETE ON count_lines "
        f"WHEN {_OPEN.format(row='OLD')} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in _SQLITE_TRIGGERS.values():
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
