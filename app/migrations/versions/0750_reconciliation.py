"""Reconciliation: payouts, their lines, and the problems found in them.

Revision ID: 0750
Revises: 0740
"""

import sqlalchemy as sa
from alembic import op

revision = "0750"
down_revision = "0740"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.DateTime(), nullable=True),
        sa.Column("period_end", sa.DateTime(), nullable=True),
        sa.Column("paid_on", sa.DateTime(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_payouts_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payouts")),
        sa.UniqueConstraint("store_id", "source", "external_id", name="uq_payouts_report"),
    )
    op.create_index("ix_payouts_store_paid_on", "payouts", ["store_id", "paid_on"])
    op.create_table(
        "payout_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payout_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=96), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("detail", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("order_ref", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("match_state", sa.String(length=12), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("presented_minor", sa.Integer(), nullable=True),
        sa.Column("presented_currency", sa.String(length=3), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name=op.f("fk_payout_lines_order_id_orders")),
        sa.ForeignKeyConstraint(["payout_id"], ["payouts.id"],
                                name=op.f("fk_payout_lines_payout_id_payouts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_lines")),
        sa.UniqueConstraint("payout_id", "external_id", name="uq_payout_lines_report"),
    )
    op.create_index("ix_payout_lines_order_kind", "payout_lines", ["order_id", "kind"])
    op.create_index("ix_payout_lines_payout_state", "payout_lines",
                    ["payout_id", "match_state"])
    op.create_index(op.f("ix_payout_lines_payout_id"), "payout_lines", ["payout_id"])
    op.create_index(op.f("ix_payout_lines_order_ref"), "payout_lines", ["order_ref"])
    op.create_table(
        "payout_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("payout_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name=op.f("fk_payout_problems_order_id_orders")),
        sa.ForeignKeyConstraint(["payout_id"], ["payouts.id"],
                                name=op.f("fk_payout_problems_payout_id_payouts")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_payout_problems_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_problems")),
        sa.UniqueConstraint("kind", "key", name="uq_payout_problems_kind_key"),
    )
    op.create_index("ix_payout_problems_store_resolved", "payout_problems",
                    ["store_id", "resolved_at"])
    op.create_index(op.f("ix_payout_problems_payout_id"), "payout_problems", ["payout_id"])
    op.create_index(op.f("ix_payout_problems_order_id"), "payout_problems", ["order_id"])


def downgrade() -> None:
    op.drop_table("payout_problems")
    op.drop_table("payout_lines")
    op.drop_table("payouts")
