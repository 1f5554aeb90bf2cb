"""Stock push: per-store push settings, buffer rules, saved file layouts, the history of
pushes and what each store was last told.

Revision ID: 0760
Revises: 0750
"""

import sqlalchemy as sa
from alembic import op

revision = "0760"
down_revision = "0750"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "push_settings",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=140), nullable=False),
        sa.Column("warehouse", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_push_settings_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_push_settings")),
    )
    op.create_table(
        "push_buffers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("keep", sa.Integer(), nullable=True),
        sa.Column("max_quantity", sa.Integer(), nullable=True),
        sa.Column("percent", sa.Integer(), nullable=True),
        sa.CheckConstraint("keep IS NULL OR keep >= 0",
                           name=op.f("ck_push_buffers_keep_not_negative")),
        sa.CheckConstraint("max_quantity IS NULL OR max_quantity >= 0",
                           name=op.f("ck_push_buffers_max_not_negative")),
        sa.CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)",
                           name=op.f("ck_push_buffers_percent_range")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_push_buffers_product_id_products")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_push_buffers_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_buffers")),
        sa.UniqueConstraint("store_id", "product_id", name="uq_push_buffers_store_product"),
    )
    op.create_table(
        "push_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("columns_json", sa.Text(), nullable=False),
        sa.Column("delimiter", sa.String(length=1), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_mappings")),
        sa.UniqueConstraint("name", name=op.f("uq_push_mappings_name")),
    )
    op.create_table(
        "stock_pushes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=140), nullable=False),
        sa.Column("everything", sa.Boolean(), nullable=False),
        sa.Column("skus", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_stock_pushes_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_pushes")),
    )
    op.create_index("ix_stock_pushes_store_at", "stock_pushes", ["store_id", "at"])
    op.create_table(
        "pushed_levels",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("channel_sku", sa.String(length=120), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("push_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["push_id"], ["stock_pushes.id"],
                                name=op.f("fk_pushed_levels_push_id_stock_pushes")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_pushed_levels_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", "channel_sku", name=op.f("pk_pushed_levels")),
    )
    op.create_index(op.f("ix_pushed_levels_push_id"), "pushed_levels", ["push_id"])


def downgrade() -> None:
    op.drop_table("pushed_levels")
    op.drop_index("ix_stock_pushes_store_at", table_name="stock_pushes")
    op.drop_table("stock_pushes")
    op.drop_table("push_mappings")
    op.drop_table("push_buffers")
    op.drop_table("push_settings")
