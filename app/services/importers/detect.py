"""Tell an order file's format from its header, and parse files with the right importer."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, tzinfo

from app.services.core.errors import InvalidInput
from app.services.importers import (
    amazon_orders,
    ebay_orders,
    etsy_orders,
    mapped_orders,
    shopify_orders,
    woocommerce_orders,
)
from app.services.importers.csv_text import Source, decode, norm_header, sniff_delimiter
from app.services.importers.order_records import ParseResult

FORMATS = ("shopify", "woocommerce", "etsy", "ebay", "amazon")
ETSY_ORDERS, ETSY_ITEMS = "etsy-orders", "etsy-items"

_SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shopify", shopify_orders.SIGNATURE),
    (ETSY_ITEMS, etsy_orders.ITEMS_SIGNATURE),
    (ETSY_ORDERS, etsy_orders.ORDERS_SIGNATURE),
    ("ebay", ebay_orders.SIGNATURE),
    ("amazon", amazon_orders.SIGNATURE),
    ("woocommerce", woocommerce_orders.LINE_ITEMS_SIGNATURE),
    ("woocommerce", woocommerce_orders.ANALYTICS_SIGNATURE),
    ("woocommerce", woocommerce_orders.SIGNATURE),
)


def read_header(source: Source) -> list[str]:
    """The first non-blank record of a file (eBay puts a blank line first)."""
    text = decode(source.data[: 256 * 1024])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    for record in reader:
        if any(c.strip() for c in record):
            return [c.replace("\ufeff", "").strip() for c in record]
    return []


def detect_format(header: Sequence[str]) -> str | None:
    """'shopify', 'woocommerce', 'ebay', 'amazon', 'etsy-orders', 'etsy-items' or None."""
    have = {norm_header(h) for h in header}
    for fmt, signature in _SIGNATURES:
        if all(norm_header(s) in have for s in signature):
            return fmt
    return None


def detect_layout(header: Sequence[str]) -> str | None:
    """The export a header belongs to, finer than detect_format where a store has several.

    'woocommerce-line-items' (SkyVerge / WebToffee), 'woocommerce-analytics',
    'woocommerce-columns', 'ebay-seller-hub', 'ebay-selling-manager'; other formats as
    detect_format names them.
    """
    fmt = detect_format(header)
    if fmt == "woocommerce":
        return woocommerce_orders.layout(header)
    if fmt == "ebay":
        return ebay_orders.layout(header)
    return fmt


def parse_sources(sources: Sequence[Source], fmt: str | None = None, *,
                  mapping: mapped_orders.ColumnMapping | None = None, tz: tzinfo = UTC,
                  currency: str = "USD") -> ParseResult:
    """Parse one order file (two for Etsy) with the named or detected format.

    `fmt` is one of FORMATS, 'mapped' (needs `mapping`) or None to detect from the header.
    Raises InvalidInput when the format cannot be told or the files do not fit it.
    """
    headers = [read_header(s) for s in sources] if mapping is None or fmt not in (
        None, "mapped") else []
    fmt = resolve_format([s.name for s in sources], headers, fmt, mapping)
    if fmt == "mapped":
        assert mapping is not None
        return mapped_orders.parse(sources[0], mapping, tz=tz)
    if fmt == "etsy":
        return _etsy(sources, [detect_format(h) for h in headers], tz, currency)
    parse = {"shopify": shopify_orders.parse, "woocommerce": woocommerce_orders.parse,
             "ebay": ebay_orders.parse, "amazon": amazon_orders.parse}[fmt]
    return parse(sources[0], tz=tz, currency=currency)


def resolve_format(names: Sequence[str], headers: Sequence[Sequence[str]], fmt: str | None,
                   mapping: mapped_orders.ColumnMapping | None) -> str:
    """The format files are read with: one of FORMATS or 'mapped'. `headers` are the files'
    (not needed with a mapping). Raises InvalidInput as parse_sources explains."""
    if not names:
        raise InvalidInput("No file was given.")
    if mapping is not None and fmt in (None, "mapped"):
        if len(names) != 1:
            raise InvalidInput("A column mapping reads one file at a time.")
        return "mapped"
    if fmt == "mapped":
        raise InvalidInput("The mapped format needs a saved column mapping.")
    kinds = [detect_format(h) for h in headers]
    if fmt is None:
        unknown = [n for n, k in zip(names, kinds, strict=True) if k is None]
        if unknown:
            raise InvalidInput(
                f"{', '.join(unknown)}: not a Shopify, WooCommerce, Etsy, eBay or Amazon order "
                "export. Choose the format, or set up a column mapping for this file.")
        fmt = "etsy" if kinds[0] in (ETSY_ORDERS, ETSY_ITEMS) else kinds[0]
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown format '{fmt}'. Use one of: {', '.join(FORMATS)}, mapped.")
    if fmt == "etsy":
        by_kind = dict(zip(kinds, names, strict=True))
        if len(names) != 2 or set(by_kind) != {ETSY_ORDERS, ETSY_ITEMS}:
            raise InvalidInput(_etsy_missing(names, kinds))
    elif len(names) != 1:
        raise InvalidInput(f"A {fmt} import reads one file at a time.")
    assert fmt is not None
    return fmt


def _etsy(sources: Sequence[Source], kinds: list[str | None], tz: tzinfo, currency: str
          ) -> ParseResult:
    by_kind = dict(zip(kinds, sources, strict=True))
    return etsy_orders.parse(by_kind[ETSY_ORDERS], by_kind[ETSY_ITEMS], tz=tz,
                             currency=currency)


_ETSY_NAMES = {ETSY_ORDERS: "Sold Orders (EtsySoldOrders…csv)",
               ETSY_ITEMS: "Sold Order Items (EtsySoldOrderItems…csv)"}
_ETSY_WHERE = "Shop Manager > Settings > Options > Download Data"


def _etsy_missing(names: Sequence[str], kinds: Sequence[str | None]) -> str:
    """What is wrong with the files given for an Etsy import, naming the missing half."""
    what = [f"{n} is Etsy's {_ETSY_NAMES[k]}" if k in _ETSY_NAMES
            else f"{n} is not an Etsy file" for n, k in zip(names, kinds, strict=True)]
    have = {k for k in kinds if k in _ETSY_NAMES}
    if len(have) == 1:
        missing = _ETSY_NAMES[ETSY_ITEMS if ETSY_ORDERS in have else ETSY_ORDERS]
        return (f"{'; '.join(what)}, but its {missing} file is missing. An Etsy import needs "
                f"both files of the same download: Sold Orders has the buyers and totals, Sold "
                f"Order Items the lines. Download both ({_ETSY_WHERE}) and choose them "
                "together.")
    return (f"{'; '.join(what)}. An Etsy import needs exactly two files of the same download, "
            f"'Sold Orders' and 'Sold Order Items' ({_ETSY_WHERE}).")


def parse_paths(paths: Sequence[str], fmt: str | None = None, **kwargs: object) -> ParseResult:
    """parse_sources for files on disk; the file name (not the full path) names it in messages."""
    from pathlib import Path

    sources = []
    for p in paths:
        path = Path(p)
        try:
            sources.append(Source(path.name, path.read_bytes()))
        except OSError as exc:
            raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}") from exc
    return parse_sources(sources, fmt, **kwargs)  # type: ignore[arg-type]
