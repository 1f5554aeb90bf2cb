"""Cancel on the Labels tab: a long batch stops, nothing is saved or recorded, the page is
idle again and the next job runs normally."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.labels import jobs as labels
from app.services.labels import printers as labels_printers
from app.services.labels import sources as labels_sources
from app.services.printing.transports import PrinterProfile
from app.ui.labels.tab import LabelsTab

COPIES = 999      # 5 bins x 999 on 2x1 labels: ~5000 pages, seconds of work to interrupt


@pytest.fixture
def tab(qtbot, demo_backend):
    widget = LabelsTab(demo_backend)
    qtbot.addWidget(widget)
    yield widget
    widget.runner.wait(20000)


def _cancel_once_under_way(qtbot, page) -> None:
    """Press Cancel as soon as the worker has reported a page, well before the end."""
    qtbot.waitUntil(lambda: not page.cancel_button.isHidden() and page.progress.value() > 0,
                    timeout=10000)
    assert page.progress.value() < page.progress.maximum()
    with qtbot.waitSignal(page.job_cancelled, timeout=10000):
        page.cancel_button.click()


def _idle(page) -> bool:
    return (page.progress.isHidden() and page.cancel_button.isHidden()
            and page.print_button.isEnabled() and page.save_button.isEnabled())


def test_cancel_a_long_batch_saves_and_records_nothing(qtbot, tab, demo_backend,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    demo_backend.run(labels_printers.save_printer,
                     PrinterProfile("Office", "pdf", str(out), "2x1"))
    page = tab.print_page
    page.reload_printers()
    page.template.setCurrentIndex(page.template.findData("bin"))
    page.printer.setCurrentIndex(page.printer.findText("Office (PDF)"))
    assert page.size_choice.currentData() == "2x1"
    page.copies.setValue(COPIES)
    bins = [label.code for label in demo_backend.run(labels_sources.bin_records, None)][:5]
    assert len(bins) == 5
    page.add_items([(code, "") for code in bins])

    # the live preview of the big batch: cancelled part way, no preview kept
    _cancel_once_under_way(qtbot, page)
    qtbot.waitUntil(lambda: _idle(page), timeout=10000)
    assert page.last is None
    assert "Cancelled" in page.status.text()

    # sending it to the printer's folder: cancelled, no file, no job in the history
    page.print_button.click()
    _cancel_once_under_way(qtbot, page)
    qtbot.waitUntil(lambda: _idle(page), timeout=10000)
    assert list(out.iterdir()) == []
    assert demo_backend.run(labels.job_history) == []
    assert "Cancelled" in page.status.text()

    # the page works as before afterwards: a small batch previews and is saved and recorded
    with qtbot.waitSignal(page.preview_ready, timeout=10000):
        page.copies.setValue(1)
    with qtbot.waitSignal(page.job_done, timeout=10000):
        page.print_button.click()
    assert [p.name for p in out.iterdir()] == ["bin.pdf"]
    [job] = demo_backend.run(labels.job_history)
    assert (job.template, job.labels, job.destination) == ("bin", 5, "Office")
    assert _idle(page)
