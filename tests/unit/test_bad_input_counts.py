"""Bad count files: every problem named by row and column, never a traceback."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import CountLine
from app.services.counts import counting as counts
from app.services.counts import importing as count_import
from tests.unit.count_fixtures import OWNER, make_shop


def problems(data: bytes) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(count_import.CountFileProblems) as caught:
        count_import.parse_count_csv("counts.csv", data)
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


@pytest.mark.parametrize("value", ["³", "²", "٣", "１", "NaN", "Infinity", "1e309", "1e20",
                                   "100000000000000000000", "1000001"])
def test_quantities_not_0_to_9_or_too_big_name_their_cell(value):
    found = problems(f"sku,bin,quantity\nKC-1,A-01,1\nKC-2,A-01,{value}\n".encode())
    assert [(row, col) for row, col, _ in found] == [(3, "quantity")]
    if not value.isascii():
        assert "digits 0-9" in found[0][2]


def test_rows_that_add_up_past_the_limit_are_refused(session, tmp_path):
    make_shop(session)
    made = counts.create_count(session, "full", actor=OWNER)
    path = tmp_path / "counts.csv"
    path.write_text("sku,bin,quantity\n" + "KC-1,A-01,900000\n" * 2)
    with pytest.raises(count_import.CountFileProblems) as caught:
        count_import.import_counts(session, made.id, path, actor=OWNER)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "quantity")]
    assert session.scalar(select(func.count(CountLine.counted))) == 0


def test_a_20_mb_cell_and_a_bad_byte_are_named():
    huge = problems(b"sku,bin,quantity\nKC-1,A-01,1\nKC-2,A-01," + b"9" * 20_000_000 + b"\n")
    assert [(row, col) for row, col, _ in huge] == [(3, None)]
    bad = problems("sku,bin,quantity\nKÖ-1,A-01,1\n".encode() + b"K\xc3,A-01,1\n")
    assert [(row, col) for row, col, _ in bad] == [(3, "sku")]


def test_a_10000_character_code_is_refused_and_not_echoed():
    found = problems(b"sku,bin,quantity\n" + b"S" * 10_000 + b",A-01,1\nKC-1,A\x00,1\n")
    assert [(row, col) for row, col, _ in found] == [(2, "sku"), (3, "bin")]
    assert all(len(reason) < 200 for _, _, reason in found)
