"""Media and sheet layouts: single labels (thermal rolls, 4x6) and sheets of labels in a grid.

All lengths are PDF points (1/72 in). A single label is a 1x1 "sheet" the size of the label,
so every renderer places labels the same way: cell by cell, left to right, top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

# reportlab ships no type hints (and types-reportlab is no dependency).
from reportlab.lib.units import inch, mm  # type: ignore[import-untyped]

from app.services.core.errors import InvalidInput


@dataclass(frozen=True)
class Layout:
    key: str
    title: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    left: float = 0.0        # page edge to the first column's left edge
    top: float = 0.0         # page edge to the first row's top edge
    pitch_x: float = 0.0     # left edge to left edge of neighbouring columns
    pitch_y: float = 0.0     # top edge to top edge of neighbouring rows

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        return self.per_page > 1

    def cell(self, index: int) -> tuple[float, float]:
        """Bottom-left corner (PDF coordinates) of cell `index` on its page (0 = top left)."""
        row, col = divmod(index % self.per_page, self.columns)
        x = self.left + col * (self.pitch_x or self.label_width)
        top_edge = self.top + row * (self.pitch_y or self.label_height)
        return x, self.page_height - top_edge - self.label_height


def single(key: str, title: str, width: float, height: float) -> Layout:
    return Layout(key, title, width, height, width, height)


def custom_grid(page: str, *, columns: int, rows: int, label_width_mm: float,
                label_height_mm: float, left_mm: float, top_mm: float,
                gap_x_mm: float = 0.0, gap_y_mm: float = 0.0) -> Layout:
    """A sheet of labels measured with a ruler; refuses a grid that runs off the page."""
    base = PAGES.get(page)
    if base is None:
        raise InvalidInput(f"Unknown page size {page!r}; use one of {', '.join(PAGES)}.")
    if columns < 1 or rows < 1 or label_width_mm <= 0 or label_height_mm <= 0:
        raise InvalidInput("A label grid needs at least one row and column of positive size.")
    if min(left_mm, top_mm, gap_x_mm, gap_y_mm) < 0:
        raise InvalidInput("Margins and gaps cannot be negative.")
    layout = Layout(
        f"grid-{page}-{columns}x{rows}", f"Custom {columns}x{rows} on {base.title}",
        base.page_width, base.page_height, label_width_mm * mm, label_height_mm * mm,
        columns, rows, left_mm * mm, top_mm * mm,
        (label_width_mm + gap_x_mm) * mm, (label_height_mm + gap_y_mm) * mm)
    right = layout.left + (columns - 1) * layout.pitch_x + layout.label_width
    bottom = layout.top + (rows - 1) * layout.pitch_y + layout.label_height
    # Half a millimetre of tolerance: sheet makers round their published margins.
    if right > base.page_width + 0.5 * mm or bottom > base.page_height + 0.5 * mm:
        raise InvalidInput(f"That grid is {right / mm:.1f} x {bottom / mm:.1f} mm, larger than "
                           f"the {base.title} page.")
    return layout


PAGES: dict[str, Layout] = {
    "a4": single("a4", "A4", 210 * mm, 297 * mm),
    "letter": single("letter", "US Letter", 8.5 * inch, 11 * inch),
}

LABELS: dict[str, Layout] = {
    "4x6": single("4x6", "4 x 6 in", 4 * inch, 6 * inch),
    "100x150": single("100x150", "100 x 150 mm", 100 * mm, 150 * mm),
    "50x25": single("50x25", "50 x 25 mm", 50 * mm, 25 * mm),
    "2.25x1.25": single("2.25x1.25", "2.25 x 1.25 in", 2.25 * inch, 1.25 * inch),
    "2x1": single("2x1", "2 x 1 in", 2 * inch, 1 * inch),
    # Avery 5160: US Letter, 3 x 10 of 2.625 x 1 in; 0.5 in top, 3/16 in side margins,
    # 1/8 in between columns, rows touching.
    "avery5160": Layout("avery5160", "Avery 5160 (Letter, 3 x 10)", 8.5 * inch, 11 * inch,
                        2.625 * inch, 1 * inch, 3, 10, 0.1875 * inch, 0.5 * inch,
                        2.75 * inch, 1 * inch),
    # Avery L7160: A4, 3 x 7 of 63.5 x 38.1 mm; 15.15 mm top, 7.21 mm side margins,
    # 2.54 mm between columns, rows touching.
    "l7160": Layout("l7160", "Avery L7160 (A4, 3 x 7)", 210 * mm, 297 * mm,
                    63.5 * mm, 38.1 * mm, 3, 7, 7.21 * mm, 15.15 * mm,
                    66.04 * mm, 38.1 * mm),
}

# Which sizes make sense for which template (the first is the default).
TEMPLATE_SIZES: dict[str, tuple[str, ...]] = {
    "shipping": ("4x6", "100x150"),
    "packing-slip": ("a4", "letter"),
    "product": ("50x25", "2.25x1.25", "2x1", "avery5160", "l7160"),
    "bin": ("4x6", "100x150", "50x25", "2.25x1.25", "2x1", "avery5160", "l7160"),
    "pick-list": ("a4", "letter"),
    "count-sheet": ("a4", "letter"),
}


CUSTOM_HINT = ("custom:PAGE:COLSxROWS:WIDTHxHEIGHT:LEFT,TOP[:GAPX,GAPY] in mm, e.g. "
               "custom:a4:3x8:70x37:0,4.5")


def parse_custom(key: str) -> Layout:
    """A custom grid written as text (so it can be typed, saved and reprinted)."""
    parts = key.split(":")
    try:
        if parts[0] != "custom" or len(parts) not in (5, 6):
            raise ValueError
        cols, rows = (int(x) for x in parts[2].lower().split("x"))
        width, height = (float(x) for x in parts[3].lower().split("x"))
        left, top = (float(x) for x in parts[4].split(","))
        gap_x, gap_y = (float(x) for x in parts[5].split(",")) if len(parts) == 6 else (0, 0)
    except ValueError:
        raise InvalidInput(f"{key!r} is not a label grid; write {CUSTOM_HINT}.") from None
    grid = custom_grid(parts[1].lower(), columns=cols, rows=rows, label_width_mm=width,
                       label_height_mm=height, left_mm=left, top_mm=top, gap_x_mm=gap_x,
                       gap_y_mm=gap_y)
    return Layout(key, grid.title, grid.page_width, grid.page_height, grid.label_width,
                  grid.label_height, grid.columns, grid.rows, grid.left, grid.top,
                  grid.pitch_x, grid.pitch_y)


def layout(key: str) -> Layout:
    """The named layout (or a custom grid), or a readable error listing the names."""
    if key.startswith("custom:"):
        return parse_custom(key)
    found = LABELS.get(key) or PAGES.get(key)
    if found is None:
        names = ", ".join([*LABELS, *PAGES])
        raise InvalidInput(f"Unknown label size {key!r}; use one of {names}.")
    return found


def layout_for(template: str, key: str | None) -> Layout:
    """The layout for a template: the given size if that template can use it, else refused."""
    allowed = TEMPLATE_SIZES.get(template)
    if allowed is None:
        raise InvalidInput(f"Unknown template {template!r}; use one of "
                           f"{', '.join(TEMPLATE_SIZES)}.")
    if key is None:
        return layout(allowed[0])
    if key.startswith("custom:") and template in ("product", "bin"):
        return parse_custom(key)
    if key not in allowed:
        raise InvalidInput(f"The {template} template prints on {', '.join(allowed)}, "
                           f"not {key}.")
    return layout(key)
