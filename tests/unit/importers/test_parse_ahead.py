"""A big order file is parsed in a process of its own (parse_ahead): the same batches and
outcome as in the import's process, its errors raised here, and the process stopped when
the import stops reading."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from app.services.core.backend import Backend
from app.services.importers import parse_ahead
from app.services.importers.csv_text import NotStreamable
from app.services.importers.order_stream import OrderFile
from app.services.orders.importing import import_into_store
from tests.unit.importers.test_import_streaming import _write, write_apart


@pytest.fixture
def every_file_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file goes to the parsing process (the child itself never asks)."""
    monkeypatch.setattr(parse_ahead, "AHEAD_BYTES", 1)
    monkeypatch.setattr(parse_ahead.os, "cpu_count", lambda: 2)


def _children() -> list[str]:
    return [p.name for p in multiprocessing.active_children()]


def test_batches_parsed_ahead_equal_those_parsed_here(tmp_path: Path,
                                                      every_file_ahead: None) -> None:
    file = tmp_path / "orders_export.csv"
    _write(file, [[("1", "MUG-1"), ("2", "MUG-2")] for _ in range(50)])
    here = OrderFile([file], batch_rows=10)
    here.ahead = False
    ahead = OrderFile([file], batch_rows=10)
    batches = ahead.batches()
    first = next(batches)
    assert "backroom-parse-ahead" in _children()   # a process of its own, really
    fractions = [ahead.fraction_read()]
    rest = []
    for batch in batches:
        rest.append(batch)
        fractions.append(ahead.fraction_read())
    assert [first, *rest] == list(here.batches())
    assert len(rest) >= 9 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert "backroom-parse-ahead" not in _children()


def test_an_error_in_the_parsing_process_is_raised_here(tmp_path: Path,
                                                        every_file_ahead: None) -> None:
    file = tmp_path / "orders_export.csv"
    write_apart(file, 30)
    with pytest.raises(NotStreamable, match="are not together"):
        list(OrderFile([file], batch_rows=4).batches())


def test_the_import_of_a_file_parsed_ahead_falls_back_to_the_whole_file(
        tmp_path: Path, backend: Backend, every_file_ahead: None) -> None:
    """Rows of an order apart: the child says so, and the import reads the whole file."""
    file = tmp_path / "orders_export.csv"
    write_apart(file, 30)
    summary = backend.run(import_into_store, OrderFile([file], batch_rows=4), "Shop",
                          "shopify", actor=backend.actor)
    assert not summary.refused and summary.new == 30


def test_stopping_early_stops_the_parsing_process(tmp_path: Path,
                                                  every_file_ahead: None) -> None:
    """A cancelled import closes its batches: the child must not go on reading."""
    file = tmp_path / "orders_export.csv"
    _write(file, [[("1", "MUG-1")] for _ in range(400)])
    batches = OrderFile([file], batch_rows=5).batches()
    next(batches)
    assert "backroom-parse-ahead" in _children()
    batches.close()   # what a for loop left by an exception does
    assert "backroom-parse-ahead" not in _children()


def test_small_files_and_one_core_parse_here(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not parse_ahead.worth_it(parse_ahead.AHEAD_BYTES - 1)
    assert parse_ahead.worth_it(parse_ahead.AHEAD_BYTES) == ((parse_ahead.os.cpu_count()
                                                              or 1) >= 2)
    monkeypatch.setattr(parse_ahead.os, "cpu_count", lambda: 1)
    assert not parse_ahead.worth_it(100 * parse_ahead.AHEAD_BYTES)


def test_records_pickle_to_equal_records():
    """What crosses the pipe: every field of an order and its lines, none left at its
    default, comes back equal (the records pickle as their values)."""
    import dataclasses
    import pickle
    from datetime import UTC, datetime

    from app.services.importers.order_records import OrderLineRecord, OrderRecord

    def filled(cls, **given):
        values = {}
        for f in dataclasses.fields(cls):
            if f.name in given:
                values[f.name] = given[f.name]
            elif f.type in ("str",):
                values[f.name] = f"{f.name}-x"
            elif f.type in ("bool",):
                values[f.name] = True
            else:
                values[f.name] = 7
        return cls(**values)

    lines = (filled(OrderLineRecord, line_total_minor=129),
             filled(OrderLineRecord, line_total_minor=None))
    order = filled(OrderRecord, placed_at=datetime(2026, 3, 1, 9, tzinfo=UTC), lines=lines,
                   source_rows=(2, 3))
    back = pickle.loads(pickle.dumps(order, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == order and type(back) is OrderRecord
    assert [dataclasses.astuple(x) for x in back.lines] == [dataclasses.astuple(x)
                                                            for x in lines]
    for f in dataclasses.fields(OrderRecord):
        default = f.default if f.default is not dataclasses.MISSING else None
        assert getattr(back, f.name) != default, f.name
