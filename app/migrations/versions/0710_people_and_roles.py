"""People and roles (issue 12): what each role may do, the audit trail's filter columns and
indexes, and a database that refuses to edit or delete an audit event.

- role_permissions: one row per (role, permission), seeded with the defaults below; the
  owner edits them on the People screen.
- audit_events.sku / order_number: what an event is about, so the Audit screen filters by
  SKU and order through an index; (user, id), (station, id), (action, id), (at) indexes for
  its other filters and keyset paging.
- Triggers on SQLite and PostgreSQL: an audit event is never updated or deleted (and on
  PostgreSQL the table is never truncated).

Revision ID: 0710
Revises: 0700
"""

import sqlalchemy as sa
from alembic import op

revision = "0710"
down_revision = "0700"
branch_labels = None
depends_on = None

# The defaults as of this revision (app/models/people.py DEFAULT_PERMISSIONS).
_ALL = ("adjust_stock", "move_stock", "post_count", "override_pack", "see_money",
        "import_orders", "edit_orders", "edit_products", "print_labels", "view_audit",
        "manage_users")
_DEFAULTS = {
    "owner": _ALL,
    "supervisor": tuple(p for p in _ALL if p != "manage_users"),
    "packer": ("move_stock", "print_labels"),
    "accountant": ("see_money", "import_orders", "print_labels", "view_audit"),
}
_INDEXES = {
    "ix_audit_user_id": ["user", "id"],
    "ix_audit_station_id": ["station", "id"],
    "ix_audit_action_id": ["action", "id"],
    "ix_audit_sku_id": ["sku", "id"],
    "ix_audit_order_number_id": ["order_number", "id"],
    "ix_audit_at": ["at"],
}
_MESSAGE = "the audit trail is never edited or deleted"
_SQLITE_TRIGGERS = {
    "audit_events_never_updated":
        f"CREATE TRIGGER audit_events_never_updated BEFORE UPDATE ON audit_events "
        f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    "audit_events_never_deleted":
        f"CREATE TRIGGER audit_events_never_deleted BEFORE DELETE ON audit_events "
        f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
}
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '{_MESSAGE}';
END; $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    table = op.create_table(
        "role_permissions",
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("permission", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("role", "permission", name=op.f("pk_role_permissions")),
    )
    op.bulk_insert(table, [{"role": role, "permission": p}
                           for role, granted in _DEFAULTS.items() for p in granted])
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("sku", sa.String(length=64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("order_number", sa.String(length=64), nullable=False,
                                   server_default=""))
    for name, columns in _INDEXES.items():
        op.create_index(name, "audit_events", columns)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in _SQLITE_TRIGGERS.values():
            op.execute(sql)
    elif dialect == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute("CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE "
                   "ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")
        op.execute("CREATE TRIGGER audit_events_never_truncated BEFORE TRUNCATE "
                   "ON audit_events FOR EACH STATEMENT "
                   "EXECUTE FUNCTION audit_events_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_never_truncated ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    for name in reversed(_INDEXES):
        op.drop_index(name, table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("order_number")
        batch.drop_column("sku")
    op.drop_table("role_permissions")
