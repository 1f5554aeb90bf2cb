"""Reconciliation: bank lines and payout matching (issue 17).

Bank statement lines, the payouts found in them (one deposit may hold several payouts),
saved statement layouts, and problems about a deposit (a deposit no payout explains has no
store: payout_problems.store_id becomes nullable). Payouts Backroom grouped itself (an
activity month) are marked as reaching no bank.

Revision ID: 0820
Revises: 0810
"""

import sqlalchemy as sa
from alembic import op

revision = "0820"
down_revision = "0810"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Never used by a query (the (payout_id, ...) indexes serve payout_id), and each costs
    # as much as the rest on a 100,000-line settlement insert.
    op.drop_index("ix_payout_lines_payout_id", table_name="payout_lines")
    op.drop_index("ix_payout_lines_order_ref", table_name="payout_lines")
    op.create_table(
        "bank_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=96), nullable=False),
        sa.Column("booked_on", sa.DateTime(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("reference", sa.String(length=140), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_lines")),
        sa.UniqueConstraint("account", "external_id", name="uq_bank_lines_account_line"),
    )
    op.create_index("ix_bank_lines_currency_amount", "bank_lines", ["currency", "amount_minor"])
    op.create_index("ix_bank_lines_booked_on", "bank_lines", ["booked_on"])
    op.create_table(
        "payout_deposits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payout_id", sa.Integer(), nullable=False),
        sa.Column("bank_line_id", sa.Integer(), nullable=False),
        sa.Column("matched_by", sa.String(length=24), nullable=False),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["bank_line_id"], ["bank_lines.id"],
                                name=op.f("fk_payout_deposits_bank_line_id_bank_lines")),
        sa.ForeignKeyConstraint(["payout_id"], ["payouts.id"],
                                name=op.f("fk_payout_deposits_payout_id_payouts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_deposits")),
        sa.UniqueConstraint("payout_id", name=op.f("uq_payout_deposits_payout_id")),
    )
    op.create_index(op.f("ix_payout_deposits_bank_line_id"), "payout_deposits",
                    ["bank_line_id"])
    op.create_table(
        "bank_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_mappings")),
        sa.UniqueConstraint("name", name=op.f("uq_bank_mappings_name")),
    )
    with op.batch_alter_table("payouts") as batch:
        batch.add_column(sa.Column("reaches_bank", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    # Months and pending balances Backroom grouped itself were never bank payouts.
    op.execute("UPDATE payouts SET reaches_bank = false WHERE external_id LIKE 'activity:%'"
               " OR external_id LIKE 'payments:%' OR external_id LIKE 'available:%'"
               " OR external_id LIKE 'pending:%'")
    with op.batch_alter_table("payout_problems") as batch:
        batch.alter_column("store_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("bank_line_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_payout_problems_bank_line_id_bank_lines"),
                                 "bank_lines", ["bank_line_id"], ["id"])
        batch.create_index(op.f("ix_payout_problems_bank_line_id"), ["bank_line_id"])


def downgrade() -> None:
    op.execute("DELETE FROM payout_problems WHERE store_id IS NULL")
    with op.batch_alter_table("payout_problems") as batch:
        batch.drop_index(op.f("ix_payout_problems_bank_line_id"))
        batch.drop_constraint(op.f("fk_payout_problems_bank_line_id_bank_lines"),
                              type_="foreignkey")
        batch.drop_column("bank_line_id")
        batch.alter_column("store_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("payouts") as batch:
        batch.drop_column("reaches_bank")
    op.drop_table("bank_mappings")
    op.drop_table("payout_deposits")
    op.drop_table("bank_lines")
    op.create_index("ix_payout_lines_order_ref", "payout_lines", ["order_ref"])
    op.create_index("ix_payout_lines_payout_id", "payout_lines", ["payout_id"])
