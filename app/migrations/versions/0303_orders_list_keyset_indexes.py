"""Orders (issue 3): indexes so every filter + sort of the Orders list is one index walk.

Revision ID: 0303
Revises: 0302
"""

from alembic import op

revision = "0303"
down_revision = "0302"
branch_labels = None
depends_on = None

ORDER_INDEXES = {
    "ix_orders_status_total_id": ["status", "total_minor", "id"],
    "ix_orders_status_number_id": ["status", "number", "id"],
    "ix_orders_store_total_id": ["store_id", "total_minor", "id"],
    "ix_orders_store_number_id": ["store_id", "number", "id"],
    "ix_orders_store_status_placed_id": ["store_id", "status", "placed_at", "id"],
}


def upgrade() -> None:
    for name, columns in ORDER_INDEXES.items():
        op.create_index(name, "orders", columns)
    op.create_index("ix_customers_name_id", "customers", ["name", "id"])


def downgrade() -> None:
    op.drop_index("ix_customers_name_id", table_name="customers")
    for name in reversed(ORDER_INDEXES):
        op.drop_index(name, table_name="orders")
