"""Which returns file this is: the parser is picked by the file's header."""

from __future__ import annotations

from app.services.importers import csv_text, returns_amazon, returns_shopify
from app.services.importers.csv_text import Source, Table
from app.services.importers.order_records import RowProblem
from app.services.importers.returns_records import ReturnFile

FORMATS = "an Amazon returns report, an Amazon FBA customer returns report or a Shopify " \
          "orders export"


def parse_returns(source: Source) -> ReturnFile:
    """Read any returns file Backroom knows, picking the parser by the file's header."""
    table = csv_text.read_table(source)
    for module in (returns_amazon, returns_shopify):
        for _fmt, signature, parse_table in module.PARSERS:
            if all(table.col(name) is not None for name in signature):
                result: ReturnFile = parse_table(table)
                return result
    return unknown(table)


def unknown(table: Table) -> ReturnFile:
    if not table.header:
        return ReturnFile("", "", (), (RowProblem(table.name, None, None,
                                                  "the file is empty"),))
    return ReturnFile("", "", (), (RowProblem(
        table.name, table.header_row, None,
        f"this is not a returns file Backroom knows (expected {FORMATS})"),))
