"""The domain as SQLAlchemy 2 mapped classes. No Qt here, and no use-case logic.

Each module here is imported when something first needs one of its classes, not all at once
(issue 13): declaring all ~70 tables took most of a CLI command's start, and `backroom stock`
needs a handful. `from app.models import Order` imports app/models/orders.py only; `Base`
taken from here is the whole schema (every model module imported first), for what works
on all tables (copying a store, Alembic, the schema tests). Classes in one module may
relate to each other by name; a relationship to a class of another module loads every
model module before the mappers are configured (`_load_relationship_targets`), so it
still works, only without the saving.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Mapper, RelationshipProperty

from app.models.base import Base as _Base
from app.models.base import utcnow

if TYPE_CHECKING:
    from app.models.base import Base
    from app.models.catalog import Barcode, Product, Store
    from app.models.counts import CountBin, CountLine, CountScope, StockCount
    from app.models.orders import Customer, Order, OrderLine
    from app.models.people import AuditEvent, RolePermission, User
    from app.models.stock import Location, Reservation, StockLevel, StockMove

__all__ = [
    "AuditEvent", "Barcode", "Base", "CountBin", "CountLine", "CountScope", "Customer",
    "Location", "Order", "OrderLine", "Product", "Reservation", "RolePermission", "StockCount",
    "StockLevel", "StockMove", "Store", "User", "utcnow",
]

# Every module that declares tables (tests/unit/test_model_loading.py checks none is left
# out). A new one is one line here.
MODEL_MODULES = (
    "catalog", "counts", "orders", "people", "stock",
    "insights",       # issue 18: fee rates, shipping costs
    "order_links",    # issue 3: SKU links, saved mappings
    "packing",        # issue 4: pick & pack tables
    "payouts",        # issue 17: payouts, reconciliation
    "printing",       # issue 5: printers, print jobs, carrier labels
    "push",           # issue 20: stock push to stores
    "replenishment",  # issue 16: destinations, planning
    "returns",        # issue 14: returns
    "settings",       # issue 19: carriers, store preferences
    "suppliers",      # issue 15: suppliers, purchase orders
)

# The names `from app.models import ...` serves, and the module each is declared in.
_HOME = {
    "Barcode": "catalog", "Product": "catalog", "Store": "catalog",
    "CountBin": "counts", "CountLine": "counts", "CountScope": "counts",
    "StockCount": "counts",
    "Customer": "orders", "Order": "orders", "OrderLine": "orders",
    "AuditEvent": "people", "RolePermission": "people", "User": "people",
    "Location": "stock", "Reservation": "stock", "StockLevel": "stock", "StockMove": "stock",
}


def load_all() -> type[_Base]:
    """Import every model module: the declarative Base then holds the whole schema."""
    for name in MODEL_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return _Base


def __getattr__(name: str) -> Any:
    """`from app.models import X`: X's own module only (`Base`: all of them)."""
    if name == "Base":
        value: Any = load_all()
    elif name in _HOME:
        value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # asked once: later lookups find it at once
    return value


@event.listens_for(Mapper, "before_configured")
def _load_relationship_targets() -> None:
    """A relationship naming a class not imported yet: import every model module, so the
    name resolves (the mappers are configured right after this)."""
    known = _Base.registry._class_registry
    for mapper in list(_Base.registry.mappers):
        for prop in list(mapper._props.values()):  # (iterate_properties would configure)
            target = getattr(prop, "argument", None) if isinstance(
                prop, RelationshipProperty) else None
            if isinstance(target, str) and target.rsplit(".", 1)[-1] not in known:
                load_all()
                return
