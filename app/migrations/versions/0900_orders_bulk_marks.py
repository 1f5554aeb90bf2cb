"""Orders: an import marks the insights and daily-sales summaries once, not once per order
and once per line (issue 13).

The triggers on new orders and order lines (0830 insights, 0870 daily sales) marked each
row's store and UTC day, one upsert per order and one lookup and upsert per line: a quarter
of moving a batch of 2,500 orders into a million-order store. orders_bulk names the orders
being stored in bulk (ids above after_id); the triggers skip them and their lines, and the
import marks their days with one INSERT ... SELECT DISTINCT per summary in the same
transaction, then deletes its row again (app/services/orders/bulk_marks.py). A row there is
never committed, so no other writer sees one and every other insert still marks its day
from the trigger, as before.

Revision ID: 0900
Revises: 0890
"""

import sqlalchemy as sa
from alembic import op

revision = "0900"
down_revision = "0890"
branch_labels = None
depends_on = None

# (trigger, summary table, the row's orders are its own or its order's)
_TRIGGERS = (
    ("insights_mark_orders_insert", "insights_dirty", "orders"),
    ("insights_mark_order_lines_insert", "insights_dirty", "order_lines"),
    ("replenish_mark_orders_insert", "product_sales_dirty", "orders"),
    ("replenish_mark_order_lines_insert", "product_sales_dirty", "order_lines"),
)


def _skip(table: str) -> str:
    order = "NEW.id" if table == "orders" else "NEW.order_id"
    return f"EXISTS (SELECT 1 FROM orders_bulk b WHERE {order} > b.after_id)"


def _mark(dialect: str, target: str, table: str) -> str:
    # 0830's and 0870's mark of one row, word for word.
    day = "date(o.placed_at)" if dialect == "sqlite" else "CAST(o.placed_at AS date)"
    stamp = "random()" if dialect == "sqlite" else "CAST(random() * 9e15 AS bigint)"
    if table == "orders":
        select = (f"SELECT NEW.store_id, {day.replace('o.', 'NEW.')}, {stamp} "
                  "WHERE NEW.store_id IS NOT NULL")
    else:
        select = (f"SELECT s, d, {stamp} FROM (SELECT DISTINCT o.store_id AS s, {day} AS d "
                  "FROM orders o WHERE o.id = NEW.order_id) AS marks WHERE true")
    return (f"INSERT INTO {target} (store_id, utc_day, stamp) {select} "
            "ON CONFLICT (store_id, utc_day) DO UPDATE SET stamp = excluded.stamp")


def _statements(dialect: str, *, skipping: bool) -> list[str]:
    out = []
    for name, target, table in _TRIGGERS:
        if dialect == "sqlite":
            when = f"WHEN NOT {_skip(table)} " if skipping else ""
            out += [f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} AFTER INSERT ON {table} FOR EACH ROW {when}"
                    f"BEGIN {_mark(dialect, target, table)}; END"]
        else:
            # A PostgreSQL trigger's WHEN takes no subquery: the function looks itself, and
            # the trigger stays as it is.
            skip = f"IF {_skip(table)} THEN RETURN NULL; END IF; " if skipping else ""
            out.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
                       f"{skip}{_mark(dialect, target, table)}; RETURN NULL; END; $$ "
                       "LANGUAGE plpgsql")
    return out


def upgrade() -> None:
    op.create_table(
        "orders_bulk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("after_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_bulk")),
    )
    for statement in _statements(op.get_bind().dialect.name, skipping=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(op.get_bind().dialect.name, skipping=False):
        op.execute(statement)
    op.drop_table("orders_bulk")
