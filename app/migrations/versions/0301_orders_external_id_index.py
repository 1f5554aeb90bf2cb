"""Orders (issue 3): index on orders.external_id for search across stores.

Revision ID: 0301
Revises: 0300
"""

from alembic import op

revision = "0301"
down_revision = "0300"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_orders_external_id", "orders", ["external_id"])


def downgrade() -> None:
    op.drop_index("ix_orders_external_id", table_name="orders")
