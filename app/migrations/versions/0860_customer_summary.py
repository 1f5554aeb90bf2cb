"""Insights: a per-customer summary kept current (issue 18).

Placeholder in the chain; the work that needs it fills it in.

Revision ID: 0860
Revises: 0850
"""

revision = "0860"
down_revision = "0850"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
