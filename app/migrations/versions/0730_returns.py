"""Returns: reasons the owner edits, returns and their lines, the units received (each one
stock move) and refunds.

Revision ID: 0730
Revises: 0720
"""

import sqlalchemy as sa
from alembic import op

revision = "0730"
down_revision = "0720"
branch_labels = None
depends_on = None

_REASONS = (("wrong_item", "Wrong item sent"), ("damaged", "Damaged in transit"),
            ("not_as_described", "Not as described"), ("changed_mind", "Changed mind"),
            ("doesnt_fit", "Doesn't fit"), ("defective", "Defective"),
            ("late", "Arrived too late"), ("other", "Other"))


def upgrade() -> None:
    reasons = op.create_table(
        "return_reasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_reasons")),
        sa.UniqueConstraint("code", name=op.f("uq_return_reasons_code")),
    )
    op.bulk_insert(reasons, [{"code": c, "label": label, "active": True, "position": i}
                             for i, (c, label) in enumerate(_REASONS)])
    op.create_table(
        "returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason_code", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("tracking", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("expected_by", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("refunded_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("exchange_order_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["exchange_order_id"], ["orders.id"],
                                name=op.f("fk_returns_exchange_order_id_orders")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name=op.f("fk_returns_order_id_orders")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_returns_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returns")),
        sa.UniqueConstraint("number", name=op.f("uq_returns_number")),
    )
    op.create_index("ix_returns_created_id", "returns", ["created_at", "id"])
    op.create_index("ix_returns_status_created_id", "returns", ["status", "created_at", "id"])
    op.create_index("ix_returns_store_status_created_id", "returns",
                    ["store_id", "status", "created_at", "id"])
    op.create_index("ix_returns_store_external", "returns", ["store_id", "external_id"])
    op.create_index(op.f("ix_returns_order_id"), "returns", ["order_id"])
    op.create_index(op.f("ix_returns_tracking"), "returns", ["tracking"])
    op.create_table(
        "return_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_return_lines_quantity_positive")),
        sa.CheckConstraint("received >= 0 AND received <= quantity",
                           name=op.f("ck_return_lines_received_within")),
        sa.ForeignKeyConstraint(["order_line_id"], ["order_lines.id"],
                                name=op.f("fk_return_lines_order_line_id_order_lines")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_return_lines_product_id_products")),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"],
                                name=op.f("fk_return_lines_return_id_returns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_lines")),
    )
    op.create_index(op.f("ix_return_lines_order_line_id"), "return_lines", ["order_line_id"])
    op.create_index(op.f("ix_return_lines_product_id"), "return_lines", ["product_id"])
    op.create_index(op.f("ix_return_lines_return_id"), "return_lines", ["return_id"])
    op.create_table(
        "return_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("condition", sa.String(length=12), nullable=False),
        sa.Column("disposition", sa.String(length=12), nullable=False),
        sa.Column("from_location_id", sa.Integer(), nullable=False),
        sa.Column("to_location_id", sa.Integer(), nullable=False),
        sa.Column("stock_move_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_return_units_quantity_positive")),
        sa.ForeignKeyConstraint(["from_location_id"], ["locations.id"],
                                name=op.f("fk_return_units_from_location_id_locations")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_return_units_product_id_products")),
        sa.ForeignKeyConstraint(["return_line_id"], ["return_lines.id"],
                                name=op.f("fk_return_units_return_line_id_return_lines")),
        sa.ForeignKeyConstraint(["stock_move_id"], ["stock_moves.id"],
                                name=op.f("fk_return_units_stock_move_id_stock_moves")),
        sa.ForeignKeyConstraint(["to_location_id"], ["locations.id"],
                                name=op.f("fk_return_units_to_location_id_locations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_units")),
        sa.UniqueConstraint("stock_move_id", name=op.f("uq_return_units_stock_move_id")),
    )
    op.create_index(op.f("ix_return_units_return_line_id"), "return_units", ["return_line_id"])
    op.create_table(
        "return_refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("shipping_minor", sa.Integer(), nullable=False),
        sa.Column("fee_minor", sa.Integer(), nullable=False),
        sa.Column("total_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_by", sa.String(length=12), nullable=False),
        sa.Column("external_ref", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.CheckConstraint("amount_minor >= 0 AND shipping_minor >= 0 AND fee_minor >= 0",
                           name=op.f("ck_return_refunds_parts_not_negative")),
        sa.CheckConstraint("total_minor = amount_minor + shipping_minor - fee_minor",
                           name=op.f("ck_return_refunds_total_adds_up")),
        sa.CheckConstraint("total_minor >= 0",
                           name=op.f("ck_return_refunds_total_not_negative")),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"],
                                name=op.f("fk_return_refunds_return_id_returns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_refunds")),
    )
    op.create_index(op.f("ix_return_refunds_return_id"), "return_refunds", ["return_id"])


def downgrade() -> None:
    op.drop_table("return_refunds")
    op.drop_table("return_units")
    op.drop_table("return_lines")
    op.drop_table("returns")
    op.drop_table("return_reasons")
