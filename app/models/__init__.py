"""The domain as SQLAlchemy 2 mapped classes. No Qt here, and no use-case logic."""

from app.models.base import Base, utcnow
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
import app.models.insights  # noqa: E402,F401  (issue 18: fee rates, shipping costs)
import app.models.order_links  # noqa: E402,F401  (issue 3: SKU links, saved mappings)
import app.models.packing  # noqa: E402,F401  (issue 4: pick & pack tables)
import app.models.payouts  # noqa: E402,F401  (issue 17: payouts, reconciliation)
import app.models.printing  # noqa: E402,F401  (issue 5: printers, print jobs, carrier labels)
import app.models.push  # noqa: E402,F401  (issue 20: stock push to stores)
import app.models.replenishment  # noqa: E402,F401  (issue 16: destinations, planning)
import app.models.returns  # noqa: E402,F401  (issue 14: returns)
import app.models.settings  # noqa: E402,F401  (issue 19: carriers, store preferences)
import app.models.suppliers  # noqa: E402,F401  (issue 15: suppliers, purchase orders)
