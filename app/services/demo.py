"""A realistic demo store, generated from a seed: same seed and day give the same data.

Stock is consistent with the ledger: opening receipts from the supplier, shipped orders as
moves to the customer, open orders as reservations; `backroom db check` passes on it.
Rows go in through bulk inserts so a million orders take a minute, not an hour.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Index, insert, select, update
from sqlalchemy.orm import Session

from app.models import (
    AuditEvent,
    Barcode,
    Customer,
    Location,
    Order,
    OrderLine,
    Product,
    Reservation,
    StockLevel,
    StockMove,
    Store,
    User,
)
from app.services.core.bulk import bulk_insert
from app.services.core.errors import InvalidInput
from app.services.stock import ledger
from app.services.stock.barcodes import ean13_from_number

ADJECTIVES = ["Oak", "Linen", "Copper", "Walnut", "Stoneware", "Wool", "Cotton", "Bamboo",
              "Enamel", "Glass", "Cork", "Brass", "Leather", "Ceramic", "Slate", "Birch"]
ITEMS = ["Mug", "Tea Towel", "Candle", "Notebook", "Tote Bag", "Coaster Set", "Vase",
         "Serving Board", "Planter", "Apron", "Cushion Cover", "Pen Holder", "Tray",
         "Bookends", "Soap Dish", "Storage Jar", "Bottle Opener", "Key Ring", "Wall Hook",
         "Teapot"]
COLOURS = ["Natural", "Charcoal", "Sage", "Rust", "Ochre", "Navy", "Blush", "White", "Moss"]
FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "Felix", "Greta", "Hugo", "Isla", "Jonas",
         "Katrin", "Liam", "Marie", "Noah", "Olivia", "Paul", "Rosa", "Sam", "Tilda", "Zoë",
         "Jürgen", "Siobhán", "Mateo", "Aoife"]
LAST = ["Müller", "Smith", "Schmidt", "Jones", "Fischer", "Brown", "Weber", "Taylor",
        "Meyer", "Wilson", "Wagner", "O'Brien", "Becker", "Evans", "Hoffmann", "Walker",
        "Schulz", "Wright", "Koch", "Hughes"]
PLACES = [("Berlin", "10115", "DE"), ("Hamburg", "20095", "DE"), ("München", "80331", "DE"),
          ("Wien", "1010", "AT"), ("Amsterdam", "1012 AB", "NL"), ("Paris", "75002", "FR"),
          ("London", "SW1A 1AA", "GB"), ("Manchester", "M1 1AE", "GB"),
          ("Leeds", "LS1 4AP", "GB"), ("Bristol", "BS1 4DJ", "GB"), ("Köln", "50667", "DE")]
STREETS = ["Hauptstraße", "High Street", "Bahnhofstraße", "Station Road", "Gartenweg",
           "Church Lane", "Lindenallee", "Mill Road"]

DEFER_INDEXES_ABOVE = 100_000  # orders; smaller demos insert into the indexes directly

STORES = [("Kettle & Co", "shopify", "EUR", "Europe/Berlin", "#", 1001),
          ("Kettle & Co UK (Amazon)", "amazon", "GBP", "Europe/London", "", 0),
          ("Shop counter", "counter", "EUR", "Europe/Berlin", "C-", 1)]


@dataclass(frozen=True)
class DemoSummary:
    stores: int
    products: int
    bins: int
    customers: int
    orders: int
    order_lines: int
    moves: int


def _bins(count: int) -> list[str]:
    codes = []
    for aisle in "ABCDEFGHJKLMNPQRSTUVWXYZ":
        for rack in range(1, 41):
            for level in range(1, 6):
                codes.append(f"{aisle}-{rack:02d}-{level}")
                if len(codes) == count:
                    return codes
    return codes


def _status(rng: random.Random, age_days: int) -> str:
    roll = rng.random()
    if age_days > 5:
        return "cancelled" if roll < 0.03 else "shipped"
    if age_days > 2:
        return ("shipped", "shipped", "packed", "on_hold", "cancelled")[int(roll * 5)]
    return ("new", "reserved", "reserved", "reserved", "packed", "on_hold")[int(roll * 6)]


def generate_demo(session: Session, *, products: int = 300, orders: int = 2000, seed: int = 1,
                  today: date | None = None,
                  progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Fill an empty database with a demo store. Refuses a database that has products."""
    if session.scalar(select(Product.id).limit(1)) is not None:
        raise InvalidInput("The database already has products; the demo needs an empty one.")
    if products < 1 or orders < 0:
        raise InvalidInput("The demo needs at least one product and no negative orders.")
    rng = random.Random(seed)
    today = today or datetime.now(UTC).date()
    # The 90 days end at the start of `today`, so nothing in the demo lies in the future.
    end = datetime.combine(today, time(0, 0), tzinfo=UTC)
    virtual = ledger.ensure_virtual_locations(session)
    conn = session.connection()
    # A big load fills tables first and builds their secondary indexes once at the end:
    # one sorted build instead of millions of random b-tree inserts.
    deferred = _drop_indexes(conn) if orders > DEFER_INDEXES_ABOVE else []
    if conn.dialect.name == "sqlite":
        # Index pages of a million orders do not fit SQLite's default 2 MB cache; with
        # 256 MB the b-tree inserts stay in memory (2x faster). Set back at the end.
        conn.exec_driver_sql("PRAGMA cache_size=-262144")

    store_ids = []
    for name, kind, currency, tz, _prefix, _start in STORES:
        store = Store(name=name, kind=kind, currency=currency, timezone=tz)
        session.add(store)
        session.flush()
        store_ids.append(store.id)
    for name, role in (("owner", "owner"), ("packer", "packer")):
        session.add(User(name=name, role=role))

    bin_codes = _bins(max(20, min(products // 2, 4800)))
    loc_rows = [{"code": c, "name": c, "kind": "bin", "warehouse": "Main",
                 "path_order": ledger._path_order(c)} for c in bin_codes]
    conn.execute(insert(Location), loc_rows)
    bin_id = dict(session.execute(select(Location.code, Location.id).where(
        Location.code.in_(bin_codes))).all())
    bin_ids = [bin_id[c] for c in bin_codes]

    product_rows, barcode_rows, price = [], [], {}
    for i in range(1, products + 1):
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(ITEMS)} – {rng.choice(COLOURS)}"
        cost = rng.randrange(150, 4000)
        price[i] = cost * rng.choice((2, 2, 3)) - 1
        product_rows.append({
            "id": i, "sku": f"KC-{i:05d}", "name": name, "currency": "EUR",
            "price_minor": price[i], "cost_minor": cost, "weight_g": rng.randrange(80, 2500),
            "hs_code": rng.choice(("691200", "630260", "340600", "482010")),
            "origin_country": rng.choice(("DE", "PT", "GB", "IN", "CN")),
            "default_location_id": bin_ids[(i - 1) % len(bin_ids)],
            "reorder_point": rng.choice((0, 5, 10, 20)), "active": True,
            "created_at": end - timedelta(days=120)})
        barcode_rows.append({"code": ean13_from_number(i), "kind": "ean13", "product_id": i})
        if i % 7 == 0:  # some products carry a supplier's own code as well
            barcode_rows.append({"code": f"SUP{i * 7919 % 1000000:06d}", "kind": "supplier",
                                 "product_id": i})
    bulk_insert(conn, Product, product_rows)
    bulk_insert(conn, Barcode, barcode_rows)

    n_customers = max(1, orders // 3)
    customer_rows = []
    for i in range(1, n_customers + 1):
        city, postcode, country = rng.choice(PLACES)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        customer_rows.append({"id": i, "name": f"{first} {last}",
                              "email": f"{first.lower()}.{i}@example.com",
                              "postcode": postcode, "country": country,
                              "created_at": end - timedelta(days=100)})
    for chunk in range(0, len(customer_rows), 50000):
        bulk_insert(conn, Customer, customer_rows[chunk:chunk + 50000])

    # Orders: decide every line first, so opening stock can cover what was shipped.
    popular = [rng.paretovariate(1.2) for _ in range(products)]
    product_ids = list(range(1, products + 1))
    counters = [start for *_ignored, start in STORES]
    shipped_demand: dict[int, int] = defaultdict(int)
    open_lines: list[tuple[int, int, int, datetime]] = []  # line id, product, qty, placed
    shipped_lines: list[tuple[int, int, int, datetime, str]] = []  # line, product, qty
    order_rows, line_rows, event_rows = [], [], []
    # Each order's story (imported, packed, shipped…) for the order detail; left out of
    # benchmark-sized demos, where it would only add millions of rows nobody reads.
    with_events = orders <= 50000
    line_id = 0
    span = 90 * 24 * 3600
    for oid in range(1, orders + 1):
        placed = end - timedelta(seconds=int(span * (1 - (oid / max(orders, 1)) ** 0.9)))
        placed = placed.replace(microsecond=0)
        s = rng.choices((0, 1, 2), weights=(55, 35, 10))[0]
        name, kind, currency, _tz, prefix, _start = STORES[s]
        counters[s] += 1
        number = (f"{prefix}{counters[s]}" if kind != "amazon"
                  else f"{rng.randrange(200, 209)}-{rng.randrange(10**7):07d}-"
                       f"{rng.randrange(10**7):07d}")
        status = _status(rng, (end - placed).days)
        cust = customer_rows[rng.randrange(n_customers)]
        city, postcode, country = rng.choice(PLACES)
        subtotal = 0
        for _ in range(rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0]):
            line_id += 1
            pid = rng.choices(product_ids, weights=popular)[0] if products < 5000 \
                else rng.randrange(1, products + 1)
            qty = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
            unit = price[pid] if currency == "EUR" else price[pid] * 86 // 100
            subtotal += unit * qty
            line_rows.append({"id": line_id, "order_id": oid, "product_id": pid,
                              "channel_sku": f"KC-{pid:05d}", "title": product_rows[pid - 1]
                              ["name"], "quantity": qty, "unit_price_minor": unit,
                              "line_total_minor": unit * qty})
            if status in ("shipped", "packed"):
                shipped_demand[pid] += qty
                shipped_lines.append((line_id, pid, qty, placed, number))
            elif status in ("reserved", "on_hold"):
                open_lines.append((line_id, pid, qty, placed))
        shipping = 0 if subtotal > 5000 or kind == "counter" else 495
        tax = subtotal * 19 // 119
        order_rows.append({
            "id": oid, "store_id": store_ids[s], "external_id": number.lstrip("#"),
            "number": number, "placed_at": placed, "status": status,
            "financial_status": "refunded" if status == "cancelled" else "paid",
            "customer_id": cust["id"], "currency": currency, "subtotal_minor": subtotal,
            "shipping_minor": shipping, "tax_minor": tax, "discount_minor": 0,
            "total_minor": subtotal + shipping, "ship_name": cust["name"],
            "bill_name": cust["name"],
            "ship_street1": f"{rng.choice(STREETS)} {rng.randrange(1, 120)}",
            "ship_city": city, "ship_postcode": postcode, "ship_country": country,
            "shipping_method": "Standard" if kind != "counter" else "Collected",
            "priority": 0, "fulfilled_by_channel": False, "imported_at": placed,
            "ship_company": "", "ship_street2": "", "ship_state": "", "ship_phone": "",
            "notes": "Leave at the door, please." if oid % 41 == 0 else ""})
        if with_events:
            event_rows.extend(_order_events(oid, status, placed, kind, end))
        if len(order_rows) >= 50000:
            bulk_insert(conn, Order, order_rows)
            bulk_insert(conn, OrderLine, line_rows)
            bulk_insert(conn, AuditEvent, event_rows)
            order_rows, line_rows, event_rows = [], [], []
            if progress:
                progress(oid, orders)
    if order_rows:
        bulk_insert(conn, Order, order_rows)
        bulk_insert(conn, OrderLine, line_rows)
        bulk_insert(conn, AuditEvent, event_rows)

    # Opening stock: enough for what shipped, plus a random amount (some SKUs run short).
    opening_at = end - timedelta(days=100)
    supplier, customer = virtual["SUPPLIER"], virtual["CUSTOMER"]
    on_hand: dict[int, int] = {}
    move_rows = []
    for pid in product_ids:
        extra = rng.choice((0, 1, 2, 3, 5, 8, 12, 20, 30, 40, 60))
        qty = shipped_demand[pid] + extra
        on_hand[pid] = qty
        if qty:
            move_rows.append({"at": opening_at, "product_id": pid, "from_location_id": supplier,
                              "to_location_id": product_rows[pid - 1]["default_location_id"],
                              "quantity": qty, "reason": "receive", "reference": "opening stock",
                              "user": "owner", "station": "office"})
    for _lid, pid, qty, placed, number in shipped_lines:
        on_hand[pid] -= qty
        move_rows.append({"at": min(placed + timedelta(hours=20), end), "product_id": pid,
                          "from_location_id": product_rows[pid - 1]["default_location_id"],
                          "to_location_id": customer, "quantity": qty, "reason": "ship",
                          "reference": f"order {number}", "user": "packer",
                          "station": "packing-1"})
    n_moves = len(move_rows)
    for chunk in range(0, len(move_rows), 100000):
        bulk_insert(conn, StockMove, move_rows[chunk:chunk + 100000])
    del move_rows

    # Open orders reserve what is there, oldest first; the rest is backorder.
    reserved: dict[int, int] = defaultdict(int)
    reservation_rows, short_orders = [], set()
    for lid, pid, qty, _placed in sorted(open_lines, key=lambda r: r[3]):
        take = min(qty, on_hand[pid] - reserved[pid])
        if take > 0:
            reserved[pid] += take
            reservation_rows.append({"order_line_id": lid, "product_id": pid, "quantity": take,
                                     "location_id": product_rows[pid - 1]
                                     ["default_location_id"], "created_at": end})
        if take < qty:
            short_orders.add(lid)
    for chunk in range(0, len(reservation_rows), 100000):
        bulk_insert(conn, Reservation, reservation_rows[chunk:chunk + 100000])
    level_rows = [{"product_id": pid, "location_id": product_rows[pid - 1]
                   ["default_location_id"], "on_hand": qty, "reserved": reserved[pid]}
                  for pid, qty in on_hand.items() if qty or reserved[pid]]
    bulk_insert(conn, StockLevel, level_rows)
    for index in deferred:
        index.create(conn)
    _mark_backorders(session, short_orders)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-2000")
    return DemoSummary(len(STORES), products, len(bin_codes), n_customers, orders, line_id,
                       n_moves)


def _order_events(oid: int, status: str, placed: datetime, kind: str,
                  end: datetime) -> list[dict[str, object]]:
    def event(action: str, after: timedelta, user: str, station: str,
              details: str = "") -> dict[str, object]:
        return {"at": min(placed + after, end), "user": user, "station": station, "entity": "order",
                "entity_id": oid, "action": action, "details": details}

    source = "counter sale" if kind == "counter" else f"{kind} export"
    rows = [event("imported", timedelta(minutes=5), "owner", "office",
                  f'{{"source": "{source}"}}')]
    if status in ("packed", "shipped"):
        rows.append(event("packed", timedelta(hours=20), "packer", "packing-1"))
    if status == "shipped":
        rows.append(event("shipped", timedelta(hours=26), "packer", "packing-1"))
    elif status == "cancelled":
        rows.append(event("cancelled", timedelta(hours=3), "owner", "office",
                          '{"reason": "customer asked"}'))
    elif status == "on_hold":
        rows.append(event("on hold", timedelta(hours=1), "owner", "office",
                          '{"reason": "address to check"}'))
    return rows


def _drop_indexes(conn: Connection) -> list[Index]:
    """Drop the plain (non-unique) indexes of the bulk-loaded tables; return them."""
    dropped = []
    for model in (Customer, Order, OrderLine, StockMove, Reservation):
        for index in sorted(model.__table__.indexes, key=lambda i: str(i.name)):
            if not index.unique:
                index.drop(conn)
                dropped.append(index)
    return dropped


def _mark_backorders(session: Session, short_lines: set[int]) -> None:
    """Orders with a line that could not be fully reserved become backorder."""
    if not short_lines:
        return
    ids = list(short_lines)
    for chunk in range(0, len(ids), 900):
        order_ids = select(OrderLine.order_id).where(OrderLine.id.in_(ids[chunk:chunk + 900]))
        session.execute(update(Order).where(Order.id.in_(order_ids),
                                            Order.status.in_(("new", "reserved")))
                        .values(status="backorder"))
