"""Packing slip and pick list PDFs carry what the packer and picker need."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from app.services.core.backend import Actor
from app.services.packing.documents import pick_list_pdf_bytes, write_packing_slip
from app.services.packing.picking import create_pick_list
from tests.packing_world import build_world


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_packing_slip_pdf(backend, tmp_path):
    w = backend.run(build_world)
    path = Path(backend.run(write_packing_slip, w.order1, str(tmp_path / "slips")))
    assert path.name == "packing-slip-1001.pdf"
    text = _text(path.read_bytes())
    for expected in ("#1001", "MUG-RED", "TEA-50", "Ada Lovelace", "10115 BERLIN", "A-01-1"):
        assert expected in text


def test_pick_list_pdf_in_bin_order_with_totes(backend):
    w = backend.run(build_world)
    view = backend.run(create_pick_list, Actor("pat", "s"), [w.order1, w.order2])
    text = _text(backend.run(pick_list_pdf_bytes, view.id))
    assert text.index("A-01-1") < text.index("A-02-1") < text.index("B-02-1")
    assert f"T{view.id}-1" in text and "#1002" in text
