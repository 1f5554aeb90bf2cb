"""The Today line "Stock to push to stores" is the push nudge's own count (needs_push): the
same stores and SKUs the status bar and the Stock tab show."""

from __future__ import annotations

from datetime import date

from app.services.insights import today
from app.services.push import pushing
from app.services.push.staleness import needs_push
from tests.unit.push.helpers import ACTOR, add_product, order, store


def _push_line(backend) -> today.Item:
    return next(i for i in backend.read(today.today_view, date(2026, 3, 30), "UTC").items
                if i.key == "push")


def test_the_today_push_line_is_the_nudge(backend, tmp_path):
    def world(session) -> None:
        for sku, units in (("MUG", 10), ("PEN", 4)):
            add_product(session, sku, units)
        store(session, "Web", "woocommerce")
        store(session, "Never", "woocommerce")
    backend.run(world)
    line = _push_line(backend)
    assert (line.value, line.attention, line.detail) == ("0", False,
                                                         "every store is up to date")
    backend.run(pushing.push_stock, "Web", tmp_path / "w.csv", actor=ACTOR)
    backend.run(lambda s: order(s, "Web", "woocommerce", [("MUG", 3), ("PEN", 1)], "W1"))
    needs = backend.read(needs_push)
    line = _push_line(backend)
    assert [(s.store, s.skus) for s in needs.stores] == [("Web", 2)]
    assert (line.value, line.attention, line.detail) == ("1", True, "Web: 2")
