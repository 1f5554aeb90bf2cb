"""Work-arounds for bugs of the PySide6 build we run on, applied once when app.ui loads.

PySide6/shiboken 6.12.0 on CPython 3.11: calls that return nothing (`label.setText`,
`processEvents`, `QTest.keyClick`…) hand back Py_None without taking a reference, and
`Signal.emit()` does the same with Py_True. Every such call takes one reference away from
None or True; after some thousands of calls (a day at a packing station, a test run) the
interpreter aborts with "none_dealloc"/"bool_dealloc: deallocating …".

None, True and False live as long as the interpreter (CPython 3.12 makes them immortal for
this reason). If the bug is present here, we give them a very large number of extra
references once, so the stolen ones never bring them near zero. The proper fix is a PySide6
release without the bug; `BUG_PRESENT` says whether this build has it.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_EXTRA = 1 << 40  # ~10^12 stolen references before it matters: centuries of scanning


class _Probe(QObject):
    pinged = Signal()


def _steals_references() -> bool:
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        probe.setObjectName("probe")   # returns None
        probe.pinged.emit()             # returns True
    return (sys.getrefcount(None) < none_before - 8
            or sys.getrefcount(True) < true_before - 8)


def _top_up(obj: object) -> None:
    # The reference count is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(obj)).value += _EXTRA


def _install() -> bool:
    if sys.version_info >= (3, 12) or getattr(sys, "_backroom_refs_topped_up", False):
        return False
    if not _steals_references():
        return False
    for obj in (None, True, False):
        _top_up(obj)
    sys._backroom_refs_topped_up = True  # type: ignore[attr-defined]
    return True


BUG_PRESENT = _install() or getattr(sys, "_backroom_refs_topped_up", False)
