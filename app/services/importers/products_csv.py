"""The product catalogue CSV: sku,name,barcodes,price,cost,currency,bin,on_hand (+ extras).

Several barcodes are separated by `|`. Headers match case- and space-insensitively; extra
columns are ignored; every problem is reported with its row and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.services.core.errors import FileProblem

REQUIRED = ("sku", "name")
COLUMNS = ("sku", "name", "barcodes", "price", "cost", "currency", "bin", "on_hand",
           "weight_g", "hs_code", "origin_country", "reorder_point")


@dataclass(frozen=True)
class ProductRecord:
    row: int
    sku: str
    name: str
    barcodes: tuple[str, ...]
    price: Decimal
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


def _decimal(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." in cleaned:  # 1.234,50 or 1,234.50: the last mark is decimal
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    return Decimal(cleaned)


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_products(path: Path, default_currency: str = "EUR") -> list[ProductRecord]:
    """All records of the file, or FileProblem listing every bad row (nothing half-read)."""
    text = read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise FileProblem(path.name, None, None, "the file is empty")
    keys = [_key(h) for h in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise FileProblem(path.name, 1, missing[0],
                          f"required column '{missing[0]}' is missing")
    records, problems = [], []
    for row_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(keys, cells, strict=False))
        try:
            records.append(_record(row_no, values, default_currency, path.name))
        except FileProblem as exc:
            problems.append(exc)
    if problems:
        raise FileProblem(path.name, None, None, f"{len(problems)} bad row(s):\n" +
                          "\n".join(str(p) for p in problems))
    return records


def _record(row: int, v: dict[str, str], currency: str, file: str) -> ProductRecord:
    def get(name: str) -> str:
        return (v.get(name) or "").strip()

    def number(name: str, whole: bool = False) -> Decimal | None:
        text = get(name)
        if not text:
            return None
        try:
            value = _decimal(text)
        except InvalidOperation:
            raise FileProblem(file, row, name, f"{text!r} is not a number") from None
        if value < 0:
            raise FileProblem(file, row, name, f"{text} is negative")
        if whole and value != value.to_integral_value():
            raise FileProblem(file, row, name, f"{text} is not a whole number")
        return value

    if not get("sku"):
        raise FileProblem(file, row, "sku", "the SKU is empty")
    if not get("name"):
        raise FileProblem(file, row, "name", "the name is empty")
    on_hand = number("on_hand", whole=True)
    weight = number("weight_g", whole=True)
    cur = (get("currency") or currency).upper()
    if len(cur) != 3 or not cur.isalpha():
        raise FileProblem(file, row, "currency", f"{cur!r} is not a currency code")
    return ProductRecord(
        row=row, sku=get("sku"), name=get("name"),
        barcodes=tuple(b.strip() for b in get("barcodes").split("|") if b.strip()),
        price=number("price") or Decimal(0), cost=number("cost") or Decimal(0), currency=cur,
        bin=get("bin") or None, on_hand=None if on_hand is None else int(on_hand),
        weight_g=None if weight is None else int(weight), hs_code=get("hs_code") or None,
        origin_country=get("origin_country") or None,
        reorder_point=int(number("reorder_point", whole=True) or 0))


def write_products(rows: Iterable[dict[str, object]], out: io.TextIOBase) -> int:
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n
