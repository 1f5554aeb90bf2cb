"""Which payout parser reads a file: named by the user (`--format`) or told by its header."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo

from app.services.core.errors import FileProblem
from app.services.importers import (
    csv_text,
    payouts_amazon,
    payouts_ebay,
    payouts_etsy,
    payouts_paypal,
    payouts_shopify,
    payouts_stripe,
    payouts_stripe_balance,
)
from app.services.importers.payouts_records import PayoutFile

Parser = Callable[[csv_text.Source, tzinfo], PayoutFile]
PARSERS: dict[str, Parser] = {
    "shopify-payments": lambda s, tz: payouts_shopify.parse(s, tz=tz),
    "amazon-settlement": lambda s, tz: payouts_amazon.parse(s, tz=tz),
    "paypal": lambda s, tz: payouts_paypal.parse(s, tz=tz),
    "stripe": lambda s, tz: payouts_stripe.parse(s, tz=tz),
    "etsy": lambda s, tz: payouts_etsy.parse(s, tz=tz),
    "ebay": lambda s, tz: payouts_ebay.parse(s, tz=tz),
}
FORMATS = tuple(PARSERS)
# Signature columns, most specific first.
_SIGNATURES = (("amazon-settlement", payouts_amazon.SIGNATURE),
               ("shopify-payments", payouts_shopify.SIGNATURE),
               ("etsy", payouts_etsy.SIGNATURE), ("etsy", payouts_etsy.DEPOSIT_SIGNATURE),
               ("ebay", payouts_ebay.SIGNATURE),
               ("stripe", payouts_stripe_balance.SIGNATURE),
               ("stripe", payouts_stripe.SIGNATURE), ("paypal", payouts_paypal.SIGNATURE))
_PREAMBLE_ROWS = 40  # eBay's report starts with lines about the report before its header


def detect(source: csv_text.Source) -> str:
    """The format whose signature columns the file's header holds all of."""
    table = csv_text.read_table(source, max_rows=1)
    for fmt, columns in _SIGNATURES:
        if all(table.col(c) is not None for c in columns):
            return fmt
    below = payouts_ebay.find_header(csv_text.read_table(source, max_rows=_PREAMBLE_ROWS))
    if all(below.col(c) is not None for c in payouts_ebay.SIGNATURE):
        return "ebay"
    shown = ", ".join(table.header[:6]) or "nothing"
    raise FileProblem(source.name, table.header_row or None, None,
                      f"not a payout report Backroom knows (the header starts: {shown}); "
                      f"name its format, one of: {', '.join(FORMATS)}")


def parse(source: csv_text.Source, fmt: str | None = None, tz: tzinfo = UTC) -> PayoutFile:
    fmt = fmt or detect(source)
    parser = PARSERS.get(fmt)
    if parser is None:
        raise FileProblem(source.name, None, None,
                          f"'{fmt}' is not a payout format; one of: {', '.join(FORMATS)}")
    return parser(source, tz)
