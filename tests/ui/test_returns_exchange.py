"""Exchange at the station by keyboard and scanner: a received unit, Ctrl+Shift+E, scan the
replacement, Ctrl+Enter: a new order, reserved, packable; the return shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from app.models import Order
from app.services.maintenance import check_database
from app.services.returns import opening, reads
from app.ui.returns.exchange_dialog import ExchangeDialog
from tests.packing_world import MUG_EAN, TEA_UPC
from tests.ui.test_returns_dialogs import check, while_modal
from tests.ui.test_returns_tab import key, scan, tab  # noqa: F401  (the fixture)
from tests.unit.returns.world import PACKER

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _scan_into(field, code: str) -> None:
    for ch in code:
        QTest.keyClick(field, ch, Qt.KeyboardModifier.NoModifier, 2)
    QTest.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 2)


def test_exchange_a_received_unit(qtbot, backend, tab):  # noqa: F811
    widget, _w, heard = tab
    st = widget.station
    r = backend.run(opening.create_return, PACKER, "#1001", [("MUG-RED", 1)], "doesnt_fit")
    scan(st, r.number)
    # Nothing received yet: no exchange.
    key(st, Qt.Key.Key_E, CTRL_SHIFT)
    assert "receive its units first" in st.banner.text() and heard[-1] == "error"
    scan(st, "A-01-1")
    scan(st, MUG_EAN)
    assert st.view.received == 1
    # The station updates its return from the scan's answer, not by reading it again: the
    # same as a fresh read.
    fresh = backend.read(reads.return_view, r.id)
    assert st.view.status == fresh.status
    assert [(ln.sku, ln.received, ln.condition, ln.disposition) for ln in st.view.lines] == [
        (ln.sku, ln.received, ln.condition, ln.disposition) for ln in fresh.lines]
    seen: list = []

    def drive(d: ExchangeDialog) -> None:
        assert d.focusWidget() is d.code
        _scan_into(d.code, "NOPE-9")                      # unknown: refused, nothing added
        assert "Unknown SKU" in d.message.text() and not d.items
        _scan_into(d.code, TEA_UPC)                       # the replacement, by barcode
        _scan_into(d.code, "TEA-50")                      # and one more, by SKU
        assert [(sku, units) for sku, (_n, units) in d.items.items()] == [("TEA-50", 2)]
        QTest.keyClick(d.code, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    while_modal(drive, seen)
    key(st, Qt.Key.Key_E, CTRL_SHIFT)
    check(seen)
    assert st.view.exchange_order == f"#1001-XR{r.id:06d}"
    assert "Exchange order" in st.banner.text() and heard[-1] == "done"
    assert "exchange order" in st.subheader.text()

    def job(s):
        o = s.scalar(select(Order).where(Order.number == st.view.exchange_order))
        return o.status, [(ln.quantity, ln.unit_price_minor) for ln in o.lines]
    assert backend.read(job) == ("reserved", [(2, 0)])
    assert backend.read(check_database).ok
    # Only one exchange per return. (Offscreen, the window gets the keys back only when
    # made active again, as the window manager does after a dialog.)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    key(st, Qt.Key.Key_E, CTRL_SHIFT)
    assert "has an exchange order already" in st.banner.text()
