"""Pick & Pack: pick lists, packing sessions (station claims and scans), shipments, parcels.

Revision ID: 0400
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0400"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pick_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('strict_bins', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_lists'))
    )
    op.create_table('pack_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('station', sa.String(length=64), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('current_parcel', sa.Integer(), nullable=False),
    sa.Column('carrier', sa.String(length=40), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_pack_sessions_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pack_sessions')),
    sa.UniqueConstraint('order_id', name=op.f('uq_pack_sessions_order_id'))
    )
    op.create_table('pick_list_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pick_list_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('tote', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_pick_list_orders_order_id_orders')),
    sa.ForeignKeyConstraint(['pick_list_id'], ['pick_lists.id'], name=op.f('fk_pick_list_orders_pick_list_id_pick_lists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_list_orders'))
    )
    op.create_index(op.f('ix_pick_list_orders_order_id'), 'pick_list_orders', ['order_id'], unique=False)
    op.create_index(op.f('ix_pick_list_orders_pick_list_id'), 'pick_list_orders', ['pick_list_id'], unique=False)
    op.create_index(op.f('ix_pick_list_orders_tote'), 'pick_list_orders', ['tote'], unique=False)
    op.create_table('shipments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('carrier', sa.String(length=40), nullable=False),
    sa.Column('packed_by', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('packed_at', sa.DateTime(), nullable=False),
    sa.Column('duration_s', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('override_by', sa.String(length=64), nullable=True),
    sa.Column('override_reason', sa.String(length=255), nullable=True),
    sa.Column('shipped_at', sa.DateTime(), nullable=True),
    sa.Column('shipped_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_shipments_order_id_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipments')),
    sa.UniqueConstraint('order_id', name=op.f('uq_shipments_order_id'))
    )
    op.create_index(op.f('ix_shipments_packed_at'), 'shipments', ['packed_at'], unique=False)
    op.create_index(op.f('ix_shipments_shipped_at'), 'shipments', ['shipped_at'], unique=False)
    op.create_table('pack_parcels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pack_session_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('weight_g', sa.Integer(), nullable=True),
    sa.Column('tracking', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['pack_session_id'], ['pack_sessions.id'], name=op.f('fk_pack_parcels_pack_session_id_pack_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pack_parcels')),
    sa.UniqueConstraint('pack_session_id', 'number', name='uq_pack_parcels_session_number')
    )
    op.create_index(op.f('ix_pack_parcels_pack_session_id'), 'pack_parcels', ['pack_session_id'], unique=False)
    op.create_table('pack_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pack_session_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('parcel_no', sa.Integer(), nullable=False),
    sa.Column('via', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_pack_scans_quantity_positive')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_pack_scans_order_line_id_order_lines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pack_session_id'], ['pack_sessions.id'], name=op.f('fk_pack_scans_pack_session_id_pack_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pack_scans'))
    )
    op.create_index(op.f('ix_pack_scans_pack_session_id'), 'pack_scans', ['pack_session_id'], unique=False)
    op.create_table('parcels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('weight_g', sa.Integer(), nullable=True),
    sa.Column('tracking', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_parcels_shipment_id_shipments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcels')),
    sa.UniqueConstraint('shipment_id', 'number', name='uq_parcels_shipment_number')
    )
    op.create_index(op.f('ix_parcels_shipment_id'), 'parcels', ['shipment_id'], unique=False)
    op.create_index(op.f('ix_parcels_tracking'), 'parcels', ['tracking'], unique=False)
    op.create_table('pick_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pick_list_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('picked', sa.Integer(), nullable=False),
    sa.Column('short', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_pick_items_quantity_positive')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_pick_items_location_id_locations')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_pick_items_order_id_orders')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_pick_items_order_line_id_order_lines')),
    sa.ForeignKeyConstraint(['pick_list_id'], ['pick_lists.id'], name=op.f('fk_pick_items_pick_list_id_pick_lists'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_pick_items_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_items'))
    )
    op.create_index('ix_pick_items_list_location', 'pick_items', ['pick_list_id', 'location_id'], unique=False)
    op.create_table('parcel_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_parcel_items_quantity_positive')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_parcel_items_order_line_id_order_lines')),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], name=op.f('fk_parcel_items_parcel_id_parcels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_parcel_items_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcel_items'))
    )
    op.create_index(op.f('ix_parcel_items_parcel_id'), 'parcel_items', ['parcel_id'], unique=False)


def downgrade() -> None:

    op.drop_index(op.f('ix_parcel_items_parcel_id'), table_name='parcel_items')
    op.drop_table('parcel_items')
    op.drop_index('ix_pick_items_list_location', table_name='pick_items')
    op.drop_table('pick_items')
    op.drop_index(op.f('ix_parcels_tracking'), table_name='parcels')
    op.drop_index(op.f('ix_parcels_shipment_id'), table_name='parcels')
    op.drop_table('parcels')
    op.drop_index(op.f('ix_pack_scans_pack_session_id'), table_name='pack_scans')
    op.drop_table('pack_scans')
    op.drop_index(op.f('ix_pack_parcels_pack_session_id'), table_name='pack_parcels')
    op.drop_table('pack_parcels')
    op.drop_index(op.f('ix_shipments_shipped_at'), table_name='shipments')
    op.drop_index(op.f('ix_shipments_packed_at'), table_name='shipments')
    op.drop_table('shipments')
    op.drop_index(op.f('ix_pick_list_orders_tote'), table_name='pick_list_orders')
    op.drop_index(op.f('ix_pick_list_orders_pick_list_id'), table_name='pick_list_orders')
    op.drop_index(op.f('ix_pick_list_orders_order_id'), table_name='pick_list_orders')
    op.drop_table('pick_list_orders')
    op.drop_table('pack_sessions')
    op.drop_table('pick_lists')
