"""The plan worked out one product at a time, as it was before it was made on whole columns
(issue 16): the supplier offer read row by row, each line's dates, suggestion, need and
options computed in a loop, and a Python sort. The oracle of test_plan_columns.py."""

from __future__ import annotations

import math
from datetime import date, timedelta
from statistics import NormalDist
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product
from app.models.suppliers import Supplier, SupplierProduct
from app.services.replenishment import history, plan
from app.services.replenishment.compute import MODES, Offers, compute
from app.services.replenishment.forecast import learn
from app.services.replenishment.plan import ModeOption, Suggestion


def supplier_terms(session: Session, place: history.Place, index: dict[int, int]
                   ) -> tuple[list[str], list[str], np.ndarray, Offers]:
    n = len(index)
    weight_g = {pid: int(w or 0) for pid, w in session.execute(
        select(Product.id, Product.weight_g).where(Product.weight_g.is_not(None)))}
    sp = SupplierProduct
    found = session.execute(
        select(sp.product_id, Supplier.name, Supplier.currency, sp.unit_cost_minor,
               sp.pack_size, sp.moq, sp.production_days, sp.sea_days, sp.sea_fast_days,
               sp.air_days, sp.express_days, sp.freight_basis, sp.sea_freight_minor,
               sp.sea_fast_freight_minor, sp.air_freight_minor, sp.express_freight_minor)
        .join(Supplier, Supplier.id == sp.supplier_id)
        .where(Supplier.active.is_(True))
        .order_by(sp.product_id, sp.preferred.desc(), sp.unit_cost_minor, sp.id)).all()
    supplier, currency = [""] * n, [""] * n
    lead = np.full((n, 4), -1, dtype=np.int64)
    landed = np.zeros((n, 4), dtype=np.int64)
    freight = np.full((n, 4), -1, dtype=np.int64)
    pack = np.ones(n, dtype=np.int64)
    moq = np.zeros(n, dtype=np.int64)
    seen: set[int] = set()
    for row in found:
        pid = row[0]
        at = index.get(pid)
        if at is None or pid in seen:
            continue
        seen.add(pid)
        (_p, name, cur, cost, pk, mq, production, sea, sea_fast, air, express, basis, sea_f,
         sea_fast_f, air_f, express_f) = row
        supplier[at], currency[at] = name, cur
        pack[at], moq[at] = max(1, pk), mq
        fast_f = sea_f if sea_fast_f is None else sea_fast_f
        for m, (days, rate) in enumerate(((sea, sea_f), (sea_fast, fast_f), (air, air_f),
                                          (express, express_f))):
            if days is None:
                continue
            lead[at, m] = production + days + place.inbound_days
            per_unit = 0 if rate is None else (
                rate if basis == "unit" else (rate * weight_g.get(pid, 0) + 500) // 1000)
            freight[at, m] = -1 if rate is None else per_unit
            landed[at, m] = cost + per_unit
    return supplier, currency, freight, Offers(lead, landed, pack, moq)


def _day(as_of: date, offset: float) -> date | None:
    if math.isnan(offset) or offset > 3650:
        return None
    return as_of + timedelta(days=math.floor(offset))


def make_plan(session: Session, as_of: date, service_level: float | None = None
              ) -> list[dict[str, Any]]:
    """Each line's fields (those PlanLine compares) and its options, most urgent first."""
    where = plan.place(session, None)
    conf = plan.settings(session)
    review = int(conf["review_days"])
    cat = history.catalogue(session)
    index = {int(pid): i for i, pid in enumerate(cat.ids)}
    stats, year_units = history.sales_stats(session, where, as_of, cat.ids)
    demand = learn(stats)
    stock, on_hand, transit = history.stock(session, where, as_of, cat.ids)
    supplier, currency, freight, offers = supplier_terms(session, where, index)
    abc = plan.abc_classes(year_units * cat.price)
    levels = {k: float(conf[f"service_{k.lower()}"]) for k in "ABC"}
    if service_level is not None:
        levels = dict.fromkeys("ABC", service_level)
    z_of = {k: NormalDist().inv_cdf(v) for k, v in levels.items()}
    res = compute(demand, stock, offers, z=np.array([z_of[c] for c in abc]),
                  review_days=review, first_weekday=as_of.weekday())
    out = []
    for i in range(len(cat.ids)):
        level = float(demand.level[i])
        lead = offers.lead[i].tolist()
        if not (level > 0 or max(lead) >= 0 or on_hand[i] > 0):
            continue
        cost = offers.unit_cost[i].tolist()
        base = int(res.base[i])
        quantity = res.quantity[i].tolist()
        stockout, order_by = float(res.stockout[i]), float(res.order_by[i])
        arrives = [as_of + timedelta(days=d) if d >= 0 else as_of for d in lead]
        suggestion = tuple(Suggestion(MODES[m], quantity[m], arrives[m], quantity[m] * cost[m])
                           for m in sorted(range(4), key=lead.__getitem__) if quantity[m] > 0)
        total = sum(s.quantity for s in suggestion)
        extra = (sum(s.cost_minor for s in suggestion) - total * cost[base]
                 if base >= 0 and suggestion else 0)
        short = float(res.short_days[i])
        if level <= 0:
            need = "none"
        elif base < 0:
            need = "no_supplier"
        elif suggestion and short > 0:
            need = "late"
        elif suggestion and any(s.mode != MODES[base] for s in suggestion):
            need = "air"
        elif suggestion:
            need = "now"
        elif order_by <= plan.SOON_DAYS:
            need = "soon"
        else:
            need = "ok"
        f = freight[i].tolist()
        options = tuple(
            ModeOption(MODES[m], lead[m], arrives[m], cost[m], None if f[m] < 0 else f[m],
                       int(res.alone[i, m]), bool(res.in_time[i, m]), float(res.safety[i, m]))
            for m in range(4) if lead[m] >= 0)
        out.append({
            "product_id": int(cat.ids[i]), "sku": cat.skus[i], "name": cat.names[i],
            "supplier": supplier[i], "currency": currency[i], "abc": str(abc[i]),
            "service_level": levels[str(abc[i])], "daily_demand": level,
            "trend_per_day": float(demand.trend[i]),
            "weekday_index": tuple(demand.index[i].tolist()),
            "week_sd": float(demand.week_sd[i]), "on_hand": int(on_hand[i]),
            "in_transit": int(transit[i]),
            "cover_days": round(stockout, 1) if stockout != float("inf") else None,
            "stockout": _day(as_of, stockout),
            "order_by": _day(as_of, order_by) if level > 0 and base >= 0 else None,
            "base_mode": MODES[base] if base >= 0 else None, "suggestion": suggestion,
            "extra_cost_minor": extra, "saving_minor": int(res.saving[i]),
            "short_days": math.ceil(short), "need": need,
            "pack_size": int(offers.pack[i]), "moq": int(offers.moq[i]), "options": options})
    rank = {n: k for k, n in enumerate(plan.NEEDS)}
    far = date.max
    out.sort(key=lambda ln: (rank[ln["need"]], ln["order_by"] or far, ln["stockout"] or far,
                             ln["sku"]))
    return out
