"""Today's first read, started before the window is built (issue 13).

Today's figures are the owner's first rows, and their read (a third of a second on a store
of a million orders, much of it in SQLite, which lets go of the interpreter) used to start
only once the page was built, leaving the window idle until it came back. main.py starts it
as soon as the database is open, on a thread of its own and before Qt is imported (so not
from here: importing app.ui imports PySide6), while Qt and the window are imported and
built, and offers it here; the page's first refresh takes its result instead of reading
again. The page takes it only when it asks for the same day for the same person; otherwise
it reads as usual and the early read is dropped.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.insights.today import Today


@dataclass(frozen=True)
class StartedRead:
    """`today_view(day)` read for `user`, its result (or error) to come in `future`."""

    day: date
    user: str
    future: Future[Today]


_offered: list[StartedRead] = []   # one at most, until a page takes it


def offer(read: StartedRead) -> None:
    """Hand a started read to the Today page the window builds next."""
    _offered[:] = [read]


def take(day: date, user: str) -> Future[Today] | None:
    """The offered read's result to come, when it read `day` for `user` (once), else None."""
    if not _offered:
        return None
    read = _offered.pop()
    if read.day != day or read.user != user:
        return None
    return read.future
