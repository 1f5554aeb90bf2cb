"""The plain records the label and document renderers take: no database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Symbology = Literal["ean13", "code128", "qr"]


@dataclass(frozen=True)
class Address:
    name: str
    lines: tuple[str, ...] = ()
    company: str = ""

    def text_lines(self) -> tuple[str, ...]:
        """Name, company (when given), then the street/city/country lines, blanks dropped."""
        head = (self.name, self.company) if self.company else (self.name,)
        return tuple(line for line in (*head, *self.lines) if line.strip())


@dataclass(frozen=True)
class ShippingLabel:
    ship_to: Address
    return_address: Address
    order_number: str
    store: str
    contents: str = ""
    shipping_method: str = ""


@dataclass(frozen=True)
class SlipLine:
    sku: str
    name: str
    quantity: int
    bin: str = ""


@dataclass(frozen=True)
class PackingSlip:
    store_name: str
    order_number: str
    customer: Address
    lines: tuple[SlipLine, ...]
    placed_on: str = ""
    logo_path: str | None = None
    return_code: str = ""
    return_instructions: str = ""
    shipping_method: str = ""
    font_size: float = 10.0


@dataclass(frozen=True)
class ProductLabel:
    sku: str
    name: str
    price_text: str
    barcode: str
    symbology: Symbology = "code128"


@dataclass(frozen=True)
class BinLabel:
    code: str
    name: str = ""
    warehouse: str = ""


@dataclass(frozen=True)
class PickLine:
    bin: str
    sku: str
    name: str
    quantity: int
    # (tote or order reference, quantity) for a batch pick; empty for a single order.
    totes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class PickList:
    title: str
    lines: tuple[PickLine, ...]
    orders: tuple[str, ...] = ()
    created: str = ""
    reference: str = ""   # printed as a barcode so the pick can be scanned to start/finish


@dataclass(frozen=True)
class CountLine:
    bin: str
    sku: str
    name: str
    expected: int | None = None


@dataclass(frozen=True)
class CountSheet:
    title: str
    lines: tuple[CountLine, ...]
    show_expected: bool = False
    reference: str = ""
    created: str = ""
