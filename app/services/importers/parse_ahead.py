"""A big order file parsed in a process of its own while the import stores the batches before.

Parsing is Python work, about a third of a big import, and storing is mostly SQLite's. In
one process the two take turns; a thread gains nothing, as it holds the GIL while it parses
(tried: 24.5 s against 24.2 s). A second process parses on the second core instead. It
reads the file itself and sends each batch's ParseResult through a pipe; a pipe holds a few
kilobytes, so the child is never more than about a batch ahead, and memory stays that of a
batch or two. Errors (a file that cannot be streamed, one that cannot be read) come back
through the pipe and are raised here, as if the batches were read in this process.

The child costs a start (a new interpreter and the parsers, which load no ORM: about 0.15 s)
and the pickling of every record (for 100,000 lines about 1.0 s there and 1.5 s here, see
order_records), so small files, and machines with one core, are parsed in the import's own
process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from app.services.importers.order_records import ParseResult

# Smaller files parse in less time than the child takes to start (20,000 Shopify lines are
# about 4 MB and parse in about 1.3 s).
AHEAD_BYTES = 4 << 20


def worth_it(size: int) -> bool:
    """Parse ahead a file of `size` bytes? Only big ones, with a core to spare."""
    return size >= AHEAD_BYTES and (os.cpu_count() or 1) >= 2


def batches(make: Callable[[], Iterator[ParseResult]], seen: Callable[[float], None]
            ) -> Iterator[ParseResult]:
    """The batches `make()` yields in a child process (`make` must pickle: a bound method
    of an OrderFile does), in order; `seen` is told how much of the file the child has
    read with each. Closing this generator early (a cancelled import) stops the child."""
    context = multiprocessing.get_context("spawn")   # never fork a process with threads
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_parse, args=(make, send), daemon=True,
                            name="backroom-parse-ahead")
    child.start()
    send.close()   # the child's end: EOF here when it ends
    try:
        while True:
            try:
                kind, value, fraction = receive.recv()
            except EOFError:
                raise RuntimeError(f"the parsing process ended without a word "
                                   f"(exit code {child.exitcode})") from None
            if kind == "error":
                raise value
            if kind == "end":
                return
            seen(fraction)
            yield value
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _parse(make: Callable[[], Iterator[ParseResult]], send: Connection) -> None:
    """In the child: every batch, then "end"; or the error that stopped it."""
    reader: Any = getattr(make, "__self__", None)   # the OrderFile, for how far it read
    try:
        for batch in make():
            send.send(("batch", batch, reader.fraction_read() if reader else 0.0))
        send.send(("end", None, 1.0))
    except Exception as exc:  # noqa: BLE001 - every error goes back to be raised there
        try:
            send.send(("error", exc, 0.0))
        except Exception:  # noqa: BLE001 - an error that does not pickle, in words
            send.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), 0.0))
    finally:
        send.close()
