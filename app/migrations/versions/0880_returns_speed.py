"""Returns: what the station scan and the list read at 1M orders (issue 14).

The Returns list filtered by store alone (the store box, no status) is newest first: with
only the (store, status, created, id) index the database read every return of the store and
sorted them before showing 200. (store, created, id) serves that filter and its order, one
index walk from the newest, like the unfiltered and the status-filtered lists.

Everything else the station and the list read already has its index (return number,
return tracking, order, order line, product); bench/bench_returns.py shows the plans hold.

Revision ID: 0880
Revises: 0870
"""

from alembic import op

revision = "0880"
down_revision = "0870"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_returns_store_created_id", "returns", ["store_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_returns_store_created_id", table_name="returns")
