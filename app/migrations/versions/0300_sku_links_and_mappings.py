"""Orders (issue 3): remembered store-SKU links and saved column mappings.

Revision ID: 0300
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0300"
down_revision = "0002"
branch_labels = ("orders",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sku_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("channel_sku", sa.String(length=120), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_sku_links_product_id_products")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_sku_links_store_id_stores"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sku_links")),
        sa.UniqueConstraint("store_id", "channel_sku", name="uq_sku_links_store_sku"),
    )
    op.create_index(op.f("ix_sku_links_product_id"), "sku_links", ["product_id"])
    op.create_table(
        "column_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("mapping_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_column_mappings_store_id_stores"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_column_mappings")),
        sa.UniqueConstraint("name", name="uq_column_mappings_name"),
    )
    op.create_index(op.f("ix_column_mappings_store_id"), "column_mappings", ["store_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_column_mappings_store_id"), table_name="column_mappings")
    op.drop_table("column_mappings")
    op.drop_index(op.f("ix_sku_links_product_id"), table_name="sku_links")
    op.drop_table("sku_links")
