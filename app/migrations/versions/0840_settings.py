"""Settings: the carriers and services offered at the station, and each store's shipment
confirmation format (issue 19).

Revision ID: 0840
Revises: 0830
"""

import sqlalchemy as sa
from alembic import op

revision = "0840"
down_revision = "0830"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "carrier_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=40), nullable=False),
        sa.Column("service", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("carrier <> ''", name=op.f("ck_carrier_services_carrier_named")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carrier_services")),
        sa.UniqueConstraint("carrier", "service",
                            name=op.f("uq_carrier_services_carrier_service")),
    )
    op.create_table(
        "store_preferences",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("confirmation_format", sa.String(length=10), nullable=False),
        sa.CheckConstraint("confirmation_format IN ('', 'amazon', 'csv')",
                           name=op.f("ck_store_preferences_confirmation_format_known")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_store_preferences_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_store_preferences")),
    )


def downgrade() -> None:
    op.drop_table("store_preferences")
    op.drop_table("carrier_services")
