"""Plain records an order file parses into: orders, their lines, row problems, the result.

A file's records are all in memory while it is checked and imported (all or nothing), so
they are slotted: 150,000 orders take a third of the memory they take with a dict each.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any

from app.services.core.errors import where_text


@dataclass(frozen=True, slots=True)
class OrderLineRecord:
    """One line of an order as the store wrote it (the SKU may be unknown to us)."""

    channel_sku: str
    title: str
    quantity: int
    unit_price_minor: int
    source_row: int = 0
    # The exact amount the store charged for the whole line, when it gives one: 1.29 for two
    # units is 129, which no unit price in cents can say. None: quantity * unit price.
    # Before order-level discounts and without tax (those are the order's discount_minor
    # and tax_minor), so an order's lines add up to its subtotal the way the store wrote it.
    line_total_minor: int | None = None
    # What a store gives instead of a SKU (Etsy's listing id, a variation such as
    # "Size: M"), so a line without a SKU can still be linked to a product once, per store.
    listing_id: str = ""
    variation: str = ""

    def __reduce__(self) -> tuple[type[OrderLineRecord], tuple[Any, ...]]:
        return OrderLineRecord, _LINE_VALUES(self)   # see _ORDER_VALUES


def unit_price_of(line_total_minor: int, quantity: int) -> int:
    """The unit price nearest to line total / quantity (half up), in integers; 0 for no units.

    Only for showing a price per unit: the exact amount stays in `line_total_minor`.
    """
    if quantity <= 0:
        return 0
    return (2 * line_total_minor + quantity) // (2 * quantity)


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """One order as the store shows it; money in integer minor units of `currency`."""

    external_id: str
    number: str
    placed_at: datetime
    currency: str
    lines: tuple[OrderLineRecord, ...]
    subtotal_minor: int = 0
    shipping_minor: int = 0
    tax_minor: int = 0
    discount_minor: int = 0
    total_minor: int = 0
    financial_status: str = ""
    cancelled: bool = False
    refunded: bool = False
    fulfilled: bool = False
    customer_name: str = ""
    customer_email: str = ""
    customer_phone: str = ""
    # The order's own bill-to name: a gift buyer or a family sharing one email is still
    # shown and found under the name on this order, not the customer record's.
    bill_name: str = ""
    ship_name: str = ""
    ship_company: str = ""
    ship_street1: str = ""
    ship_street2: str = ""
    ship_city: str = ""
    ship_state: str = ""
    ship_postcode: str = ""
    ship_country: str = ""
    ship_phone: str = ""
    shipping_method: str = ""
    notes: str = ""
    tracking_number: str = ""
    # Amazon FBA (AFN) and the like: the channel ships it, the seller never packs it.
    fulfilled_by_channel: bool = False
    source_file: str = ""
    source_rows: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.placed_at.tzinfo is None:
            raise ValueError("OrderRecord.placed_at must be timezone-aware")

    def __reduce__(self) -> tuple[type[OrderRecord], tuple[Any, ...]]:
        return OrderRecord, _ORDER_VALUES(self)


# Records cross to the import from the process that parses ahead (parse_ahead) pickled as
# their values and rebuilt by the constructor. The state functions dataclasses gives frozen
# slotted classes look fields() up for every object: for 100,000 lines that cost the
# parsing process 2.0 s to pickle (now 1.0 s) and the import 1.8 s to unpickle (now 1.5 s).
_ORDER_VALUES = attrgetter(*(f.name for f in fields(OrderRecord)))
_LINE_VALUES = attrgetter(*(f.name for f in fields(OrderLineRecord)))


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one cell (or row, or the header) of a file could not be read."""

    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        return str(self.message)

    @property
    def message(self) -> str:
        """'file, row 12, column 'Qty': reason' as a Message (core/messages.py), for the window
        to show in its language (the reason too, when the importer gave it as a Message)."""
        return where_text(self.file, self.row, self.column, self.reason)


@dataclass(frozen=True)
class RejectedRows:
    """The original rows of one file that belong to rejected orders, to fix and re-import."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ParseResult:
    """Everything a parser found: good orders, every problem, and the rows it refused."""

    format: str
    orders: tuple[OrderRecord, ...]
    problems: tuple[RowProblem, ...] = ()
    rejected: tuple[RejectedRows, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rejected_row_count(self) -> int:
        return sum(len(r.rows) for r in self.rejected)

    def rejected_csv(self) -> dict[str, str]:
        """Per source file, a CSV of its rejected rows: original header plus a 'Problem' column.

        The original cells are written unchanged so the fixed file imports like the original.
        """
        reasons: dict[tuple[str, int], list[str]] = {}
        for p in self.problems:
            if p.row is not None:
                text = f"{p.column}: {p.reason}" if p.column else p.reason
                reasons.setdefault((p.file, p.row), []).append(text)
        files: dict[str, str] = {}
        for part in self.rejected:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([*part.header, "Problem"])
            width = len(part.header)
            for number, cells in part.rows:
                padded = list(cells) + [""] * (width - len(cells))
                why = "; ".join(reasons.get((part.file, number), ["other rows of this order"]))
                writer.writerow([*padded[:width], why])
            files[part.file] = out.getvalue()
        return files
