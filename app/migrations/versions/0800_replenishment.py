"""Replenishment: destinations (our warehouse, marketplace warehouses), the last marketplace
inventory report per product, and the planning settings (issue 16).

Revision ID: 0800
Revises: 0790
"""

import sqlalchemy as sa
from alembic import op

revision = "0800"
down_revision = "0790"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('replenishment_settings',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_replenishment_settings'))
    )
    op.create_table('replenishment_destinations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('inbound_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('inbound_days >= 0', name=op.f('ck_replenishment_destinations_inbound_days_not_negative')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_replenishment_destinations_location_id_locations')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_replenishment_destinations_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replenishment_destinations')),
    sa.UniqueConstraint('name', name=op.f('uq_replenishment_destinations_name'))
    )
    op.create_table('marketplace_stock',
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('fulfillable', sa.Integer(), nullable=False),
    sa.Column('inbound', sa.Integer(), nullable=False),
    sa.Column('reserved', sa.Integer(), nullable=False),
    sa.Column('unsellable', sa.Integer(), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('fulfillable >= 0 AND inbound >= 0 AND reserved >= 0 AND unsellable >= 0', name=op.f('ck_marketplace_stock_counts_not_negative')),
    sa.ForeignKeyConstraint(['destination_id'], ['replenishment_destinations.id'], name=op.f('fk_marketplace_stock_destination_id_replenishment_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_marketplace_stock_product_id_products')),
    sa.PrimaryKeyConstraint('destination_id', 'product_id', name=op.f('pk_marketplace_stock'))
    )


def downgrade() -> None:
    op.drop_table('marketplace_stock')
    op.drop_table('replenishment_destinations')
    op.drop_table('replenishment_settings')
