"""Sheet layouts match the label makers' published measurements."""

from __future__ import annotations

import pytest
from reportlab.lib.units import inch, mm

from app.services.core.errors import InvalidInput
from app.services.printing import sizes


def _edges(layout: sizes.Layout) -> tuple[float, float, float, float]:
    """left, top, right, bottom margins of the grid on its page."""
    first_x, first_y = layout.cell(0)
    last_x, last_y = layout.cell(layout.per_page - 1)
    return (first_x, layout.page_height - first_y - layout.label_height,
            layout.page_width - last_x - layout.label_width, last_y)


def test_avery_5160_geometry() -> None:
    avery = sizes.layout("avery5160")
    assert avery.per_page == 30
    left, top, right, bottom = _edges(avery)
    assert left == pytest.approx(0.1875 * inch) and right == pytest.approx(0.1875 * inch)
    assert top == pytest.approx(0.5 * inch) and bottom == pytest.approx(0.5 * inch)
    assert avery.cell(1)[0] - avery.cell(0)[0] == pytest.approx(2.75 * inch)


def test_l7160_geometry() -> None:
    sheet = sizes.layout("l7160")
    assert sheet.per_page == 21
    left, top, right, bottom = _edges(sheet)
    assert left == pytest.approx(right, abs=0.05 * mm)
    assert top == pytest.approx(15.15 * mm) and bottom == pytest.approx(15.15 * mm)
    assert (sheet.label_width, sheet.label_height) == (pytest.approx(63.5 * mm),
                                                       pytest.approx(38.1 * mm))


def test_cells_never_overlap_and_stay_on_the_page() -> None:
    for layout in sizes.LABELS.values():
        boxes = [layout.cell(i) for i in range(layout.per_page)]
        for x, y in boxes:
            assert 0 <= x and x + layout.label_width <= layout.page_width + 1e-6
            assert 0 <= y and y + layout.label_height <= layout.page_height + 1e-6
        assert len(set(boxes)) == layout.per_page


def test_custom_grid_and_its_limits() -> None:
    grid = sizes.custom_grid("a4", columns=2, rows=8, label_width_mm=99.1,
                             label_height_mm=34, left_mm=4.65, top_mm=12.9, gap_x_mm=2.5)
    assert grid.per_page == 16 and _edges(grid)[0] == pytest.approx(4.65 * mm)
    with pytest.raises(InvalidInput, match="larger than"):
        sizes.custom_grid("letter", columns=3, rows=10, label_width_mm=80,
                          label_height_mm=30, left_mm=5, top_mm=5)
    with pytest.raises(InvalidInput, match="Unknown page"):
        sizes.custom_grid("a5", columns=1, rows=1, label_width_mm=10, label_height_mm=10,
                          left_mm=0, top_mm=0)


def test_templates_only_take_their_sizes() -> None:
    assert sizes.layout_for("shipping", None).key == "4x6"
    with pytest.raises(InvalidInput, match="prints on"):
        sizes.layout_for("shipping", "avery5160")
    with pytest.raises(InvalidInput, match="Unknown template"):
        sizes.layout_for("poster", None)
    with pytest.raises(InvalidInput, match="Unknown label size"):
        sizes.layout("a0")


def test_custom_grid_written_as_text() -> None:
    grid = sizes.layout("custom:a4:2x8:99.1x34:4.65,12.9:2.5,0")
    assert (grid.columns, grid.rows, grid.key) == (2, 8, "custom:a4:2x8:99.1x34:4.65,12.9:2.5,0")
    assert grid.label_width == pytest.approx(99.1 * mm)
    assert sizes.layout_for("product", grid.key) == grid
    with pytest.raises(InvalidInput, match="prints on"):
        sizes.layout_for("shipping", grid.key)
    for bad in ("custom:a4:2x8", "custom:a4:twoxeight:1x1:0,0", "custom:a4:2x8:99x34:4"):
        with pytest.raises(InvalidInput, match="not a label grid"):
            sizes.layout(bad)
