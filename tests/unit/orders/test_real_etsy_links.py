"""A real Etsy shop (every line without a SKU): lines linked by listing, per store."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Order, OrderLine
from app.models.orders import OPEN_STATUSES
from app.services.importers.detect import parse_paths
from app.services.orders import sku_links
from app.services.orders.importing import import_into_store
from tests.unit.orders.helpers import add_product

REAL = Path("/work/shared/realdata/orders")
FILES = [REAL / "etsy_vela_EtsySoldOrderItems2026.csv", REAL / "etsy_vela_EtsySoldOrders2026.csv"]
pytestmark = pytest.mark.skipif(not all(f.exists() for f in FILES),
                                reason="the shared real-data files are not here")


def test_vela_lines_link_by_listing_and_later_imports_follow(backend):
    result = parse_paths([str(f) for f in FILES])
    assert result.ok and len(result.orders) == 1115
    lines = [ln for o in result.orders for ln in o.lines]
    assert len(lines) == 1327 and not any(ln.channel_sku for ln in lines)
    listing, _n = Counter(ln.listing_id for ln in lines).most_common(1)[0]
    assert listing == "1739049092"
    backend.run(add_product, "CARD-1", 10_000)
    # The shop's export, less its newest 100 orders: those come in a later export.
    earlier = dataclasses.replace(result, orders=result.orders[100:])
    first = backend.run(import_into_store, earlier, "Vela", "etsy", actor=backend.actor)
    assert not first.refused and first.new == 1015
    assert first.unmatched_lines == sum(len(o.lines) for o in earlier.orders)

    def open_unmatched(session):
        return session.scalar(select(func.count(OrderLine.id)).join(Order).where(
            OrderLine.listing_id == listing, OrderLine.product_id.is_(None),
            Order.status.in_(OPEN_STATUSES)))

    waiting = backend.run(open_unmatched)
    line_id = backend.run(lambda s: s.scalar(select(OrderLine.id).where(
        OrderLine.listing_id == listing).limit(1)))
    linked = backend.run(sku_links.link_line, line_id, "CARD-1", actor=backend.actor)
    assert linked.lines_matched == waiting
    assert backend.run(open_unmatched) == 0
    # The whole export again: 1015 unchanged, the 100 newer orders matched as they come in.
    later = backend.run(import_into_store, result, "Vela", "etsy", actor=backend.actor)
    assert (later.new, later.unchanged) == (100, 1015)
    newer = [ln for o in result.orders[:100] for ln in o.lines]
    assert later.unmatched_lines == sum(1 for ln in newer if ln.listing_id != listing)
    assert backend.run(lambda s: s.scalar(select(func.count(OrderLine.id)).join(Order).where(
        OrderLine.listing_id == listing, Order.number.in_(
            [o.number for o in result.orders[:100]]), OrderLine.product_id.isnot(None)))) == sum(
        1 for ln in newer if ln.listing_id == listing)
