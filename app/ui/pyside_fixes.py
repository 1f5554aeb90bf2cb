"""Work-arounds for bugs of the PySide6 build we run on, applied once when app.ui loads.

PySide6 6.12.0: `SignalInstance.emit()` returns Py_True without taking a reference, so every
emit from Python code takes one reference away from True. After a few hundred emits the
interpreter aborts ("bool_dealloc: deallocating True or False"), often at exit. We detect
the bug with one emit and, only if it is there, give the missing reference back after each.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    pinged = Signal()


def _emit_steals_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.pinged.emit()
    return sys.getrefcount(True) < before - 4


def _install() -> bool:
    if getattr(SignalInstance.emit, "_backroom_fixed", False) or not _emit_steals_true():
        return False
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
        return result

    emit._backroom_fixed = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit  # type: ignore[method-assign]
    return True


EMIT_FIXED = _install()
