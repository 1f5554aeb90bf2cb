"""Amazon's "Manage FBA Inventory" report (GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA), a
tab-separated file, as plain records: what Amazon holds of each SKU.

The columns used (Amazon's names): sku, fnsku, asin, afn-fulfillable-quantity,
afn-reserved-quantity, afn-unsellable-quantity, afn-inbound-working-quantity,
afn-inbound-shipped-quantity, afn-inbound-receiving-quantity. Inbound is the three inbound
columns together: units on their way into Amazon's warehouses. Pure: nothing here knows
the database. A bad cell refuses the whole file, each one named by row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.core.errors import FileProblem
from app.services.importers.csv_text import Source, parse_quantity, read_table

FULFILLABLE = "afn-fulfillable-quantity"
RESERVED = "afn-reserved-quantity"
UNSELLABLE = "afn-unsellable-quantity"
INBOUND = ("afn-inbound-working-quantity", "afn-inbound-shipped-quantity",
           "afn-inbound-receiving-quantity")
MAX_ROWS = 500_000


@dataclass(frozen=True)
class MarketplaceStockRecord:
    row: int
    sku: str
    fulfillable: int
    inbound: int
    reserved: int
    unsellable: int
    asin: str = ""
    fnsku: str = ""


def parse_fba_inventory_file(path: Path) -> list[MarketplaceStockRecord]:
    return parse_fba_inventory(path.name, path.read_bytes())


def parse_fba_inventory(name: str, data: bytes) -> list[MarketplaceStockRecord]:
    """One record per SKU (a SKU listed twice is summed: Amazon lists a SKU once per
    condition); FileProblem naming every bad cell, nothing half-read."""
    if not data.strip():
        raise FileProblem(name, None, None, "the file is empty")
    table = read_table(Source(name, data), max_rows=MAX_ROWS)
    sku_at = table.col("sku", "seller-sku")
    fulfil_at = table.col(FULFILLABLE)
    if sku_at is None or fulfil_at is None:
        missing = "sku" if sku_at is None else FULFILLABLE
        raise FileProblem(name, table.header_row or 1, missing,
                          f"the header has no '{missing}' column: is this Amazon's Manage "
                          "FBA Inventory report?")
    columns = {"fulfillable": fulfil_at, "reserved": table.col(RESERVED),
               "unsellable": table.col(UNSELLABLE)}
    inbound_at = [i for i in (table.col(c) for c in INBOUND) if i is not None]
    asin_at, fnsku_at = table.col("asin"), table.col("fnsku")
    problems: list[FileProblem] = [FileProblem(name, r, table.column_name(c), why)
                                   for r, c, why in table.problems]
    found: dict[str, MarketplaceStockRecord] = {}
    for row in table.rows:
        cells = row.cells

        def cell(at: int | None, cells: tuple[str, ...] = cells) -> str:
            return cells[at].strip() if at is not None and at < len(cells) else ""

        sku = cell(sku_at)
        if not sku:
            problems.append(FileProblem(name, row.number, table.column_name(sku_at),
                                        "the SKU is empty"))
            continue
        counts: dict[str, int] = {}
        bad = False
        for key, at in (*columns.items(), *((f"inbound{i}", a) for i, a in
                                             enumerate(inbound_at))):
            text = cell(at)
            try:
                value = parse_quantity(text) if text else 0
            except ValueError as exc:
                problems.append(FileProblem(name, row.number, table.column_name(at), str(exc)))
                bad = True
                continue
            # Amazon prints negative fulfillable for units it owes: nothing to sell.
            counts[key] = max(value, 0)
        if bad:
            continue
        inbound = sum(v for k, v in counts.items() if k.startswith("inbound"))
        earlier = found.get(sku)
        record = MarketplaceStockRecord(
            row.number, sku, counts["fulfillable"], inbound, counts.get("reserved", 0),
            counts.get("unsellable", 0), cell(asin_at), cell(fnsku_at))
        if earlier is not None:
            record = MarketplaceStockRecord(
                earlier.row, sku, earlier.fulfillable + record.fulfillable,
                earlier.inbound + record.inbound, earlier.reserved + record.reserved,
                earlier.unsellable + record.unsellable, earlier.asin, earlier.fnsku)
        found[sku] = record
    if problems:
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise FileProblem(name, None, None, f"{len(problems)} bad cell(s), nothing imported:"
                          f"\n{shown}{more}")
    return list(found.values())
