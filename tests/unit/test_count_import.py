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
