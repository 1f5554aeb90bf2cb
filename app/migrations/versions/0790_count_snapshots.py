"""Counts: a snapshot that holds with many writers (issue 12).

A begun bin's snapshot was the highest stock move id at that moment; on PostgreSQL ids are
handed out before commit, so a move with a lower id could commit after the snapshot and be
lost. Now each begun bin keeps what it held per product (count_bin_levels). The open counts'
begun bins get their rows from their old mark (the last time it is read).

Revision ID: 0790
Revises: 0780
"""

import sqlalchemy as sa
from alembic import op

revision = "0790"
down_revision = "0780"
branch_labels = None
depends_on = None

_SIGNED = "CASE WHEN m.to_location_id = b.location_id THEN m.quantity ELSE -m.quantity END"
_MOVES_OF = ("FROM stock_moves m WHERE m.product_id = l.product_id "
             "AND (m.to_location_id = b.location_id OR m.from_location_id = b.location_id)")
_CORRECTION = "m.reason IN ('count', 'count reversal')"
_BACKFILL = f"""
INSERT INTO count_bin_levels (count_id, location_id, product_id, on_hand, corrections)
SELECT b.count_id, b.location_id, l.product_id,
       l.on_hand - COALESCE((SELECT SUM({_SIGNED}) {_MOVES_OF}
                             AND m.id > b.snapshot_move_id), 0),
       COALESCE((SELECT SUM({_SIGNED}) {_MOVES_OF}
                 AND m.id <= b.snapshot_move_id AND {_CORRECTION}), 0)
FROM count_bins b
JOIN stock_counts c ON c.id = b.count_id AND c.status = 'open'
JOIN stock_levels l ON l.location_id = b.location_id
"""


def upgrade() -> None:
    op.create_table(
        "count_bin_levels",
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("corrections", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["count_id"], ["stock_counts.id"], ondelete="CASCADE",
                                name=op.f("fk_count_bin_levels_count_id_stock_counts")),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"],
                                name=op.f("fk_count_bin_levels_location_id_locations")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_count_bin_levels_product_id_products")),
        sa.PrimaryKeyConstraint("count_id", "location_id", "product_id",
                                name=op.f("pk_count_bin_levels")),
    )
    op.execute(_BACKFILL)


def downgrade() -> None:
    op.drop_table("count_bin_levels")
