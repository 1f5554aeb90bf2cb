"""Returns: store return files, reasons, exchanges (issue 14).

A return's store id (Amazon's RMA id, ...) becomes unique per store: importing a store's
returns file twice, or from two PCs at once, opens each return once. The status "expected"
(announced by a store file) needs no schema change: statuses are plain text.

Revision ID: 0810
Revises: 0800
"""

from alembic import op

revision = "0810"
down_revision = "0800"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_returns_store_external", table_name="returns")
    op.create_index("ix_returns_store_external", "returns", ["store_id", "external_id"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ix_returns_store_external", table_name="returns")
    op.create_index("ix_returns_store_external", "returns", ["store_id", "external_id"])
