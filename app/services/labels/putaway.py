"""Bin labels for putting away a purchase order's goods: the bins its receipts filled and
its products' own bins, printed with the ordinary bin template (PDF sheet or ZPL), so the
bin scan that ends a receipt at the receiving station has a label to scan."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.services.core.errors import InvalidInput
from app.services.labels.jobs import LabelRequest, Rendered, render
from app.services.suppliers.reads import putaway_bins


@dataclass(frozen=True)
class PutawayLabels:
    bins: tuple[str, ...]
    request: LabelRequest      # for the print history (and a reprint)
    rendered: Rendered


def putaway_labels(session: Session, po_id: int, *, output: str = "pdf",
                   size: str | None = None, copies: int = 1) -> PutawayLabels:
    """One bin label per bin the PO's goods go to (a read job)."""
    bins = tuple(putaway_bins(session, po_id))
    if not bins:
        raise InvalidInput("No bin to label: nothing of this PO has been put away and its "
                           "products have no bin of their own.")
    request = LabelRequest("bin", "bins", tuple((code, 1) for code in bins), size, copies,
                           output=output)
    return PutawayLabels(bins, request, render(session, request))
