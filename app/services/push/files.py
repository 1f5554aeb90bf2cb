"""The stores' own stock upload files, written from listings. Pure: no database.

Every text cell goes through app.services.core.csv_out.safe_cell, so a SKU or name cannot run
as a spreadsheet formula when the owner opens the file before uploading it. Cells that are
integers we computed or constants of the format need no check (csv_out leaves numbers as
they are), and skipping them keeps a 50k-SKU Shopify file (950k cells) well under a second.

Shopify (Products > Inventory > Import, 2024 layout). Shopify keeps, per variant and
location, `on hand`, and shows `available = on hand - committed - unavailable`, where
committed are the units of its own orders not yet fulfilled. Its file sets on hand, not
available. To make Shopify's available equal what we allow it (`quantity`), we write

    On hand (new) = quantity + committed

with committed = the units of this store's orders Backroom knows are not yet fulfilled
(statuses new, reserved, backorder, picking, on hold, packed; channel-fulfilled orders
aside). Then Shopify's available = (quantity + committed) - committed - 0 = quantity.
Worked example: 10 on our shelf, 3 reserved for two Shopify orders (so available = 7), a
buffer of 2 (so quantity = 5): On hand (new) = 5 + 3 = 8, and Shopify shows 8 - 3 = 5.
Units the seller marked unavailable inside Shopify (damaged, quality control) are not known
to Backroom and are taken as 0; orders placed in Shopify after its last export was imported
are not known either, which is why the push follows every import.
`Committed (not editable)` carries our committed figure and `Available (not editable)` the
quantity, for the reader; Shopify ignores both columns. `On hand (current)` is left empty.

Amazon (price and quantity flat file, tab-separated). Empty cells leave Amazon's value as it
is, so only `sku`, `quantity` and `fulfillment-channel` (DEFAULT = the seller ships) are
filled; listings Amazon fulfils (FBA) are left out, as Amazon counts that stock itself.

WooCommerce (Products > Import, "update existing products"): matched on SKU; `Stock` is the
quantity and `In stock?` 1 or 0.

eBay (Seller Hub Reports / File Exchange revise file): the header
`Action(SiteID=..|Country=..|Currency=..|Version=1193|CC=UTF-8),ItemID,CustomLabel,Quantity`,
then one `Revise` row per listing with the item number when imports taught us one, the custom
label (SKU) and the quantity.

Generic: a saved mapping of header -> field (FIELDS), in the saved delimiter.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, itemgetter, not_
from typing import Any

from app.services.core import csv_out
from app.services.core.errors import InvalidInput
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.push.quantities import Listing

safe = csv_out.safe_cell
_NOT_HANDLE = re.compile(r"[^a-z0-9]+")
_NOT_HANDLE_IN_LINES = re.compile(r"[^a-z0-9\n]+")
_NEEDS_QUOTES = re.compile(r'[,"\r\n]').search

SHOPIFY_HEADER = (
    "Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value",
    "Option3 Name", "Option3 Value", "SKU", "HS Code", "COO", "Location", "Bin name",
    "Incoming (not editable)", "Unavailable (not editable)", "Committed (not editable)",
    "Available (not editable)", "On hand (current)", "On hand (new)")
AMAZON_HEADER = ("sku", "price", "minimum-seller-allowed-price",
                 "maximum-seller-allowed-price", "quantity", "handling-time",
                 "fulfillment-channel")
WOOCOMMERCE_HEADER = ("SKU", "In stock?", "Stock")
EBAY_COLUMNS = ("ItemID", "CustomLabel", "Quantity")
EBAY_VERSION = "1193"
# eBay site and country per store currency (the Action header names them).
EBAY_SITES = {"USD": ("US", "US"), "GBP": ("UK", "GB"), "EUR": ("Germany", "DE"),
              "AUD": ("Australia", "AU"), "CAD": ("Canada", "CA")}

# What a generic mapping may put in a column.
FIELDS = ("store_sku", "sku", "name", "quantity", "available", "buffer", "committed",
          "in_stock")


@dataclass(frozen=True)
class FileOptions:
    location: str = ""         # Shopify location name
    currency: str = "USD"      # eBay site
    columns: tuple[tuple[str, str], ...] = ()   # generic: (header, field)
    delimiter: str = ","


@dataclass(frozen=True)
class StockFile:
    text: str
    rows: int           # listings in the file
    left_out: int       # listings the format leaves out (Amazon FBA)
    suffix: str         # ".csv" or ".txt"


def shopify_on_hand(listing: Listing) -> int:
    """On hand (new) = what we allow + what Shopify already counts as committed."""
    return listing.quantity + listing.committed


def handle(name: str) -> str:
    """Shopify's handle for a title: lower case, words joined by '-'."""
    return _NOT_HANDLE.sub("-", name.lower()).strip("-")


def render(fmt: str, rows: Sequence[Listing], options: FileOptions) -> StockFile:
    """The whole upload file for `rows` in `fmt` (see the module docstring).

    Written column by column: each column is made once (in C where it can be: map, zip,
    str methods) and csv.writer joins the rows, so there is no Python code run per row. At
    50k rows a function call per row and cell cost more than reading the stock.
    """
    if fmt == "shopify-inventory":
        if not options.location.strip():
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Shopify needs the location the stock is at (the name in Shopify's "
                "Settings > Locations): set it for the store."))
        names = _column(rows, 3)
        committed, quantity = _column(rows, 7), _column(rows, 6)
        # 19 cells of which 11 are the same on every row: one %-template per row (made in
        # C by map) holds those, csv.writer would spend more on them than on the rest.
        location = _cell(safe(options.location.strip())).replace("%", "%%")
        line = f"%s,%s,,,,,,,%s,%s,%s,{location},,,,%s,%s,,%s\r\n"
        text = _csv(SHOPIFY_HEADER, ()) + "".join(map(line.__mod__, zip(
            # A handle is [a-z0-9-] without a leading '-': never a formula, never quoted.
            handles(names), _quoted(_safe(names)), _quoted(_safe(_column(rows, 0))),
            _quoted(_safe(_column(rows, 10))), _quoted(_safe(_column(rows, 11))),
            committed, quantity, map(add, quantity, committed), strict=True)))
        return StockFile(text, len(rows), 0, ".csv")
    if fmt == "amazon-quantity":
        kept = list(compress(rows, map(not_, _column(rows, 8))))
        empty = repeat("")
        text = _csv(AMAZON_HEADER, zip(
            _safe(_column(kept, 0)), empty, empty, empty, _column(kept, 6), empty,
            repeat("DEFAULT")), delimiter="\t", lineterminator="\n")
        return StockFile(text, len(kept), len(rows) - len(kept), ".txt")
    if fmt == "woocommerce":
        quantity = _column(rows, 6)
        text = _csv(WOOCOMMERCE_HEADER, zip(
            _safe(_column(rows, 0)), map(int, map((0).__lt__, quantity)), quantity,
            strict=True))
        return StockFile(text, len(rows), 0, ".csv")
    if fmt == "ebay":
        site, country = EBAY_SITES.get(options.currency, ("US", "US"))
        # CC=UTF-8: the file is UTF-8; without it eBay reads it as Latin-1.
        action = (f"Action(SiteID={site}|Country={country}|Currency={options.currency}"
                  f"|Version={EBAY_VERSION}|CC=UTF-8)")
        text = _csv((action, *EBAY_COLUMNS), zip(
            repeat("Revise"), _safe(_column(rows, 9)), _safe(_column(rows, 0)),
            _column(rows, 6)))
        return StockFile(text, len(rows), 0, ".csv")
    if fmt.startswith("mapped:"):
        if not options.columns:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "The mapping {name!r} has no columns."), name=fmt[7:])
        text = csv_out.csv_text([h for h, _ in options.columns], (
            [_field(r, field) for _, field in options.columns] for r in rows),
            delimiter=options.delimiter)
        return StockFile(text, len(rows), 0, ".csv")
    raise InvalidInput(QT_TRANSLATE_NOOP("messages",
        "Unknown stock file format {format!r}: use {formats} or mapped:NAME."),
        format=fmt, formats="shopify-inventory, amazon-quantity, woocommerce, ebay")


def handles(names: Sequence[str]) -> list[str]:
    """handle() of every name, with one regular expression run over all of them at once
    (the names joined by line breaks, which the expression leaves alone)."""
    if not names:
        return []
    joined = "\n".join(names)
    if joined.count("\n") != len(names) - 1:   # a name with a line break of its own
        return list(map(handle, names))
    return list(map(str.strip, _NOT_HANDLE_IN_LINES.sub("-", joined.lower()).split("\n"),
                    repeat("-")))


def _column(rows: Sequence[Listing], field: int) -> list[Any]:
    return list(map(itemgetter(field), rows))


def _safe(cells: list[Any]) -> list[Any]:
    """The text cells as safe_cell makes them: as they are, unless one starts like a
    formula (rare; then each one goes through safe_cell)."""
    if any(map(str.startswith, cells, repeat(csv_out.FORMULA_START))):
        return list(map(safe, cells))
    return cells


def _cell(text: str) -> str:
    """A cell quoted as csv.writer (',', QUOTE_MINIMAL, lines ending in CR LF) would."""
    if _NEEDS_QUOTES(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _quoted(cells: list[Any]) -> list[Any]:
    """_cell of every text cell, looking at them one by one only when one needs quotes."""
    if _NEEDS_QUOTES("".join(cells)):
        return list(map(_cell, cells))
    return cells


def _csv(header: Sequence[str], rows: Iterable[Iterable[object]], *, delimiter: str = ",",
         lineterminator: str = "\r\n") -> str:
    """The header as csv_out writes it, then rows whose text cells are already safe."""
    out = io.StringIO()
    out.write(csv_out.csv_text(header, (), delimiter=delimiter, lineterminator=lineterminator))
    csv.writer(out, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


def _field(row: Listing, field: str) -> object:
    values: dict[str, object] = {
        "store_sku": row.channel_sku, "sku": row.sku, "name": row.name,
        "quantity": row.quantity, "available": row.available, "buffer": row.buffer,
        "committed": row.committed, "in_stock": 1 if row.quantity > 0 else 0}
    return values[field]
