"""Reasons the owner edits, the return slip's barcode, the exchange's replacement lookup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.models.returns import Return
from app.services.core.errors import InvalidInput, NotFound
from app.services.returns import exchange, figures, opening, reasons, receiving, refunds, slip
from app.services.returns.station import read_code
from tests.packing_world import MUG_EAN
from tests.unit.printing.decoding import decode, pdf_text
from tests.unit.returns.world import PACKER, ledger_holds, shipped_world


def test_add_rename_retire_a_reason_old_returns_keep_theirs(session):
    shipped_world(session)
    added = reasons.add_reason(session, "Gift, not wanted")
    assert (added.code, added.active) == ("gift_not_wanted", True)
    with pytest.raises(InvalidInput, match="already"):
        reasons.add_reason(session, "gift not wanted")
    r = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "gift_not_wanted")
    reasons.rename_reason(session, "gift_not_wanted", "Unwanted gift")
    reasons.retire_reason(session, "gift_not_wanted")
    assert "gift_not_wanted" not in [x.code for x in reasons.list_reasons(session)]
    with pytest.raises(NotFound):
        opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "Unwanted gift")
    # The old return keeps the reason it was opened with; statistics count by code and
    # show the current name.
    assert session.get(Return, r.id).reason == "Gift, not wanted"
    f = figures.return_figures(session, datetime(2000, 1, 1, tzinfo=UTC),
                               datetime(2100, 1, 1, tzinfo=UTC))
    assert [(x.key, x.returned) for x in f.by_reason] == [("Unwanted gift", 1)]
    restored = reasons.retire_reason(session, "gift_not_wanted", retired=False)
    assert restored.active


def test_the_last_reason_cannot_be_retired(session):
    shipped_world(session)
    codes = [x.code for x in reasons.list_reasons(session)]
    for code in codes[1:]:
        reasons.retire_reason(session, code)
    with pytest.raises(InvalidInput, match="at least one"):
        reasons.retire_reason(session, codes[0])


def test_return_slip_barcode_decodes_to_the_number_the_station_opens(session, tmp_path):
    shipped_world(session)
    r = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 2)], "damaged")
    pdf = slip.return_slip_pdf(session, r.id)
    found = decode(pdf, save_as="return-slip")
    assert [(f.kind, f.text) for f in found] == [("Code128", r.number)]
    text = pdf_text(pdf)[0]
    assert "Return slip" in text and "#1001" in text and "MUG-RED" in text
    assert read_code(session, found[0].text).return_id == r.id
    path = slip.write_return_slip(session, r.id, str(tmp_path), page="letter")
    assert path.endswith(f"return-slip-{r.number}.pdf")


def test_exchange_replacement_by_sku_or_barcode(session):
    w = shipped_world(session)
    assert exchange.replacement_for(session, MUG_EAN).product_id == w.mug
    assert exchange.replacement_for(session, "TEA-50").sku == "TEA-50"
    with pytest.raises(NotFound):
        exchange.replacement_for(session, "NOPE-1")
    r = opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "doesnt_fit")
    receiving.receive_scan(session, PACKER, r.id, MUG_EAN, condition="new",
                           disposition="restock", bin_code="A-01-1")
    order_id = refunds.create_exchange(session, PACKER, r.id, [("TEA-50", 1)])
    assert session.get(Return, r.id).exchange_order_id == order_id
    assert ledger_holds(session)
