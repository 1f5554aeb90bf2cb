"""Storing parsed payout reports: all-or-nothing, and idempotent on the report's own ids.

A payout already stored (same store, format and report id) keeps its lines; only lines it
does not have yet are added (a later export of the same month), and nothing is changed or
duplicated by importing the same file again.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from app.models import Store
from app.models.payouts import Payout, PayoutLine
from app.services.core import audit
from app.services.core.actor import Actor
from app.services.core.bulk import sqlite_pragma
from app.services.core.errors import FileProblem, InvalidInput, NotFound
from app.services.importers import payouts_formats
from app.services.importers.csv_text import Source
from app.services.importers.payouts_records import PayoutFile, PayoutLineRecord, PayoutRecord
from app.services.reconciliation.bulk_marks import marked_at_once
from app.services.reconciliation.matching import find_orders, match_of

_SHOWN_PROBLEMS = 20
# SQLite's page cache while a payout is stored (KiB). Its default 2 MB is smaller than the
# indexes a 100,000-line settlement adds to, and than the orders index its references are
# looked up in: every random insert or lookup went to the file. Back to before afterwards.
_IMPORT_CACHE_KIB = 256 * 1024


@dataclass(frozen=True)
class PayoutImport:
    file: str
    format: str
    store: str
    new: int  # payouts not seen before
    unchanged: int  # payouts already stored with every line
    grown: int  # payouts already stored that gained lines
    lines: int  # lines added
    matched: int  # of the lines added, how many found their order
    skipped_rows: int


def read_payout_file(name: str, data: bytes, fmt: str | None = None,
                     tz: tzinfo | None = None) -> PayoutFile:
    """Parse a payout report; a file with any problem raises InvalidInput listing them."""
    result = payouts_formats.parse(Source(name, data), fmt, tz or ZoneInfo("UTC"))
    if result.problems:
        first = result.problems[0]
        if len(result.problems) == 1:
            raise FileProblem(first.file, first.row, first.column, first.reason)
        shown = "\n".join(str(p) for p in result.problems[:_SHOWN_PROBLEMS])
        more = len(result.problems) - _SHOWN_PROBLEMS
        raise InvalidInput(f"{name}: {len(result.problems)} problems, nothing imported:\n"
                           f"{shown}" + (f"\n… and {more} more" if more > 0 else ""))
    return result


def store_for(session: Session, name: str | None, fmt: str) -> Store:
    """The named store, else the only store of the kind the format belongs to."""
    if name:
        store = session.scalar(select(Store).where(Store.name == name))
        if store is None:
            raise NotFound(f"no store named '{name}'")
        return store
    kind = fmt.split("-", maxsplit=1)[0]
    stores = list(session.scalars(select(Store).where(Store.kind == kind)))
    if len(stores) != 1:
        raise InvalidInput(f"say which store this {fmt} report is for (--store NAME): "
                           f"{len(stores)} stores are of kind '{kind}'")
    return stores[0]


def import_payouts(session: Session, actor: Actor, name: str, data: bytes, *,
                   fmt: str | None = None, store: str | None = None) -> PayoutImport:
    """Parse, store and match one payout report file, in the caller's one transaction."""
    with _cycles_unchecked():
        parsed = read_payout_file(name, data, fmt)
        target = store_for(session, store, parsed.format)
        return store_payouts(session, actor, target.id, parsed, name)


def store_payouts(session: Session, actor: Actor, store_id: int, parsed: PayoutFile,
                  name: str) -> PayoutImport:
    store = session.get(Store, store_id)
    if store is None:
        raise NotFound(f"no store with id {store_id}")
    source = parsed.format.removesuffix("-deposits")
    new = unchanged = grown = added = matched = 0
    for record in parsed.payouts:
        payout = session.scalar(select(Payout).where(
            Payout.store_id == store_id, Payout.source == source,
            Payout.external_id == record.external_id))
        if payout is None:
            payout = _new_payout(session, store_id, source, record, name)
            known: set[str] = set()
            new += 1
        else:
            if payout.currency != record.currency:
                raise InvalidInput(f"{name}: payout {record.external_id} is stored in "
                                   f"{payout.currency}, the file says {record.currency}")
            known = set(session.scalars(select(PayoutLine.external_id).where(
                PayoutLine.payout_id == payout.id)))
        fresh = [x for x in record.lines if x.external_id not in known] if known else \
            record.lines
        with _big_cache(session):
            # Matched before they are written: one pass, no update of every line afterwards.
            found = find_orders(session, store_id, {x.order_ref for x in fresh})
            conn = session.connection()
            with marked_at_once(conn, payout.id):
                rows = _insert_lines(conn, payout.id, record.currency, fresh, found)
        if known and fresh:
            grown += 1
            if not record.stated_total:
                payout.total_minor += sum(x.amount_minor for x in record.lines
                                          if x.external_id not in known)
        elif known:
            unchanged += 1
        added += len(fresh)
        matched += rows
    audit.record(session, actor, "store", store_id, "payouts imported", file=name,
                 format=parsed.format, new=new, unchanged=unchanged, lines=added)
    return PayoutImport(name, parsed.format, store.name, new, unchanged, grown, added,
                        matched, len(parsed.skipped))


def _new_payout(session: Session, store_id: int, source: str, record: PayoutRecord,
                name: str) -> Payout:
    payout = Payout(store_id=store_id, source=source, external_id=record.external_id,
                    currency=record.currency, total_minor=record.total_minor,
                    period_start=record.period_start, period_end=record.period_end,
                    paid_on=record.paid_on, file_name=name[-255:],
                    reaches_bank=record.reaches_bank)
    session.add(payout)
    session.flush()
    return payout


_LINE_COLUMNS = ("payout_id", "external_id", "kind", "detail", "description", "order_ref",
                 "order_id", "match_state", "amount_minor", "currency", "presented_minor",
                 "presented_currency", "posted_at", "source_row")


def _insert_lines(conn: Connection, payout_id: int, currency: str,
                  lines: Sequence[PayoutLineRecord], found: dict[str, set[int]]) -> int:
    """Insert the lines with their matches; returns how many matched an order.

    Plain tuples go to the driver's executemany: SQLAlchemy's per-row parameter handling
    cost more than SQLite's own work for a 100,000-line settlement. Dates are stored the
    way app/services/core/bulk.py stores them (naive UTC; fixed-width text on SQLite).
    """
    compiled = insert(PayoutLine).compile(dialect=conn.dialect,
                                          column_keys=list(_LINE_COLUMNS))
    sqlite = conn.dialect.name == "sqlite"
    # Each distinct reference and day worked out once, then one tuple per line (unpacked,
    # not read by attribute: the loop runs 100,000 times).
    refs = Counter(x.order_ref for x in lines)
    matches = {ref: match_of(found, ref) for ref in refs}
    stored: dict[datetime | None, object] = {None: None}
    for day in {x.posted_at for x in lines}:
        if day is not None:
            naive = day.astimezone(UTC).replace(tzinfo=None)
            stored[day] = naive.isoformat(sep=" ", timespec="microseconds") if sqlite \
                else naive
    params: list[tuple[object, ...]] = [
        (payout_id, ext, kind, detail[:80], desc[:200], ref, *matches[ref], amount, currency,
         presented, presented_cur, stored[day], row)
        for ext, kind, amount, detail, desc, ref, day, row, presented, presented_cur in lines]
    matched = sum(n for ref, n in refs.items() if matches[ref][1] == "matched")
    if params:
        if compiled.positional and list(compiled.positiontup or ()) == list(_LINE_COLUMNS):
            conn.exec_driver_sql(str(compiled), params)
        else:  # a named-parameter driver (psycopg)
            conn.exec_driver_sql(str(compiled), [dict(zip(_LINE_COLUMNS, p, strict=True))
                                                 for p in params])
    return matched


@contextmanager
def _cycles_unchecked() -> Iterator[None]:
    """Python's cycle collector paused while a report is read and stored: the hundreds of
    thousands of rows, cells and records it makes (none in a cycle) set it off again and
    again, each time walking all of them: half the parse time of a big settlement."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _big_cache(session: Session) -> AbstractContextManager[None]:
    return sqlite_pragma(session.connection(), "cache_size", -_IMPORT_CACHE_KIB, -2000)
