"""Count posting checks: who approved a posting above the approval limit, what was done with
never-scanned lines, and the approval limit per currency.

Revision ID: 0720
Revises: 0710
"""

import sqlalchemy as sa
from alembic import op

revision = "0720"
down_revision = "0710"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stock_counts") as batch:
        batch.add_column(sa.Column("approved_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("unscanned", sa.String(length=10), nullable=True))
    op.create_table(
        "count_approval_limits",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("limit_minor", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("limit_minor > 0",
                           name=op.f("ck_count_approval_limits_limit_positive")),
        sa.PrimaryKeyConstraint("currency", name=op.f("pk_count_approval_limits")),
    )


def downgrade() -> None:
    op.drop_table("count_approval_limits")
    with op.batch_alter_table("stock_counts") as batch:
        batch.drop_column("unscanned")
        batch.drop_column("approved_by")
