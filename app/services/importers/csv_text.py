"""Reading store CSV exports: decoding, delimiter sniffing, headers, numbers and money."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from app.models.money import exponent

csv.field_size_limit(1 << 24)


@dataclass(frozen=True)
class Source:
    """A file's name (for messages) and its bytes, exactly as read from disk."""

    name: str
    data: bytes


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1")


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

    def __post_init__(self) -> None:
        for i, h in enumerate(self.header):
            self.index.setdefault(norm_header(h), i)

    def col(self, *names: str) -> int | None:
        """Position of the first of `names` present in the header, else None."""
        for n in names:
            i = self.index.get(norm_header(n))
            if i is not None:
                return i
        return None

    def column_name(self, idx: int | None) -> str | None:
        return None if idx is None else self.header[idx]


def read_table(source: Source, delimiter: str | None = None, max_rows: int | None = None) -> Table:
    """Parse a CSV/TSV source. Blank leading records are skipped; the first other is the header."""
    text = decode(source.data)
    delim = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header: tuple[str, ...] = ()
    header_row = 0
    rows: list[Row] = []
    number = 0
    for record in reader:
        number += 1
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
    return Table(source.name, header, header_row, rows, delim)


# --- numbers and money -------------------------------------------------------------------

# Longest first so 'CA$' wins over '$'.
CURRENCY_MARKS: tuple[tuple[str, str], ...] = (
    ("AU $", "AUD"), ("AU$", "AUD"), ("A$", "AUD"), ("C $", "CAD"), ("CA$", "CAD"),
    ("C$", "CAD"), ("US $", "USD"), ("US$", "USD"), ("$", "USD"), ("£", "GBP"), ("€", "EUR"),
    ("¥", "JPY"), ("zł", "PLN"), ("kr", "SEK"), ("CHF", "CHF"),
)
_CODE = re.compile(r"^([A-Z]{3})\s*|\s*([A-Z]{3})$")
_PLAIN = re.compile(r"-?\d+(\.\d+)?")
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
    if not s or not re.fullmatch(r"[\d.,]+", s) or not any(c.isdigit() for c in s):
        raise ValueError(f"'{text.strip()}' is not a number")
    mark = decimal_mark or _guess_mark(s)
    thousands = "," if mark == "." else "."
    if mark in s:
        whole, _, frac = s.rpartition(mark)
        if mark in whole:
            raise ValueError(f"'{text.strip()}' has more than one decimal mark")
    else:
        whole, frac = s, ""
    if thousands in frac or (thousands in whole and not _grouped(whole, thousands)):
        raise ValueError(f"'{text.strip()}' has misplaced thousands separators")
    digits = whole.replace(thousands, "") or "0"
    try:
        value = Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex above already guards
        raise ValueError(f"'{text.strip()}' is not a number") from exc
    return -value if negative else value


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
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more decimals than {currency} allows")
    return int(scaled)


_EXPONENT_CACHE: dict[str, int] = {}
_FAST_MONEY = re.compile(r"(-?)(\d+)(?:\.(\d+))?")


def parse_money(text: str, currency: str, decimal_mark: str | None = None) -> tuple[int, str]:
    """(minor units, currency) from '£3.99', '12,50 €', '1.234,50'. Blank is zero."""
    fast = _FAST_MONEY.fullmatch(text) if decimal_mark != "," else None
    if fast is not None:
        # '12.50' as exports write it: integers only, no Decimal, for 100,000-row files.
        exp = _EXPONENT_CACHE.get(currency)
        if exp is None:
            exp = _EXPONENT_CACHE[currency] = exponent(currency)
        frac = fast.group(3) or ""
        if len(frac) <= exp and (decimal_mark == "." or len(frac) != 3):
            value = int(fast.group(2)) * 10 ** exp + (int(frac.ljust(exp, "0")) if exp else 0)
            return (-value if fast.group(1) else value), currency
    number, mark_currency = split_currency(text)
    if not number:
        if mark_currency:
            raise ValueError(f"'{text.strip()}' has a currency but no amount")
        return 0, currency
    if mark_currency == "USD" and currency in _DOLLAR_CURRENCIES:
        mark_currency = currency  # a bare '$' in a CAD or AUD shop is that shop's dollar
    cur = mark_currency or currency
    return to_minor(parse_decimal(number, decimal_mark), cur), cur


def parse_quantity(text: str) -> int:
    s = text.strip()
    if s.isdigit():
        return int(s)
    try:
        value = parse_decimal(s, ".") if s else None
    except ValueError:
        value = None
    if value is None or value != value.to_integral_value():
        raise ValueError(f"'{s}' is not a whole quantity")
    return int(value)
