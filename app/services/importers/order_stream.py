"""Order files read batch by batch, so an import holds a few thousand rows, not the file.

An import asks `OrderFile.batches()`: each batch is the ParseResult of a few thousand rows,
cut only between orders, parsed by the format's own parser as if it were a small file. That
needs each order's rows together, one after another, as the exports write them:

- Shopify writes an order's line items on consecutive rows (its first row has the order
  fields); Amazon's order reports, eBay's order reports (the summary row of a multi-item
  order, then its items) and the WooCommerce export plugins do the same, but none of them
  promises it in writing, and a file sorted in a spreadsheet may break it.
- A file read through a column mapping can be anything.
- Etsy comes as two files joined on the order id, which no single pass can join: Etsy files
  are read whole (they are small: Etsy shops are).

So the batcher checks instead of trusting: an order id seen again after other orders raises
NotStreamable, and so does a file that is not UTF-8 (read_table decides its encoding from
the whole file). The import then starts again from the whole file (`whole()`), exactly as
before streaming, at the memory cost of holding it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, tzinfo
from pathlib import Path

from app.services.core.errors import InvalidInput
from app.services.importers import (
    amazon_orders,
    ebay_orders,
    mapped_orders,
    parse_ahead,
    shopify_orders,
    woocommerce_orders,
)
from app.services.importers.csv_text import (
    NotStreamable,
    Row,
    RowStream,
    Source,
    Table,
    stream_table,
)
from app.services.importers.detect import parse_sources, read_header, resolve_format
from app.services.importers.order_records import ParseResult

# Rows per batch: big enough that each batch's queries are few, small enough that a batch's
# rows and records stay a few megabytes.
BATCH_ROWS = 5000
# Rows the parsers look at to settle a file's decimal mark and date format.
_HEAD_ROWS = 500

KeyOf = Callable[[Row], str]


class OrderFile:
    """One order import's files (two for Etsy), read when the import asks, batch by batch.

    Built where `parse_paths` was called (import_plan.parse): the format is told from the
    headers at once, so a wrong file is refused before any transaction begins.
    """

    def __init__(self, paths: Sequence[str | Path], fmt: str | None = None, *,
                 mapping: mapped_orders.ColumnMapping | None = None, tz: tzinfo = UTC,
                 currency: str = "USD", batch_rows: int = BATCH_ROWS) -> None:
        self.paths = [Path(p) for p in paths]
        self.mapping, self.tz, self.currency = mapping, tz, currency
        self.batch_rows = batch_rows
        try:
            heads = [self._head(p) for p in self.paths]
        except OSError as exc:
            raise InvalidInput(f"Cannot read {exc.filename}: {exc.strerror or exc}") from exc
        headers = [read_header(Source(p.name, h)) for p, h in zip(self.paths, heads,
                                                                  strict=True)]
        self.given = fmt
        self.format = resolve_format([p.name for p in self.paths], headers, fmt, mapping)
        self._read = 0
        self._size = sum(p.stat().st_size for p in self.paths) or 1
        self._streams: list[RowStream] = []
        # Parse a big file in a process of its own (parse_ahead); how far that has read,
        # once it says.
        self.ahead = True
        self._ahead: float | None = None

    @staticmethod
    def _head(path: Path) -> bytes:
        with path.open("rb") as fh:
            return fh.read(256 * 1024)

    def fraction_read(self) -> float:
        """How much of the files the batches so far have read, 0..1 (for progress)."""
        if self._ahead is not None:
            return self._ahead
        try:
            done = self._read + sum(s.consumed() for s in self._streams)
        except ValueError:   # the file is closed: read to its end
            done = self._size
        return min(done / self._size, 1.0)

    def whole(self) -> ParseResult:
        """Every order of the files at once, as parse_paths reads them."""
        sources = []
        for p in self.paths:
            try:
                sources.append(Source(p.name, p.read_bytes()))
            except OSError as exc:
                raise InvalidInput(f"Cannot read {p}: {exc.strerror or exc}") from exc
        return parse_sources(sources, self.given, mapping=self.mapping, tz=self.tz,
                             currency=self.currency)

    def batches(self) -> Iterator[ParseResult]:
        """The files' orders a batch at a time; raises NotStreamable when they cannot be
        (see the module's docstring), possibly after some batches. A big file is parsed in
        a process of its own meanwhile (parse_ahead), unless `ahead` is off."""
        if self.ahead and self.format != "etsy" and parse_ahead.worth_it(self._size):
            return parse_ahead.batches(self.local_batches, self._told)
        return self.local_batches()

    def _told(self, fraction: float) -> None:
        self._ahead = fraction

    def local_batches(self) -> Iterator[ParseResult]:
        """batches(), parsed in this process."""
        if self.format == "etsy":
            raise NotStreamable("Etsy's two files are joined on the order id")
        path = self.paths[0]
        delimiter = "\t" if self.format == "amazon" else None
        if self.format == "mapped" and self.mapping is not None \
                and self.mapping.delimiter != "auto":
            delimiter = self.mapping.delimiter
        raw = path.open("rb")
        try:
            stream = stream_table(path.name, raw, self._size, delimiter)
        except BaseException:
            raw.close()
            raise
        try:
            self._streams = [stream]
            parse, key_of = self._parser(stream.table)
            yield from _batches(stream, parse, key_of, self.batch_rows)
        finally:
            self._read, self._streams = self._size, []
            stream.close()

    def _parser(self, table: Table) -> tuple[Callable[[Table], ParseResult], KeyOf | None]:
        tz, currency = self.tz, self.currency
        col = table.col
        if self.format == "mapped":
            mapping = self.mapping
            assert mapping is not None
            return (lambda t: mapped_orders.parse_table(t, mapping, tz=tz),
                    _key(col(mapping.columns.get("order_id", "")) if mapping.columns.get(
                        "order_id") else None))
        if self.format == "shopify":
            return (lambda t: shopify_orders.parse_table(t, tz=tz, currency=currency),
                    _key(col("Name")))
        if self.format == "amazon":
            return (lambda t: amazon_orders.parse_table(t, tz=tz, currency=currency),
                    _key(col("amazon-order-id", "order-id")))
        if self.format == "ebay":
            return (lambda t: ebay_orders.parse_table(t, tz=tz, currency=currency),
                    _ebay_key(table))
        # WooCommerce: the header says which export it is, and so which column is the order.
        layout = woocommerce_orders.layout(table.header)
        if layout == "woocommerce-line-items":
            key = _key(col("order_id", "order_number"))
        else:
            found = woocommerce_orders.mapping_for(table).columns.get("order_id")
            key = _key(col(found) if found else None)
        return (lambda t: woocommerce_orders.parse_read(t, tz=tz, currency=currency), key)


def _key(col: int | None) -> KeyOf | None:
    if col is None:
        return None

    def key_of(row: Row) -> str:
        cells = row.cells
        return cells[col].strip() if col < len(cells) else ""

    return key_of


def _ebay_key(table: Table) -> KeyOf:
    # As ebay_orders groups: order number, else order id, else the sales record.
    cols = [c for c in (table.col("Order Number"), table.col("Order ID"),
                        table.col("Sales Record Number")) if c is not None]

    def key_of(row: Row) -> str:
        cells = row.cells
        for c in cols:
            if c < len(cells) and (v := cells[c].strip()):
                return v
        return ""

    return key_of


def _batches(stream: RowStream, parse: Callable[[Table], ParseResult], key_of: KeyOf | None,
             batch_rows: int) -> Iterator[ParseResult]:
    """Cut the rows between orders into batches of about `batch_rows` and parse each."""
    template = stream.table
    rows = stream.rows
    head: list[Row] = []
    for r in rows:   # the first rows settle number and date formats for every batch
        head.append(r)
        if len(head) >= _HEAD_ROWS:
            break

    def table(batch: list[Row]) -> Table:
        return Table(template.name, template.header, template.header_row, batch,
                     template.delimiter, first_rows=head)

    def all_rows() -> Iterator[Row]:
        yield from head
        yield from rows

    closed: set[str] = set()   # orders whose rows are over: one string each, not their rows
    current = ""
    batch: list[Row] = []
    for r in all_rows():
        key = key_of(r) if key_of is not None else ""
        if key and key != current:
            if current:
                closed.add(current)
            if key in closed:
                raise NotStreamable(f"{template.name}: the rows of order {key} are not "
                                    "together")
            if len(batch) >= batch_rows:
                result = parse(table(batch))
                yield result
                if _file_level(result, template.header_row):
                    return   # a missing column: every batch would say so again
                batch = []
            current = key
        batch.append(r)
    if batch or not head:
        yield parse(table(batch))


def _file_level(result: ParseResult, header_row: int) -> bool:
    return any(p.row is None or p.row == header_row for p in result.problems)

