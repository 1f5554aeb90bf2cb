"""Windows only: a RAW print job through the spooler (winspool.drv), with ctypes."""

from __future__ import annotations

import ctypes
from ctypes import wintypes

from app.services.core.errors import InvalidInput


class _DocInfo1(ctypes.Structure):
    _fields_ = [("pDocName", wintypes.LPWSTR), ("pOutputFile", wintypes.LPWSTR),
                ("pDatatype", wintypes.LPWSTR)]


def write_raw(queue: str, data: bytes, title: str) -> None:
    """Open the queue, start a RAW document, write the bytes, close; errors are readable."""
    spool = ctypes.WinDLL("winspool.drv", use_last_error=True)  # type: ignore[attr-defined]
    handle = wintypes.HANDLE()
    if not spool.OpenPrinterW(queue, ctypes.byref(handle), None):
        raise InvalidInput(f"Windows has no printer called {queue!r}.")
    try:
        info = _DocInfo1(title, None, "RAW")
        if not spool.StartDocPrinterW(handle, 1, ctypes.byref(info)):
            raise InvalidInput(f"The printer {queue!r} refused the job.")
        try:
            spool.StartPagePrinter(handle)
            written = wintypes.DWORD()
            ok = spool.WritePrinter(handle, data, len(data), ctypes.byref(written))
            spool.EndPagePrinter(handle)
            if not ok or written.value != len(data):
                raise InvalidInput(f"Only part of the job reached {queue!r}.")
        finally:
            spool.EndDocPrinter(handle)
    finally:
        spool.ClosePrinter(handle)
