"""The product catalogue CSV: sku,name,barcodes,price,cost,currency,bin,on_hand (+ extras).

Several barcodes are separated by `|`. Headers match case- and space-insensitively; extra
columns are ignored; every problem is reported with its row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.services.core.errors import FileProblem
from app.services.importers import limits
from app.services.importers.countries import to_iso2
from app.services.importers.csv_text import Source, read_table, to_minor

REQUIRED = ("sku", "name")
COLUMNS = ("sku", "name", "barcodes", "price", "cost", "currency", "bin", "on_hand",
           "weight_g", "hs_code", "origin_country", "reorder_point")


@dataclass(frozen=True)
class ProductRecord:
    row: int
    sku: str
    name: str
    barcodes: tuple[str, ...]
    price: Decimal     # exact: never finer than the currency allows
    cost: Decimal
    currency: str
    bin: str | None
    on_hand: int | None
    weight_g: int | None = None
    hs_code: str | None = None
    origin_country: str | None = None
    reorder_point: int = 0


def _key(header: str) -> str:
    return header.strip().lower().replace(" ", "_").replace("-", "_").lstrip("\ufeff")


# A number as a spreadsheet writes it: ASCII digits with '.' and ',' (never 'NaN', '1e309').
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")
# What the products export puts before a cell a spreadsheet would run as a formula
# (services/core/csv_out.py); read back, the cell is what it was.
_ESCAPED_FORMULA = ("'=", "'+", "'-", "'@", "'\t", "'\r")
# A barcode is printable ASCII: what a scanner types and Code 128 prints.
_BARCODE = re.compile(r"[!-~]+")


def read_decimal(text: str) -> Decimal:
    """'12,50', '1.234,50', '1,234.50' as typed in a form or a products file; ValueError if
    it is anything else (letters, 'NaN', '1e309', digits other than 0-9)."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    if "," in cleaned and "." in cleaned:  # 1.234,50 or 1,234.50: the last mark is decimal
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


def parse_products(path: Path, default_currency: str = "EUR") -> list[ProductRecord]:
    """All records of the file, or FileProblem listing every bad row (nothing half-read)."""
    return parse_products_data(path.name, path.read_bytes(), default_currency)


def parse_products_data(name: str, data: bytes, default_currency: str = "EUR"
                        ) -> list[ProductRecord]:
    """parse_products for bytes already read; `name` names the file in messages."""
    table = read_table(Source(name, data))
    if not table.header:
        raise FileProblem(name, None, None, "the file is empty")
    keys = [_key(h) for h in table.header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise FileProblem(name, table.header_row, missing[0],
                          f"required column '{missing[0]}' is missing")
    problems = [FileProblem(name, row, table.column_name(col), why)
                for row, col, why in table.problems]
    bad_rows = {p.row for p in problems}
    if table.header_row in bad_rows:
        raise problems[0]
    records = []
    for r in table.rows:
        if r.number in bad_rows:
            continue
        values = dict(zip(keys, r.cells, strict=False))
        try:
            records.append(_record(r.number, values, default_currency, name))
        except FileProblem as exc:
            problems.append(exc)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise FileProblem(name, None, None, f"{len(problems)} bad row(s):\n" +
                          "\n".join(str(p) for p in problems))
    return records


def _record(row: int, v: dict[str, str], currency: str, file: str) -> ProductRecord:
    def get(name: str) -> str:
        text = (v.get(name) or "").strip()
        if text.startswith(_ESCAPED_FORMULA):
            text = text[1:]
        # Barcodes are checked one by one, a country once turned into its code.
        limit = limits.PRODUCT_TEXT.get(name)
        why = limits.text_problem(text, limit.length if limit else 100)
        if why is not None and name not in ("barcodes", "origin_country"):
            raise FileProblem(file, row, name, why)
        return text

    def number(name: str, top: int, whole: bool = False) -> Decimal | None:
        text = get(name)
        if not text:
            return None
        try:
            value = read_decimal(text)
        except ValueError:
            hint = (": write it with the digits 0-9"
                    if any(c.isdigit() and not c.isascii() for c in text) else "")
            raise FileProblem(file, row, name,
                              f"'{limits.shown(text)}' is not a number{hint}") from None
        if value < 0:
            raise FileProblem(file, row, name, f"{text} is negative")
        if whole and value != value.to_integral_value():
            raise FileProblem(file, row, name, f"{text} is not a whole number")
        if whole and value > top:
            raise FileProblem(file, row, name, f"{limits.shown(text)} is more than "
                              f"Backroom keeps here (at most {top:,})")
        return value

    def money(name: str, cur: str) -> Decimal:
        value = number(name, 0)
        if value is None:
            return Decimal(0)
        try:
            to_minor(value, cur)  # refuses 12.345 EUR and amounts past the money columns
        except ValueError as exc:
            raise FileProblem(file, row, name, str(exc)) from None
        return value

    if not get("sku"):
        raise FileProblem(file, row, "sku", "the SKU is empty")
    if not get("name"):
        raise FileProblem(file, row, "name", "the name is empty")
    on_hand = number("on_hand", limits.MAX_QUANTITY, whole=True)
    weight = number("weight_g", limits.MAX_WEIGHT_G, whole=True)
    cur = (get("currency") or currency).upper()
    if len(cur) != 3 or not (cur.isascii() and cur.isalpha()):
        raise FileProblem(file, row, "currency", f"'{limits.shown(cur)}' is not a currency code")
    origin = get("origin_country")
    if origin:
        origin = to_iso2(origin)
        if len(origin) != 2 or not (origin.isascii() and origin.isalpha()):
            raise FileProblem(file, row, "origin_country", f"'{limits.shown(origin)}' is not "
                              "a country; write its two-letter code (DE, US, CN)")
    codes = tuple(b.strip() for b in (v.get("barcodes") or "").split("|") if b.strip())
    for code in codes:
        why = limits.text_problem(code, limits.PRODUCT_TEXT["barcodes"].length)
        if why is None and not _BARCODE.fullmatch(code):
            why = (f"barcode '{limits.shown(code)}' holds characters a scanner cannot send "
                   "(use digits, letters and ASCII signs)")
        if why is not None:
            raise FileProblem(file, row, "barcodes", why)
    return ProductRecord(
        row=row, sku=get("sku"), name=get("name"), barcodes=codes,
        price=money("price", cur), cost=money("cost", cur), currency=cur,
        bin=get("bin") or None, on_hand=None if on_hand is None else int(on_hand),
        weight_g=None if weight is None else int(weight), hs_code=get("hs_code") or None,
        origin_country=origin.upper() or None,
        reorder_point=int(number("reorder_point", limits.MAX_QUANTITY, whole=True) or 0))
