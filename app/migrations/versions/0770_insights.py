"""Insights: each store's expected fee rate and each order's shipping (label) cost.

Revision ID: 0770
Revises: 0760
"""

import sqlalchemy as sa
from alembic import op

revision = "0770"
down_revision = "0760"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_fee_rates",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("percent_bp", sa.Integer(), nullable=False),
        sa.Column("fixed_minor", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("percent_bp >= 0 AND percent_bp <= 10000",
                           name=op.f("ck_store_fee_rates_percent_in_range")),
        sa.CheckConstraint("fixed_minor >= 0",
                           name=op.f("ck_store_fee_rates_fixed_not_negative")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_store_fee_rates_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_store_fee_rates")),
    )
    op.create_table(
        "order_shipping_costs",
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount_minor >= 0",
                           name=op.f("ck_order_shipping_costs_amount_not_negative")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE",
                                name=op.f("fk_order_shipping_costs_order_id_orders")),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_shipping_costs")),
    )


def downgrade() -> None:
    op.drop_table("order_shipping_costs")
    op.drop_table("store_fee_rates")
