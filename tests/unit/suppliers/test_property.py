"""Property: for any sequence of create / send / ship / receive / over-receive, nothing is
received that was not shipped unless allowed with a reason, and the ledger's in-transit and
on-hand levels always equal the sum of the moves."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models.suppliers import POLine, POShipmentLine
from app.services.core.errors import BackroomError
from app.services.stock import ledger
from app.services.suppliers import purchase_orders, receiving, shipments
from app.services.suppliers.purchase_orders import LineInput
from app.services.suppliers.receiving import ReceiptInput
from tests.unit.suppliers.world import OWNER, make_world, on_hand

SKUS = ("MUG-RED", "TEA-50")
KIND = st.sampled_from(("good", "damaged", "short"))
op = st.one_of(
    st.tuples(st.just("create"), st.integers(1, 4), st.integers(1, 12)),
    st.tuples(st.just("send"), st.integers(0, 3)),
    st.tuples(st.just("ship"), st.integers(0, 3), st.integers(0, 1), st.integers(1, 15)),
    st.tuples(st.just("receive"), st.integers(0, 3), st.integers(0, 1), st.integers(1, 15),
              KIND, st.booleans()),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, max_size=25))
def test_receipts_never_exceed_shipments_and_ledger_holds(db, ops):
    with db.sessions() as s, s.begin():
        w = make_world(s)
        shelf_before = on_hand(s, w.mug, "A-01-1")
        pos: list[int] = []
        allowed_over = 0
        for o in ops:
            try:
                with s.begin_nested():
                    if o[0] == "create":
                        made = purchase_orders.create_po(
                            s, "Ningbo Ceramics",
                            [LineInput("MUG-RED", 6 * o[1]), LineInput("TEA-50", o[2])],
                            actor=OWNER)
                        pos.append(made.id)
                    elif o[0] == "send" and o[1] < len(pos):
                        purchase_orders.send_po(s, pos[o[1]], actor=OWNER)
                    elif o[0] == "ship" and o[1] < len(pos):
                        shipments.ship(s, pos[o[1]], "sea", [(SKUS[o[2]], o[3])], actor=OWNER)
                    elif o[0] == "receive" and o[1] < len(pos):
                        _n, po_i, sku_i, qty, kind, allow = o
                        bin_code = "B-02-1" if kind == "good" else ""
                        got = receiving.receive(
                            s, pos[po_i], [ReceiptInput(SKUS[sku_i], qty, kind, bin_code)],
                            over_reason="spare" if allow else "", actor=OWNER)
                        assert allow or got.over == 0
                        allowed_over += got.over
            except BackroomError:
                pass
            s.flush()
            assert ledger.check_ledger(s) == []
            # Every shipment line: what came (and what is short) never beyond shipped + over.
            assert not s.scalar(select(func.count(POShipmentLine.id)).where(
                POShipmentLine.received + POShipmentLine.damaged + POShipmentLine.short
                > POShipmentLine.quantity + POShipmentLine.over))
            shipped, done, over = s.execute(select(
                func.coalesce(func.sum(POShipmentLine.quantity), 0),
                func.coalesce(func.sum(POShipmentLine.received + POShipmentLine.damaged
                                       + POShipmentLine.short), 0),
                func.coalesce(func.sum(POShipmentLine.over), 0))).one()
            assert over == allowed_over
            transit = sum(on_hand(s, p, "IN-TRANSIT") for p in (w.mug, w.tea))
            assert transit == shipped + over - done
            # Never shipped more than ordered (over-receipts aside).
            per_line = (select(POShipmentLine.po_line_id,
                               func.sum(POShipmentLine.quantity).label("q"))
                        .group_by(POShipmentLine.po_line_id).subquery())
            assert not s.scalar(select(func.count()).select_from(POLine).join(
                per_line, per_line.c.po_line_id == POLine.id).where(
                per_line.c.q > POLine.quantity))
        assert on_hand(s, w.mug, "A-01-1") == shelf_before
        s.rollback()
