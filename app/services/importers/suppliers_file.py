"""Supplier price lists as CSV or .xlsx: one row per (supplier, product), or a supplier alone.

Pure: files in, plain records out (and records out to rows); nothing here knows the
database. A bad file is refused whole with every bad cell named by row and column, like
the products file. Money is read in the supplier's currency into minor units.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from app.money import to_decimal_text
from app.services.core.errors import FileProblem
from app.services.importers.csv_text import Source, parse_money, parse_quantity, read_table

# Cells our exports guard with an apostrophe (app/services/core/csv_out.py) start so.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# The models' vocabularies (app/models/suppliers.py), repeated because importers know nothing
# of the mapped classes; a test keeps the two the same.
SUPPLIER_CLASSES = ("strategic", "preferred", "backup", "trial")
INCOTERMS = ("EXW", "FCA", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP")
FREIGHT_BASES = ("kg", "unit")

COLUMNS = ("supplier", "currency", "class", "contact", "email", "payment_terms", "incoterm",
           "active", "notes", "sku", "supplier_sku", "supplier_name", "unit_cost", "pack_size",
           "moq", "production_days", "sea_days", "sea_fast_days", "air_days", "express_days",
           "freight_basis", "sea_freight", "sea_fast_freight", "air_freight", "express_freight",
           "preferred")
_DAYS = ("production_days", "sea_days", "sea_fast_days", "air_days", "express_days")
_FREIGHT = ("sea_freight", "sea_fast_freight", "air_freight", "express_freight")
# Other names the freight columns go by (issue 16): "per unit" is the default basis, a
# "per kg" column sets the basis for its rows.
_ALIASES = {f"{mode}_freight_per_{basis}": f"{mode}_freight"
            for mode in ("sea", "sea_fast", "air", "express") for basis in ("unit", "kg")}
_ALIASES |= {f"fast_sea_freight{end}": "sea_fast_freight"
             for end in ("", "_per_unit", "_per_kg")}
_YES = {"1", "yes", "y", "true", "x"}
_NO = {"", "0", "no", "n", "false"}
MAX_ROWS = 200_000


@dataclass(frozen=True)
class SupplierRecord:
    name: str
    currency: str
    klass: str = "trial"
    contact: str = ""
    email: str = ""
    payment_terms: str = ""
    incoterm: str = "FOB"
    active: bool = True
    notes: str = ""


@dataclass(frozen=True)
class SupplierProductInput:
    """One price-list row: our SKU, theirs, price per unit (minor units, their currency).
    The one definition: app/services/suppliers/catalog.py saves exactly these."""

    sku: str
    supplier_sku: str = ""
    supplier_name: str = ""
    unit_cost_minor: int = 0
    pack_size: int = 1
    moq: int = 0
    production_days: int = 0
    sea_days: int | None = None
    sea_fast_days: int | None = None
    air_days: int | None = None
    express_days: int | None = None
    freight_basis: str = "unit"
    sea_freight_minor: int | None = None
    air_freight_minor: int | None = None
    express_freight_minor: int | None = None
    preferred: bool = False
    # The fast sea liner's own rate; None: charged as slow sea (last, so rows built by
    # position stay as they were).
    sea_fast_freight_minor: int | None = None


@dataclass(frozen=True)
class PriceRecord(SupplierProductInput):
    """A price-list row of a file: the same, and whose price it is."""

    supplier: str = field(kw_only=True)


@dataclass(frozen=True)
class SupplierFile:
    suppliers: tuple[SupplierRecord, ...]
    prices: tuple[PriceRecord, ...]


def _xlsx_rows(name: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # Excel files only

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(name, None, None, f"not a readable .xlsx file ({exc})") from None
    sheet = book.worksheets[0]
    rows: list[list[str]] = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else _cell_text(v) for v in values])
        if len(rows) > MAX_ROWS + 1:
            raise FileProblem(name, None, None, f"more than {MAX_ROWS:,} rows")
    book.close()
    return rows


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def parse_supplier_file(path: Path) -> SupplierFile:
    return parse_supplier_data(path.name, path.read_bytes())


def parse_supplier_data(name: str, data: bytes) -> SupplierFile:
    """Every supplier and price row of a CSV or .xlsx file, or FileProblem naming each bad
    cell (nothing half-read)."""
    if not data.strip():
        raise FileProblem(name, None, None, "the file is empty")
    if data[:2] == b"PK":  # a zip: .xlsx
        grid = _xlsx_rows(name, data)
        header_at = next((i for i, r in enumerate(grid) if any(c.strip() for c in r)), None)
        if header_at is None:
            raise FileProblem(name, None, None, "the file is empty")
        header = [c.strip() for c in grid[header_at]]
        body = [(i + 1, r) for i, r in enumerate(grid) if i > header_at and any(
            c.strip() for c in r)]
    else:
        table = read_table(Source(name, data), max_rows=MAX_ROWS)
        header = list(table.header)
        body = [(row.number, list(row.cells)) for row in table.rows]
    keys = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]
    per_kg = {k for k in keys if k.endswith("_freight_per_kg")}
    per_unit = {k for k in keys if k.endswith("_freight_per_unit")}
    if per_kg and per_unit:
        raise FileProblem(name, 1, sorted(per_kg)[0], "freight is per kg or per unit; this "
                          "header has both kinds of column")
    if per_kg and "freight_basis" in keys:
        raise FileProblem(name, 1, "freight_basis", "a freight_basis column and "
                          "…_freight_per_kg columns say the same thing twice")
    keys = [_ALIASES.get(k, k) for k in keys]
    if per_kg:
        keys.append("freight_basis")
    for needed in ("supplier", "currency"):
        if needed not in keys:
            raise FileProblem(name, 1, needed, f"the header has no '{needed}' column")
    suppliers: dict[str, SupplierRecord] = {}
    prices: list[PriceRecord] = []
    problems: list[FileProblem] = []
    seen: set[tuple[str, str]] = set()
    for number, cells in body:
        values = {k: _unguard(cells[i].strip() if i < len(cells) else "")
                  for i, k in enumerate(keys)}
        if per_kg:
            values["freight_basis"] = "kg"
        try:
            sup, price = _row(name, number, values)
        except FileProblem as exc:
            problems.append(exc)
            continue
        known = suppliers.get(sup.name)
        if known is not None and known.currency != sup.currency:
            problems.append(FileProblem(name, number, "currency", f"{sup.name} is in "
                                        f"{known.currency} on an earlier row, not "
                                        f"{sup.currency}"))
            continue
        if known is None or len(_set_fields(sup)) > len(_set_fields(known)):
            suppliers[sup.name] = sup
        if price is not None:
            if (price.supplier, price.sku) in seen:
                problems.append(FileProblem(name, number, "sku", f"{price.sku} is listed "
                                            f"twice for {price.supplier}"))
                continue
            seen.add((price.supplier, price.sku))
            prices.append(price)
    if problems:
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise FileProblem(name, None, None, f"{len(problems)} bad row(s), nothing imported:"
                          f"\n{shown}{more}")
    return SupplierFile(tuple(suppliers.values()), tuple(prices))


def _unguard(text: str) -> str:
    """Drop the apostrophe our own export puts before a cell that looks like a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def _set_fields(rec: SupplierRecord) -> list[str]:
    return [k for k in ("contact", "email", "payment_terms", "notes") if getattr(rec, k)]


def _row(file: str, row: int, v: dict[str, str]) -> tuple[SupplierRecord, PriceRecord | None]:
    def fail(column: str, why: str) -> FileProblem:
        return FileProblem(file, row, column, why)

    name = v.get("supplier", "")
    if not name:
        raise fail("supplier", "the supplier name is empty")
    currency = v.get("currency", "").upper()
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        raise fail("currency", f"'{currency}' is not a currency code")
    klass = (v.get("class") or "trial").lower().replace("on trial", "trial")
    if klass not in SUPPLIER_CLASSES:
        raise fail("class", f"'{klass}' is not one of {', '.join(SUPPLIER_CLASSES)}")
    incoterm = (v.get("incoterm") or "FOB").upper()
    if incoterm not in INCOTERMS:
        raise fail("incoterm", f"'{incoterm}' is not an Incoterm ({', '.join(INCOTERMS)})")
    sup = SupplierRecord(name, currency, klass, v.get("contact", ""), v.get("email", ""),
                         v.get("payment_terms", ""), incoterm, _flag(fail, v, "active", True),
                         v.get("notes", ""))
    sku = v.get("sku", "")
    if not sku:
        return sup, None

    def whole(key: str, default: int | None) -> int | None:
        text = v.get(key, "")
        if not text:
            return default
        try:
            value = parse_quantity(text)
        except ValueError as exc:
            raise fail(key, str(exc)) from None
        if value < 0:
            raise fail(key, f"{text} is negative")
        return value

    def money(key: str) -> int | None:
        text = v.get(key, "")
        if not text:
            return None
        try:
            minor, cur = parse_money(text, currency)
        except ValueError as exc:
            raise fail(key, str(exc)) from None
        if cur != currency:
            raise fail(key, f"{text} is in {cur}, but {name} invoices in {currency}")
        if minor < 0:
            raise fail(key, f"{text} is negative")
        return minor

    pack = whole("pack_size", 1) or 0
    if pack < 1:
        raise fail("pack_size", "the pack size must be at least 1")
    basis = (v.get("freight_basis") or "unit").lower()
    if basis not in FREIGHT_BASES:
        raise fail("freight_basis", f"'{basis}' is not one of {', '.join(FREIGHT_BASES)}")
    cost = money("unit_cost")
    if cost is None:  # also an Excel formula saved without its value
        raise fail("unit_cost", "the unit cost is empty")
    price = PriceRecord(
        sku, v.get("supplier_sku", ""), v.get("supplier_name", ""), cost, pack, supplier=name,
        moq=whole("moq", 0) or 0, production_days=whole("production_days", 0) or 0,
        sea_days=whole("sea_days", None), sea_fast_days=whole("sea_fast_days", None),
        air_days=whole("air_days", None), express_days=whole("express_days", None),
        freight_basis=basis, sea_freight_minor=money("sea_freight"),
        sea_fast_freight_minor=money("sea_fast_freight"),
        air_freight_minor=money("air_freight"), express_freight_minor=money("express_freight"),
        preferred=_flag(fail, v, "preferred", False))
    return sup, price


def _flag(fail: object, v: dict[str, str], key: str, default: bool) -> bool:
    text = v.get(key, "").lower()
    if not text:
        return default
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise fail(key, f"'{text}' is not yes or no")  # type: ignore[operator]


def _money_text(minor: int | None, currency: str) -> str:
    return "" if minor is None else to_decimal_text(minor, currency)


def record_rows(file: SupplierFile) -> list[list[str]]:
    """The header and one row per price (a supplier with none gets a row of its own)."""
    by_name = {s.name: s for s in file.suppliers}
    rows: list[list[str]] = [list(COLUMNS)]
    priced = set()
    for p in file.prices:
        s = by_name[p.supplier]
        priced.add(s.name)
        rows.append(_supplier_cells(s) + [
            p.sku, p.supplier_sku, p.supplier_name, _money_text(p.unit_cost_minor, s.currency),
            str(p.pack_size), str(p.moq), str(p.production_days),
            *("" if getattr(p, k) is None else str(getattr(p, k)) for k in _DAYS[1:]),
            p.freight_basis, *(_money_text(getattr(p, k + "_minor"), s.currency)
                               for k in _FREIGHT), "yes" if p.preferred else "no"])
    for s in file.suppliers:
        if s.name not in priced:
            rows.append(_supplier_cells(s) + [""] * (len(COLUMNS) - 9))
    return rows


def _supplier_cells(s: SupplierRecord) -> list[str]:
    return [s.name, s.currency, s.klass, s.contact, s.email, s.payment_terms, s.incoterm,
            "yes" if s.active else "no", s.notes]
