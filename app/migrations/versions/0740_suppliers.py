"""Suppliers: suppliers and what they sell us, purchase orders and their lines, shipments
(whose units wait IN-TRANSIT in the ledger), receipts and their lines, scorecard settings.

Revision ID: 0740
Revises: 0730
"""

import sqlalchemy as sa
from alembic import op

revision = "0740"
down_revision = "0730"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supplier_settings',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_supplier_settings'))
    )
    op.create_table('suppliers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('contact', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('payment_terms', sa.String(length=64), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('klass', sa.String(length=12), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suppliers')),
    sa.UniqueConstraint('name', name=op.f('uq_suppliers_name'))
    )
    op.create_table('purchase_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('home_currency', sa.String(length=3), nullable=False),
    sa.Column('fx_rate', sa.String(length=24), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=False),
    sa.Column('expected_date', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_purchase_orders_supplier_id_suppliers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_purchase_orders_number'))
    )
    op.create_index('ix_purchase_orders_supplier_created', 'purchase_orders', ['supplier_id', 'created_at'])
    op.create_table('po_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('pack_size', sa.Integer(), nullable=False),
    sa.Column('unit_cost_minor', sa.Integer(), nullable=False),
    sa.Column('agreed_cost_minor', sa.Integer(), nullable=True),
    sa.Column('shipped', sa.Integer(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('damaged', sa.Integer(), nullable=False),
    sa.Column('short', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_po_lines_quantity_positive')),
    sa.CheckConstraint('shipped >= 0 AND received >= 0 AND damaged >= 0 AND short >= 0', name=op.f('ck_po_lines_counts_not_negative')),
    sa.CheckConstraint('unit_cost_minor >= 0', name=op.f('ck_po_lines_cost_not_negative')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_orders.id'], name=op.f('fk_po_lines_po_id_purchase_orders')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_po_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_lines'))
    )
    op.create_index(op.f('ix_po_lines_po_id'), 'po_lines', ['po_id'])
    op.create_index('ix_po_lines_product_po', 'po_lines', ['product_id', 'po_id'])
    op.create_table('po_shipments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('tracking', sa.String(length=64), nullable=False),
    sa.Column('container', sa.String(length=64), nullable=False),
    sa.Column('eta', sa.Date(), nullable=True),
    sa.Column('shipped_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('freight_minor', sa.Integer(), nullable=False),
    sa.Column('duty_minor', sa.Integer(), nullable=False),
    sa.Column('fees_minor', sa.Integer(), nullable=False),
    sa.Column('allocation', sa.String(length=8), nullable=False),
    sa.CheckConstraint('freight_minor >= 0 AND duty_minor >= 0 AND fees_minor >= 0', name=op.f('ck_po_shipments_costs_not_negative')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_orders.id'], name=op.f('fk_po_shipments_po_id_purchase_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_shipments')),
    sa.UniqueConstraint('number', name=op.f('uq_po_shipments_number'))
    )
    op.create_index(op.f('ix_po_shipments_po_id'), 'po_shipments', ['po_id'])
    op.create_index(op.f('ix_po_shipments_tracking'), 'po_shipments', ['tracking'])
    op.create_table('supplier_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('supplier_sku', sa.String(length=64), nullable=False),
    sa.Column('supplier_name', sa.String(length=255), nullable=False),
    sa.Column('unit_cost_minor', sa.Integer(), nullable=False),
    sa.Column('pack_size', sa.Integer(), nullable=False),
    sa.Column('moq', sa.Integer(), nullable=False),
    sa.Column('production_days', sa.Integer(), nullable=False),
    sa.Column('sea_days', sa.Integer(), nullable=True),
    sa.Column('sea_fast_days', sa.Integer(), nullable=True),
    sa.Column('air_days', sa.Integer(), nullable=True),
    sa.Column('express_days', sa.Integer(), nullable=True),
    sa.Column('freight_basis', sa.String(length=4), nullable=False),
    sa.Column('sea_freight_minor', sa.Integer(), nullable=True),
    sa.Column('air_freight_minor', sa.Integer(), nullable=True),
    sa.Column('express_freight_minor', sa.Integer(), nullable=True),
    sa.Column('preferred', sa.Boolean(), nullable=False),
    sa.CheckConstraint('pack_size >= 1 AND moq >= 0', name=op.f('ck_supplier_products_pack_and_moq')),
    sa.CheckConstraint('unit_cost_minor >= 0', name=op.f('ck_supplier_products_cost_not_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_supplier_products_product_id_products')),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_supplier_products_supplier_id_suppliers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_products')),
    sa.UniqueConstraint('supplier_id', 'product_id', name='supplier_product')
    )
    op.create_index(op.f('ix_supplier_products_product_id'), 'supplier_products', ['product_id'])
    op.create_index(op.f('ix_supplier_products_supplier_id'), 'supplier_products', ['supplier_id'])
    op.create_table('po_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('over_reason', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['shipment_id'], ['po_shipments.id'], name=op.f('fk_po_receipts_shipment_id_po_shipments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_receipts'))
    )
    op.create_index(op.f('ix_po_receipts_shipment_id'), 'po_receipts', ['shipment_id'])
    op.create_table('po_shipment_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('po_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('damaged', sa.Integer(), nullable=False),
    sa.Column('short', sa.Integer(), nullable=False),
    sa.Column('over', sa.Integer(), nullable=False),
    sa.Column('landed_extra_minor', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_po_shipment_lines_quantity_positive')),
    sa.CheckConstraint('received >= 0 AND damaged >= 0 AND short >= 0 AND received + damaged + short <= quantity + over', name=op.f('ck_po_shipment_lines_accounted_within')),
    sa.ForeignKeyConstraint(['po_line_id'], ['po_lines.id'], name=op.f('fk_po_shipment_lines_po_line_id_po_lines')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_po_shipment_lines_product_id_products')),
    sa.ForeignKeyConstraint(['shipment_id'], ['po_shipments.id'], name=op.f('fk_po_shipment_lines_shipment_id_po_shipments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_shipment_lines'))
    )
    op.create_index(op.f('ix_po_shipment_lines_po_line_id'), 'po_shipment_lines', ['po_line_id'])
    op.create_index(op.f('ix_po_shipment_lines_shipment_id'), 'po_shipment_lines', ['shipment_id'])
    op.create_table('po_receipt_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('shipment_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=120), nullable=False),
    sa.Column('stock_move_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_po_receipt_lines_quantity_positive')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_po_receipt_lines_location_id_locations')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_po_receipt_lines_product_id_products')),
    sa.ForeignKeyConstraint(['receipt_id'], ['po_receipts.id'], name=op.f('fk_po_receipt_lines_receipt_id_po_receipts')),
    sa.ForeignKeyConstraint(['shipment_line_id'], ['po_shipment_lines.id'], name=op.f('fk_po_receipt_lines_shipment_line_id_po_shipment_lines')),
    sa.ForeignKeyConstraint(['stock_move_id'], ['stock_moves.id'], name=op.f('fk_po_receipt_lines_stock_move_id_stock_moves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_receipt_lines')),
    sa.UniqueConstraint('stock_move_id', name=op.f('uq_po_receipt_lines_stock_move_id'))
    )
    op.create_index(op.f('ix_po_receipt_lines_receipt_id'), 'po_receipt_lines', ['receipt_id'])
    op.create_index(op.f('ix_po_receipt_lines_shipment_line_id'), 'po_receipt_lines', ['shipment_line_id'])


def downgrade() -> None:
    for table in ("po_receipt_lines", "po_receipts", "po_shipment_lines", "po_shipments",
                  "po_lines", "purchase_orders", "supplier_products", "suppliers",
                  "supplier_settings"):
        op.drop_table(table)
