"""Printing: printer profiles, print-job history, per-store template settings, carrier-label
pages linked to orders.

Revision ID: 0500
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0500"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('print_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=64), nullable=False),
    sa.Column('template', sa.String(length=20), nullable=False),
    sa.Column('size', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('skip', sa.Integer(), nullable=False),
    sa.Column('output', sa.String(length=8), nullable=False),
    sa.Column('destination', sa.String(length=255), nullable=False),
    sa.Column('labels', sa.Integer(), nullable=False),
    sa.Column('reprint_of', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['reprint_of'], ['print_jobs.id'], name=op.f('fk_print_jobs_reprint_of_print_jobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs'))
    )
    op.create_index(op.f('ix_print_jobs_created_at'), 'print_jobs', ['created_at'], unique=False)
    op.create_table('printer_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('media', sa.String(length=40), nullable=False),
    sa.Column('dpi', sa.Integer(), nullable=False),
    sa.Column('offset_x_dmm', sa.Integer(), nullable=False),
    sa.Column('offset_y_dmm', sa.Integer(), nullable=False),
    sa.Column('darkness', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pdf', 'zpl')", name=op.f('ck_printer_profiles_kind_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_printer_profiles')),
    sa.UniqueConstraint('name', name=op.f('uq_printer_profiles_name'))
    )
    op.create_table('label_template_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('hidden_fields', sa.String(length=200), nullable=False),
    sa.Column('logo_path', sa.String(length=500), nullable=False),
    sa.Column('return_name', sa.String(length=200), nullable=False),
    sa.Column('return_address', sa.Text(), nullable=False),
    sa.Column('return_instructions', sa.Text(), nullable=False),
    sa.Column('font_size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_label_template_settings_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label_template_settings')),
    sa.UniqueConstraint('store_id', name=op.f('uq_label_template_settings_store_id'))
    )
    op.create_table('carrier_label_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_sha1', sa.String(length=40), nullable=False),
    sa.Column('page_index', sa.Integer(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('tracking', sa.String(length=64), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('matched_by', sa.String(length=10), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_carrier_label_pages_order_id_orders'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carrier_label_pages')),
    sa.UniqueConstraint('file_sha1', 'page_index', name=op.f('uq_carrier_label_pages_file_sha1'))
    )
    op.create_index(op.f('ix_carrier_label_pages_order_id'), 'carrier_label_pages', ['order_id'], unique=False)
    op.create_index(op.f('ix_carrier_label_pages_tracking'), 'carrier_label_pages', ['tracking'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_carrier_label_pages_tracking'), table_name='carrier_label_pages')
    op.drop_index(op.f('ix_carrier_label_pages_order_id'), table_name='carrier_label_pages')
    op.drop_table('carrier_label_pages')
    op.drop_table('label_template_settings')
    op.drop_table('printer_profiles')
    op.drop_index(op.f('ix_print_jobs_created_at'), table_name='print_jobs')
    op.drop_table('print_jobs')
