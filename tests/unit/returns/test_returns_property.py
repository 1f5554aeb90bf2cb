"""Property: for random sequences of packs and returns, no order line ever has more units
returned than shipped, and the ledger and the database check hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models import Order, OrderLine
from app.models.returns import Return, ReturnLine
from app.services.core.errors import BackroomError
from app.services.maintenance import check_database
from app.services.returns import opening, receiving, refunds
from app.services.stock import ledger
from tests.packing_world import build_world
from tests.unit.returns.world import PACKER, new_order, pack_and_ship

op = st.one_of(
    st.tuples(st.just("pack"), st.integers(0, 2), st.integers(1, 3)),
    st.tuples(st.just("return"), st.integers(0, 5), st.integers(0, 2), st.integers(1, 3)),
    st.tuples(st.just("receive"), st.integers(0, 5), st.sampled_from(
        ("restock", "quarantine", "scrap", "supplier")), st.integers(0, 2)),
    st.tuples(st.just("close"), st.integers(0, 5)),
)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=10))
def test_never_more_returned_than_shipped(db, ops):
    with db.sessions() as s:
        tx = s.begin()  # rolled back after each example: every example starts empty
        try:
            _run(s, ops)
        finally:
            tx.rollback()


def _run(s, ops) -> None:
    w = build_world(s)
    products = [(w.mug, "MUG-RED"), (w.tea, "TEA-50"), (w.pen, "PEN-1")]
    # Enough stock for every pack of this run.
    for pid, _sku in products:
        ledger.move(s, ledger.MoveSpec(pid, ledger.location_id(s, "SUPPLIER"),
                                       ledger.get_or_create_bin(s, "Z-01"), 60, "receive"))
    shipped: list[int] = []
    returns: list[int] = []
    for n, step in enumerate(ops):
        try:
            with s.begin_nested():
                if step[0] == "pack":
                    pid = products[step[1]][0]
                    oid = new_order(s, w, f"#P{n}", [(pid, step[2])])
                    pack_and_ship(s, oid, ship=n % 2 == 0)
                    shipped.append(oid)
                elif step[0] == "return" and shipped:
                    oid = shipped[step[1] % len(shipped)]
                    sku = products[step[2]][1]
                    returns.append(opening.create_return(
                        s, PACKER, oid, [(sku, step[3])], "other").id)
                elif step[0] == "receive" and returns:
                    rid = returns[step[1] % len(returns)]
                    sku = products[step[3]][1]
                    receiving.receive_scan(s, PACKER, rid, sku, condition="opened",
                                           disposition=step[2], bin_code="Z-01")
                elif step[0] == "close" and returns:
                    refunds.close_return(s, PACKER, returns[step[1] % len(returns)])
        except BackroomError:
            pass  # refused: and refused means nothing changed (the savepoint)
        assert ledger.check_ledger(s) == []
        for line_id, qty in s.execute(select(OrderLine.id, OrderLine.quantity)):
            counted = s.scalar(select(func.coalesce(func.sum(ReturnLine.quantity), 0))
                               .join(Return).where(ReturnLine.order_line_id == line_id,
                                                   Return.status != "closed"))
            got = s.scalar(select(func.coalesce(func.sum(ReturnLine.received), 0))
                           .where(ReturnLine.order_line_id == line_id))
            status = s.scalar(select(Order.status).join(OrderLine).where(
                OrderLine.id == line_id))
            sent = qty if status in ("packed", "shipped") else 0
            assert got <= sent and counted <= sent
    assert check_database(s).ok
