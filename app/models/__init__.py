"""The domain as SQLAlchemy 2 mapped classes. No Qt here, and no use-case logic."""

from app.models.base import Base, utcnow
from app.models.catalog import Barcode, Product, Store
from app.models.counts import CountBin, CountLine, CountScope, StockCount
from app.models.orders import Customer, Order, OrderLine
from app.models.people import AuditEvent, User
from app.models.stock import Location, Reservation, StockLevel, StockMove

__all__ = [
    "AuditEvent", "Barcode", "Base", "CountBin", "CountLine", "CountScope", "Customer",
    "Location", "Order", "OrderLine", "Product", "Reservation", "StockCount", "StockLevel",
    "StockMove", "Store", "User", "utcnow",
]
import app.models.order_links  # noqa: E402,F401  (issue 3: SKU links, saved mappings)
import app.models.packing  # noqa: E402,F401  (issue 4: pick & pack tables)
import app.models.printing  # noqa: E402,F401  (issue 5: printers, print jobs, carrier labels)
