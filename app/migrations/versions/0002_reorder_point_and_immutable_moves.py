"""Reorder point per product; the database itself refuses edits to stock moves.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = {
    "stock_moves_never_updated":
        "CREATE TRIGGER stock_moves_never_updated BEFORE UPDATE ON stock_moves "
        "BEGIN SELECT RAISE(ABORT, 'stock moves are never edited; post a reversing move'); END",
    "stock_moves_never_deleted":
        "CREATE TRIGGER stock_moves_never_deleted BEFORE DELETE ON stock_moves "
        "BEGIN SELECT RAISE(ABORT, 'stock moves are never deleted; post a reversing move'); END",
}

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION stock_moves_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'stock moves are never edited or deleted; post a reversing move';
END; $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("reorder_point", sa.Integer(), nullable=False,
                                   server_default="0"))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in _SQLITE_TRIGGERS.values():
            op.execute(sql)
    elif dialect == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute("CREATE TRIGGER stock_moves_append_only BEFORE UPDATE OR DELETE "
                   "ON stock_moves FOR EACH ROW EXECUTE FUNCTION stock_moves_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stock_moves_append_only ON stock_moves")
        op.execute("DROP FUNCTION IF EXISTS stock_moves_append_only()")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("reorder_point")
