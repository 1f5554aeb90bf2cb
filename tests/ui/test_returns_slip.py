"""The return slip from the station (Ctrl+P): its barcode, decoded off the PDF and scanned,
opens the return at the station."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.services.returns import opening
from tests.ui.test_returns_tab import key, scan, tab  # noqa: F401  (the fixture)
from tests.unit.printing.decoding import decode
from tests.unit.returns.world import PACKER


def test_slip_saved_by_keyboard_and_its_barcode_opens_the_return(qtbot, backend, tab,  # noqa: F811
                                                                 tmp_path):
    widget, _w, heard = tab
    st = widget.station
    key(st, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)   # no return open: refused
    assert "Open a return first" in st.banner.text() and heard[-1] == "error"
    r = backend.run(opening.create_return, PACKER, "#1001", [("TEA-50", 1)], "damaged")
    st.ask_save_path = lambda _parent, _title, name, _filters: str(tmp_path / name)
    scan(st, "#1001")                                              # opens its return
    assert st.view is not None and st.view.id == r.id
    key(st, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    pdf = tmp_path / f"return-slip-{r.number}.pdf"
    assert "Return slip saved" in st.banner.text() and pdf.is_file()
    (found,) = decode(Path(pdf).read_bytes())
    assert (found.kind, found.text) == ("Code128", r.number)
    key(st, Qt.Key.Key_Escape)
    assert st.view is None
    scan(st, found.text)                                           # the parcel's slip
    assert st.view is not None and st.view.id == r.id
