"""WooCommerce exports with one row per order and each line packed in a `line_item_N` cell.

SkyVerge's "Customer/Order CSV Export" (default layout) and WebToffee's "Order Export & Order
Import" write snake_case headers (`order_id, order_number, order_date, status, shipping_total,
tax_total, order_total, order_currency, billing_first_name …`) and pack each order line as
`key:value` pairs joined by `|`: `name:Mug|product_id:12|sku:MUG-1|quantity:2|total:20.00|…`.
Rows may carry more `line_item_N` cells than the header names (an order with more lines than
the first order had).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import UTC, tzinfo

from app.services.importers import csv_text
from app.services.importers.common import (
    Cells,
    clean_postcode,
    country,
    finish,
    missing_columns,
)
from app.services.importers.csv_text import Row, Source, Table, norm_header
from app.services.importers.order_records import (
    OrderLineRecord,
    OrderRecord,
    ParseResult,
    RowProblem,
    unit_price_of,
)

FORMAT = "woocommerce"
# Headers that mark this layout (see detect.py); compared with csv_text.norm_header.
SIGNATURE = ("order_id", "order_date", "order_total", "line_item_1")
REQUIRED = {"order_id": ("order_id", "order_number"), "order_date": ("order_date",),
            "line_item_1": ("line_item_1",)}
CANCELLED = ("cancel", "failed", "trash")
# A piece of a packed cell starts a new pair when it looks like `key:`; anything else was a
# `|` inside the previous value.
_PAIR = re.compile(r"([a-z][a-z0-9_]*):(.*)", re.DOTALL)
_LINE_ITEM = re.compile(r"lineitem(\d+)")


def parse(source: Source, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    return parse_table(csv_text.read_table(source), tz=tz, currency=currency)


def unpack(cell: str) -> dict[str, str]:
    """{'name': 'Mug', 'quantity': '2', …} from 'name:Mug|quantity:2|…' (HTML entities undone)."""
    pairs: dict[str, str] = {}
    last = ""
    for piece in cell.split("|"):
        m = _PAIR.fullmatch(piece)
        if m and m.group(1) not in pairs:
            last = m.group(1)
            pairs[last] = m.group(2)
        elif last:
            pairs[last] += "|" + piece
    return {k: html.unescape(v).strip() for k, v in pairs.items()}


def _item_columns(table: Table) -> list[tuple[int, str]]:
    """(position, name) of each line_item_N column; cells past the header continue the run."""
    cols, last = [], 0
    for i, h in enumerate(table.header):
        m = _LINE_ITEM.fullmatch(norm_header(h))
        if m:
            cols.append((i, h))
            last = int(m.group(1))
    widest = max((len(r.cells) for r in table.rows), default=0)
    if cols and cols[-1][0] == len(table.header) - 1:
        cols += [(i, f"line_item_{last + k}") for k, i in
                 enumerate(range(len(table.header), widest), start=1)]
    return cols


def parse_table(table: Table, *, tz: tzinfo = UTC, currency: str = "USD") -> ParseResult:
    problems: list[RowProblem] = []
    if missing_columns(table, problems, REQUIRED):
        return finish(FORMAT, [], problems, [table])
    cells = Cells(table, problems, currency=currency, tz=tz, decimal_mark=".")
    items = _item_columns(table)
    built = []
    seen: dict[str, int] = {}
    for row in table.rows:
        record = _order(cells, table, row, items)
        if record is None:
            continue
        if record.external_id in seen:
            cells.problem(row, table.col("order_id", "order_number"),
                          f"order {record.external_id} appears twice (first on row "
                          f"{seen[record.external_id]})")
        seen.setdefault(record.external_id, row.number)
        built.append((record, [(table.name, row)]))
    return finish(FORMAT, built, problems, [table])


def _order(cells: Cells, table: Table, row: Row, items: Sequence[tuple[int, str]]
           ) -> OrderRecord | None:
    c = table.col
    text = cells.text

    def get(*names: str) -> str:
        return text(row, c(*names))

    key_col = c("order_id", "order_number")
    key = text(row, key_col)
    if not key:
        cells.problem(row, key_col, "the order id is empty")
        return None
    code = cells.currency_of([row], c("order_currency", "currency"))

    def money(*names: str) -> int:
        return cells.money(row, c(*names), code)

    lines = []
    for pos, name in items:
        cell = row.cells[pos].strip() if pos < len(row.cells) else ""
        if not cell:
            continue
        where = RowProblem(table.name, row.number, name, "")
        line = _line(cells.problems, where, unpack(cell), code)
        if line is not None:
            lines.append(line)
    if not lines:
        cells.problem(row, items[0][0] if items else None, "this order has no line items")
    status = get("status", "order_status").lower().removeprefix("wc-")
    first_last = " ".join(p for p in (get("billing_first_name"), get("billing_last_name")) if p)
    ship_name = " ".join(p for p in (get("shipping_first_name"), get("shipping_last_name"))
                         if p)
    discount = (money("discount_total") if c("discount_total") is not None
                else money("cart_discount") + money("order_discount"))
    return OrderRecord(
        external_id=key, number=get("order_number") or key,
        placed_at=cells.when(row, c("order_date")), currency=code, lines=tuple(lines),
        subtotal_minor=sum(ln.line_total_minor or 0 for ln in lines),
        shipping_minor=money("shipping_total"),
        # Tax on the items and tax on the shipping are separate columns; the order paid both.
        tax_minor=money("tax_total") + money("shipping_tax_total"),
        discount_minor=abs(discount), total_minor=money("order_total"),
        financial_status=status, cancelled=any(w in status for w in CANCELLED),
        refunded="refund" in status, fulfilled=status == "completed",
        customer_name=first_last, bill_name=first_last,
        customer_email=(get("billing_email") or get("customer_email")).lower(),
        customer_phone=get("billing_phone"),
        ship_name=ship_name or first_last, ship_company=get("shipping_company"),
        ship_street1=get("shipping_address_1"), ship_street2=get("shipping_address_2"),
        ship_city=get("shipping_city"), ship_state=get("shipping_state"),
        ship_postcode=clean_postcode(get("shipping_postcode")),
        ship_country=country(get("shipping_country")), ship_phone=get("shipping_phone"),
        shipping_method=get("shipping_method"), notes=get("customer_note"),
        source_file=table.name, source_rows=(row.number,))


def _line(problems: list[RowProblem], where: RowProblem, pairs: dict[str, str], code: str
          ) -> OrderLineRecord | None:
    """One line from its unpacked cell; `where` names its file, row and column in messages."""
    row = where.row or 0

    def bad(reason: str) -> None:
        problems.append(RowProblem(where.file, where.row, where.column, reason))

    title, sku = pairs.get("name", ""), pairs.get("sku", "")
    if not (title or sku or pairs.get("product_id")):
        bad("this line item has no name, SKU or product id (expected name:…|sku:…|quantity:…)")
        return None
    try:
        quantity = csv_text.parse_quantity(pairs.get("quantity", ""))
    except ValueError as exc:
        bad(f"quantity: {exc}" if pairs.get("quantity") else "the line item has no quantity")
        return None
    if quantity <= 0:
        bad(f"quantity: must be at least 1, not {quantity}")
        return None
    # `subtotal` (SkyVerge: `sub_total`) is the line before coupons; `total` after them.
    amount = next((pairs[k] for k in ("subtotal", "sub_total", "total") if pairs.get(k)), "0")
    try:
        line_total, found = csv_text.parse_money(amount, code, ".")
    except ValueError as exc:
        bad(f"total: {exc}")
        return None
    if found != code:
        bad(f"total: the amount is in {found} but the order is in {code}")
        return None
    variation_id = pairs.get("variation_id", "")
    return OrderLineRecord(
        sku, title, quantity, unit_price_of(line_total, quantity), row,
        line_total_minor=line_total,
        listing_id=(variation_id if variation_id not in ("", "0") else
                    pairs.get("product_id", "")),
        variation=pairs.get("meta", ""))
