"""Every CSV Backroom writes for a spreadsheet: cells that cannot run as formulas.

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip
before one) is read as a formula: `=HYPERLINK(...)` in a product name or `+cmd|' /C calc'!A0`
in an address would run when the owner opens the export. Such a cell gets a leading
apostrophe, which spreadsheets show as "text" and do not display (OWASP's advice on CSV
injection); numbers such as -3 or +1.5 stay numbers. The products import drops the apostrophe
again, so an export imports back as it was.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

FORMULA_START = ("=", "+", "-", "@", "\t", "\r",
                 # the full-width forms, which some spreadsheets read like the ASCII ones
                 "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula; None is an empty cell."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Writer(Protocol):
    def writerow(self, row: Iterable[object], /) -> object: ...


class SafeWriter:
    """csv.writer whose every cell goes through safe_cell."""

    def __init__(self, out: io.TextIOBase | io.StringIO, *, delimiter: str = ",",
                 lineterminator: str = "\r\n") -> None:
        self._writer: _Writer = csv.writer(out, delimiter=delimiter,
                                           lineterminator=lineterminator)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(header: Sequence[str], rows: Iterable[Iterable[object]], *,
             delimiter: str = ",", lineterminator: str = "\r\n") -> str:
    """A whole CSV document as text: the header, then every row, each cell made safe."""
    out = io.StringIO()
    writer = SafeWriter(out, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
