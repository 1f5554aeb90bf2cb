"""Orders (issue 3): index on orders.total_minor so the list sorts by total quickly.

Revision ID: 0302
Revises: 0301
"""

from alembic import op

revision = "0302"
down_revision = "0301"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_orders_total_minor", "orders", ["total_minor"])


def downgrade() -> None:
    op.drop_index("ix_orders_total_minor", table_name="orders")
