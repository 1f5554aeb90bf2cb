"""Replenishment: daily sales per product kept current (issue 16), and fast-sea freight.

product_daily_sales holds each product's units sold per store-local day (what the plan
reads instead of two years of order lines). Every change that moves those units marks the
order's store and UTC day in product_sales_dirty from a trigger, in the writer's own
transaction; app/services/replenishment/daily.py redoes the marked days. The existing
orders are all marked here, so the first catch-up builds the table.

Revision ID: 0870
Revises: 0860
"""

import sqlalchemy as sa
from alembic import op

revision = "0870"
down_revision = "0860"
branch_labels = None
depends_on = None

# (table, events, the orders a row R touches, when an UPDATE matters). "R" is NEW or OLD.
_SOURCES = (
    ("orders", ("INSERT", "UPDATE", "DELETE"), "",
     "OLD.store_id {ne} NEW.store_id OR OLD.placed_at {ne} NEW.placed_at "
     "OR OLD.fulfilled_by_channel {ne} NEW.fulfilled_by_channel "
     "OR (OLD.status = 'cancelled') {ne} (NEW.status = 'cancelled')"),
    ("order_lines", ("INSERT", "UPDATE", "DELETE"), "orders o WHERE o.id = R.order_id",
     "OLD.order_id {ne} NEW.order_id OR OLD.product_id {ne} NEW.product_id "
     "OR OLD.quantity {ne} NEW.quantity"),
    ("returns", ("UPDATE", "DELETE"), "orders o WHERE o.id = R.order_id",
     "OLD.order_id {ne} NEW.order_id"),
    ("return_lines", ("INSERT", "UPDATE", "DELETE"),
     "orders o JOIN returns rt ON rt.order_id = o.id WHERE rt.id = R.return_id",
     "OLD.return_id {ne} NEW.return_id OR OLD.product_id {ne} NEW.product_id "
     "OR OLD.quantity {ne} NEW.quantity"),
    # A new time zone moves every sale of the store to other local days.
    ("stores", ("UPDATE",), "orders o WHERE o.store_id = R.id",
     "OLD.timezone {ne} NEW.timezone"),
)


def _mark(dialect: str, src: str, row: str) -> str:
    day = "date(o.placed_at)" if dialect == "sqlite" else "CAST(o.placed_at AS date)"
    stamp = "random()" if dialect == "sqlite" else "CAST(random() * 9e15 AS bigint)"
    if src == "":
        day = day.replace("o.", f"{row}.")
        select = f"SELECT {row}.store_id, {day}, {stamp} WHERE {row}.store_id IS NOT NULL"
    else:
        select = (f"SELECT s, d, {stamp} FROM (SELECT DISTINCT o.store_id AS s, {day} AS d "
                  f"FROM {src.replace('R.', row + '.')}) AS marks WHERE true")
    return (f"INSERT INTO product_sales_dirty (store_id, utc_day, stamp) {select} "
            "ON CONFLICT (store_id, utc_day) DO UPDATE SET stamp = excluded.stamp")


def _names() -> list[tuple[str, str, str]]:
    return [(f"replenish_mark_{t}_{e.lower()}", t, e) for t, events, _s, _w in _SOURCES
            for e in events]


def _triggers(dialect: str) -> list[str]:
    out: list[str] = []
    ne = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    for table, events, src, changed in _SOURCES:
        for event in events:
            name = f"replenish_mark_{table}_{event.lower()}"
            rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[event]
            if table == "stores":
                rows = ["NEW"]
            when = f"WHEN ({changed.format(ne=ne)})" if event == "UPDATE" else ""
            body = "; ".join(_mark(dialect, src, r) for r in rows)
            if dialect == "sqlite":
                out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW "
                           f"{when} BEGIN {body}; END")
            else:
                out.append(f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body}; "
                           "RETURN NULL; END; $$ LANGUAGE plpgsql")
                out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW "
                           f"{when} EXECUTE FUNCTION {name}()")
    return out


def upgrade() -> None:
    op.create_table(
        "product_daily_sales",
        sa.Column("channel", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("store_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("product_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sold", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_product_daily_sales_store_id_stores")),
        sa.PrimaryKeyConstraint("channel", "day", "store_id", "product_id",
                                name=op.f("pk_product_daily_sales")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "product_sales_dirty",
        sa.Column("store_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("utc_day", sa.Date(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "utc_day", name=op.f("pk_product_sales_dirty")),
    )
    # The fast sea liner's own freight rate (until now it was charged as slow sea).
    op.add_column("supplier_products",
                  sa.Column("sea_fast_freight_minor", sa.Integer(), nullable=True))
    dialect = op.get_bind().dialect.name
    for statement in _triggers(dialect):
        op.execute(statement)
    day = "date(placed_at)" if dialect == "sqlite" else "CAST(placed_at AS date)"
    op.execute(f"INSERT INTO product_sales_dirty (store_id, utc_day, stamp) "
               f"SELECT DISTINCT store_id, {day}, 0 FROM orders")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, _event in _names():
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    with op.batch_alter_table("supplier_products") as batch:
        batch.drop_column("sea_fast_freight_minor")
    op.drop_table("product_sales_dirty")
    op.drop_table("product_daily_sales")
