"""Receiving a PO's shipments: good units IN-TRANSIT -> bin, damaged -> QUARANTINE (the
place Returns uses too), short ones back IN-TRANSIT -> SUPPLIER. One receipt is one
transaction: its moves, its lines, the landed cost into each product's moving-average cost,
and its audit event. Anything wrong (an item not on the PO, more than shipped without a
reason, a bin that is not one) is refused before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Barcode, Location, Product, StockLevel, utcnow
from app.models.suppliers import (
    POLine,
    POReceipt,
    POReceiptLine,
    POShipment,
    POShipmentLine,
    PurchaseOrder,
    Supplier,
)
from app.money import exponent
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import BackroomError, InvalidInput, NotFound, UnknownBarcode
from app.services.core.permissions import requires
from app.services.stock import ledger
from app.services.stock.barcodes import gtin_check_digit, stored_gtin
from app.services.stock.catalog import find_by_barcode
from app.services.stock.scan_codes import parse_scan
from app.services.suppliers.landed_cost import convert, extra_for, moving_average
from app.services.suppliers.purchase_orders import get_po, po_by_code, refresh_status

KINDS = ("good", "damaged", "short")
RECEIVABLE = ("partly_shipped", "shipped", "partly_received", "received")


class WrongItem(BackroomError):
    """A scanned item is not on the PO, or more came than was shipped."""


@dataclass(frozen=True)
class ReceiptInput:
    """Units of one SKU (or barcode) of one kind; good units need a bin."""

    sku: str
    quantity: int
    kind: str = "good"
    bin: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ReceiptResult:
    receipt_id: int
    po_status: str
    good: int
    damaged: int
    short: int
    over: int
    move_ids: tuple[int, ...]
    costs: tuple[tuple[str, int, int], ...] = ()   # (sku, cost before, cost after) minor


@dataclass
class _Alloc:
    line: POShipmentLine
    kind: str
    quantity: int
    location_id: int
    reason: str
    over: int = 0


def _product_ids(session: Session, codes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for code in codes:
        pid = find_by_barcode(session, code)
        if pid is None:
            raise UnknownBarcode(f"Unknown code {code!r}: no product has this SKU or barcode.")
        found[code] = pid
    return found


def _open(line: POShipmentLine) -> int:
    return line.quantity + line.over - line.received - line.damaged - line.short


def _place(session: Session, kind: str, bin_code: str, default_bin: int | None,
           sku: str) -> int:
    if kind == "damaged":
        return ledger.location_id(session, "QUARANTINE")
    if kind == "short":
        return ledger.location_id(session, "SUPPLIER")
    if bin_code.strip():
        row = session.execute(select(Location.id, Location.kind).where(
            Location.code == bin_code.strip().upper())).first()
        if row is None:
            raise NotFound(f"There is no bin {bin_code.strip().upper()!r}.")
        if row[1] != "bin":
            raise InvalidInput(f"{bin_code.strip().upper()} is not a bin: good units go "
                               "into a bin.")
        return int(row[0])
    if default_bin is None:
        raise InvalidInput(f"{sku}: say which bin the good units go to (SKU:QTY:BIN).")
    return default_bin


@requires("move_stock")
def receive(session: Session, po_id: int, items: Sequence[ReceiptInput], *,
            shipment_id: int | None = None, over_reason: str = "", note: str = "",
            actor: Actor) -> ReceiptResult:
    """Receive units of a PO's open shipments (oldest first, or just `shipment_id`)."""
    po = get_po(session, po_id)
    if po.status not in RECEIVABLE:
        raise InvalidInput(f"{po.number} is {po.status.replace('_', ' ')}: nothing of it is "
                           "in transit to receive.")
    if not items:
        raise InvalidInput("Receive at least one item.")
    for item in items:
        if item.kind not in KINDS:
            raise InvalidInput(f"Kind must be one of {', '.join(KINDS)}, not {item.kind!r}.")
        if item.quantity <= 0:
            raise InvalidInput(f"{item.sku}: the quantity must be at least 1, "
                               f"not {item.quantity}.")
    ids = _product_ids(session, {i.sku for i in items})
    query = (select(POShipmentLine).join(POShipment, POShipment.id ==
                                          POShipmentLine.shipment_id)
             .where(POShipment.po_id == po.id).order_by(POShipment.id, POShipmentLine.id))
    if shipment_id is not None:
        query = query.where(POShipment.id == shipment_id)
    lines = list(session.scalars(query))
    by_product: dict[int, list[POShipmentLine]] = defaultdict(list)
    for line in lines:
        by_product[line.product_id].append(line)
    defaults = dict(session.execute(select(Product.id, Product.default_location_id).where(
        Product.id.in_(set(ids.values())))).all())
    left = {line.id: _open(line) for line in lines}
    allocs: list[_Alloc] = []
    # Short first: it says what will never come, and may not exceed what is open.
    for item in sorted(items, key=lambda i: KINDS.index(i.kind), reverse=True):
        pid = ids[item.sku]
        if pid not in by_product:
            raise WrongItem(f"{item.sku} is not on {po.number}'s shipments: put it aside.")
        place = _place(session, item.kind, item.bin, defaults.get(pid), item.sku)
        wanted = item.quantity
        for line in by_product[pid]:
            take = min(wanted, left[line.id])
            if take > 0:
                allocs.append(_Alloc(line, item.kind, take, place, item.reason))
                left[line.id] -= take
                wanted -= take
        if wanted:
            if item.kind == "short":
                raise InvalidInput(f"{item.sku}: {item.quantity} short, but only "
                                   f"{item.quantity - wanted} are still expected.")
            if not over_reason.strip():
                raise WrongItem(f"{item.sku}: {wanted} more than was shipped. Refused; to "
                                "take them anyway give a reason for the over-receipt.")
            last = by_product[pid][-1]
            allocs.append(_Alloc(last, item.kind, wanted, place, item.reason, over=wanted))
    return _post(session, po, allocs, over_reason=over_reason.strip(), note=note, actor=actor)


def _stocked(session: Session, product_ids: set[int]) -> dict[int, int]:
    """Units on hand now in bins and quarantine (what the moving average averages over)."""
    rows = session.execute(
        select(StockLevel.product_id, func.sum(StockLevel.on_hand))
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id.in_(product_ids), Location.kind.in_(("bin", "quarantine")))
        .group_by(StockLevel.product_id))
    return {pid: int(units or 0) for pid, units in rows}


def _post(session: Session, po: PurchaseOrder, allocs: list[_Alloc], *, over_reason: str,
          note: str, actor: Actor) -> ReceiptResult:
    transit = ledger.location_id(session, "IN-TRANSIT")
    supplier_place = ledger.location_id(session, "SUPPLIER")
    po_lines = {pl.id: pl for pl in session.scalars(select(POLine).where(
        POLine.po_id == po.id))}
    products = {p.id: p for p in session.scalars(select(Product).where(
        Product.id.in_({a.line.product_id for a in allocs})))}
    stocked = _stocked(session, set(products))
    shipment_ids = {a.line.shipment_id for a in allocs}
    first_shipment = min(shipment_ids)
    receipt = POReceipt(shipment_id=first_shipment, user=actor.user, station=actor.station,
                        note=note, over_reason=over_reason)
    session.add(receipt)
    session.flush()
    # Landed value per product (store currency) of the units that arrive (good + damaged).
    added_units: dict[int, int] = defaultdict(int)
    added_value: dict[int, int] = defaultdict(int)
    over_specs: list[ledger.MoveSpec] = []
    specs: list[ledger.MoveSpec] = []
    from_exp, to_exp = exponent(po.currency), exponent(po.home_currency)
    for a in allocs:
        line, po_line = a.line, po_lines[a.line.po_line_id]
        reference = po.number
        if a.over:
            line.over += a.over
            po_line.shipped += a.over
            over_specs.append(ledger.MoveSpec(line.product_id, supplier_place, transit,
                                              a.over, "po_over", reference=reference))
        if a.kind == "short":
            line.short += a.quantity
            po_line.short += a.quantity
            specs.append(ledger.MoveSpec(line.product_id, transit, supplier_place, a.quantity,
                                         "po_short", reference=reference))
            continue
        before = line.received + line.damaged
        if a.kind == "good":
            line.received += a.quantity
            po_line.received += a.quantity
            reason = "po_received"
        else:
            line.damaged += a.quantity
            po_line.damaged += a.quantity
            reason = "po_damaged"
        unit = convert(po_line.unit_cost_minor, po.fx_rate, from_exp, to_exp)
        added_units[line.product_id] += a.quantity
        added_value[line.product_id] += unit * a.quantity + extra_for(
            line, before, before + a.quantity)
        specs.append(ledger.MoveSpec(line.product_id, transit, a.location_id, a.quantity,
                                     reason, reference=reference))
    session.flush()
    ledger.move_many(session, over_specs, actor=actor)
    move_ids = ledger.move_many(session, specs, actor=actor)
    session.add_all(POReceiptLine(
        receipt_id=receipt.id, shipment_line_id=a.line.id, product_id=a.line.product_id,
        kind=a.kind, quantity=a.quantity, location_id=a.location_id, reason=a.reason[:120],
        stock_move_id=move_id) for a, move_id in zip(allocs, move_ids, strict=True))
    costs = []
    for pid, units in added_units.items():
        product = products[pid]
        if product.currency != po.home_currency:
            continue  # a cost kept in another currency is left as the owner set it
        old = product.cost_minor
        product.cost_minor = moving_average(stocked.get(pid, 0), old, units, added_value[pid])
        costs.append((product.sku, old, product.cost_minor))
    now = utcnow()
    for shipment in session.scalars(select(POShipment).where(POShipment.id.in_(shipment_ids))):
        still = session.scalar(select(func.count(POShipmentLine.id)).where(
            POShipmentLine.shipment_id == shipment.id,
            POShipmentLine.quantity + POShipmentLine.over > POShipmentLine.received
            + POShipmentLine.damaged + POShipmentLine.short))
        if not still:
            shipment.status = "received"
            shipment.received_at = now
    session.flush()
    status = refresh_status(session, po)
    totals = {k: sum(a.quantity for a in allocs if a.kind == k) for k in KINDS}
    over = sum(a.over for a in allocs)
    audit.record(session, actor, "purchase_order", po.id, "received", order=po.number,
                 receipt=receipt.id, good=totals["good"], damaged=totals["damaged"],
                 short=totals["short"], over=over, over_reason=over_reason)
    return ReceiptResult(receipt.id, status, totals["good"], totals["damaged"],
                         totals["short"], over, tuple(move_ids), tuple(costs))


# ---- the receiving station: what a scan means, before anything is written ----

@dataclass(frozen=True)
class StationLine:
    product_id: int
    sku: str
    name: str
    expected: int        # units still open on the PO's shipments in transit
    pack_size: int


@dataclass(frozen=True)
class StationPO:
    po_id: int
    number: str
    supplier: str
    shipment_id: int | None
    lines: tuple[StationLine, ...]


def open_for_receiving(session: Session, code: str) -> StationPO:
    """The PO (by its number, or one of its shipments' number or tracking) to receive."""
    code = code.strip()
    if not code:
        raise InvalidInput("Scan a purchase order or shipment barcode.")
    shipment = session.scalar(select(POShipment).where(
        (POShipment.number == code.upper()) | (POShipment.tracking == code)
        | (POShipment.container == code)))
    po = session.get(PurchaseOrder, shipment.po_id) if shipment else po_by_code(session, code)
    if po is None:
        raise NotFound(f"{code!r} is neither a purchase order nor a shipment.")
    supplier = session.scalar(select(Supplier.name).where(Supplier.id == po.supplier_id))
    open_units = (POShipmentLine.quantity + POShipmentLine.over - POShipmentLine.received
                  - POShipmentLine.damaged - POShipmentLine.short)
    query = (select(Product.id, Product.sku, Product.name, func.sum(open_units),
                    func.max(POLine.pack_size))
             .join(POShipmentLine, POShipmentLine.product_id == Product.id)
             .join(POShipment, POShipment.id == POShipmentLine.shipment_id)
             .join(POLine, POLine.id == POShipmentLine.po_line_id)
             .where(POShipment.po_id == po.id, POShipment.status == "in_transit")
             .group_by(Product.id, Product.sku, Product.name).order_by(Product.sku))
    if shipment is not None:
        query = query.where(POShipment.id == shipment.id)
    lines = tuple(StationLine(pid, sku, name, int(units), int(pack))
                  for pid, sku, name, units, pack in session.execute(query))
    if not lines:
        raise InvalidInput(f"{po.number} has nothing in transit to receive.")
    return StationPO(po.id, po.number, supplier or "", shipment.id if shipment else None, lines)


@dataclass(frozen=True)
class ScanHit:
    product_id: int
    units: int
    carton: bool


def _carton_inner(gtin: str) -> str | None:
    """The GTIN of the unit inside an ITF-14/GTIN-14 carton code (indicator 1-8)."""
    if len(gtin) != 14 or gtin[0] not in "12345678":
        return None
    body = "0" + gtin[1:13]
    return stored_gtin(body[1:] + gtin_check_digit(body[1:]))


def read_item(session: Session, raw: str) -> ScanHit:
    """What a scan at the receiving station stands for: a product and how many units.

    An ITF-14 carton code (a GTIN-14 whose first digit is a packaging indicator) counts a
    carton; the caller multiplies by the line's pack size. A misread raises, never looked up.
    """
    code = parse_scan(raw)
    for gtin in code.gtins:
        row = session.execute(select(Barcode.product_id, Barcode.kind).where(
            Barcode.code == gtin)).first()
        if row is not None:
            carton = row[1] == "gtin14" and gtin[0] in "12345678"
            return ScanHit(int(row[0]), code.count or 1, carton)
    if code.gtin:
        inner = _carton_inner(code.gtin)
        if inner is not None:
            pid = session.scalar(select(Barcode.product_id).where(Barcode.code == inner))
            if pid is not None:
                return ScanHit(int(pid), code.count or 1, True)
    if not code.gtins or code.also_text:
        pid = find_by_barcode(session, code.text)
        if pid is not None:
            return ScanHit(int(pid), 1, False)
    raise UnknownBarcode(f"Unknown code {code.text!r}: no product has this barcode or SKU.")


@dataclass(frozen=True)
class BinHit:
    code: str


def read_station_code(session: Session, raw: str) -> ScanHit | BinHit:
    """A scan at the station while a PO is open: an item, else a bin label (put-away)."""
    try:
        return read_item(session, raw)
    except UnknownBarcode:
        code = raw.strip().upper()
        kind = session.scalar(select(Location.kind).where(Location.code == code))
        if kind == "bin":
            return BinHit(code)
        if kind is not None:
            raise InvalidInput(f"{code} is not a bin: received units go into a bin (damaged "
                               "ones go to quarantine by themselves).") from None
        raise


@dataclass
class Tally:
    """What has been scanned at the station for one PO and not yet posted. Pure."""

    po: StationPO
    good: dict[int, int] = field(default_factory=dict)
    damaged: dict[int, int] = field(default_factory=dict)

    def line(self, product_id: int) -> StationLine | None:
        return next((ln for ln in self.po.lines if ln.product_id == product_id), None)

    def counted(self, product_id: int) -> int:
        return self.good.get(product_id, 0) + self.damaged.get(product_id, 0)

    def add(self, hit: ScanHit, *, damaged: bool = False, quantity: int | None = None,
            allow_over: bool = False) -> tuple[StationLine, int]:
        """Count a scan; refuse (changing nothing) an item not on the PO or one too many."""
        line = self.line(hit.product_id)
        if line is None:
            raise WrongItem(f"Not on {self.po.number}: put it aside.")
        if hit.carton and line.pack_size <= 1:
            raise WrongItem(f"{line.sku}: a carton code, but {self.po.number} has no pack "
                            "size for it. Type the quantity instead.")
        units = quantity if quantity is not None else (
            hit.units * line.pack_size if hit.carton else hit.units)
        if units <= 0:
            raise InvalidInput("The quantity must be at least 1.")
        if self.counted(line.product_id) + units > line.expected and not allow_over:
            raise WrongItem(f"{line.sku}: only {line.expected} expected, "
                            f"{self.counted(line.product_id)} already counted. Over-receipt "
                            "needs a reason.")
        target = self.damaged if damaged else self.good
        target[line.product_id] = target.get(line.product_id, 0) + units
        return line, units

    def items(self, bin_code: str, *, rest_short: bool = False,
              short_reason: str = "") -> list[ReceiptInput]:
        out: list[ReceiptInput] = []
        for ln in self.po.lines:
            good, bad = self.good.get(ln.product_id, 0), self.damaged.get(ln.product_id, 0)
            if good:
                out.append(ReceiptInput(ln.sku, good, "good", bin_code))
            if bad:
                out.append(ReceiptInput(ln.sku, bad, "damaged", reason="damaged on arrival"))
            missing = ln.expected - good - bad
            if rest_short and missing > 0:
                out.append(ReceiptInput(ln.sku, missing, "short",
                                        reason=short_reason or "did not arrive"))
        return out
