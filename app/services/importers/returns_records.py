"""Plain records a store's returns file parses into.

A store's returns file (Amazon's returns report, Shopify's orders export with its refunds)
says which units of which of its orders are coming back and why. A parser (returns_detect
picks it) returns a ReturnFile: the returns it found, every problem (file, row, column),
and the rows it left out on purpose with the reason. A file with any problem is refused
whole; nothing here knows the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.services.importers.order_records import RowProblem


@dataclass(frozen=True)
class ReturnRecord:
    """Units of one SKU of one store order that the store says are coming back."""

    external_id: str      # the store's own return id (Amazon RMA id, ...); one return each
    order_ref: str        # the order as the store names it (its order id or number)
    sku: str
    quantity: int
    reason_code: str      # one of Backroom's reason codes (app/services/returns/reasons.py)
    store_reason: str = ""    # the store's own words or code for the reason
    tracking: str = ""        # the return parcel's tracking number, when the store gives it
    requested_at: datetime | None = None
    note: str = ""            # what the customer wrote
    # Shipped and taken back by the marketplace itself (Amazon FBA): nothing comes to us.
    to_channel: bool = False
    source_row: int = 0


@dataclass(frozen=True)
class ReturnFile:
    format: str           # amazon-returns, amazon-fba-returns, shopify-refunds
    source: str           # the return source it records: amazon, shopify
    records: tuple[ReturnRecord, ...]
    problems: tuple[RowProblem, ...] = ()
    rows: int = 0
    skipped: tuple[tuple[int, str], ...] = ()   # (row, why) left out on purpose

    @property
    def ok(self) -> bool:
        return not self.problems


# Store reason words -> Backroom's reason codes, first match wins (upper-cased text).
_REASON_WORDS = (
    (("TOO-SMALL", "TOO_SMALL", "TOO-LARGE", "TOO_LARGE", "DOESNT_FIT", "DOES_NOT_FIT",
      "SIZE", "FIT"), "doesnt_fit"),
    (("SWITCHEROO", "WRONG_ITEM_SENT", "WRONG-ITEM", "WRONG ITEM", "EXTRA_ITEM",
      "DIFFERENT"), "wrong_item"),
    (("DAMAGED", "CARRIER", "BROKEN"), "damaged"),
    (("DEFECTIVE", "QUALITY", "NOT_WORKING", "DOESNT_WORK", "MISSING_PARTS"), "defective"),
    (("NOT_AS_DESCRIBED", "NOT-AS-DESCRIBED", "BAD-DESC", "NOT AS DESCRIBED",
      "NOT_COMPATIBLE", "INACCURATE"), "not_as_described"),
    (("MISSED_ESTIMATED_DELIVERY", "LATE", "DELIVERY"), "late"),
    (("UNWANTED", "ORDERED_WRONG", "NO_LONGER", "BETTER_PRICE", "CHANGED", "MISTAKE",
      "UNAUTHORIZED", "ACCIDENTAL", "REMORSE"), "changed_mind"),
)


def reason_code_for(text: str) -> str:
    """Backroom's reason for a store's reason code or words; "other" when none fits."""
    upper = text.strip().upper()
    for words, code in _REASON_WORDS:
        if any(w in upper for w in words):
            return code
    return "other"
