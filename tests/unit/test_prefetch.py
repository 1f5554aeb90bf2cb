"""core.prefetch: items in order, errors where their item was, and no worker left behind."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.core.prefetch import prefetched


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "prefetch"]


@given(st.lists(st.integers()), st.integers(min_value=1, max_value=4))
def test_every_item_comes_once_in_order(items: list[int], depth: int) -> None:
    assert list(prefetched(iter(items), depth)) == items
    assert not _workers()


def test_an_error_of_the_source_is_raised_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("row 7 is bad")

    got: list[int] = []
    with pytest.raises(ValueError, match="row 7"):
        for item in prefetched(source()):
            got.append(item)
    assert got == [1, 2]
    assert not _workers()


def test_stopping_early_closes_the_source_on_its_thread_and_ends_the_worker() -> None:
    made: list[int] = []
    closed: list[str] = []

    def source() -> Iterator[int]:
        try:
            for n in range(1000):
                made.append(n)
                yield n
        finally:
            closed.append(threading.current_thread().name)

    batches = prefetched(source(), depth=2)
    assert next(batches) == 0
    batches.close()
    assert closed == ["prefetch"]
    assert not _workers()
    # The worker ran at most `depth` items ahead of the one taken, then stopped.
    assert len(made) <= 1 + 2 + 1


def test_an_error_of_the_caller_stops_the_worker() -> None:
    def endless() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    with pytest.raises(RuntimeError):
        for item in prefetched(endless()):
            if item == 3:
                raise RuntimeError("cancelled")
    assert not _workers()
