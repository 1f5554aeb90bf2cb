"""`backroom scan CODE`: how Backroom reads a scanned code and which product it finds."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.db import Database
from app.services.core.backend import Backend
from app.services.stock.scan_lookup import ScanReading, describe_reading, read_scan

# What a person types on a command line for the characters a scanner sends unseen.
_ESCAPES = {"<GS>": "\x1d", "\\x1d": "\x1d", "<FNC1>": "\x1d", "<CR>": "\r", "<LF>": "\n",
            "<TAB>": "\t"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "scan", help="how a scanned code is read (kind, GTIN, GS1 elements) and which product "
        "it finds; exit 1 when it is refused as a misread",
        description="Write FNC1 (the GS character scanners send between GS1 fields) as <GS>.")
    p.add_argument("code", help="the code as the scanner sends it, e.g. ']C10109501101530003"
                   "10ABC<GS>17250101' or '(01)09501101530003(10)ABC'")
    p.add_argument("--json", action="store_true", help="one object: {input, kind, symbology, "
                   "gtin, gtins, sscc, batch, expiry, serial, count, text, elements, product, "
                   "refused}")
    p.set_defaults(handler=cmd_scan)


def unescape(code: str) -> str:
    for name, char in _ESCAPES.items():
        code = code.replace(name, char)
    return code


def as_json(reading: ScanReading) -> dict[str, Any]:
    """The documented `backroom scan --json` object (docs/cli-json.md)."""
    c = reading.code
    return {
        "input": reading.raw,
        "kind": c.kind if c else None,
        "symbology": (c.symbology or None) if c else None,
        "gtin": c.gtin if c else None,
        "gtins": list(c.gtins) if c else [],
        "sscc": c.sscc if c else None,
        "batch": c.batch if c else None,
        "expiry": c.expiry.isoformat() if c and c.expiry else None,
        "serial": c.serial if c else None,
        "count": c.count if c else None,
        "text": c.text if c else None,
        "elements": {e.ai: e.value for e in c.elements} if c else {},
        "product": ({"sku": reading.sku, "name": reading.name} if reading.sku is not None
                    else None),
        "refused": reading.refused,
    }


def cmd_scan(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    reading = backend.read(read_scan, unescape(args.code))
    if args.json:
        print(json.dumps(as_json(reading), ensure_ascii=False))
    else:
        print("\n".join(describe_reading(reading)))
    return 1 if reading.refused else 0
