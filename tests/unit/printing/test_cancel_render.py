"""A long render stops with Cancelled at the next label or page once it is asked to."""

from __future__ import annotations

import pytest

from app.services.core.errors import Cancelled
from app.services.labels import jobs as labels
from app.services.labels.jobs import LabelRequest
from app.services.printing import pdf_documents, pdf_labels, sizes, zpl
from app.services.printing.label_records import (
    Address,
    BinLabel,
    PackingSlip,
    PickLine,
    PickList,
    SlipLine,
)


class StopAfter:
    """A `cancelled` check that says yes from its n-th question on, counting questions."""

    def __init__(self, n: int) -> None:
        self.n, self.asked = n, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked >= self.n


BINS = [BinLabel(f"A-{i:02d}-1") for i in range(40)]
SLIPS = [PackingSlip("Kiln & Co", f"#{1000 + i}", Address("Ada"),
                     (SlipLine("KC-1", "Mug", 1),)) for i in range(12)]
PICK = PickList("Pick", tuple(PickLine(f"A-{i:02d}-1", f"KC-{i}", "Mug", 1) for i in range(60)))


def _renders():
    two_by_one, a4 = sizes.layout("2x1"), sizes.layout("a4")
    return {
        "bin labels": lambda stop: pdf_labels.bin_labels_pdf(BINS, two_by_one, cancelled=stop),
        "bin sheet": lambda stop: pdf_labels.bin_labels_pdf(BINS, sizes.layout("l7160"),
                                                             copies=3, cancelled=stop),
        "bin zpl": lambda stop: zpl.bin_labels_zpl(BINS, two_by_one, cancelled=stop),
        "packing slips": lambda stop: pdf_documents.packing_slips_pdf(SLIPS, a4,
                                                                      cancelled=stop),
        "pick list pages": lambda stop: pdf_documents.pick_list_pdf(PICK, a4, cancelled=stop),
    }


@pytest.mark.parametrize("kind", list(_renders()))
def test_a_render_stops_part_way_when_cancelled(kind: str) -> None:
    render = _renders()[kind]
    never = StopAfter(10**9)
    render(never)                         # runs to the end, asking as it goes
    assert never.asked >= 2
    stop = StopAfter(2)                   # yes from the second question: mid-batch
    with pytest.raises(Cancelled, match="nothing was printed"):
        render(stop)
    assert stop.asked == 2                # it stopped at once, did not go on drawing


def test_labels_render_passes_the_check_through(demo_backend) -> None:
    request = LabelRequest("bin", "bins", (("A-01-1", 50),), "2x1")
    pages: list[int] = []
    stop = StopAfter(5)
    with pytest.raises(Cancelled):
        demo_backend.run(labels.render, request, lambda done, _total: pages.append(done),
                         cancelled=stop)
    assert stop.asked == 5 and max(pages, default=0) < 50
    zpl_request = LabelRequest("bin", "bins", (("A-01-1", 50),), "2x1", output="zpl")
    with pytest.raises(Cancelled):
        demo_backend.run(labels.render, zpl_request, cancelled=StopAfter(3))
    # the same request not cancelled renders all 50, and nothing was kept in the history
    assert demo_backend.run(labels.render, request, cancelled=lambda: False).labels == 50
    assert demo_backend.run(labels.job_history) == []
