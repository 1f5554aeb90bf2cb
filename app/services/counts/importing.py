"""Counts from a CSV (sku, bin, quantity) made on a phone or in a spreadsheet; all or nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CountScope, Location
from app.models.stock import INTERNAL_KINDS
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import FileProblem
from app.services.counts.counting import open_count, set_counted
from app.services.importers import limits
from app.services.importers.csv_text import Source, read_table
from app.services.stock import catalog

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
            more = "; ".join(f"row {p.row}, column '{p.column}': {p.reason}"
                             for p in problems[1:10])
            extra = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
            self.args = (f"{self.args[0]}; {more}{extra}",)


def _quantity(text: str) -> int | str:
    """The counted units, or why the text is not a count."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    for suffix in (".0", ",0", ".00", ",00"):   # what Excel makes of a whole number
        text = text.removesuffix(suffix) if text.endswith(suffix) else text
    if not (text.isascii() and text.isdigit()):
        hint = (": write it with the digits 0-9"
                if any(c.isdigit() and not c.isascii() for c in text) else "")
        return f"'{limits.shown(text)}' is not a whole number of 0 or more{hint}"
    if len(text) > 9 or int(text) > limits.MAX_QUANTITY:
        return (f"{limits.shown(text)} is more than Backroom counts in one bin "
                f"(at most {limits.MAX_QUANTITY:,})")
    return int(text)


def parse_count_csv(name: str, data: bytes) -> list[CountRow]:
    """The rows of a count file; raises CountFileProblems naming every bad row and column."""
    try:
        table = read_table(Source(name, data))
    except FileProblem as exc:
        raise CountFileProblems([exc]) from None
    if not table.header:
        raise CountFileProblems([FileProblem(name, None, None, "the file is empty")])
    names = [h.strip().lower() for h in table.header]
    where: dict[str, int] = {}
    for key, aliases in HEADERS.items():
        for i, h in enumerate(names):
            if h in aliases:
                where[key] = i
                break
    missing = [k for k in HEADERS if k not in where]
    if missing:
        raise CountFileProblems([FileProblem(name, table.header_row, k, "column missing; the "
                                             "header must name sku, bin and quantity")
                                 for k in missing])
    rows: list[CountRow] = []
    problems = [FileProblem(name, row, table.column_name(col), why)
                for row, col, why in table.problems]
    damaged = {p.row for p in problems}
    for r in table.rows:
        values = {k: r.cells[i].strip() if i < len(r.cells) else "" for k, i in where.items()}
        bad = r.number in damaged
        for key in ("sku", "bin"):
            why = (limits.text_problem(values[key], limits.MAX_CODE) if values[key]
                   else "empty")
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
        raise CountFileProblems([FileProblem(name, None, None, "no counts in the file")])
    return rows


def import_counts(session: Session, count_id: int, path: Path, *, actor: Actor) -> ImportResult:
    """Set the counted quantity of every (sku, bin) in the file; rows for the same pair add up.

    Everything is checked before anything is written, so a bad file changes nothing.
    """
    count = open_count(session, count_id)
    rows = parse_count_csv(path.name, Path(path).read_bytes())
    bins = dict(session.execute(select(Location.code, Location.id).where(
        Location.code.in_({r.bin for r in rows}), Location.kind.in_(INTERNAL_KINDS))).all())
    scope = session.execute(select(CountScope.location_id, CountScope.product_id).where(
        CountScope.count_id == count.id)).all()
    scope_bins = {loc for loc, _ in scope if loc is not None}
    scope_products = {p for _, p in scope if p is not None}
    problems: list[FileProblem] = []
    totals: dict[tuple[int, int], int] = defaultdict(int)
    codes: dict[tuple[int, int], str] = {}
    for r in rows:
        product = catalog.find_by_barcode(session, r.code)
        if product is None:
            problems.append(FileProblem(path.name, r.row, "sku",
                                        f"no product '{limits.shown(r.code)}'"))
        elif scope_products and product not in scope_products:
            problems.append(FileProblem(path.name, r.row, "sku",
                                        f"{r.code} is not counted in {count.reference}"))
        if r.bin not in bins:
            problems.append(FileProblem(path.name, r.row, "bin",
                                        f"no bin '{limits.shown(r.bin)}'"))
        elif scope_bins and bins[r.bin] not in scope_bins:
            problems.append(FileProblem(path.name, r.row, "bin",
                                        f"{r.bin} is not in {count.reference}"))
        if product is not None and r.bin in bins:
            key = (bins[r.bin], product)
            totals[key] += r.quantity
            codes.setdefault(key, r.code)
            if totals[key] > limits.MAX_QUANTITY >= totals[key] - r.quantity:
                problems.append(FileProblem(
                    path.name, r.row, "quantity", f"the rows for {limits.shown(r.code)} in "
                    f"{r.bin} add up to more than {limits.MAX_QUANTITY:,}"))
    if problems:
        raise CountFileProblems(problems)
    for (location, product), qty in totals.items():
        set_counted(session, count.id, location, codes[(location, product)], qty, actor=actor)
    audit.record(session, actor, "stock_count", count.id, "imported", file=path.name,
                 rows=len(rows))
    return ImportResult(len(rows), len(totals), sum(totals.values()))
