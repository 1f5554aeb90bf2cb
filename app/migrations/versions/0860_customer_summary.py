"""Insights: a per-customer summary kept current (issue 18).

Customer values summed every order fact per customer at every read (15 s at 1M orders).
insights_customers holds those sums per customer — for every store (per currency) and per
store — and insights_customer_dirty marks the customers whose facts changed since. The
marks come from triggers on insights_order_facts: the facts change exactly when an order's
figures do (the daily catch-up redoes them, a deleted order or customer takes its facts
along), so no writer can leave a customer's sums stale unmarked. Every customer with
facts is marked here, so the first catch-up builds the summary.

Revision ID: 0860
Revises: 0850
"""

import sqlalchemy as sa
from alembic import op

revision = "0860"
down_revision = "0850"
branch_labels = None
depends_on = None

_EVENTS = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}


def _mark(dialect: str, row: str) -> str:
    stamp = "random()" if dialect == "sqlite" else "CAST(random() * 9e15 AS bigint)"
    return (f"INSERT INTO insights_customer_dirty (customer_id, stamp) "
            f"SELECT {row}.customer_id, {stamp} WHERE {row}.customer_id IS NOT NULL "
            "ON CONFLICT (customer_id) DO UPDATE SET stamp = excluded.stamp")


def _triggers(dialect: str) -> list[str]:
    out: list[str] = []
    for event, rows in _EVENTS.items():
        name = f"insights_mark_customer_{event.lower()}"
        body = "; ".join(_mark(dialect, r) for r in rows)
        if dialect == "sqlite":
            out.append(f"CREATE TRIGGER {name} AFTER {event} ON insights_order_facts "
                       f"FOR EACH ROW BEGIN {body}; END")
        else:
            out.append(f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body}; "
                       "RETURN NULL; END; $$ LANGUAGE plpgsql")
            out.append(f"CREATE TRIGGER {name} AFTER {event} ON insights_order_facts "
                       f"FOR EACH ROW EXECUTE FUNCTION {name}()")
    return out


def upgrade() -> None:
    op.create_table(
        "insights_customers",
        sa.Column("scope", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("customer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.BigInteger(), nullable=False),
        sa.Column("profit", sa.BigInteger(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE",
                                name=op.f("fk_insights_customers_customer_id_customers")),
        sa.PrimaryKeyConstraint("scope", "customer_id", "currency",
                                name=op.f("pk_insights_customers")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_insights_customers_customer", "insights_customers", ["customer_id"])
    op.create_index("ix_insights_customers_recency", "insights_customers",
                    ["scope", "last_day", "orders"])
    op.create_table(
        "insights_customer_dirty",
        sa.Column("customer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_insights_customer_dirty")),
    )
    dialect = op.get_bind().dialect.name
    for statement in _triggers(dialect):
        op.execute(statement)
    op.execute("INSERT INTO insights_customer_dirty (customer_id, stamp) "
               "SELECT DISTINCT customer_id, 0 FROM insights_order_facts "
               "WHERE customer_id IS NOT NULL")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for event in _EVENTS:
        name = f"insights_mark_customer_{event.lower()}"
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON insights_order_facts")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("insights_customer_dirty")
    op.drop_index("ix_insights_customers_recency", table_name="insights_customers")
    op.drop_index("ix_insights_customers_customer", table_name="insights_customers")
    op.drop_table("insights_customers")
