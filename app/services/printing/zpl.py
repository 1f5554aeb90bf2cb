"""ZPL II for thermal printers: the shipping, product and bin label templates at 203 or 300 dpi.

Each label is one `^XA ... ^XZ` block; copies are `^PQ`, not repeated blocks, so the printer
does the repeating. Text goes through `^FH` (hex escapes) with `^CI28` (UTF-8), so names in any
language and the characters ZPL reserves (`^`, `~`) print as themselves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from app.services.core.errors import InvalidInput
from app.services.printing.cancel import CancelCheck, stop_if
from app.services.printing.label_records import BinLabel, ProductLabel, ShippingLabel
from app.services.printing.pdf_barcodes import (
    CODE128_QUIET,
    EAN13_LEFT_QUIET,
    EAN13_MODULES,
    EAN13_RIGHT_QUIET,
    MIN_MODULE,
    check_value,
    code128_modules,
)
from app.services.printing.sizes import Layout

POINTS_PER_INCH = 72.0
DPIS = (203, 300)


@dataclass(frozen=True)
class ZplOptions:
    dpi: int = 203
    darkness: int | None = None      # ~SD 0..30; None leaves the printer's setting alone
    offset_x_mm: float = 0.0         # ^LH: moves everything right/down to meet the stock
    offset_y_mm: float = 0.0


def escape_field(text: str) -> str:
    """Field data for a `^FH` field: reserved and non-ASCII bytes as _XX hex (UTF-8)."""
    out = []
    for ch in text:
        if 32 <= ord(ch) <= 126 and ch not in "^~_\\":
            out.append(ch)
        else:
            out.extend(f"_{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


class _Label:
    """One ^XA..^XZ block being written, with points converted to printer dots."""

    def __init__(self, layout: Layout, options: ZplOptions) -> None:
        if options.dpi not in DPIS:
            raise InvalidInput(f"Thermal printers here print at {DPIS[0]} or {DPIS[1]} dpi, "
                               f"not {options.dpi}.")
        if layout.is_sheet:
            raise InvalidInput(f"{layout.title} is a sheet for an office printer; thermal "
                               "printers take single labels.")
        self.dpi = options.dpi
        self.width = self.dots(layout.label_width)
        self.height = self.dots(layout.label_height)
        lh_x = round(options.offset_x_mm / 25.4 * self.dpi)
        lh_y = round(options.offset_y_mm / 25.4 * self.dpi)
        self.parts = ["^XA", "^CI28", f"^PW{self.width}", f"^LL{self.height}",
                      f"^LH{lh_x},{lh_y}"]

    def dots(self, points: float) -> int:
        return round(points / POINTS_PER_INCH * self.dpi)

    def mm(self, millimetres: float) -> int:
        return round(millimetres / 25.4 * self.dpi)

    def text(self, at: tuple[int, int], height: int, text: str, width: int,
             align: str = "L") -> None:
        """Text in font 0, cut to fit `width` dots, aligned in a one-line field block."""
        x, y = at
        # Font 0 is proportional; 0.56 of the height is a safe average character width.
        fits = max(1, int(width / (height * 0.56)))
        if len(text) > fits:
            text = text[: max(1, fits - 3)].rstrip() + "..."  # font 0 may lack "…"
        self.parts.append(f"^FO{x},{y}^A0N,{height},{height}^FB{width},1,0,{align},0"
                          f"^FH^FD{escape_field(text)}^FS")

    def box(self, x: int, y: int, width: int, thickness: int) -> None:
        self.parts.append(f"^FO{x},{y}^GB{width},{thickness},{thickness}^FS")

    def linear(self, value: str, symbology: str, at: tuple[int, int], width: int,
               height: int, *, readable: bool = True) -> None:
        """A Code 128 or EAN-13 centred in `width` dots with its quiet zones."""
        x, y = at
        check_value(value, symbology)
        if symbology == "ean13":
            modules = EAN13_MODULES + EAN13_LEFT_QUIET + EAN13_RIGHT_QUIET
        elif symbology == "code128":
            if ">" in value:
                # ZPL reads '>' in Code 128 data as a subset switch, not as a character.
                raise InvalidInput(f"{value!r} contains '>', which a ZPL printer cannot put "
                                   "in a Code 128; print it as a PDF instead.")
            modules = code128_modules(value) + 2 * CODE128_QUIET
        else:
            raise InvalidInput(f"{symbology} is not a linear barcode.")
        module = min(width // modules, self.mm(0.5) or 1)
        smallest = math.ceil(MIN_MODULE / POINTS_PER_INCH * self.dpi)
        if module < smallest:
            raise InvalidInput(f"{value!r} is too long to print as a barcode on this label at "
                               f"{self.dpi} dpi: choose a larger label or a shorter code.")
        left = x + (width - modules * module) // 2
        flag = "Y" if readable else "N"
        if symbology == "ean13":
            # ^BE takes the first 12 digits and adds the check digit itself.
            self.parts.append(f"^BY{module}^FO{left + EAN13_LEFT_QUIET * module},{y}"
                              f"^BEN,{height},{flag},N^FD{value[:12]}^FS")
        else:
            self.parts.append(f"^BY{module}^FO{left + CODE128_QUIET * module},{y}"
                              f"^BCN,{height},{flag},N,N,A^FH^FD{escape_field(value)}^FS")

    def qr(self, value: str, x: int, y: int, size: int) -> None:
        check_value(value, "qr")
        # ^BQ magnification is dots per module; 29 modules + quiet zone for short text.
        magnification = max(1, min(10, size // 33))
        self.parts.append(f"^FO{x},{y}^BQN,2,{magnification}^FH^FDQA,"
                          f"{escape_field(value)}^FS")

    def finish(self, copies: int) -> str:
        if copies < 1:
            raise InvalidInput("The number of copies must be at least 1.")
        return "\n".join([*self.parts, f"^PQ{copies},0,1,Y", "^XZ"])


def _document(blocks: list[str], options: ZplOptions) -> str:
    head = []
    if options.darkness is not None:
        if not 0 <= options.darkness <= 30:
            raise InvalidInput("Darkness goes from 0 to 30.")
        head.append(f"~SD{options.darkness:02d}")
    if not blocks:
        raise InvalidInput("There is nothing to print.")
    return "\n".join([*head, *blocks]) + "\n"


def product_labels_zpl(labels: Sequence[ProductLabel], layout: Layout, copies: int = 1,
                       options: ZplOptions = ZplOptions(),
                       *, cancelled: CancelCheck = None) -> str:
    """Product labels: name, SKU and price over the barcode, `copies` of each."""
    blocks = []
    for item in labels:
        stop_if(cancelled)
        z = _Label(layout, options)
        pad = max(z.mm(1.5), round(min(z.width, z.height) * 0.06))
        inner_w, inner_h = z.width - 2 * pad, z.height - 2 * pad
        size = max(z.mm(2.2), min(z.mm(4.2), round(inner_h * 0.16)))
        z.text((pad, pad), size, item.name, inner_w)
        line_y = pad + round(size * 1.15)
        z.text((pad, line_y), size, item.sku, inner_w)
        if item.price_text:
            z.text((pad, line_y), size, item.price_text, inner_w, align="R")
        code_y = line_y + round(size * 1.3)
        readable = round(size * 0.9)
        code_h = z.height - pad - code_y - readable - z.mm(1)
        if item.symbology == "qr":
            z.qr(item.barcode, pad, code_y, code_h)
        else:
            z.linear(item.barcode, item.symbology, (pad, code_y), inner_w, code_h)
        blocks.append(z.finish(copies))
    return _document(blocks, options)


def bin_labels_zpl(labels: Sequence[BinLabel], layout: Layout, copies: int = 1,
                   options: ZplOptions = ZplOptions(),
                   *, cancelled: CancelCheck = None) -> str:
    """Bin labels: the code in large type over a large Code 128."""
    blocks = []
    for item in labels:
        stop_if(cancelled)
        z = _Label(layout, options)
        pad = max(z.mm(1.5), round(min(z.width, z.height) * 0.06))
        inner_w, inner_h = z.width - 2 * pad, z.height - 2 * pad
        big = round(max(z.mm(3), min(z.mm(25), inner_h * 0.3)))
        big = min(big, int(inner_w / (0.62 * max(1, len(item.code)))))
        z.text((pad, pad), big, item.code, inner_w, align="C")
        small = round(max(z.mm(2), min(z.mm(4), inner_h * 0.1)))
        room = inner_h - round(big * 1.1) - round(small * 1.4)
        code_h = min(room, max(z.mm(15), round(z.width * 0.4)))
        code_y = pad + round(big * 1.1) + (room - code_h) // 2
        z.linear(item.code, "code128", (pad, code_y), inner_w, code_h, readable=False)
        detail = " · ".join(part for part in (item.name, item.warehouse) if part)
        if detail:
            z.text((pad, z.height - pad - small), small, detail, inner_w, align="C")
        blocks.append(z.finish(copies))
    return _document(blocks, options)


def shipping_labels_zpl(labels: Sequence[ShippingLabel], layout: Layout, copies: int = 1,
                        options: ZplOptions = ZplOptions(),
                        *, cancelled: CancelCheck = None) -> str:
    """Shipping labels: return address, ship-to in large type, order number as Code 128."""
    blocks = []
    for item in labels:
        stop_if(cancelled)
        ship = item.ship_to.text_lines()
        if not ship:
            raise InvalidInput(f"Order {item.order_number} has no address to ship to.")
        z = _Label(layout, options)
        pad = z.mm(4)
        inner_w = z.width - 2 * pad
        half = inner_w * 55 // 100
        small = z.mm(2.8)
        if item.return_address.lines:  # no street, no FROM: a bare "FROM" helps nobody
            z.text((pad, pad), small, "FROM", half)
            y = pad + round(small * 1.2)
            for line in item.return_address.text_lines()[:5]:
                z.text((pad, y), small, line, half)
                y += round(small * 1.2)
        right_x, right_w = pad + half + z.mm(2), inner_w - half - z.mm(2)
        z.text((right_x, pad), z.mm(3.2), item.store, right_w, align="R")
        z.text((right_x, pad + z.mm(4.5)), z.mm(4.2), f"Order {item.order_number}", right_w,
               align="R")
        if item.shipping_method:
            z.text((right_x, pad + z.mm(10)), small, item.shipping_method, right_w, align="R")
        rule = pad + round(small * 1.2) * 6 + z.mm(1)
        z.box(pad, rule, inner_w, 3)
        z.text((pad, rule + z.mm(2)), z.mm(3.2), "SHIP TO", inner_w)
        y = rule + z.mm(7)
        z.text((pad + z.mm(2), y), z.mm(7), ship[0], inner_w - z.mm(2))
        y += z.mm(9)
        for line in ship[1:7]:
            z.text((pad + z.mm(2), y), z.mm(5), line, inner_w - z.mm(2))
            y += z.mm(6)
        code_h = round(z.height * 0.2) - z.mm(4)
        code_y = z.height - pad - z.mm(5) - code_h - z.mm(4)
        z.box(pad, code_y - z.mm(3), inner_w, 3)
        z.linear(item.order_number, "code128", (pad, code_y), inner_w, code_h)
        if item.contents:
            z.text((pad, z.height - pad - small), small, f"Contents: {item.contents}", inner_w)
        blocks.append(z.finish(copies))
    return _document(blocks, options)
