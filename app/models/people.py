"""People who work in the shop, what each role may do, and the append-only audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

ROLES = ("owner", "supervisor", "packer", "accountant")

# What a role may be allowed to do, in the words the People screen shows.
PERMISSIONS: dict[str, str] = {
    "adjust_stock": "Adjust stock (found, lost, damaged, gift)",
    "move_stock": "Move stock between bins",
    "post_count": "Post or reverse a stock count",
    "override_pack": "Override a pack (supervisor PIN, typed quantities)",
    "see_money": "See prices, order totals and stock values",
    "import_orders": "Import orders and products",
    "edit_orders": "Hold, cancel and edit orders",
    "edit_products": "Add and edit products",
    "print_labels": "Print labels and documents",
    "view_audit": "See the audit trail",
    "manage_users": "Manage people and what each role may do",
}

# What a new store starts with; the owner may change every role but their own, which may
# always do everything (so nobody can lock the shop out of its own People screen).
DEFAULT_PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(PERMISSIONS),
    "supervisor": frozenset(PERMISSIONS) - {"manage_users"},
    "packer": frozenset({"move_stock", "print_labels"}),
    "accountant": frozenset({"see_money", "import_orders", "print_labels", "view_audit"}),
}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(12), default="packer")
    # The hash of the user's PIN or password (argon2id; older rows PBKDF2 "salt$hash", rehashed
    # at the next sign-in); empty when the user has none.
    pin_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)


class RolePermission(Base):
    """One row per permission a role has; the owner edits them on the People screen."""

    __tablename__ = "role_permissions"

    role: Mapped[str] = mapped_column(String(12), primary_key=True)
    permission: Mapped[str] = mapped_column(String(32), primary_key=True)


class AuditEvent(Base):
    """An append-only record. entity is e.g. 'order', 'product'; action e.g. 'imported'.

    The database refuses to update or delete a row (triggers, migration 0710). `sku` and
    `order_number` name what the event is about when known, for the Audit screen's filters.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id", "at"),
                      Index("ix_audit_user_id", "user", "id"),
                      Index("ix_audit_station_id", "station", "id"),
                      Index("ix_audit_action_id", "action", "id"),
                      Index("ix_audit_sku_id", "sku", "id"),
                      Index("ix_audit_order_number_id", "order_number", "id"),
                      Index("ix_audit_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(64), default="")
    station: Mapped[str] = mapped_column(String(64), default="")
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    sku: Mapped[str] = mapped_column(String(64), default="")
    order_number: Mapped[str] = mapped_column(String(64), default="")
