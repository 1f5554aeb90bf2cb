"""What each store may sell: available minus buffers through orders, packs, receipts and
returns; only what changed on the second push; bad input refused with nothing written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.models.push import StockPush
from app.services.core.errors import InvalidInput, NotFound
from app.services.orders import sku_links
from app.services.push import buffers, pushing
from app.services.push.buffers import Rule
from tests.unit.push.helpers import (
    ACTOR,
    add_product,
    available,
    order,
    pack,
    receive,
    restock_return,
    store,
)


def _quantities(backend, name="Web"):
    plan = backend.read(pushing.plan_push, name, everything=True)
    return {r.channel_sku: (r.available, r.buffer, r.quantity) for r in plan.rows}


def _expected(backend, rules):
    out = {}
    for sku, rule in rules.items():
        have = backend.read(available, sku)
        allowed = rule.allow(have)
        out[sku] = (have, have - allowed, allowed)
    return out


def test_quantities_follow_orders_packs_receipts_returns(backend):
    def world(session):
        add_product(session, "MUG", 10)
        add_product(session, "PEN", 4)
        add_product(session, "CAP", 0)
        store(session, "Web", "woocommerce")
    backend.run(world)
    backend.run(buffers.set_buffer, "Web", keep=1)
    backend.run(buffers.set_buffer, "Web", "PEN", max_quantity=2)
    rules = {"MUG": Rule(keep=1), "PEN": Rule(keep=1, max_quantity=2), "CAP": Rule(keep=1)}
    steps = [
        lambda s: None,
        lambda s: order(s, "Web", "woocommerce", [("MUG", 3)], "W1"),        # an order
        lambda s: order(s, "Counter", "counter", [("MUG", 2), ("PEN", 1)], "C1"),  # another
        lambda s: receive(s, "CAP", 5),                                       # a receipt
        lambda s: pack(s, "W1"),                                              # a pack
        lambda s: restock_return(s, "MUG", 1),                                # a return
        lambda s: order(s, "Web", "woocommerce", [("CAP", 9)], "W2"),        # short order
    ]
    seen = []
    for step in steps:
        backend.run(step)
        got = _quantities(backend)
        assert got == _expected(backend, rules)
        seen.append(got["MUG"][2])
    # 10 -> 7 held by W1 -> 5 after C1 -> 5 -> 5 (the pack used held units) -> 6 back
    assert seen == [9, 6, 4, 4, 4, 5, 5]


def test_second_push_holds_only_changed_skus(backend, tmp_path):
    def world(session):
        for sku in ("A", "B", "C"):
            add_product(session, sku, 5)
        store(session, "Web", "woocommerce")
    backend.run(world)
    first = backend.run(pushing.push_stock, "Web", tmp_path / "one.csv", actor=ACTOR)
    assert first.skus == 3
    nothing = backend.run(pushing.push_stock, "Web", tmp_path / "none.csv", actor=ACTOR)
    assert nothing.skus == 0 and nothing.file == "" and not (tmp_path / "none.csv").exists()
    backend.run(lambda s: order(s, "Web", "woocommerce", [("B", 2)], "W1"))
    second = backend.run(pushing.push_stock, "Web", tmp_path / "two.csv", actor=ACTOR)
    assert [r.channel_sku for r in second.plan.rows] == ["B"]
    assert (tmp_path / "two.csv").read_text().splitlines()[1:] == ["B,1,3"]
    every = backend.run(pushing.push_stock, "Web", tmp_path / "all.csv", everything=True,
                        actor=ACTOR)
    assert every.skus == 3
    history = backend.read(pushing.history, "Web")
    assert [(h.skus, h.everything, h.user) for h in history] == [
        (3, True, "tester"), (1, False, "tester"), (3, False, "tester")]
    assert history[1].file == str(tmp_path / "two.csv")


def test_linked_store_sku_is_pushed_under_the_store_name(backend):
    def world(session):
        add_product(session, "MUG-RED", 4)
        add_product(session, "PEN", 2)
        sid = store(session, "Web", "woocommerce")
        sku_links.link_sku(session, sid, "RED-MUG-11OZ", "MUG-RED", actor=ACTOR)
    backend.run(world)
    assert _quantities(backend) == {"PEN": (2, 0, 2), "RED-MUG-11OZ": (4, 0, 4)}


def test_a_warehouse_serves_only_its_store(backend):
    def world(session):
        add_product(session, "MUG", 4)
        receive(session, "MUG", 3, "B-01-1")
        store(session, "Web", "woocommerce")
        from app.models.stock import Location
        loc = session.scalar(select(Location).where(Location.code == "B-01-1"))
        loc.warehouse = "East"
    backend.run(world)
    assert _quantities(backend)["MUG"][2] == 7
    backend.run(pushing.save_settings, "Web", warehouse="East")
    assert _quantities(backend)["MUG"][2] == 3


def test_bad_input_is_refused_and_nothing_written(backend, tmp_path):
    def world(session):
        add_product(session, "MUG", 4)
        store(session, "Etsy", "etsy")
        store(session, "Shopify", "shopify")
    backend.run(world)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "x.csv"
    with pytest.raises(InvalidInput, match="no stock file format"):
        backend.run(pushing.push_stock, "Etsy", target, actor=ACTOR)
    with pytest.raises(InvalidInput, match="location"):
        backend.run(pushing.push_stock, "Shopify", target, actor=ACTOR)
    with pytest.raises(NotFound, match="SKU 'NOPE'"):
        backend.run(buffers.set_buffer, "Shopify", "NOPE", keep=1)
    with pytest.raises(InvalidInput, match="negative"):
        backend.run(buffers.set_buffer, "Shopify", keep=-1)
    with pytest.raises(NotFound, match="mapping"):
        backend.run(pushing.push_stock, "Etsy", target, "mapped:nothing", actor=ACTOR)
    assert list((tmp_path / "out").iterdir()) == []
    assert backend.read(lambda s: s.scalars(select(StockPush)).all()) == []


@given(st.integers(0, 10_000), st.one_of(st.none(), st.integers(0, 50)),
       st.one_of(st.none(), st.integers(0, 50)), st.one_of(st.none(), st.integers(0, 100)))
def test_a_rule_never_shows_more_than_available_nor_below_zero(have, keep, most, percent):
    shown = Rule(keep, most, percent).allow(have)
    assert 0 <= shown <= have
    if most is not None:
        assert shown <= most
    if keep is not None:
        assert shown <= max(have - keep, 0)
    if keep is None and most is None and percent is None:
        assert shown == have
