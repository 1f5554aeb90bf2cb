"""Property: whatever sequence of receive/move/reserve/ship/adjust happens, no unit is made or
lost, and the stored levels always equal what the moves and reservations say."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models import Order, OrderLine, Product, StockMove, Store, utcnow
from app.services.core.errors import InsufficientStock
from app.services.stock import ledger

BINS = ("A-01", "A-02", "B-01")

op = st.one_of(
    st.tuples(st.just("receive"), st.integers(0, 1), st.integers(0, 2), st.integers(1, 9)),
    st.tuples(st.just("move"), st.integers(0, 1), st.integers(0, 2), st.integers(0, 2),
              st.integers(1, 9)),
    st.tuples(st.just("reserve"), st.integers(0, 3), st.integers(1, 6)),
    st.tuples(st.just("release"), st.integers(0, 3)),
    st.tuples(st.just("ship"), st.integers(0, 3)),
    st.tuples(st.just("adjust"), st.integers(0, 1), st.integers(0, 2), st.integers(-5, 5)),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, max_size=30))
def test_ledger_never_creates_or_loses_units(db, ops):
    with db.sessions() as s, s.begin():
        v = ledger.ensure_virtual_locations(s)
        bins = [ledger.get_or_create_bin(s, b) for b in BINS]
        products = []
        for sku in ("P0", "P1"):
            p = Product(sku=sku + str(len(ops)) + str(id(ops)), name=sku, currency="EUR")
            s.add(p)
            s.flush()
            products.append(p.id)
        store = Store(name=f"S{id(ops)}", kind="shopify", currency="EUR")
        s.add(store)
        s.flush()
        order = Order(store_id=store.id, external_id=str(id(ops)), number="#1",
                      placed_at=utcnow(), currency="EUR",
                      lines=[OrderLine(product_id=products[i % 2], quantity=3)
                             for i in range(4)])
        s.add(order)
        s.flush()
        lines = [(line.id, line.product_id) for line in order.lines]
        received = shipped = adjusted = 0
        for o in ops:
            try:
                with s.begin_nested():
                    if o[0] == "receive":
                        ledger.move(s, ledger.MoveSpec(products[o[1]], v["SUPPLIER"],
                                                       bins[o[2]], o[3], "receive"))
                        received += o[3]
                    elif o[0] == "move" and o[2] != o[3]:
                        ledger.move(s, ledger.MoveSpec(products[o[1]], bins[o[2]], bins[o[3]],
                                                       o[4], "transfer"))
                    elif o[0] == "reserve":
                        line_id, pid = lines[o[1]]
                        ledger.reserve(s, line_id, pid, o[2])
                    elif o[0] == "release":
                        ledger.release(s, lines[o[1]][0])
                    elif o[0] == "ship":
                        line_id, pid = lines[o[1]]
                        specs = [ledger.MoveSpec(pid, loc, v["CUSTOMER"], qty, "ship",
                                                 order_line_id=line_id)
                                 for loc, qty in ledger.reserved_for_line(s, line_id)]
                        ledger.move_many(s, specs)
                        shipped += sum(sp.quantity for sp in specs)
                    elif o[0] == "adjust" and o[3]:
                        pid, loc = products[o[1]], bins[o[2]]
                        spec = (ledger.MoveSpec(pid, v["ADJUSTMENT"], loc, o[3], "found")
                                if o[3] > 0 else
                                ledger.MoveSpec(pid, loc, v["ADJUSTMENT"], -o[3], "lost"))
                        ledger.move(s, spec)
                        adjusted += o[3]
            except InsufficientStock:
                pass  # refused, and (being in a savepoint) changed nothing
            assert ledger.check_ledger(s) == []
        on_hand = sum(oh for oh, _r in ledger.expected_levels(s).values())
        assert on_hand == received - shipped + adjusted
        # What reached the customer is exactly what was shipped.
        to_customer = s.scalar(select(func.coalesce(func.sum(StockMove.quantity), 0)).where(
            StockMove.to_location_id == v["CUSTOMER"]))
        assert to_customer == shipped
        s.rollback()
