"""Returns: what the station scan and the list read at 1M orders (issue 14).

Placeholder in the chain; the work that needs it fills it in.

Revision ID: 0880
Revises: 0870
"""

revision = "0880"
down_revision = "0870"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
