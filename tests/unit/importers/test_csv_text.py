"""Decoding, sniffing, numbers and dates of store CSV files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.services.importers import csv_text, dates
from app.services.importers.csv_text import Source


def test_decode_utf8_bom_and_cp1252_give_the_same_text():
    text = "Name;City\r\nZoë Müller;Köln\r\n"
    assert csv_text.decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert csv_text.decode(text.encode("utf-8")) == text
    assert csv_text.decode(text.encode("cp1252")) == text
    assert csv_text.decode(text.encode("utf-16")) == text


@pytest.mark.parametrize(("line", "expected"), [
    ("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("single", ","),
])
def test_sniff_delimiter_ignores_quoted_text(line, expected):
    assert csv_text.sniff_delimiter(line + "\n1,2,3\n") == expected


def test_header_lookup_ignores_case_spaces_and_dashes():
    table = csv_text.read_table(Source("f.csv", b"Lineitem SKU, Order-Id \nA,1\n"))
    assert table.col("lineitem sku") == 0
    assert table.col("order_id") == 1
    assert table.col("missing", "ORDER ID") == 1


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    data = b'\nName,Note\n#1,"two\nlines"\n\n#2,x\n'
    table = csv_text.read_table(Source("f.csv", data))
    assert table.header_row == 2
    assert [(r.number, r.cells[0]) for r in table.rows] == [(3, "#1"), (5, "#2")]


@pytest.mark.parametrize(("text", "mark", "expected"), [
    ("12.50", None, "12.50"), ("1,234.50", None, "1234.50"), ("1.234,50", None, "1234.50"),
    ("12,5", None, "12.5"), ("1.234", ",", "1234"), ("1.234", ".", "1.234"),
    ("1,234", None, "1234"), ("0,500", None, "0.500"), ("-3", None, "-3"),
    ("(2.00)", None, "-2.00"), ("1 234,50", None, "1234.50"), ("1'234.50", None, "1234.50"),
    ("2.00-", None, "-2.00"), ("\u22124,20", None, "-4.20"), ("1.234.567,89", None, "1234567.89"),
])
def test_parse_decimal_reads_both_conventions(text, mark, expected):
    assert csv_text.parse_decimal(text, mark) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,2,3.4.5", "12..5", "1,23,456.00"])
def test_parse_decimal_refuses_garbage(text):
    with pytest.raises(ValueError):
        csv_text.parse_decimal(text, ".")


def _format(value: Decimal, mark: str, group: bool) -> str:
    thousands = "," if mark == "." else "."
    text = f"{abs(value):,f}" if group else f"{abs(value):f}"
    text = text.replace(",", "\0").replace(".", mark).replace("\0", thousands)
    return ("-" if value < 0 else "") + text


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12,
                   places=4),
       st.sampled_from([".", ","]), st.booleans())
def test_any_decimal_formatted_in_either_convention_parses_back(value, mark, group):
    assert csv_text.parse_decimal(_format(value, mark, group), mark) == value


@given(st.integers(min_value=-10**10, max_value=10**10), st.sampled_from([".", ","]),
       st.booleans())
def test_two_decimal_amounts_parse_without_a_hint(cents, mark, group):
    value = Decimal(cents).scaleb(-2)
    assert csv_text.parse_decimal(_format(value, mark, group)) == value


@pytest.mark.parametrize(("text", "minor", "currency"), [
    ("$12.50", 1250, "USD"), ("£3.99", 399, "GBP"), ("12,50 €", 1250, "EUR"),
    ("EUR 1.234,50", 123450, "EUR"), ("AU $5.00", 500, "AUD"), ("", 0, "USD"),
    ("1000", 1000, "JPY"),
])
def test_parse_money_reads_symbols_and_codes(text, minor, currency):
    default = "JPY" if text == "1000" else "USD"
    assert csv_text.parse_money(text, default) == (minor, currency)


def test_bare_dollar_in_a_canadian_shop_is_canadian():
    assert csv_text.parse_money("$5.00", "CAD") == (500, "CAD")


def test_money_finer_than_the_currency_is_refused_not_rounded():
    with pytest.raises(ValueError, match="more decimals"):
        csv_text.parse_money("12.505", "EUR", ".")
    assert csv_text.parse_money("12.500", "EUR", ".") == (1250, "EUR")


@pytest.mark.parametrize(("text", "formats", "expected"), [
    ("2026-11-01 10:00:00 +0100", dates.ISO_FORMATS, datetime(2026, 11, 1, 9, 0, tzinfo=UTC)),
    ("2026-11-02T15:30:00-08:00", dates.ISO_FORMATS, datetime(2026, 11, 2, 23, 30, tzinfo=UTC)),
    ("2026-11-03T08:00:00Z", dates.ISO_FORMATS, datetime(2026, 11, 3, 8, 0, tzinfo=UTC)),
    ("2026-11-03T08:00:00.123+00:00", dates.ISO_FORMATS,
     datetime(2026, 11, 3, 8, 0, 0, 123000, tzinfo=UTC)),
    ("11/01/26", dates.MONTH_FIRST, datetime(2026, 10, 31, 23, 0, tzinfo=UTC)),
    ("Nov-01-26", dates.NAMED_MONTH, datetime(2026, 10, 31, 23, 0, tzinfo=UTC)),
    ("Nov-01-26 10:00:00 PDT", ("%b-%d-%y %H:%M:%S",), datetime(2026, 11, 1, 17, 0, tzinfo=UTC)),
    ("03.11.2026", dates.DAY_FIRST, datetime(2026, 11, 2, 23, 0, tzinfo=UTC)),
])
def test_dates_in_store_formats_become_utc(text, formats, expected):
    # Dates without an offset are read in the store's zone, Europe/Berlin here (UTC+1 in Nov).
    assert dates.parse_datetime(text, ZoneInfo("Europe/Berlin"), formats) == expected


def test_unreadable_date_says_so():
    with pytest.raises(ValueError, match="not a date"):
        dates.parse_datetime("yesterday")


def test_guess_date_formats_tells_day_first_from_month_first():
    assert dates.guess_date_formats(["13/11/2026", "01/12/2026"]) == dates.DAY_FIRST
    assert dates.guess_date_formats(["11/13/2026", "12/01/2026"]) == dates.MONTH_FIRST
    assert dates.guess_date_formats(["01/02/2026"], day_first=True) == dates.DAY_FIRST


def _also_utf8(data: bytes) -> bool:
    """True if some bytes of `data` also read as a multi-byte UTF-8 letter ("Â\xa0")."""
    for i, byte in enumerate(data):
        if byte >= 0xC2:
            for size in (2, 3, 4):
                try:
                    data[i:i + size].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                return True
    return False


text_cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                     max_size=30)


@given(st.lists(st.lists(text_cells, min_size=3, max_size=3), min_size=1, max_size=8),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_csv_round_trip_keeps_every_cell(rows, delimiter, encoding):
    header = ["Order ID", "Name", "Note"]
    if encoding == "cp1252":
        rows = [[c.encode("cp1252", "ignore").decode("cp1252") for c in r] for r in rows]
        # Bytes that are valid UTF-8 too ("Â\xa0" is C2 A0 = a UTF-8 no-break space) make the
        # file read as UTF-8 with a damaged byte (which read_table names), not as cp1252;
        # real cp1252 exports almost never hold such pairs.
        text = "".join(c for r in rows for c in r).encode("cp1252")
        assume(not _also_utf8(text))
    rows = [r for r in rows if any(c.strip() for c in r)]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    table = csv_text.read_table(Source("f.csv", out.getvalue().encode(encoding)), delimiter)
    assert table.header == tuple(header)
    assert [list(r.cells) for r in table.rows] == rows
