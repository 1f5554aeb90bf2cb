"""Reading store CSV exports: decoding, delimiter sniffing, headers, numbers and money."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from app.money import exponent
from app.services.core.errors import FileProblem
from app.services.importers.limits import MAX_MINOR, MAX_QUANTITY, shown

# No cell of a store export comes near a megabyte (order notes are kept to 10,000
# characters); a longer one is a broken file, most often a quote that is never closed.
FIELD_LIMIT = 1 << 20
csv.field_size_limit(FIELD_LIMIT)


@dataclass(frozen=True)
class Source:
    """A file's name (for messages) and its bytes, exactly as read from disk."""

    name: str
    data: bytes


# One well-formed multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# What surrogateescape makes of a byte that is not UTF-8: U+DC80..U+DCFF.
_ESCAPED = re.compile("[\udc80-\udcff]")


def _decode_marked(data: bytes) -> tuple[str, bool]:
    """(text, damaged). Damaged text is UTF-8 whose bad bytes are kept as U+DC80..U+DCFF.

    The rule: a file that is valid UTF-8 is UTF-8. A file with bad bytes that still holds at
    least one well-formed multi-byte UTF-8 sequence ("ë" as C3 AB) is UTF-8 with damage, never
    Windows-1252: read as 1252 its good letters would all turn to "Ã«" without a word. Only a
    file with no multi-byte UTF-8 sequence at all is read as Windows-1252 (what Excel saves).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        return data.decode("utf-8", errors="surrogateescape"), True
    try:
        return data.decode("cp1252"), False
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1"), False


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Bytes of a damaged UTF-8 file come back as U+FFFD; read_table names their rows.
    """
    text, damaged = _decode_marked(data)
    return _ESCAPED.sub("\ufffd", text) if damaged else text


def bad_bytes(cell: str) -> str | None:
    """Why a cell of a damaged file cannot be read ("byte 0xC3 is not UTF-8"), or None."""
    hit = _ESCAPED.search(cell)
    if hit is None:
        return None
    byte = ord(hit.group()) - 0xDC00
    return (f"byte 0x{byte:02X} is not UTF-8, though the rest of the file is; the text reads "
            f"'{shown(_ESCAPED.sub(chr(0xFFFD), cell.strip()))}'. Fix the cell, or save the "
            "file again as UTF-8")


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: whichever of , ; tab occurs most outside quotes."""
    for line in text.splitlines():
        if line.strip().strip(",;\t"):
            break
    else:
        return ","
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def norm_header(name: str) -> str:
    """Header key that ignores case, spaces, '_' and '-' ('Lineitem SKU' == 'lineitem-sku')."""
    return re.sub(r"[\s_\-]+", "", name.replace("\ufeff", "")).lower()


@dataclass(frozen=True)
class Row:
    """A data record; `number` is the row a spreadsheet shows (multi-line cells count once)."""

    number: int
    cells: tuple[str, ...]


@dataclass
class Table:
    name: str
    header: tuple[str, ...]
    header_row: int
    rows: list[Row]
    delimiter: str = ","
    index: dict[str, int] = field(default_factory=dict)
    # (row, column index or None, reason) for cells that could not be read (bad bytes).
    problems: list[tuple[int, int | None, str]] = field(default_factory=list)
    # A batch of a streamed file: the file's first rows (see head).
    first_rows: list[Row] | None = None

    def __post_init__(self) -> None:
        for i, h in enumerate(self.header):
            self.index.setdefault(norm_header(h), i)

    def head(self, n: int) -> list[Row]:
        """The file's first `n` rows, to settle how it writes numbers and dates: a batch of a
        streamed file (see stream_table) asks the file's start, not its own."""
        return (self.first_rows if self.first_rows is not None else self.rows)[:n]

    def col(self, *names: str) -> int | None:
        """Position of the first of `names` present in the header, else None."""
        for n in names:
            i = self.index.get(norm_header(n))
            if i is not None:
                return i
        return None

    def column_name(self, idx: int | None) -> str | None:
        if idx is None or idx >= len(self.header):
            return None if idx is None else f"column {idx + 1}"  # a cell past the header
        return self.header[idx]


# A line with its ending as csv wants it (\r\n, \r or \n, as io.StringIO(newline="") splits).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def read_table(source: Source, delimiter: str | None = None, max_rows: int | None = None) -> Table:
    """Parse a CSV/TSV source. Blank leading records are skipped; the first other is the header.

    A cell holding a byte that is not UTF-8 (in an otherwise UTF-8 file) is kept with U+FFFD
    in its place and listed in the table's `problems` with its row and column. A record the
    csv module cannot read (a cell over FIELD_LIMIT) raises FileProblem naming its row.
    """
    text, damaged = _decode_marked(source.data)
    delim = delimiter or sniff_delimiter(text)
    # Lines handed to csv one at a time: io.StringIO would hold a second copy of the text at
    # four bytes a character (165 MB more for a 58 MB export).
    reader = csv.reader((m.group() for m in _LINE.finditer(text)), delimiter=delim)
    header: tuple[str, ...] = ()
    header_row = 0
    rows: list[Row] = []
    problems: list[tuple[int, int | None, str]] = []
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FileProblem(source.name, number + 1, None, _csv_error(exc)) from None
        number += 1
        if damaged and _ESCAPED.search("".join(record)):
            for i, cell in enumerate(record):
                why = bad_bytes(cell)
                if why is not None:
                    problems.append((number, i, why))
            record = [_ESCAPED.sub("\ufffd", c) for c in record]
        if not header:
            if any(c.strip() for c in record):
                header = tuple(c.replace("\ufeff", "").strip() for c in record)
                header_row = number
            continue
        if not "".join(record).strip():
            continue
        rows.append(Row(number, tuple(record)))
        if max_rows is not None and len(rows) >= max_rows:
            break
    return Table(source.name, header, header_row, rows, delim, problems=problems)


class NotStreamable(Exception):  # noqa: N818 - a signal to read the file whole, not an error
    """The file cannot be read in one pass row by row: it is not plain UTF-8 (read_table
    decides between damaged UTF-8 and Windows-1252 from the whole file), or an order's rows
    are not together. Its reader reads it whole instead."""


@dataclass
class RowStream:
    """A file read row by row: its header now, its rows as they are asked for.

    `table` holds the header (its rows stay empty); `consumed()` is how many bytes of the
    file have been read, for progress.
    """

    table: Table
    rows: Iterator[Row]
    consumed: Callable[[], int]
    size: int
    close: Callable[[], None]


def stream_table(name: str, raw: io.BufferedReader, size: int,
                 delimiter: str | None = None) -> RowStream:
    """read_table's rows one at a time from an open binary file, for files of any size.

    Only UTF-8 (with or without BOM) is read this way; anything else raises NotStreamable,
    at once or at the first byte that is not UTF-8, and the caller reads the file whole with
    read_table, which tells damaged UTF-8 from Windows-1252 by the whole file.
    """
    start = raw.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotStreamable(f"{name} is UTF-16")
    raw.seek(0)
    # The wrapper owns `raw` from here: closing the stream closes both.
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    try:
        delim = delimiter or sniff_delimiter(text.read(256 * 1024))
    except UnicodeDecodeError:
        text.close()
        raise NotStreamable(f"{name} is not UTF-8") from None
    text.seek(0)
    reader = csv.reader(text, delimiter=delim)
    number = 0

    def records() -> Iterator[tuple[int, list[str]]]:
        nonlocal number
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileProblem(name, number + 1, None, _csv_error(exc)) from None
            except UnicodeDecodeError:
                raise NotStreamable(f"{name} is not UTF-8") from None
            number += 1
            yield number, record

    found = records()
    header: tuple[str, ...] = ()
    header_row = 0
    for n, record in found:
        if any(c.strip() for c in record):
            header = tuple(c.replace("\ufeff", "").strip() for c in record)
            header_row = n
            break

    def rows() -> Iterator[Row]:
        for n, record in found:
            # A blank line (or one of blank cells) is no row; most rows' first cell says so.
            if (record and record[0].strip()) or "".join(record).strip():
                yield Row(n, tuple(record))

    return RowStream(Table(name, header, header_row, [], delim), rows(), raw.tell, size,
                     text.close)


def _csv_error(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a cell is longer than {FIELD_LIMIT:,} characters, which no export holds; "
                "most often a quote (\") opens a cell and is never closed")
    return f"the line cannot be read as CSV ({exc})"


# --- numbers and money -------------------------------------------------------------------

# Longest first so 'CA$' wins over '$'.
CURRENCY_MARKS: tuple[tuple[str, str], ...] = (
    ("AU $", "AUD"), ("AU$", "AUD"), ("A$", "AUD"), ("C $", "CAD"), ("CA$", "CAD"),
    ("C$", "CAD"), ("US $", "USD"), ("US$", "USD"), ("$", "USD"), ("£", "GBP"), ("€", "EUR"),
    ("¥", "JPY"), ("zł", "PLN"), ("kr", "SEK"), ("CHF", "CHF"),
)
_CODE = re.compile(r"^([A-Z]{3})\s*|\s*([A-Z]{3})$")
_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'’")
_DOLLAR_CURRENCIES = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"}


def split_currency(text: str) -> tuple[str, str | None]:
    """('12.50', 'GBP') from '£12.50'; ('12,50', 'EUR') from '12,50 EUR'; marks anywhere."""
    s = text.strip()
    if not s or s[0].isdigit() and s[-1].isdigit():
        return s, None
    for mark, code in CURRENCY_MARKS:
        if mark in s:
            return s.replace(mark, "", 1).strip(), code
    m = _CODE.search(s)
    if m:
        return (s[: m.start()] + s[m.end():]).strip(), m.group(1) or m.group(2)
    return s, None


def parse_decimal(text: str, decimal_mark: str | None = None) -> Decimal:
    """An exact Decimal from store/spreadsheet text: '1,234.50', '1.234,50', '-3', '(2.00)'.

    `decimal_mark` ('.' or ',') settles '1,234' vs '1.234'; without it a lone separator
    followed by exactly three digits is read as a thousands separator (money has two decimals).
    """
    s = text.strip()
    if _PLAIN.fullmatch(s) and (decimal_mark == "." or "." not in s):
        return Decimal(s)  # the common case, kept fast for 100,000-row files
    s = s.translate(_SPACES).replace("\u2212", "-")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.endswith("-"):
        negative, s = True, s[:-1]
    if s.startswith(("-", "+")):
        negative, s = negative or s[0] == "-", s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not any(c.isdigit() for c in s):
        raise ValueError(_not_a_number(text))
    mark = decimal_mark or _guess_mark(s)
    thousands = "," if mark == "." else "."
    if mark in s:
        whole, _, frac = s.rpartition(mark)
        if mark in whole:
            raise ValueError(f"'{shown(text.strip())}' has more than one decimal mark")
    else:
        whole, frac = s, ""
    if thousands in frac or (thousands in whole and not _grouped(whole, thousands)):
        raise ValueError(f"'{shown(text.strip())}' has misplaced thousands separators")
    digits = whole.replace(thousands, "") or "0"
    try:
        value = Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex above already guards
        raise ValueError(_not_a_number(text)) from exc
    return -value if negative else value


def _not_a_number(text: str) -> str:
    s = text.strip()
    if any(c.isdigit() and not c.isascii() for c in s):
        # Arabic-Indic, superscript, full-width digits: int() reads some and not others.
        return f"'{shown(s)}' is not a number: write it with the digits 0-9"
    return f"'{shown(s)}' is not a number"


def _grouped(whole: str, sep: str) -> bool:
    parts = whole.split(sep)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _guess_mark(s: str) -> str:
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        return "." if s.rfind(".") > s.rfind(",") else ","
    sep = "." if has_dot else "," if has_comma else "."
    if s.count(sep) > 1:
        return "," if sep == "." else "."
    whole, _, frac = s.partition(sep)
    if len(frac) == 3 and whole and whole != "0" and len(whole) <= 3:
        return "," if sep == "." else "."
    return sep


def guess_decimal_mark(values: Sequence[str]) -> str | None:
    """The decimal mark a column of numbers settles on, or None when no value decides it."""
    for v in values:
        s = split_currency(v)[0].translate(_SPACES)
        if "." in s and "," in s:
            return "." if s.rfind(".") > s.rfind(",") else ","
        for sep in ".,":
            if s.count(sep) == 1 and len(s.partition(sep)[2]) in (1, 2):
                return sep
    return None


def to_minor(value: Decimal, currency: str) -> int:
    """Integer minor units; refuses amounts finer than the currency allows (no silent rounding)."""
    if not value.is_finite():
        raise ValueError(f"{value} is not an amount")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{shown(str(value))} has more decimals than {currency} allows")
    if abs(scaled) > MAX_MINOR:
        raise ValueError(f"{shown(str(value))} {currency} is more than Backroom keeps "
                         f"(at most {Decimal(MAX_MINOR).scaleb(-exponent(currency)):,})")
    return int(scaled)


_EXPONENT_CACHE: dict[str, int] = {}
_FAST_MONEY = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")


# A file's amounts repeat (prices, shipping, zeros): remembered, a repeat costs one lookup.
# Pure in its arguments; an amount that raises is not remembered and raises again.
@lru_cache(maxsize=1 << 16)
def parse_money(text: str, currency: str, decimal_mark: str | None = None) -> tuple[int, str]:
    """(minor units, currency) from '£3.99', '12,50 €', '1.234,50'. Blank is zero."""
    fast = _FAST_MONEY.fullmatch(text) if decimal_mark != "," else None
    if fast is not None:
        # '12.50' as exports write it: integers only, no Decimal, for 100,000-row files.
        exp = _EXPONENT_CACHE.get(currency)
        if exp is None:
            exp = _EXPONENT_CACHE[currency] = exponent(currency)
        frac = fast.group(3) or ""
        if len(frac) <= exp and (decimal_mark == "." or len(frac) != 3) and len(text) < 16:
            value = int(fast.group(2)) * 10 ** exp + (int(frac.ljust(exp, "0")) if exp else 0)
            if value <= MAX_MINOR:
                return (-value if fast.group(1) else value), currency
    number, mark_currency = split_currency(text)
    if not number:
        if mark_currency:
            raise ValueError(f"'{shown(text.strip())}' has a currency but no amount")
        return 0, currency
    if mark_currency == "USD" and currency in _DOLLAR_CURRENCIES:
        mark_currency = currency  # a bare '$' in a CAD or AUD shop is that shop's dollar
    cur = mark_currency or currency
    return to_minor(parse_decimal(number, decimal_mark), cur), cur


def parse_quantity(text: str) -> int:
    """A whole number of units, written with the digits 0-9, at most MAX_QUANTITY."""
    s = text.strip()
    value: Decimal | None
    if s.isascii() and s.isdigit() and len(s) < 10:
        value = Decimal(int(s))
    else:
        try:
            value = parse_decimal(s, ".") if s else None
        except ValueError as exc:
            if any(c.isdigit() and not c.isascii() for c in s):
                raise ValueError(f"'{shown(s)}' is not a whole quantity: write it with the "
                                 "digits 0-9") from exc
            value = None
        if value is None or value != value.to_integral_value():
            raise ValueError(f"'{shown(s)}' is not a whole quantity")
    if abs(value) > MAX_QUANTITY:
        raise ValueError(f"{shown(s)} is more units than Backroom keeps on one line "
                         f"(at most {MAX_QUANTITY:,})")
    return int(value)
