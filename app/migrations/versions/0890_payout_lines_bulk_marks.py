"""Reconciliation: a 100,000-line settlement marks the insights summary once, not per line
(issue 17).

The insights trigger on new payout lines (0830) marked each line's order's store and UTC day
in insights_dirty, one lookup and one upsert per line: a fifth of storing a big settlement.
payout_lines_bulk names a payout whose lines are being stored in bulk; the trigger skips
those lines, and the importer marks their days with one INSERT ... SELECT DISTINCT in the
same transaction, then deletes its row again (app/services/reconciliation/bulk_marks.py).
A row there is never committed, so no other writer sees one and every other insert of a
line still marks its day from the trigger, as before.

Revision ID: 0890
Revises: 0880
"""

import sqlalchemy as sa
from alembic import op

revision = "0890"
down_revision = "0880"
branch_labels = None
depends_on = None

_NAME = "insights_mark_payout_lines_insert"
_SKIP = "EXISTS (SELECT 1 FROM payout_lines_bulk b WHERE b.payout_id = NEW.payout_id)"


def _mark(dialect: str) -> str:
    # 0830's mark of one line, word for word.
    day = "date(o.placed_at)" if dialect == "sqlite" else "CAST(o.placed_at AS date)"
    stamp = "random()" if dialect == "sqlite" else "CAST(random() * 9e15 AS bigint)"
    return (f"INSERT INTO insights_dirty (store_id, utc_day, stamp) SELECT s, d, {stamp} "
            f"FROM (SELECT DISTINCT o.store_id AS s, {day} AS d FROM orders o "
            "WHERE o.id = NEW.order_id) AS marks WHERE true "
            "ON CONFLICT (store_id, utc_day) DO UPDATE SET stamp = excluded.stamp")


def _create(dialect: str, *, skipping: bool) -> list[str]:
    if dialect == "sqlite":
        when = f"WHEN NOT {_SKIP} " if skipping else ""
        return [f"CREATE TRIGGER {_NAME} AFTER INSERT ON payout_lines FOR EACH ROW {when}"
                f"BEGIN {_mark(dialect)}; END"]
    # A PostgreSQL trigger's WHEN takes no subquery: the function looks itself.
    skip = f"IF {_SKIP} THEN RETURN NULL; END IF; " if skipping else ""
    return [f"CREATE OR REPLACE FUNCTION {_NAME}() RETURNS trigger AS $$ BEGIN {skip}"
            f"{_mark(dialect)}; RETURN NULL; END; $$ LANGUAGE plpgsql"]


def _drop(dialect: str) -> list[str]:
    # PostgreSQL keeps its trigger: only the function it calls is replaced.
    return [f"DROP TRIGGER IF EXISTS {_NAME}"] if dialect == "sqlite" else []


def upgrade() -> None:
    op.create_table(
        "payout_lines_bulk",
        sa.Column("payout_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["payout_id"], ["payouts.id"],
                                name=op.f("fk_payout_lines_bulk_payout_id_payouts")),
        sa.PrimaryKeyConstraint("payout_id", name=op.f("pk_payout_lines_bulk")),
    )
    dialect = op.get_bind().dialect.name
    for statement in [*_drop(dialect), *_create(dialect, skipping=True)]:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in [*_drop(dialect), *_create(dialect, skipping=False)]:
        op.execute(statement)
    op.drop_table("payout_lines_bulk")
