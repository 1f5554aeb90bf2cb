"""Initial schema: stores, catalogue, locations, the stock ledger, orders, users, audit.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id', 'at'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('postcode', sa.String(length=20), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('email', name=op.f('uq_customers_email'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_name_postcode', ['name', 'postcode'], unique=False)

    op.create_table('locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('warehouse', sa.String(length=64), nullable=False),
    sa.Column('path_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_locations')),
    sa.UniqueConstraint('code', name=op.f('uq_locations_code'))
    )
    op.create_table('stores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stores')),
    sa.UniqueConstraint('name', name=op.f('uq_stores_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name'))
    )
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('placed_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('financial_status', sa.String(length=24), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('subtotal_minor', sa.Integer(), nullable=False),
    sa.Column('shipping_minor', sa.Integer(), nullable=False),
    sa.Column('tax_minor', sa.Integer(), nullable=False),
    sa.Column('discount_minor', sa.Integer(), nullable=False),
    sa.Column('total_minor', sa.Integer(), nullable=False),
    sa.Column('ship_name', sa.String(length=200), nullable=False),
    sa.Column('ship_company', sa.String(length=200), nullable=False),
    sa.Column('ship_street1', sa.String(length=200), nullable=False),
    sa.Column('ship_street2', sa.String(length=200), nullable=False),
    sa.Column('ship_city', sa.String(length=120), nullable=False),
    sa.Column('ship_state', sa.String(length=120), nullable=False),
    sa.Column('ship_postcode', sa.String(length=20), nullable=False),
    sa.Column('ship_country', sa.String(length=2), nullable=False),
    sa.Column('ship_phone', sa.String(length=40), nullable=False),
    sa.Column('shipping_method', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('fulfilled_by_channel', sa.Boolean(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_orders_customer_id_customers')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_orders_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('store_id', 'external_id', name='uq_orders_store_external')
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_number'), ['number'], unique=False)
        batch_op.create_index('ix_orders_placed_at', ['placed_at'], unique=False)
        batch_op.create_index('ix_orders_status_placed_at', ['status', 'placed_at'], unique=False)
        batch_op.create_index('ix_orders_store_placed_at', ['store_id', 'placed_at'], unique=False)

    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('price_minor', sa.Integer(), nullable=False),
    sa.Column('cost_minor', sa.Integer(), nullable=False),
    sa.Column('weight_g', sa.Integer(), nullable=True),
    sa.Column('hs_code', sa.String(length=16), nullable=True),
    sa.Column('origin_country', sa.String(length=2), nullable=True),
    sa.Column('default_location_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('cost_minor >= 0', name=op.f('ck_products_cost_not_negative')),
    sa.CheckConstraint('price_minor >= 0', name=op.f('ck_products_price_not_negative')),
    sa.ForeignKeyConstraint(['default_location_id'], ['locations.id'], name=op.f('fk_products_default_location_id_locations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('sku', name=op.f('uq_products_sku'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_name'), ['name'], unique=False)

    op.create_table('barcodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_barcodes_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_barcodes')),
    sa.UniqueConstraint('code', name=op.f('uq_barcodes_code'))
    )
    with op.batch_alter_table('barcodes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_barcodes_product_id'), ['product_id'], unique=False)

    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('channel_sku', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_minor', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_order_lines_quantity_positive')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_lines_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_order_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines'))
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_channel_sku'), ['channel_sku'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_product_id'), ['product_id'], unique=False)

    op.create_table('stock_levels',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('reserved', sa.Integer(), nullable=False),
    sa.CheckConstraint('on_hand >= 0', name=op.f('ck_stock_levels_on_hand_not_negative')),
    sa.CheckConstraint('reserved <= on_hand', name=op.f('ck_stock_levels_reserved_within_on_hand')),
    sa.CheckConstraint('reserved >= 0', name=op.f('ck_stock_levels_reserved_not_negative')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_stock_levels_location_id_locations')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_levels_product_id_products')),
    sa.PrimaryKeyConstraint('product_id', 'location_id', name=op.f('pk_stock_levels'))
    )
    with op.batch_alter_table('stock_levels', schema=None) as batch_op:
        batch_op.create_index('ix_stock_levels_location', ['location_id'], unique=False)

    op.create_table('stock_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('from_location_id', sa.Integer(), nullable=False),
    sa.Column('to_location_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=True),
    sa.Column('user', sa.String(length=64), nullable=True),
    sa.Column('station', sa.String(length=64), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('from_location_id <> to_location_id', name=op.f('ck_stock_moves_distinct_locations')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_stock_moves_quantity_positive')),
    sa.ForeignKeyConstraint(['from_location_id'], ['locations.id'], name=op.f('fk_stock_moves_from_location_id_locations')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_moves_product_id_products')),
    sa.ForeignKeyConstraint(['reverses_id'], ['stock_moves.id'], name=op.f('fk_stock_moves_reverses_id_stock_moves')),
    sa.ForeignKeyConstraint(['to_location_id'], ['locations.id'], name=op.f('fk_stock_moves_to_location_id_locations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_moves'))
    )
    with op.batch_alter_table('stock_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_moves_from_location_id'), ['from_location_id'], unique=False)
        batch_op.create_index('ix_stock_moves_product_at', ['product_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_moves_reference'), ['reference'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_moves_to_location_id'), ['to_location_id'], unique=False)

    op.create_table('reservations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_reservations_quantity_positive')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_reservations_location_id_locations')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_reservations_order_line_id_order_lines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_reservations_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reservations'))
    )
    with op.batch_alter_table('reservations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reservations_order_line_id'), ['order_line_id'], unique=False)
        batch_op.create_index('ix_reservations_product_location', ['product_id', 'location_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('reservations', schema=None) as batch_op:
        batch_op.drop_index('ix_reservations_product_location')
        batch_op.drop_index(batch_op.f('ix_reservations_order_line_id'))

    op.drop_table('reservations')
    with op.batch_alter_table('stock_moves', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_moves_to_location_id'))
        batch_op.drop_index(batch_op.f('ix_stock_moves_reference'))
        batch_op.drop_index('ix_stock_moves_product_at')
        batch_op.drop_index(batch_op.f('ix_stock_moves_from_location_id'))

    op.drop_table('stock_moves')
    with op.batch_alter_table('stock_levels', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_levels_location')

    op.drop_table('stock_levels')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_product_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_order_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_channel_sku'))

    op.drop_table('order_lines')
    with op.batch_alter_table('barcodes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_barcodes_product_id'))

    op.drop_table('barcodes')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_name'))

    op.drop_table('products')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_store_placed_at')
        batch_op.drop_index('ix_orders_status_placed_at')
        batch_op.drop_index('ix_orders_placed_at')
        batch_op.drop_index(batch_op.f('ix_orders_number'))
        batch_op.drop_index(batch_op.f('ix_orders_customer_id'))

    op.drop_table('orders')
    op.drop_table('users')
    op.drop_table('stores')
    op.drop_table('locations')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_name_postcode')

    op.drop_table('customers')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')

    op.drop_table('audit_events')
    
