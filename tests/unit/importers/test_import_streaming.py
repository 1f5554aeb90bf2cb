"""Order import streams (issue 13): batches of rows through parse, match and insert in one
transaction, all or nothing, with the same outcome whatever the batch size."""

from __future__ import annotations

import csv
import itertools
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.models import Customer, Order, OrderLine, Store
from app.services.core.backend import Backend
from app.services.importers.detect import parse_paths
from app.services.importers.mapped_orders import ColumnMapping
from app.services.importers.order_records import ParseResult
from app.services.importers.order_stream import OrderFile
from app.services.orders.importing import ImportSummary, import_into_store
from tests.unit.orders.helpers import add_product

HEADER = ["Name", "Email", "Financial Status", "Currency", "Total", "Created at",
          "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku",
          "Shipping Name", "Shipping Zip", "Id"]


def _write(path: Path, orders: list[list[tuple[str, str]]], *, start: int = 1000) -> int:
    """A Shopify export: per order its lines as (quantity, sku); returns the rows written."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i, lines in enumerate(orders):
            for j, (qty, sku) in enumerate(lines):
                first = j == 0
                w.writerow([f"#{start + i}", f"b{i % 7}@example.com" if first else "",
                            "paid" if first else "", "EUR" if first else "",
                            "9.00" if first else "",
                            f"2026-08-{1 + i % 28:02d} 10:00:00 +0000" if first else "",
                            qty, f"Mug {sku}", "4.50", sku,
                            f"Buyer {i % 5}" if first else "", "10115" if first else "",
                            str(5000 + i)])
                rows += 1
    return rows


def write_apart(path: Path, orders: int) -> None:
    """A Shopify export of `orders` two-line orders sorted by SKU, as a spreadsheet leaves
    it: every order's second line far from its first."""
    _write(path, [[("1", "MUG-1"), ("1", "MUG-2")] for _ in range(orders)])
    with path.open(newline="") as fh:
        header, *rows = list(csv.reader(fh))
    rows.sort(key=lambda r: r[9])
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])


class Counted(OrderFile):
    """An OrderFile that counts the batches it hands out."""

    batches_read = 0

    def batches(self) -> Iterator[ParseResult]:
        for batch in super().batches():
            self.batches_read += 1
            yield batch


def _run(backend: Backend, parsed: OrderFile | ParseResult, store: str) -> ImportSummary:
    return backend.run(import_into_store, parsed, store, "shopify", actor=backend.actor)


def _count(backend: Backend, what: object) -> int:
    return int(backend.read(lambda s: s.scalar(select(func.count()).select_from(what))))


def test_a_streamed_file_bigger_than_its_batch_with_a_bad_last_row_leaves_nothing(
        tmp_path: Path, db: Database, backend: Backend) -> None:
    file = tmp_path / "orders_export.csv"
    orders = [[("1", "MUG-1"), ("2", "MUG-2")] for _ in range(60)]
    orders[-1][-1] = ("lots", "MUG-2")          # the very last row of the file
    rows = _write(file, orders)
    parsed = Counted([file], batch_rows=10)
    summary = _run(backend, parsed, "Shop")
    assert parsed.batches_read >= rows // 10    # read in batches, not whole
    assert summary.refused and summary.new == 0
    assert [str(p) for p in summary.problems] == [
        f"orders_export.csv, row {rows + 1}, column 'Lineitem quantity': 'lots' is not a whole "
        "quantity"]
    # The batches stored before the last one were rolled back, the new store with them.
    assert _count(backend, Order) == 0 and _count(backend, OrderLine) == 0
    assert _count(backend, Customer) == 0 and _count(backend, Store) == 0
    # Fixed, the same file imports in full.
    orders[-1][-1] = ("3", "MUG-2")
    _write(file, orders)
    summary = _run(backend, Counted([file], batch_rows=10), "Shop")
    assert not summary.refused and summary.new == 60
    assert _count(backend, OrderLine) == 120


def test_an_order_number_twice_in_far_apart_batches_is_refused(
        tmp_path: Path, db: Database, backend: Backend) -> None:
    """The clash check sees the whole file, not a batch: two orders (two ids) with one
    number, 40 rows apart, through a column mapping that reads the number apart from the id."""
    file = tmp_path / "orders_export.csv"
    _write(file, [[("1", "MUG-1")]] * 40)
    text = file.read_text().splitlines()
    text[-1] = text[-1].replace("#1039", "#1000", 1)
    file.write_text("\n".join(text) + "\n")
    mapping = ColumnMapping(columns={
        "order_id": "Id", "number": "Name", "placed_at": "Created at",
        "quantity": "Lineitem quantity", "sku": "Lineitem sku", "customer_email": "Email"})
    summary = _run(backend, OrderFile([file], "mapped", mapping=mapping, batch_rows=5), "Shop")
    assert summary.refused and _count(backend, Order) == 0
    assert {p.row for p in summary.problems} == {41}
    assert "in the file twice" in str(summary.problems[0])


def test_rows_of_an_order_apart_import_as_one_order(tmp_path: Path, db: Database,
                                                   backend: Backend) -> None:
    """A file whose order rows are not together (sorted by SKU in a spreadsheet) cannot be
    streamed: the import starts again from the whole file, with the same outcome."""
    file = tmp_path / "orders_export.csv"
    write_apart(file, 30)
    summary = _run(backend, OrderFile([file], batch_rows=4), "Shop")
    assert not summary.refused and summary.new == 30
    assert _count(backend, OrderLine) == 60


def test_only_the_products_an_import_touches_are_reserved_again(
        tmp_path: Path, db: Database, backend: Backend) -> None:
    backend.run(lambda s: (add_product(s, "MUG-1", stock=5), add_product(s, "TEA-1")))
    file = tmp_path / "orders_export.csv"
    _write(file, [[("1", "MUG-1")], [("1", "MUG-1")]])
    first = _run(backend, OrderFile([file]), "Shop")
    assert first.new == 2 and first.backorders == 0

    def statuses(session: Session) -> dict[str, str]:
        return {n: st for n, st in session.execute(select(Order.number, Order.status))}

    assert set(backend.read(statuses).values()) == {"reserved"}
    _write(file, [[("2", "MUG-1")], [("1", "TEA-1")]], start=2000)
    second = _run(backend, OrderFile([file]), "Shop")
    # TEA-1 has no stock: its order waits; MUG-1 had 3 left for the 2 asked.
    assert second.new == 2 and second.backorders == 1
    assert backend.read(statuses) == {"#1000": "reserved", "#1001": "reserved",
                                      "#2000": "reserved", "#2001": "backorder"}


_ORDERS = st.lists(st.lists(st.tuples(st.sampled_from(["1", "2", "3", "x"]),
                                      st.sampled_from(["MUG-1", "MUG-2", "TEA-1", ""])),
                            min_size=1, max_size=3), min_size=1, max_size=25)
_RUN = itertools.count()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(orders=_ORDERS, batch=st.integers(1, 12), good_rows_only=st.booleans())
def test_the_batch_size_does_not_change_the_outcome(tmp_path: Path, db: Database,
                                                    backend: Backend, orders: list[
                                                        list[tuple[str, str]]],
                                                    batch: int, good_rows_only: bool) -> None:
    n = next(_RUN)
    file = tmp_path / f"export{n}.csv"
    _write(file, orders)

    def stored(store: str) -> list[tuple[object, ...]]:
        def read(session: object) -> list[tuple[object, ...]]:
            return [tuple(r) for r in session.execute(  # type: ignore[attr-defined]
                select(Order.number, Order.status, Order.total_minor, Customer.email,
                       Customer.name, OrderLine.channel_sku, OrderLine.quantity)
                .join(Store, Store.id == Order.store_id)
                .join(OrderLine, OrderLine.order_id == Order.id)
                .join(Customer, Customer.id == Order.customer_id, isouter=True)
                .where(Store.name == store).order_by(Order.number, OrderLine.id))]
        return backend.read(read)

    def outcome(parsed: OrderFile | ParseResult, store: str) -> tuple[object, ...]:
        s = backend.run(import_into_store, parsed, store, "shopify", actor=backend.actor,
                        good_rows_only=good_rows_only)
        return (s.refused, s.new, s.updated, s.unchanged, s.rejected, s.unmatched_lines,
                s.good_orders, [str(p) for p in s.problems], s.rejected_csv, stored(store))

    whole = outcome(parse_paths([str(file)]), f"whole{n}")
    streamed = outcome(OrderFile([file], batch_rows=batch), f"streamed{n}")
    assert streamed == whole


def test_streaming_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """Reading a file batch by batch holds a batch (and a key per order), the whole file read
    at once holds every row and record."""
    def peak(rows: int, streamed: bool) -> int:
        file = tmp_path / f"big{rows}.csv"
        _write(file, [[("1", "MUG-1"), ("2", "MUG-2")]] * (rows // 2))
        tracemalloc.start()
        try:
            parsed = OrderFile([file], batch_rows=200)
            if streamed:
                for _batch in parsed.batches():
                    pass
            else:
                parsed.whole()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, big = peak(1_000, True), peak(6_000, True)
    whole_small, whole_big = peak(1_000, False), peak(6_000, False)
    # What grows is one key per order (the clash check's), not the rows and records.
    assert big - small < (whole_big - whole_small) / 5
    assert big < whole_big / 4
