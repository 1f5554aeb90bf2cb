"""Importing counts from a CSV: all rows or none, with the row and column of each problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import CountBin, CountLine
from app.services.core.errors import FileProblem
from app.services.counts import counting as counts
from app.services.counts import importing as count_import
from tests.unit.count_fixtures import OWNER, make_shop


def write(tmp_path: Path, text: str, name: str = "counts.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return path


def test_import_sets_counts_and_sums_repeated_rows(session, tmp_path) -> None:
    ids = make_shop(session)
    made = counts.create_count(session, "full", actor=OWNER)
    path = write(tmp_path, "SKU;Bin;Qty\nKC-1;a-01;6\n2000000000011;A-01;3,0\nKC-3;B-01;7\n\n")
    result = count_import.import_counts(session, made.id, path, actor=OWNER)
    assert (result.rows, result.lines, result.units) == (3, 2, 16)
    sheet = counts.bin_sheet(session, made.id, ids["A-01"])
    assert {line.sku: line.counted for line in sheet.lines} == {"KC-1": 9, "KC-2": None}


def test_malformed_csv_rejected_with_row_errors_and_nothing_changed(session, tmp_path) -> None:
    make_shop(session)
    made = counts.create_count(session, "bins", bins=["A-01"], actor=OWNER)
    path = write(tmp_path, "sku,bin,quantity\nKC-1,A-01,5\nNOPE,A-01,1\nKC-2,A-01,-2\n"
                 "KC-2,B-01,1\nKC-2,,x\n")
    with pytest.raises(FileProblem) as caught:
        count_import.import_counts(session, made.id, path, actor=OWNER)
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(4, "quantity"), (6, "bin"), (6, "quantity")}  # parse errors first
    assert "counts.csv, row 4, column 'quantity'" in str(caught.value)
    path = write(tmp_path, "sku,bin,quantity\nKC-1,A-01,5\nNOPE,A-01,1\nKC-2,B-01,1\n")
    with pytest.raises(FileProblem) as caught:
        count_import.import_counts(session, made.id, path, actor=OWNER)
    assert {(p.row, p.column) for p in caught.value.problems} == {(3, "sku"), (4, "bin")}
    # Row 2 was fine, but nothing at all was written.
    assert session.scalar(select(func.count()).select_from(CountBin)) == 0
    assert session.scalar(select(func.count(CountLine.counted))) == 0


@pytest.mark.parametrize("text, where", [
    ("", (None, None)),
    ("sku,quantity\nKC-1,3\n", (1, "bin")),
    ("sku,bin,quantity\n", (None, None)),
])
def test_header_problems(tmp_path, text, where) -> None:
    with pytest.raises(FileProblem) as caught:
        count_import.parse_count_csv("c.csv", text.encode())
    assert (caught.value.row, caught.value.column) == where


def _lines(session, count_id: int) -> set[tuple[int, int, int | None, int | None]]:
    return {(line.location_id, line.product_id, line.expected, line.counted) for line in
            session.scalars(select(CountLine).where(CountLine.count_id == count_id))}


def test_import_leaves_the_same_lines_as_setting_each_pair_by_hand(session, tmp_path) -> None:
    # Every path of set_counted: a bin begun by the import, a bin begun before with a move
    # after its snapshot, a line the snapshot did not have, a product counted in two rows.
    from app.services.stock import ledger

    ids = make_shop(session)
    by_file = counts.create_count(session, "full", actor=OWNER)
    by_hand = counts.create_count(session, "full", actor=OWNER)
    for made in (by_file, by_hand):
        counts.begin_bin(session, made.id, "B-01", actor=OWNER)
    ledger.move_many(session, [ledger.MoveSpec(ids["KC-3"], ids["B-01"], ids["C-01"], 2,
                                               "transfer"),
                               ledger.MoveSpec(ids["KC-1"], ids["SUPPLIER"], ids["B-01"], 5,
                                               "receipt")])
    path = write(tmp_path, "sku,bin,qty\nKC-1,A-01,8\nKC-3,B-01,4\nKC-1,B-01,5\n"
                           "2000000000012,C-01,1\nKC-1,A-01,1\n")
    result = count_import.import_counts(session, by_file.id, path, actor=OWNER)
    assert (result.rows, result.lines, result.units) == (5, 4, 19)
    for code, where, qty in (("KC-1", "A-01", 9), ("KC-3", "B-01", 4), ("KC-1", "B-01", 5),
                             ("2000000000012", "C-01", 1)):
        counts.set_counted(session, by_hand.id, ids[where], code, qty, actor=OWNER)
    assert _lines(session, by_file.id) == _lines(session, by_hand.id)
    begun = {c: set(session.scalars(select(CountBin.location_id).where(
        CountBin.count_id == c))) for c in (by_file.id, by_hand.id)}
    assert begun[by_file.id] == begun[by_hand.id] == {ids["A-01"], ids["B-01"], ids["C-01"]}


def test_import_of_a_product_scoped_count_matches_by_hand(session, tmp_path) -> None:
    ids = make_shop(session)
    made = [counts.create_count(session, "products", skus=["KC-1"], actor=OWNER)
            for _ in range(2)]
    count_import.import_counts(session, made[0].id, write(tmp_path, "sku,bin,qty\nKC-1,A-01,3\n"),
                               actor=OWNER)
    counts.set_counted(session, made[1].id, ids["A-01"], "KC-1", 3, actor=OWNER)
    assert _lines(session, made[0].id) == _lines(session, made[1].id)
    assert {p for _, p, _, _ in _lines(session, made[0].id)} == {ids["KC-1"]}


def test_import_takes_the_same_statements_for_10_or_1000_rows(session, tmp_path) -> None:
    # Set-based: the statements do not grow with the file (they were ~10 per line).
    from sqlalchemy import event

    from app.models import Barcode, Product
    from app.services.stock import ledger

    make_shop(session)
    session.add_all(Product(sku=f"BULK-{i:04d}", name=f"Bulk {i}", currency="EUR",
                            barcodes=[Barcode(code=f"29{i:011d}", kind="ean13")])
                    for i in range(500))
    for code in ("D-01", "D-02"):
        ledger.get_or_create_bin(session, code)
    session.flush()
    statements: list[str] = []

    def note(_conn, _cursor, sql, *_args) -> None:  # noqa: ANN001
        statements.append(sql)

    engine = session.get_bind()
    seen = []
    for n, where in ((10, "D-01"), (1000, "D-02")):
        made = counts.create_count(session, "full", actor=OWNER)
        body = "".join(f"{'BULK-' if i % 2 else '29'}{i % 500:0{4 if i % 2 else 11}d},{where},"
                       f"{i % 7}\n" for i in range(n))
        path = write(tmp_path, "sku,bin,qty\n" + body, f"c{n}.csv")
        statements.clear()
        event.listen(engine, "before_cursor_execute", note)
        try:
            result = count_import.import_counts(session, made.id, path, actor=OWNER)
        finally:
            event.remove(engine, "before_cursor_execute", note)
        assert result.rows == n
        seen.append(len(statements))
    assert seen[0] == seen[1] <= 20
