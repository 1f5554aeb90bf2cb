"""Counts from a CSV (sku, bin, quantity) made on a phone or in a spreadsheet; all or nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.models import (
    Barcode,
    CountBin,
    CountLine,
    CountScope,
    Location,
    Product,
    StockLevel,
    utcnow,
)
from app.models.counts import CountBinLevel
from app.models.stock import INTERNAL_KINDS
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import FileProblem
from app.services.core.messages import QT_TRANSLATE_NOOP, Message
from app.services.counts.counting import open_count, take_snapshots
from app.services.importers import limits
from app.services.importers.csv_text import Source, read_table

T = TypeVar("T")

HEADERS = {"sku": ("sku", "code", "barcode", "item"), "bin": ("bin", "location", "loc"),
           "quantity": ("quantity", "qty", "count", "counted")}


@dataclass(frozen=True)
class CountRow:
    row: int          # the spreadsheet's row number (the header is row 1)
    code: str
    bin: str
    quantity: int


@dataclass(frozen=True)
class ImportResult:
    rows: int
    lines: int
    units: int


class CountFileProblems(FileProblem):
    """Every problem found in a count file; the first one is the FileProblem's own."""

    def __init__(self, problems: list[FileProblem]) -> None:
        first = problems[0]
        super().__init__(first.file, first.row, first.column, first.reason)
        self.problems = problems
        if len(problems) > 1:
            more = [Message(QT_TRANSLATE_NOOP("messages", "row {row}, column '{column}': {reason}"),
                            row=p.row, column=p.column, reason=p.reason)
                    for p in problems[1:10]]
            if len(problems) > 10:
                self.message = Message(QT_TRANSLATE_NOOP("messages",
                    "{first}; {more} (and {extra} more)"), first=self.message, more=more,
                    extra=len(problems) - 10)
            else:
                self.message = Message(QT_TRANSLATE_NOOP("messages", "{first}; {more}"),
                                       first=self.message, more=more)
            self.args = (self.message,)


def _quantity(text: str) -> int | str:
    """The counted units, or why the text is not a count."""
    if text.isdigit() and text.isascii() and len(text) <= 9:  # most rows: plain digits
        units = int(text)
        if units <= limits.MAX_QUANTITY:
            return units
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    for suffix in (".0", ",0", ".00", ",00"):   # what Excel makes of a whole number
        text = text.removesuffix(suffix) if text.endswith(suffix) else text
    if not (text.isascii() and text.isdigit()):
        if any(c.isdigit() and not c.isascii() for c in text):
            return Message(QT_TRANSLATE_NOOP("messages",
                "'{text}' is not a whole number of 0 or more: write it with the digits 0-9"),
                text=limits.shown(text))
        return Message(QT_TRANSLATE_NOOP("messages",
            "'{text}' is not a whole number of 0 or more"), text=limits.shown(text))
    if len(text) > 9 or int(text) > limits.MAX_QUANTITY:
        return Message(QT_TRANSLATE_NOOP("messages",
            "{text} is more than Backroom counts in one bin (at most {most:,})"),
            text=limits.shown(text), most=limits.MAX_QUANTITY)
    return int(text)


def parse_count_csv(name: str, data: bytes) -> list[CountRow]:
    """The rows of a count file; raises CountFileProblems naming every bad row and column."""
    try:
        table = read_table(Source(name, data))
    except FileProblem as exc:
        raise CountFileProblems([exc]) from None
    if not table.header:
        raise CountFileProblems([FileProblem(name, None, None, Message(QT_TRANSLATE_NOOP(
            "messages", "the file is empty")))])
    names = [h.strip().lower() for h in table.header]
    where: dict[str, int] = {}
    for key, aliases in HEADERS.items():
        for i, h in enumerate(names):
            if h in aliases:
                where[key] = i
                break
    missing = [k for k in HEADERS if k not in where]
    if missing:
        raise CountFileProblems([FileProblem(name, table.header_row, k, Message(
            QT_TRANSLATE_NOOP("messages",
                              "column missing; the header must name sku, bin and quantity")))
            for k in missing])
    rows: list[CountRow] = []
    problems = [FileProblem(name, row, table.column_name(col), why)
                for row, col, why in table.problems]
    damaged = {p.row for p in problems}
    columns = list(where.items())
    for r in table.rows:
        cells, n = r.cells, len(r.cells)
        values = {k: cells[i].strip() if i < n else "" for k, i in columns}
        bad = r.number in damaged
        for key in ("sku", "bin"):
            why = (limits.text_problem(values[key], limits.MAX_CODE) if values[key]
                   else Message(QT_TRANSLATE_NOOP("messages", "empty")))
            if why is not None:
                problems.append(FileProblem(name, r.number, key, why))
                bad = True
        qty = _quantity(values["quantity"])
        if isinstance(qty, str):
            problems.append(FileProblem(name, r.number, "quantity", qty))
            bad = True
        if not bad and isinstance(qty, int):
            rows.append(CountRow(r.number, values["sku"], values["bin"].upper(), qty))
    if problems:
        raise CountFileProblems(sorted(problems, key=lambda p: p.row or 0))
    if not rows:
        raise CountFileProblems([FileProblem(name, None, None, Message(QT_TRANSLATE_NOOP(
            "messages", "no counts in the file")))])
    return rows


def import_counts(session: Session, count_id: int, path: Path, *, actor: Actor) -> ImportResult:
    """Set the counted quantity of every (sku, bin) in the file; rows for the same pair add up.

    Everything is checked before anything is written, so a bad file changes nothing. It does
    what `counting.set_counted` does for each pair (begin the bin, make the line, stamp it),
    but for the whole file in a handful of set-based statements instead of ~10 per line.
    """
    count = open_count(session, count_id)
    rows = parse_count_csv(path.name, Path(path).read_bytes())
    products = _products_for(session, {r.code for r in rows})
    bins = dict(session.execute(select(Location.code, Location.id).where(
        Location.code.in_({r.bin for r in rows}), Location.kind.in_(INTERNAL_KINDS))).all())
    scope = session.execute(select(CountScope.location_id, CountScope.product_id).where(
        CountScope.count_id == count.id)).all()
    scope_bins = {loc for loc, _ in scope if loc is not None}
    scope_products = {p for _, p in scope if p is not None}
    problems: list[FileProblem] = []
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for r in rows:
        product = products.get(r.code)
        if product is None:
            problems.append(FileProblem(path.name, r.row, "sku", Message(QT_TRANSLATE_NOOP(
                "messages", "no product '{code}'"), code=limits.shown(r.code))))
        elif scope_products and product not in scope_products:
            problems.append(FileProblem(path.name, r.row, "sku", Message(QT_TRANSLATE_NOOP(
                "messages", "{code} is not counted in {reference}"), code=r.code,
                reference=count.reference)))
        if r.bin not in bins:
            problems.append(FileProblem(path.name, r.row, "bin", Message(QT_TRANSLATE_NOOP(
                "messages", "no bin '{code}'"), code=limits.shown(r.bin))))
        elif scope_bins and bins[r.bin] not in scope_bins:
            problems.append(FileProblem(path.name, r.row, "bin", Message(QT_TRANSLATE_NOOP(
                "messages", "{code} is not in {reference}"), code=r.bin,
                reference=count.reference)))
        if product is not None and r.bin in bins:
            key = (bins[r.bin], product)
            totals[key] += r.quantity
            if totals[key] > limits.MAX_QUANTITY >= totals[key] - r.quantity:
                problems.append(FileProblem(path.name, r.row, "quantity", Message(
                    QT_TRANSLATE_NOOP("messages",
                                      "the rows for {code} in {bin} add up to more than {most:,}"),
                    code=limits.shown(r.code), bin=r.bin, most=limits.MAX_QUANTITY)))
    if problems:
        raise CountFileProblems(problems)
    _begin_bins(session, count.id, {loc for loc, _ in totals}, scope_products, actor)
    _write_counts(session, count.id, totals, actor)
    audit.record(session, actor, "stock_count", count.id, "imported", file=path.name,
                 rows=len(rows))
    return ImportResult(len(rows), len(totals), sum(totals.values()))


# Values per IN (...) list: far below SQLite's and PostgreSQL's limits on bound parameters.
_CHUNK = 5000


def _chunks(values: Iterable[T]) -> Iterator[list[T]]:
    items = list(values)
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _products_for(session: Session, codes: set[str]) -> dict[str, int]:
    """Product id per code, as catalog.find_by_barcode finds it (a barcode, a UPC-A as its
    EAN-13, else the SKU), for every code of the file in a few queries."""
    def candidates(code: str) -> list[str]:
        return [code, "0" + code] if code.isdigit() and len(code) == 12 else [code]

    wanted = {c for code in codes for c in candidates(code)}
    by_barcode = _lookup(session, Barcode.code, Barcode.product_id, wanted)
    found = {code: next((by_barcode[c] for c in candidates(code) if c in by_barcode), None)
             for code in codes}
    rest = {code for code, product in found.items() if product is None}
    by_sku = _lookup(session, Product.sku, Product.id, rest)
    return {code: product for code, product in
            ((code, found[code] if found[code] is not None else by_sku.get(code))
             for code in codes) if product is not None}


def _lookup(session: Session, key: InstrumentedAttribute[str],
            value: InstrumentedAttribute[int], wanted: set[str]) -> dict[str, int]:
    """value per key for the wanted keys. Many keys: one pass over the table, which costs
    less than binding thousands of values into IN lists (and a count file names most of a
    store's products anyway)."""
    if not wanted:
        return {}
    if len(wanted) <= _CHUNK:
        return dict(session.execute(select(key, value).where(key.in_(wanted))).all())
    return {k: v for k, v in session.execute(select(key, value)).all() if k in wanted}


def _begin_bins(session: Session, count_id: int, locations: set[int],
                scope_products: set[int], actor: Actor) -> set[int]:
    """Begin every bin of the file not begun yet (its snapshot: the lines it holds now), as
    counting's _begin does one bin at a time. Returns the bins that were begun before."""
    begun: set[int] = set()
    for part in _chunks(locations):
        begun.update(session.scalars(select(CountBin.location_id).where(
            CountBin.count_id == count_id, CountBin.location_id.in_(part))))
    new = sorted(locations - begun)
    if not new:
        return begun
    session.execute(insert(CountBin), [
        {"count_id": count_id, "location_id": loc, "started_by": actor.user,
         "station": actor.station} for loc in new])
    in_scope = (StockLevel.product_id.in_(select(CountScope.product_id).where(
        CountScope.count_id == count_id, CountScope.product_id.is_not(None)))
        if scope_products else None)
    snap = CountBinLevel
    for part in _chunks(new):
        take_snapshots(session, count_id, part, in_scope)
        # Lines made before their bin was begun take what the snapshot holds (or 0).
        held = select(snap.on_hand).where(
            snap.count_id == count_id, snap.location_id == CountLine.location_id,
            snap.product_id == CountLine.product_id)
        session.execute(update(CountLine).where(
            CountLine.count_id == count_id, CountLine.location_id.in_(part)).values(
            expected=func.coalesce(held.scalar_subquery(), 0)),
            execution_options={"synchronize_session": False})
        # ...and every product the bin holds gets a line.
        stocked = select(literal(count_id), snap.location_id, snap.product_id,
                         snap.on_hand, literal(0)).where(
            snap.count_id == count_id, snap.location_id.in_(part), snap.on_hand > 0,
            ~select(CountLine.id).where(
                CountLine.count_id == count_id, CountLine.location_id == snap.location_id,
                CountLine.product_id == snap.product_id).exists())
        session.execute(insert(CountLine).from_select(
            ["count_id", "location_id", "product_id", "expected", "moves_since"], stocked))
    return begun


def _write_counts(session: Session, count_id: int, totals: dict[tuple[int, int], int],
                  actor: Actor) -> None:
    """Stamp each (bin, product) with its counted units, making the lines the bins' snapshots
    did not have: expected is what the bin held at its snapshot."""
    locations = {loc for loc, _ in totals}
    lines: dict[tuple[int, int], int] = {}
    for part in _chunks(locations):
        lines.update({(loc, product): line for line, loc, product in session.execute(
            select(CountLine.id, CountLine.location_id, CountLine.product_id).where(
                CountLine.count_id == count_id, CountLine.location_id.in_(part))).all()})
    missing = [key for key in totals if key not in lines]
    now = utcnow()
    stamp = {"counted_at": now, "counted_by": actor.user, "station": actor.station}
    if missing:
        # Lines the snapshots did not make: expected is what the snapshot recorded (or 0).
        held: dict[tuple[int, int], int] = {}
        products = {p for _, p in missing}
        for part in _chunks({loc for loc, _ in missing}):
            for loc, product, units in session.execute(select(
                    CountBinLevel.location_id, CountBinLevel.product_id,
                    CountBinLevel.on_hand).where(CountBinLevel.count_id == count_id,
                                                 CountBinLevel.location_id.in_(part))).all():
                if product in products:
                    held[(loc, product)] = units
        session.execute(insert(CountLine), [
            {"count_id": count_id, "location_id": loc, "product_id": product,
             "expected": held.get((loc, product), 0),
             "moves_since": 0, "counted": totals[(loc, product)], **stamp}
            for loc, product in missing])
    if len(missing) < len(totals):
        at = _driver_value(session, CountLine.counted_at, now)
        _executemany(session, "UPDATE count_lines SET counted = ?, counted_at = ?, "
                     "counted_by = ?, station = ? WHERE id = ?",
                     [(units, at, actor.user, actor.station, lines[key])
                      for key, units in totals.items() if key in lines])


def _driver_value(session: Session, column: InstrumentedAttribute[Any], value: object) -> object:
    """`value` as SQLAlchemy would hand it to the driver for `column` (e.g. a datetime)."""
    process = column.type.bind_processor(session.get_bind().dialect)
    return process(value) if process else value


def _executemany(session: Session, sql: str, rows: list[tuple[object, ...]]) -> None:
    """`sql` (with ? placeholders) over many rows straight through the driver: SQLAlchemy's
    per-row parameter work costs several times what the database does for 20k rows."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.paramstyle != "qmark":  # psycopg: %s
        sql = sql.replace("?", "%s")
    conn.exec_driver_sql(sql, rows)
