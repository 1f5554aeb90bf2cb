"""needs_push: per pushed store, how many SKUs a push would carry now and since when — the
nudge agrees with the push itself through orders, packs, receipts, returns and cancels."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.models import Order
from app.services.orders import actions as order_actions
from app.services.push import buffers, pushing
from app.services.push.staleness import needs_push
from tests.unit.push.helpers import ACTOR, add_product, order, pack, receive, restock_return, store


def _world(session):
    for sku, units in (("MUG", 10), ("PEN", 4), ("CAP", 0), ("HAT", 2)):
        add_product(session, sku, units)
    store(session, "Web", "woocommerce")
    store(session, "Shop", "shopify")
    store(session, "Never", "woocommerce")


def _agree(backend):
    """The nudge's count per store is what a push of only what changed would carry."""
    needs = {s.store: s for s in backend.read(needs_push).stores}
    for name in ("Web", "Shop"):
        plan = backend.read(pushing.plan_push, name)
        assert (needs[name].skus if name in needs else 0) == len(plan.rows), name
    return needs


def test_only_pushed_stores_are_nudged_and_counts_agree_with_the_push(backend, tmp_path):
    backend.run(_world)
    backend.run(pushing.save_settings, "Shop", location="Shop location")
    assert not backend.read(needs_push)           # nothing pushed yet: nobody is nagged
    backend.run(pushing.push_stock, "Web", tmp_path / "w.csv", actor=ACTOR)
    backend.run(pushing.push_stock, "Shop", tmp_path / "s.csv", actor=ACTOR)
    assert not backend.read(needs_push)           # both just told everything
    steps = [
        lambda s: order(s, "Web", "woocommerce", [("MUG", 3)], "W1"),   # an order comes in
        lambda s: receive(s, "CAP", 5),                                  # a receipt
        lambda s: pack(s, "W1"),                                         # a pack (no change)
        lambda s: restock_return(s, "PEN", 1),                           # a return
    ]
    counts = []
    for step in steps:
        backend.run(step)
        needs = _agree(backend)
        assert "Never" not in needs
        counts.append(needs["Web"].skus)
    assert counts == [1, 2, 2, 3]
    total = backend.read(needs_push)
    assert total.skus == 6 and len(total.stores) == 2
    # Pushing Web settles Web only.
    backend.run(pushing.push_stock, "Web", tmp_path / "w2.csv", actor=ACTOR)
    assert [s.store for s in _agree(backend).values()] == ["Shop"]


def test_since_is_the_oldest_change_after_the_last_push(backend, tmp_path):
    backend.run(_world)
    backend.run(pushing.push_stock, "Web", tmp_path / "w.csv", actor=ACTOR)
    last = backend.read(pushing.history, "Web")[0].at
    backend.run(lambda s: receive(s, "HAT", 1))
    first = backend.read(needs_push).stores[0]
    backend.run(lambda s: order(s, "Web", "woocommerce", [("PEN", 1)], "W9"))
    later = backend.read(needs_push).stores[0]
    assert first.last_push == last <= first.since <= datetime.now(UTC)
    assert later.skus == 2 and later.since == first.since     # the oldest change stays


def test_a_change_without_a_trace_is_dated_at_the_last_push(backend, tmp_path):
    backend.run(_world)
    backend.run(lambda s: order(s, "Web", "woocommerce", [("MUG", 2)], "W1"))
    backend.run(pushing.push_stock, "Web", tmp_path / "w.csv", actor=ACTOR)
    backend.run(buffers.set_buffer, "Web", "PEN", keep=1)          # a buffer rule
    number = backend.read(lambda s: s.scalar(select(Order.id).where(Order.number == "W1")))
    backend.run(order_actions.cancel_order, number, actor=ACTOR)   # a cancel frees MUG
    needs = backend.read(needs_push)
    assert needs.skus == 2 and needs.oldest == needs.stores[0].last_push
    assert len(backend.read(pushing.plan_push, "Web").rows) == 2
