"""Stock counts: counts, their scope, the bins begun with their snapshot, and count lines.

Revision ID: 0600
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0600"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stock_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("by_product", sa.Boolean(), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("assigned_to", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("posted_by", sa.String(length=64), nullable=True),
        sa.Column("reversed_at", sa.DateTime(), nullable=True),
        sa.Column("reversed_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_counts")),
        sa.UniqueConstraint("reference", name=op.f("uq_stock_counts_reference")),
    )
    op.create_table(
        "count_scopes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(location_id IS NULL) <> (product_id IS NULL)",
                           name=op.f("ck_count_scopes_bin_or_product")),
        sa.ForeignKeyConstraint(["count_id"], ["stock_counts.id"], ondelete="CASCADE",
                                name=op.f("fk_count_scopes_count_id_stock_counts")),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"],
                                name=op.f("fk_count_scopes_location_id_locations")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_count_scopes_product_id_products")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_scopes")),
    )
    with op.batch_alter_table("count_scopes") as batch:
        batch.create_index("ix_count_scopes_count_id", ["count_id"], unique=False)
    op.create_table(
        "count_bins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_move_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["count_id"], ["stock_counts.id"], ondelete="CASCADE",
                                name=op.f("fk_count_bins_count_id_stock_counts")),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"],
                                name=op.f("fk_count_bins_location_id_locations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_bins")),
        sa.UniqueConstraint("count_id", "location_id", name=op.f("uq_count_bins_count_id")),
    )
    with op.batch_alter_table("count_bins") as batch:
        batch.create_index("ix_count_bins_location_id", ["location_id"], unique=False)
    op.create_table(
        "count_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("counted", sa.Integer(), nullable=True),
        sa.Column("counted_at", sa.DateTime(), nullable=True),
        sa.Column("counted_by", sa.String(length=64), nullable=True),
        sa.Column("station", sa.String(length=64), nullable=True),
        sa.Column("moves_since", sa.Integer(), nullable=False),
        sa.Column("adjustment", sa.Integer(), nullable=True),
        sa.CheckConstraint("counted IS NULL OR counted >= 0",
                           name=op.f("ck_count_lines_counted_not_negative")),
        sa.ForeignKeyConstraint(["count_id"], ["stock_counts.id"], ondelete="CASCADE",
                                name=op.f("fk_count_lines_count_id_stock_counts")),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"],
                                name=op.f("fk_count_lines_location_id_locations")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_count_lines_product_id_products")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_lines")),
        sa.UniqueConstraint("count_id", "location_id", "product_id",
                            name=op.f("uq_count_lines_count_id")),
    )
    with op.batch_alter_table("count_lines") as batch:
        batch.create_index("ix_count_lines_count_location", ["count_id", "location_id"],
                           unique=False)


def downgrade() -> None:
    op.drop_table("count_lines")
    op.drop_table("count_bins")
    op.drop_table("count_scopes")
    op.drop_table("stock_counts")
