"""Orders (issue 11): an order's own bill-to name, exact line totals, listing links, and one
order per number within a store.

- orders.bill_name: the name the order is shown and found under (its own bill-to name, else
  its ship-to name), not the merged customer record's. Existing orders get their ship-to
  name, the only name of their own they have, else the customer record's name.
- order_lines.line_total_minor: NOT NULL, existing rows filled with quantity * unit price
  (exactly what they showed before). NOT NULL so every sum and every screen reads one
  column, with no "NULL means work it out" branch to forget.
- order_lines.listing_id / variation: what a store gives instead of a SKU (Etsy).
- listing_links: "this store's listing (and variation), or title + variation, is product P",
  the SKU-less counterpart of sku_links.
- A unique (store_id, number) index. Files written before it may already hold a clash (the
  bug this fixes): the later orders of a clash are renamed "NUMBER (dup ID)" and each rename
  is written to the audit log, so the index can be built and nothing is lost.
- (bill_name, id) indexes so sorting the Orders list by customer stays one index walk, and
  a (ship_name, bill_name) index so searching by name scans an index, not the table.

Revision ID: 0700
Revises: 0602
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0700"
down_revision = "0602"
branch_labels = None
depends_on = None

BILL_NAME_INDEXES = {
    "ix_orders_bill_name_id": ["bill_name", "id"],
    "ix_orders_status_bill_name_id": ["status", "bill_name", "id"],
    "ix_orders_store_bill_name_id": ["store_id", "bill_name", "id"],
    # A name search ('%smith%' cannot seek) reads both names from this one small index
    # instead of the whole orders table.
    "ix_orders_ship_name_bill_name": ["ship_name", "bill_name"],
}


def _rename_clashing_numbers() -> None:
    conn = op.get_bind()
    clashes = conn.execute(sa.text(
        "SELECT o.id, o.number FROM orders o JOIN ("
        " SELECT store_id, number, MIN(id) AS keep FROM orders"
        " GROUP BY store_id, number HAVING COUNT(*) > 1) d"
        " ON o.store_id = d.store_id AND o.number = d.number AND o.id <> d.keep"
        " ORDER BY o.id")).all()
    now = datetime.now(UTC).replace(tzinfo=None)
    for oid, number in clashes:
        suffix = f" (dup {oid})"
        new = number[:64 - len(suffix)] + suffix
        conn.execute(sa.text("UPDATE orders SET number = :new WHERE id = :id"),
                     {"new": new, "id": oid})
        conn.execute(sa.text(
            "INSERT INTO audit_events (at, \"user\", station, entity, entity_id, action, details)"
            " VALUES (:at, 'upgrade', '', 'order', :id, 'renumbered', :details)"),
            {"at": now, "id": oid,
             "details": json.dumps({"old_number": number, "new_number": new,
                                    "why": "another order of its store had this number"})})


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("bill_name", sa.String(length=200), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("order_lines") as batch:
        batch.add_column(sa.Column("line_total_minor", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("listing_id", sa.String(length=64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("variation", sa.String(length=200), nullable=False,
                                   server_default=""))
    op.execute("UPDATE order_lines SET line_total_minor = quantity * unit_price_minor")
    op.execute("UPDATE orders SET bill_name = COALESCE(NULLIF(ship_name, ''), "
               "(SELECT customers.name FROM customers WHERE customers.id = orders.customer_id),"
               " '')")
    _rename_clashing_numbers()
    op.create_index("uq_orders_store_number", "orders", ["store_id", "number"], unique=True)
    for name, columns in BILL_NAME_INDEXES.items():
        op.create_index(name, "orders", columns)
    op.create_table(
        "listing_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("variation", sa.String(length=200), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_listing_links_product_id_products")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_listing_links_store_id_stores"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_links")),
        sa.UniqueConstraint("store_id", "listing_id", "title", "variation",
                            name="uq_listing_links_store_key"),
    )
    op.create_index(op.f("ix_listing_links_product_id"), "listing_links", ["product_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_listing_links_product_id"), table_name="listing_links")
    op.drop_table("listing_links")
    for name in reversed(BILL_NAME_INDEXES):
        op.drop_index(name, table_name="orders")
    op.drop_index("uq_orders_store_number", table_name="orders")
    with op.batch_alter_table("order_lines") as batch:
        batch.drop_column("variation")
        batch.drop_column("listing_id")
        batch.drop_column("line_total_minor")
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("bill_name")
