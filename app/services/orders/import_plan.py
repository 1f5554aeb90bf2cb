"""Before an order import: which format, which store, which currency and time zone.

The Orders tab's import dialog and `backroom import orders` both ask `plan_import` (a read
job), parse the files with `parse` (no database: it may run on a worker thread), then store
them with `importing.import_into_store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.services.core.errors import InvalidInput
from app.services.importers.csv_text import Source
from app.services.importers.detect import FORMATS, detect_format, parse_paths, read_header
from app.services.importers.mapped_orders import ColumnMapping
from app.services.importers.order_records import ParseResult
from app.services.importers.order_stream import OrderFile
from app.services.orders import setup

# Detected formats that are one kind of store (Etsy exports come as two files).
KIND_OF_FORMAT = {"etsy-orders": "etsy", "etsy-items": "etsy"}


@dataclass(frozen=True)
class ImportPlan:
    fmt: str | None            # a parser's name, "mapped", or None to detect per file
    kind: str                  # the store kind the orders belong to
    store_name: str | None     # None: the one store of `kind` (made if there is none)
    currency: str              # for rows that do not say
    tz: tzinfo                 # for times without an offset
    mapping: ColumnMapping | None = None


def plan_import(session: Session, files: Sequence[Path], fmt: str | None,
                store_name: str | None) -> ImportPlan:
    """Work out how to import `files`; refuses a missing file or an unknown format."""
    if not files:
        raise InvalidInput("Choose a file to import.")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise InvalidInput(f"No such file: {', '.join(missing)}")
    mapping = None
    stores = {s.name: s for s in setup.list_stores(session)}
    if fmt and fmt.startswith("mapped:"):
        mapping, mapped_store = setup.load_mapping(session, fmt.split(":", 1)[1])
        if not store_name and mapped_store is not None:
            store_name = next((s.name for s in stores.values() if s.id == mapped_store), None)
        fmt, kind = "mapped", "other"
    elif fmt and fmt not in FORMATS:
        raise InvalidInput(f"Unknown format {fmt!r}; use {', '.join(FORMATS)} or "
                           "mapped:NAME.")
    else:
        first = files[0]
        detected = detect_format(read_header(Source(first.name, first.read_bytes()))) or ""
        kind = fmt or KIND_OF_FORMAT.get(detected, detected or "other")
    known = stores.get(store_name) if store_name else next(
        (s for s in stores.values() if s.kind == kind), None)
    currency, tz = (known.currency, ZoneInfo(known.timezone)) if known else ("USD",
                                                                              ZoneInfo("UTC"))
    return ImportPlan(fmt or None, kind, store_name or None, currency, tz, mapping)


def parse(files: Sequence[Path], plan: ImportPlan) -> OrderFile:
    """The files, ready to be read batch by batch by the import (no database).

    Only the headers are read here (a wrong format is refused now); the rows are read as
    `importing.import_into_store` stores them, so memory stays flat for any file size.
    """
    return OrderFile(files, plan.fmt, mapping=plan.mapping, currency=plan.currency,
                     tz=plan.tz)


def parse_whole(files: Sequence[Path], plan: ImportPlan) -> ParseResult:
    """The files' orders as plain records, all in memory (previews, tests)."""
    return parse_paths([str(f) for f in files], plan.fmt, mapping=plan.mapping,
                       currency=plan.currency, tz=plan.tz)
