"""The plan made on whole columns (supplier offers, dates, needs, the urgency order and the
lines built from arrays) says exactly what the product-by-product working said, on random
small histories and price lists (issue 16's bulk plan)."""

from __future__ import annotations

import itertools
from dataclasses import fields
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.replenishment import plan
from app.services.suppliers import catalog
from tests.unit.replenishment import reference
from tests.unit.replenishment.world import AS_OF, OWNER, add_product, make_store, sell

_run = itertools.count()
days_or_none = st.one_of(st.none(), st.integers(1, 60))
rate_or_none = st.one_of(st.none(), st.integers(0, 400))
offers = st.fixed_dictionaries({
    "unit_cost_minor": st.integers(0, 900), "pack_size": st.sampled_from([1, 1, 6, 12, 24]),
    "moq": st.sampled_from([0, 0, 10, 48, 100]), "production_days": st.integers(0, 30),
    "sea_days": days_or_none, "sea_fast_days": days_or_none, "air_days": days_or_none,
    "express_days": days_or_none, "freight_basis": st.sampled_from(["unit", "kg"]),
    "sea_freight_minor": rate_or_none, "sea_fast_freight_minor": rate_or_none,
    "air_freight_minor": rate_or_none, "express_freight_minor": rate_or_none,
    "preferred": st.booleans()})
products = st.fixed_dictionaries({
    "on_hand": st.sampled_from([0, 0, 5, 40, 200, 600, 3000]),
    "rate": st.integers(0, 20), "weekend": st.integers(0, 10), "every": st.integers(1, 4),
    "days": st.integers(1, 220), "price": st.integers(1, 5000),
    "offer": st.one_of(st.none(), offers), "other": st.one_of(st.none(), offers)})


def _compared(line: plan.PlanLine) -> dict[str, object]:
    out = {f.name: getattr(line, f.name) for f in fields(line) if f.compare}
    out["options"] = line.options
    return out


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=st.lists(products, min_size=1, max_size=5), weekday=st.integers(0, 6),
       level=st.one_of(st.none(), st.sampled_from([0.8, 0.95, 0.99])))
def test_the_bulk_plan_equals_the_plan_made_product_by_product(backend, world, weekday,
                                                               level):
    run = next(_run)
    as_of = AS_OF + timedelta(days=weekday)

    def setup(s):
        if run == 0:
            store = make_store(s)
            catalog.save_supplier(s, catalog.SupplierInput("Shenzhen", "USD"), actor=OWNER)
        else:
            store = 1
        for k, p in enumerate(world):
            sku = f"R{run}-{k}"
            pid = add_product(s, sku, on_hand=p["on_hand"], price=p["price"],
                              offer=p["offer"])
            if p["other"] is not None:
                sid = catalog.supplier_by_name(s, "Shenzhen").id
                catalog.link_products(s, sid, [catalog.SupplierProductInput(sku,
                                                                            **p["other"])])
            sell(s, store, pid, lambda d, p=p: (p["rate"] + p["weekend"] * (d.weekday() >= 5))
                 if d.toordinal() % p["every"] == 0 else 0, days=p["days"], as_of=as_of)
    backend.run(setup)
    made = backend.read(plan.make_plan, as_of, None, level)
    expected = backend.read(reference.make_plan, as_of, level)
    assert [_compared(ln) for ln in made.lines] == expected
