"""Replenishment: daily sales per product kept current (issue 16).

Placeholder in the chain; the work that needs it fills it in.

Revision ID: 0870
Revises: 0860
"""

revision = "0870"
down_revision = "0860"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
