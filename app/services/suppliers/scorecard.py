"""The supplier scorecard: how each supplier did over a period, and one weighted score.

Over the POs created in the period (not drafts, not cancelled):
- on-time rate: received shipments that arrived by the promised date (the PO's expected
  date, else the shipment's ETA) / received shipments with a promise;
- lead time in days, promised (order -> promised date) and actual (order -> received), mean
  and spread (population standard deviation);
- fill rate: good units received / units ordered, over POs that have received anything;
- defect rate: (units damaged at receipt + units returned by customers for a reason that
  blames the product, on products this supplier is the preferred source of) / units in;
- price variance: (paid - last agreed) / agreed, over lines with an agreed price.
The score (0-100) weights the five parts with the owner's weights; a part with no data is
left out and the others are re-weighted, so a new supplier is not punished for no history.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.models.returns import Return, ReturnLine
from app.models.suppliers import (
    POLine,
    POShipment,
    PurchaseOrder,
    Supplier,
    SupplierProduct,
)
from app.services.core.errors import NotFound
from app.services.suppliers.catalog import settings

# Return reasons that say the product was at fault (not the customer's change of mind).
BLAMING_REASONS = ("defective", "not_as_described")
COUNTED = ("sent", "partly_shipped", "shipped", "partly_received", "received", "closed")
RECEIVED = ("partly_received", "received", "closed")


@dataclass(frozen=True)
class Score:
    supplier_id: int
    name: str
    klass: str
    pos: int
    on_time_rate: float | None
    fill_rate: float | None
    defect_rate: float | None
    price_variance: float | None
    lead_promised_mean: float | None
    lead_promised_spread: float | None
    lead_actual_mean: float | None
    lead_actual_spread: float | None
    score: float | None
    warning: str

    def as_json(self) -> dict[str, object]:
        """One supplier of `backroom suppliers scorecard --json` (docs/cli-json.md)."""
        return {"supplier": self.name, "class": self.klass, "purchase_orders": self.pos,
                "on_time_rate": self.on_time_rate, "fill_rate": self.fill_rate,
                "defect_rate": self.defect_rate, "price_variance": self.price_variance,
                "lead_time_days": {
                    "promised": {"mean": self.lead_promised_mean,
                                 "spread": self.lead_promised_spread},
                    "actual": {"mean": self.lead_actual_mean,
                               "spread": self.lead_actual_spread}},
                "score": self.score, "warning": self.warning or None}


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    return (datetime.combine(start, time(), UTC),
            datetime.combine(end + timedelta(days=1), time(), UTC))


def _stats(values: list[int]) -> tuple[float | None, float | None]:
    """Mean and population standard deviation of whole days, from exact integer sums
    (statistics.pstdev works in fractions: 20x slower on a 2-year scorecard)."""
    if not values:
        return None, None
    n, total = len(values), sum(values)
    spread = math.sqrt(n * sum(v * v for v in values) - total * total) / n
    return round(total / n, 2), round(spread, 2)


def weighted(parts: dict[str, float | None], weights: dict[str, int]) -> float | None:
    """0-100 from parts in 0..1 (None = no data, left out and the rest re-weighted)."""
    used = [(parts[k], weights[k]) for k in parts if parts[k] is not None and weights[k] > 0]
    total = sum(w for _v, w in used)
    if not total:
        return None
    return round(100 * sum(float(v or 0) * w for v, w in used) / total, 1)


def scorecard(session: Session, start: date | None = None, end: date | None = None, *,
              supplier_id: int | None = None) -> list[Score]:
    """Every supplier's score over [start, end] (default: the last 12 months)."""
    end = end or datetime.now(UTC).date()
    start = start or end - timedelta(days=365)
    lo, hi = _span(start, end)
    in_period = (PurchaseOrder.created_at >= lo, PurchaseOrder.created_at < hi,
                 PurchaseOrder.status.in_(COUNTED))
    sup_filter = () if supplier_id is None else (PurchaseOrder.supplier_id == supplier_id,)
    received_po = PurchaseOrder.status.in_(RECEIVED)
    lines = session.execute(
        select(PurchaseOrder.supplier_id,
               func.count(func.distinct(PurchaseOrder.id)),
               func.sum(case((received_po, POLine.quantity), else_=0)),
               func.sum(case((received_po, POLine.received), else_=0)),
               func.sum(POLine.damaged), func.sum(POLine.received + POLine.damaged),
               func.sum(case((POLine.agreed_cost_minor > 0, POLine.quantity
                              * (POLine.unit_cost_minor - POLine.agreed_cost_minor)),
                             else_=0)),
               func.sum(case((POLine.agreed_cost_minor > 0,
                              POLine.quantity * POLine.agreed_cost_minor), else_=0)))
        .join(POLine, POLine.po_id == PurchaseOrder.id)
        .where(*in_period, *sup_filter).group_by(PurchaseOrder.supplier_id)).all()
    per: dict[int, dict[str, float]] = {}
    for sid, pos, ordered, good, damaged, arrived, var, agreed in lines:
        per[sid] = {"pos": pos, "ordered": ordered or 0, "good": good or 0,
                    "damaged": damaged or 0, "arrived": arrived or 0, "var": var or 0,
                    "agreed": agreed or 0}
    promised_days: dict[int, list[int]] = defaultdict(list)
    actual_days: dict[int, list[int]] = defaultdict(list)
    on_time: dict[int, list[bool]] = defaultdict(list)
    for sid, created, sent, expected, eta, received in session.execute(
            select(PurchaseOrder.supplier_id, PurchaseOrder.created_at, PurchaseOrder.sent_at,
                   PurchaseOrder.expected_date, POShipment.eta, POShipment.received_at)
            .join(POShipment, POShipment.po_id == PurchaseOrder.id)
            .where(*in_period, *sup_filter, POShipment.received_at.is_not(None))):
        if received is None:  # pragma: no cover - the query keeps only received ones
            continue
        ordered_on = (sent or created).date()
        promise = expected or eta
        actual_days[sid].append((received.date() - ordered_on).days)
        if promise is not None:
            promised_days[sid].append((promise - ordered_on).days)
            on_time[sid].append(received.date() <= promise)
    returned = dict(session.execute(
        select(SupplierProduct.supplier_id, func.sum(ReturnLine.quantity))
        .join(Return, Return.id == ReturnLine.return_id)
        .join(SupplierProduct, (SupplierProduct.product_id == ReturnLine.product_id)
              & SupplierProduct.preferred)
        .where(Return.created_at >= lo, Return.created_at < hi,
               Return.reason_code.in_(BLAMING_REASONS))
        .group_by(SupplierProduct.supplier_id)).all())
    weights = settings(session)
    names = select(Supplier.id, Supplier.name, Supplier.klass).order_by(Supplier.name)
    if supplier_id is not None:
        names = names.where(Supplier.id == supplier_id)
    out = []
    for sid, name, klass in session.execute(names):
        p = per.get(sid, {})
        bad = p.get("damaged", 0) + int(returned.get(sid) or 0)
        arrived = p.get("arrived", 0)
        fill = _ratio(min(p.get("good", 0), p.get("ordered", 0)), p.get("ordered", 0))
        defect = _ratio(bad, arrived) if arrived else None
        variance = _ratio(p.get("var", 0), p.get("agreed", 0))
        times = on_time.get(sid, [])
        on_time_rate = _ratio(sum(times), len(times))
        pm, ps = _stats(promised_days.get(sid, []))
        am, asp = _stats(actual_days.get(sid, []))
        lead = None
        if pm is not None and am is not None:
            lead = 1.0 if am <= pm or am <= 0 else max(pm, 0) / am
        score = weighted({"on_time": on_time_rate, "fill": fill,
                          "quality": None if defect is None else max(0.0, 1 - defect),
                          "lead_time": lead,
                          "price": None if variance is None else max(0.0, 1 - max(variance, 0))},
                         {k.removeprefix("weight_"): v for k, v in weights.items()
                          if k.startswith("weight_")})
        out.append(Score(sid, name, klass, int(p.get("pos", 0)), on_time_rate, fill, defect,
                         variance, pm, ps, am, asp, score,
                         warning_for(klass, score, weights["warn_below"])))
    return out


def warning_for(klass: str, score: float | None, threshold: int) -> str:
    words = []
    if klass == "trial":
        words.append("on trial")
    if score is not None and score < threshold:
        words.append(f"scores {score:g}, below {threshold}")
    return "; ".join(words)


def supplier_standing(session: Session, supplier_id: int) -> tuple[str, float | None, str]:
    """(class, score over 12 months, warning) shown when a PO is drafted."""
    rows = scorecard(session, supplier_id=supplier_id)
    if not rows:
        return "", None, ""
    return rows[0].klass, rows[0].score, rows[0].warning


@dataclass(frozen=True)
class MonthTrend:
    """One month of a supplier's record, over the POs created that month."""

    month: str                       # YYYY-MM
    on_time_rate: float | None
    lead_actual_mean: float | None   # days, order -> received
    unit_cost_minor: int | None      # mean paid per unit (quantity-weighted), their currency
    score: float | None


def _months(today: date, months: int) -> list[tuple[date, date]]:
    """(first day, last day) of the `months` months up to today's, oldest first."""
    spans = []
    year, month = today.year, today.month
    for _ in range(months):
        first = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        spans.append((first, nxt - timedelta(days=1)))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return spans[::-1]


def trend(session: Session, supplier_id: int, months: int = 12,
          today: date | None = None) -> tuple[str, list[MonthTrend]]:
    """(the supplier's currency, its months oldest first) for the scorecard's trend chart."""
    currency = session.scalar(select(Supplier.currency).where(Supplier.id == supplier_id))
    if currency is None:
        raise NotFound(f"There is no supplier {supplier_id}.")
    spans = _months(today or datetime.now(UTC).date(), months)
    lo, hi = _span(spans[0][0], spans[-1][1])
    paid: dict[str, list[int]] = defaultdict(lambda: [0, 0])   # month -> [value, units]
    for created, qty, cost in session.execute(
            select(PurchaseOrder.created_at, POLine.quantity, POLine.unit_cost_minor)
            .join(POLine, POLine.po_id == PurchaseOrder.id)
            .where(PurchaseOrder.supplier_id == supplier_id, PurchaseOrder.created_at >= lo,
                   PurchaseOrder.created_at < hi, PurchaseOrder.status.in_(COUNTED))):
        month = paid[created.strftime("%Y-%m")]
        month[0] += qty * cost
        month[1] += qty
    out = []
    for first, last in spans:
        key = first.strftime("%Y-%m")
        rows = scorecard(session, first, last, supplier_id=supplier_id)
        value, units = paid.get(key, (0, 0))
        # Half-even like Money.of: the mean of exact integers, to the nearest minor unit.
        per_unit = (int((Decimal(value) / units).quantize(Decimal(1), ROUND_HALF_EVEN))
                    if units else None)
        row = rows[0] if rows else None
        out.append(MonthTrend(key, row.on_time_rate if row else None,
                              row.lead_actual_mean if row else None, per_unit,
                              row.score if row and row.pos else None))
    return currency, out
