"""Insights: the daily summary and the triggers that mark what it must redo, ad spend,
monthly goals, home currency and exchange rates (issue 18).

Every change that moves an order's profit marks the order's store and UTC day in
insights_dirty, from a trigger, so no writer (the app, a CLI command, another PC) can forget
it; app/services/insights/summary.py redoes the marked days. The existing orders are all
marked here, so the first catch-up builds the summary.

Revision ID: 0830
Revises: 0820
"""

import sqlalchemy as sa
from alembic import op

revision = "0830"
down_revision = "0820"
branch_labels = None
depends_on = None

# (table, trigger events, where the orders come from given the row R, update-only columns)
# "R" stands for NEW or OLD. The orders' own trigger is written apart (it needs no join).
_SOURCES = (
    ("order_lines", ("INSERT", "UPDATE", "DELETE"), "orders o WHERE o.id = R.order_id"),
    ("return_refunds", ("INSERT", "UPDATE", "DELETE"),
     "orders o JOIN returns rt ON rt.order_id = o.id WHERE rt.id = R.return_id"),
    ("returns", ("UPDATE", "DELETE"), "orders o WHERE o.id = R.order_id"),
    ("payout_lines", ("INSERT", "UPDATE", "DELETE"), "orders o WHERE o.id = R.order_id"),
    ("order_shipping_costs", ("INSERT", "UPDATE", "DELETE"),
     "orders o WHERE o.id = R.order_id"),
    ("store_fee_rates", ("INSERT", "UPDATE", "DELETE"),
     "orders o WHERE o.store_id = R.store_id"),
    ("stores", ("UPDATE",), "orders o WHERE o.store_id = R.id"),
    ("products", ("UPDATE",),
     "orders o JOIN order_lines ol ON ol.order_id = o.id WHERE ol.product_id = R.id"),
)
_ONLY = {"stores": "timezone, currency", "products": "cost_minor, currency"}
_ORDER_CHANGED = ("OLD.store_id {ne} NEW.store_id OR OLD.placed_at {ne} NEW.placed_at "
                  "OR OLD.customer_id {ne} NEW.customer_id OR OLD.currency {ne} NEW.currency "
                  "OR OLD.shipping_minor {ne} NEW.shipping_minor "
                  "OR OLD.discount_minor {ne} NEW.discount_minor "
                  "OR (OLD.status = 'cancelled') {ne} (NEW.status = 'cancelled')")


def _mark(dialect: str, src: str, row: str) -> str:
    day = "date(o.placed_at)" if dialect == "sqlite" else "CAST(o.placed_at AS date)"
    stamp = "random()" if dialect == "sqlite" else "CAST(random() * 9e15 AS bigint)"
    if src == "":
        day = day.replace("o.", f"{row}.")
        select = f"SELECT {row}.store_id, {day}, {stamp} WHERE {row}.store_id IS NOT NULL"
    else:
        select = (f"SELECT s, d, {stamp} FROM (SELECT DISTINCT o.store_id AS s, {day} AS d "
                  f"FROM {src.replace('R.', row + '.')}) AS marks WHERE true")
    return (f"INSERT INTO insights_dirty (store_id, utc_day, stamp) {select} "
            "ON CONFLICT (store_id, utc_day) DO UPDATE SET stamp = excluded.stamp")


def _triggers(dialect: str) -> list[str]:
    out: list[str] = []
    sources = [("orders", ("INSERT", "UPDATE", "DELETE"), ""), *_SOURCES]
    for table, events, src in sources:
        for event in events:
            name = f"insights_mark_{table}_{event.lower()}"
            rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[event]
            if table in _ONLY:
                rows = ["NEW"]
            when = ""
            if table == "orders" and event == "UPDATE":
                ne = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
                when = f"WHEN ({_ORDER_CHANGED.format(ne=ne)})"
            of = f"OF {_ONLY[table]} " if table in _ONLY else ""
            if dialect == "sqlite":
                body = "; ".join(_mark(dialect, src, r) for r in rows)
                out.append(f"CREATE TRIGGER {name} AFTER {event} {of}ON {table} FOR EACH ROW "
                           f"{when} BEGIN {body}; END")
            else:
                body = "; ".join(_mark(dialect, src, r) for r in rows)
                out.append(f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body}; "
                           "RETURN NULL; END; $$ LANGUAGE plpgsql")
                out.append(f"CREATE TRIGGER {name} AFTER {event} {of}ON {table} FOR EACH ROW "
                           f"{when} EXECUTE FUNCTION {name}()")
    return out


def _trigger_names() -> list[tuple[str, str]]:
    sources = [("orders", ("INSERT", "UPDATE", "DELETE"), ""), *_SOURCES]
    return [(f"insights_mark_{t}_{e.lower()}", t) for t, events, _ in sources for e in events]


def upgrade() -> None:
    op.create_table(
        "insights_dirty",
        sa.Column("store_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("utc_day", sa.Date(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "utc_day", name=op.f("pk_insights_dirty")),
    )
    money = ("items", "shipping_charged", "discounts", "refunds", "fees", "cogs",
             "shipping_cost")
    op.create_table(
        "insights_order_facts",
        sa.Column("order_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        *(sa.Column(m, sa.BigInteger(), nullable=False) for m in money),
        sa.Column("estimated", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE",
                                name=op.f("fk_insights_order_facts_order_id_orders")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_insights_order_facts_store_id_stores")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="SET NULL",
                                name=op.f("fk_insights_order_facts_customer_id_customers")),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_insights_order_facts")),
    )
    op.create_index("ix_insights_order_facts_store_placed", "insights_order_facts",
                    ["store_id", "placed_at"])
    op.create_index("ix_insights_order_facts_store_day", "insights_order_facts",
                    ["store_id", "local_day"])
    op.create_index("ix_insights_order_facts_customer", "insights_order_facts",
                    ["customer_id", "local_day"])
    op.create_table(
        "insights_daily",
        sa.Column("store_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        *(sa.Column(m, sa.BigInteger(), nullable=False) for m in money),
        sa.Column("estimated", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_insights_daily_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", "day", name=op.f("pk_insights_daily")),
    )
    op.create_table(
        "ad_spend",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("campaign", sa.String(length=200), nullable=False),
        sa.Column("sku", sa.String(length=120), nullable=False),
        sa.Column("spend_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("ad_orders", sa.Integer(), nullable=False),
        sa.Column("ad_sales_minor", sa.BigInteger(), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("clicks >= 0", name=op.f("ck_ad_spend_clicks_not_negative")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_ad_spend_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_spend")),
        sa.UniqueConstraint("store_id", "day", "channel", "campaign", "sku",
                            name="uq_ad_spend_row"),
    )
    op.create_index("ix_ad_spend_store_day", "ad_spend", ["store_id", "day"])
    op.create_table(
        "store_goals",
        sa.Column("store_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=True),
        sa.Column("profit_minor", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_store_goals_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", "month", name=op.f("pk_store_goals")),
    )
    op.create_table(
        "home_currency",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_home_currency_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_currency")),
    )
    op.create_table(
        "exchange_rates",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("home", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.String(length=32), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("month", "currency", name=op.f("pk_exchange_rates")),
    )
    dialect = op.get_bind().dialect.name
    for statement in _triggers(dialect):
        op.execute(statement)
    day = "date(placed_at)" if dialect == "sqlite" else "CAST(placed_at AS date)"
    op.execute(f"INSERT INTO insights_dirty (store_id, utc_day, stamp) "
               f"SELECT DISTINCT store_id, {day}, 0 FROM orders")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table in _trigger_names():
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    for table in ("exchange_rates", "home_currency", "store_goals", "ad_spend",
                  "insights_daily", "insights_order_facts", "insights_dirty"):
        op.drop_table(table)
