"""The reasons dialog (Ctrl+Shift+R at the station), by keyboard: add, rename, retire; the
station's reason box follows, old returns keep their reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.returns import opening, reads, reasons
from app.ui.returns.reasons_dialog import ReasonsDialog
from tests.ui.test_returns_dialogs import check, while_modal
from tests.ui.test_returns_tab import key, tab  # noqa: F401  (the fixture)
from tests.unit.returns.world import PACKER


def _type(d, text: str) -> None:
    for ch in text:
        QTest.keyClick(d.focusWidget(), ch)


def test_reasons_dialog_by_keyboard(qtbot, backend, tab):  # noqa: F811
    widget, _w, _heard = tab
    st = widget.station
    old = backend.run(opening.create_return, PACKER, "#1001", [("MUG-RED", 1)], "late")
    seen: list = []

    def drive(d: ReasonsDialog) -> None:
        assert d.focusWidget() is d.name
        _type(d, "Gift, not wanted")
        QTest.keyClick(d.name, Qt.Key.Key_Return)          # Enter adds
        assert "Added" in d.message.text()
        assert d.selected().code == "gift_not_wanted"
        # Rename "Arrived too late": pick it with the arrows, type the name, Alt+N.
        d.table.setFocus()
        late = [r.code for r in d.rows].index("late")
        d.table.selectRow(late)
        assert d.isActiveWindow(), QApplication.activeWindow()
        QTest.keyClick(d, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # to the name
        assert d.focusWidget() is d.name
        assert d.focusWidget() is d.name
        _type(d, "Came too late")
        QTest.keyClick(d, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        # A button's Alt key clicks it the way a mouse does (after its short press).
        qtbot.waitUntil(lambda: "is now “Came too late”" in d.message.text())
        # Retire it: Alt+R on the selected row.
        QTest.keyClick(d, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: "Retired “Came too late”" in d.message.text())
        assert d.table.item(d.table.currentRow(), 1).text() == "retired"
        QTest.keyClick(d, Qt.Key.Key_Escape)

    while_modal(drive, seen)
    key(st, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    check(seen)
    assert seen and not seen[0].isVisible()
    offered = [st.reason.itemData(i) for i in range(st.reason.count())]
    assert "gift_not_wanted" in offered and "late" not in offered
    assert backend.read(reads.return_view, old.id).reason == "Arrived too late"
    assert [r.label for r in backend.read(reasons.list_reasons, include_inactive=True)
            if r.code == "late"] == ["Came too late"]
