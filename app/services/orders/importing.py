"""Storing parsed orders: once per (store, external id), all or nothing, SKUs matched."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypedDict, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.models import Customer, Order, OrderLine, Store, utcnow
from app.models.orders import OPEN_STATUSES
from app.services.core.backend import Actor
from app.services.core.bulk import insert_with_ids, mapped_reads, sqlite_pragma
from app.services.core.errors import Cancelled, NotFound
from app.services.core.permissions import requires
from app.services.core.value_lists import one_of
from app.services.importers.csv_text import NotStreamable
from app.services.importers.order_records import (
    OrderRecord,
    ParseResult,
    RejectedRows,
    RowProblem,
)
from app.services.importers.order_stream import OrderFile
from app.services.orders import reservations as order_reservations
from app.services.orders import sku_links as sku_matching
from app.services.orders.bulk_marks import marked_at_once
from app.services.orders.import_reserve import Guess, reserve_imported
from app.services.orders.import_rows import RowWriter, initial_status

CHUNK = 2000
# SQLite's page cache while an import runs (KiB). With the default 2 MB, moving the batches
# into a million-order store spilled the pages of its 17 indexes to the WAL and read them
# back batch after batch: 100k lines wrote 1,737 MB and read 1,262 MB; with 32 MB, 848 and
# 397 (64 MB: 780 and 369; 128 MB: 733 and 229). It is the process's own memory and must
# fit the import's 300 MB with the rest (make bench orders measures the peak), so 32 MB.
IMPORT_CACHE_KIB = 32 * 1024
# Keys per lookup query: a batch's worth, well inside SQLite's and PostgreSQL's parameter limits.
_LOOKUP = 5000


class CancelCheck(Protocol):
    @property
    def cancelled(self) -> bool: ...


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportSummary:
    """What an import did; `refused` means nothing was stored because the file had errors."""

    store: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    unmatched_lines: int = 0
    backorders: int = 0
    refused: bool = False
    changes: tuple[str, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    rejected_csv: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    # Numbers of the file that other orders of the store already have (refused unless
    # replacing), and those of them that cannot be replaced (picking, packed, shipped).
    clashes: tuple[NumberClash, ...] = ()
    blocked: tuple[NumberClash, ...] = ()
    replaced: int = 0
    # Orders of the file with no problem (what "import the good rows only" would store).
    good_orders: int = 0

    def message(self) -> str:
        if self.refused and self.blocked:
            return (f"Nothing imported: {_count(len(self.blocked), 'order')} to replace "
                    f"{'is' if len(self.blocked) == 1 else 'are'} already being packed or "
                    f"shipped and cannot be replaced: {_numbers(self.blocked)}. Import into "
                    "another store instead.")
        if self.refused and self.clashes:
            return (f"Nothing imported: {self.store} already has other orders with "
                    f"{_count(len(self.clashes), 'of these numbers', 'of these numbers')}: "
                    f"{_numbers(self.clashes)}. Import into another store, or replace "
                    "those orders.")
        if self.refused:
            return (f"Nothing imported: {_count(len(self.problems), 'problem')} in the file. "
                    "Fix them, or import the good rows only.")
        text = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.replaced:
            text += f", {self.replaced} replaced"
        if self.rejected:
            text += f", {self.rejected} rejected"
        if self.unmatched_lines:
            text += (f"; {_count(self.unmatched_lines, 'line')} not linked to a product")
        if self.backorders:
            text += f"; {_count(self.backorders, 'order')} on backorder"
        return text + "."


@dataclass(frozen=True)
class NumberClash:
    """A number of the file that another order of the store (or of the file) already has."""

    number: str
    external_id: str           # the file's order
    existing_external_id: str  # the other order's ("" when the clash is inside the file)
    existing_status: str       # its status, or why it cannot be replaced
    existing_id: int = 0


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _numbers(clashes: Sequence[NumberClash], shown: int = 10) -> str:
    names = [c.number + (f" ({c.existing_status})" if c.existing_status else "")
             for c in clashes[:shown]]
    more = len(clashes) - shown
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


# What an import reads: a parse result in memory, or files read batch by batch.
Parsed = ParseResult | OrderFile


@requires("import_orders")
def import_orders(session: Session, result: Parsed, store_id: int, *, actor: Actor,
                  good_rows_only: bool = False, progress: Progress | None = None,
                  token: CancelCheck | None = None, reserve: bool = True,
                  replace: bool = False) -> ImportSummary:
    """Store the orders of a parse result (or of files read batch by batch) in the caller's
    transaction.

    With problems in the file nothing is stored (refused) unless `good_rows_only`, which
    stores the whole orders that had none. Cancelling (token) raises Cancelled, so the
    caller's transaction rolls back and nothing is half-imported.

    Within a store an order number is one order. A new order (unknown external id) whose
    number the store already has is the same order when currency, total and day agree (a
    second export of it with other ids); otherwise nothing is stored and the clashes are
    listed, unless `replace`, which deletes the other orders first: only those not yet being
    picked, packed or shipped, else nothing is stored and those are listed.
    """
    store = session.get(Store, store_id)
    if store is None:
        raise NotFound(f"No store with id {store_id}.")
    return _import(session, result, _Target(store.name, lambda _currency: store_id),
                   actor=actor, good_rows_only=good_rows_only, progress=progress,
                   token=token, reserve=reserve, replace=replace)


@dataclass
class _Target:
    """The store an import goes into: its name now, its id when the first order needs it
    (a store that does not exist yet is made then, in the first order's currency)."""

    name: str
    make: Callable[[str], int]
    store_id: int = 0

    def id_for(self, currency: str) -> int:
        if not self.store_id:
            self.store_id = self.make(currency)
        return self.store_id


def _import(session: Session, parsed: Parsed, target: _Target, *, actor: Actor,
            good_rows_only: bool, progress: Progress | None, token: CancelCheck | None,
            reserve: bool, replace: bool) -> ImportSummary:
    conn = session.connection()
    with mapped_reads(conn), sqlite_pragma(conn, "cache_size", -IMPORT_CACHE_KIB, -2000), \
            marked_at_once(conn):
        return _import_batches(session, parsed, target, actor=actor,
                               good_rows_only=good_rows_only, progress=progress, token=token,
                               reserve=reserve, replace=replace)


def _import_batches(session: Session, parsed: Parsed, target: _Target, *, actor: Actor,
                    good_rows_only: bool, progress: Progress | None,
                    token: CancelCheck | None, reserve: bool, replace: bool
                    ) -> ImportSummary:
    """Batches through parse, match and insert inside a savepoint: a refusal found late (a bad
    row, a clash) rolls the batches already stored back, so the import stays all or nothing
    while only a batch of rows is in memory."""
    options = {"good_rows_only": good_rows_only, "replace": replace, "progress": progress,
               "token": token, "reserve": reserve}
    savepoint = session.begin_nested()
    if isinstance(parsed, ParseResult):
        run = _Run(session, target, actor, parsed.format, **options)   # type: ignore[arg-type]
        summary = run.go(iter((parsed,)), None)
    else:
        try:
            run = _Run(session, target, actor, parsed.format, **options)  # type: ignore[arg-type]
            summary = run.go(parsed.batches(), parsed)
        except NotStreamable:
            # Rows of an order apart, or not UTF-8: start again from the whole file.
            savepoint.rollback()
            savepoint = session.begin_nested()
            target.store_id = 0   # a store made in the rolled back savepoint is gone
            run = _Run(session, target, actor, parsed.format, **options)  # type: ignore[arg-type]
            summary = run.go(iter((parsed.whole(),)), None)
    if summary.refused:
        savepoint.rollback()
        return summary
    target.id_for("USD" if run.currency is None else run.currency)
    backorders = 0
    if reserve and (summary.new or summary.updated or summary.replaced):
        backorders = reserve_imported(session, actor, run.writer, run.touched, run.loose)
    run.writer.drop()
    savepoint.commit()
    run.step(final=True)
    return dataclasses.replace(summary, backorders=backorders)


class _Run:
    """One pass of an import over its batches: what it keeps from batch to batch is compact
    (the file's order ids and numbers, counts, problems), never the batches' records."""

    def __init__(self, session: Session, target: _Target, actor: Actor, fmt: str, *,
                 good_rows_only: bool, replace: bool, progress: Progress | None,
                 token: CancelCheck | None, reserve: bool) -> None:
        self.session, self.target, self.actor, self.fmt = session, target, actor, fmt
        self.good_rows_only, self.replace = good_rows_only, replace
        self.progress, self.token = progress, token
        self.file: OrderFile | None = None
        self.currency: str | None = None
        # Every order of the file so far: id -> (file, first row); numbers. For the clash
        # check, which must see the whole file.
        self.ids: dict[str, tuple[str, int | None]] = {}
        self.numbers: set[str] = set()
        self.problems: list[RowProblem] = []
        self.rejected: dict[str, tuple[tuple[str, ...], list[tuple[int, tuple[str, ...]]]]] = {}
        self.twice: list[RowProblem] = []
        self.clashes: list[NumberClash] = []
        self.blocked: list[NumberClash] = []
        self.records = self.new = self.updated = self.replaced = self.unmatched = 0
        self.changes: list[str] = []
        self.done = 0
        self.total = 0
        # For reserving afterwards: the products whose stock the import asked for or freed,
        # and new waiting orders no product line of which would find them (import_reserve).
        self.touched: set[int] = set()
        self.products: dict[str, int] = {}   # store SKU -> product, as resolved so far
        self.unknown: set[str] = set()       # store SKUs no product has
        self.loose: list[int] = []
        self.now = utcnow()
        self.writer = RowWriter(session.connection())
        # Staged batches move into the store as they come, reserving ones with the status
        # their reservation will most likely give (import_reserve.Guess).
        self.guess = Guess(session, self.writer) if reserve and self.writer.staged else None

    # -- progress -------------------------------------------------------------------------
    def step(self, final: bool = False) -> None:
        if self.token is not None and self.token.cancelled:
            raise Cancelled("Import cancelled; nothing was imported.")
        if self.progress is None:
            return
        if final:
            self.total = self.done
        elif self.file is not None:
            # Streaming, the total is not known until the end: guess it from the bytes read.
            read = self.file.fraction_read()
            self.total = max(self.done, round(self.done / read) if read > 0 else self.done)
        self.progress(self.done, self.total)

    # -- the batches ----------------------------------------------------------------------
    def go(self, batches: Iterator[ParseResult], file: OrderFile | None) -> ImportSummary:
        """Import `batches`: those of `file`, or one parse result in memory (file None)."""
        self.file = file
        if file is None:
            whole = next(batches, None)
            self.total = len(whole.orders) if whole is not None else 0
            batches = iter(() if whole is None else (whole,))
        self.step()
        for batch in batches:
            self.batch(batch)
        # The staged rows move once the import goes ahead; on a refusal or an error, rolling
        # back (the savepoint or the job) takes the staging along.
        return self.summary()

    def refusing(self) -> bool:
        return bool((self.problems and not self.good_rows_only) or self.twice or self.blocked
                    or (self.clashes and not self.replace))

    def batch(self, batch: ParseResult) -> None:
        self.problems += batch.problems
        for part in batch.rejected:
            self.rejected.setdefault(part.file, (part.header, []))[1].extend(part.rows)
        records = list(batch.orders)
        self.records += len(records)
        if records and self.currency is None:
            self.currency = records[0].currency
        self._file_clashes(records)
        if self.refusing() and not (self.clashes and not self.problems and not self.twice):
            self.done += len(records)
            self.step()
            return
        if not records:
            return
        store_id = self.target.id_for(records[0].currency)
        session = self.session
        existing = _existing(session, store_id, [_ext(r) for r in records])
        fresh = [r for r in records if _ext(r) not in existing]
        same, clashes = _number_clashes(session, store_id, fresh)
        if clashes:
            self.clashes += clashes
            if self.replace:
                self.blocked += _blocked(session, clashes)
        if self.refusing():   # go on reading, for every problem and clash of the file
            self.done += len(records)
            self.step()
            return
        if clashes:
            self.replaced += _replace(session, self.actor, clashes, self.fmt, self.touched)
        existing.update(same)
        fresh = [r for r in fresh if _ext(r) not in same]
        updated, changes = _apply_updates(session, self.actor, records, existing, self.touched)
        self.updated += updated
        self.changes += changes
        self._insert(store_id, fresh)
        self.done += len(records) - len(fresh)

    def _file_clashes(self, records: Sequence[OrderRecord]) -> None:
        """Two orders of the file with one number (or with ids that only differ after the
        64 characters we keep): no choice between them would be right."""
        for rec in records:
            number, ext = rec.number[:64], _ext(rec)
            where = (rec.source_file, rec.source_rows[0] if rec.source_rows else None)
            if number in self.numbers or ext in self.ids:
                if len(self.twice) < 100:
                    why = (f"order {number} ({ext}) is in the file twice, or another order "
                           "of the file has its number")
                    first = self.ids.get(ext)
                    if first is not None:
                        self.twice.append(RowProblem(first[0], first[1], None, why))
                    self.twice.append(RowProblem(where[0], where[1], None, why))
            self.numbers.add(number)
            self.ids.setdefault(ext, where)

    def _insert(self, store_id: int, fresh: Sequence[OrderRecord]) -> None:
        session = self.session
        customers = _customers(session, fresh)
        products = self._products(store_id, {ln.channel_sku for r in fresh for ln in r.lines})
        keys = {k for r in fresh for ln in r.lines if not ln.channel_sku
                and (k := sku_matching.listing_key(ln.listing_id, ln.title, ln.variation))}
        by_listing = sku_matching.resolve_listings(session, store_id, keys)
        # Core statements on the session's connection: same transaction, no ORM bookkeeping,
        # which is most of the cost for 100,000 rows.
        writer = self.writer
        now = writer.when(self.now)
        detail = json.dumps({"format": self.fmt, "store": self.target.name})
        user, station = self.actor.user, self.actor.station
        order_values, listing_key = writer.order_values, sku_matching.listing_key
        for start in range(0, len(fresh), CHUNK):
            chunk = fresh[start:start + CHUNK]
            ids = writer.orders([order_values(r, store_id, customers.get(k) if (
                k := _customer_key(r)) else None, now) for r in chunk])
            self.new += len(ids)
            lines: list[tuple[object, ...]] = []
            for oid, rec in zip(ids, chunk, strict=True):
                found = False
                for ln in rec.lines:
                    if ln.channel_sku:
                        pid = products.get(ln.channel_sku)
                    else:
                        key = listing_key(ln.listing_id, ln.title, ln.variation)
                        pid = by_listing.get(key) if key else None
                    if pid is None:
                        self.unmatched += 1
                    else:
                        self.touched.add(pid)
                        found = True
                    total = (ln.line_total_minor if ln.line_total_minor is not None
                             else ln.quantity * ln.unit_price_minor)
                    lines.append((oid, pid, ln.channel_sku, ln.title.strip()[:255],
                                  ln.quantity, ln.unit_price_minor, total,
                                  ln.listing_id.strip()[:64], ln.variation.strip()[:200]))
                if not found and initial_status(rec) == "new" and not rec.fulfilled_by_channel:
                    self.loose.append(oid)   # backorder (or reserved, with no lines at all)
            writer.lines(lines)
            writer.audit([(now, user, station, "order", oid, "imported", detail, "", "")
                          for oid in ids])
            if self.guess is not None and ids:
                self.guess.batch(ids[0])
            writer.move()
            self.done += len(chunk)
            self.step()

    def _products(self, store_id: int, skus: set[str]) -> dict[str, int]:
        """Store SKU -> product id, each SKU asked once per import: a file names the same
        few thousand products in every batch, and nothing the import does links a SKU."""
        new = skus - self.products.keys() - self.unknown
        if new:
            found = sku_matching.resolve(self.session, store_id, new)
            self.products.update(found)
            self.unknown |= new - found.keys()
        return self.products

    # -- the outcome ----------------------------------------------------------------------
    def summary(self) -> ImportSummary:
        problems = tuple(sorted(self.problems, key=lambda p: (p.file, p.row or 0)))
        rejected = len({(p.file, p.row) for p in problems})
        parts = tuple(RejectedRows(f, header, tuple(sorted(rows)))
                      for f, (header, rows) in self.rejected.items() if rows)
        rejected_csv = tuple(ParseResult(self.fmt, (), problems, parts).rejected_csv().items())
        name = self.target.name
        if problems and not self.good_rows_only:
            return ImportSummary(name, refused=True, rejected=rejected, problems=problems,
                                 rejected_csv=rejected_csv, good_orders=self.records)
        if self.twice:
            return ImportSummary(name, refused=True, rejected=rejected,
                                 problems=tuple(self.twice[:100]))
        if self.clashes and (self.blocked or not self.replace):
            return ImportSummary(name, refused=True, rejected=rejected,
                                 clashes=tuple(self.clashes), blocked=tuple(self.blocked))
        return ImportSummary(name, new=self.new, updated=self.updated,
                             unchanged=self.records - self.new - self.updated,
                             rejected=rejected, unmatched_lines=self.unmatched,
                             changes=tuple(self.changes), problems=problems,
                             rejected_csv=rejected_csv, replaced=self.replaced,
                             good_orders=self.records)


def _ext(rec: OrderRecord) -> str:
    """The external id as stored (the column holds 64 characters)."""
    return rec.external_id[:64]


def _same_order(rec: OrderRecord, currency: str, total: int, placed_at: datetime) -> bool:
    """Another export of one order: same money, placed within a day (files differ in zone)."""
    return (rec.currency == currency and rec.total_minor == total
            and abs((rec.placed_at - placed_at).total_seconds()) <= 24 * 3600)


def _number_clashes(session: Session, store_id: int, fresh: Sequence[OrderRecord]
                    ) -> tuple[dict[str, tuple[int, str, str | None]], list[NumberClash]]:
    """New records whose number is taken: (those that are the same order, the clashes)."""
    clashes: list[NumberClash] = []
    by_number: dict[str, list[OrderRecord]] = {}
    for rec in fresh:
        by_number.setdefault(rec.number[:64], []).append(rec)
    same: dict[str, tuple[int, str, str | None]] = {}
    numbers = sorted(by_number)
    for start in range(0, len(numbers), _LOOKUP):
        for oid, number, ext, status, fin, cur, total, placed in session.execute(
                select(Order.id, Order.number, Order.external_id, Order.status,
                       Order.financial_status, Order.currency, Order.total_minor,
                       Order.placed_at)
                .where(Order.store_id == store_id,
                       one_of(session, Order.number, numbers[start:start + _LOOKUP]))):
            rec = by_number[number][0]
            if _same_order(rec, cur, total, placed):
                same[_ext(rec)] = (oid, status, fin)
            else:
                clashes.append(NumberClash(number, _ext(rec), ext, status, oid))
    return same, clashes


# An order being picked, packed or shipped has stock moved or in a packer's hands.
_REPLACEABLE = ("new", "reserved", "backorder", "on_hold", "cancelled")


def _blocked(session: Session, clashes: Sequence[NumberClash]) -> list[NumberClash]:
    """The clashes whose store order cannot be replaced, each with why."""
    blocked: list[NumberClash] = []
    for c in clashes:
        if c.existing_status not in _REPLACEABLE:
            blocked.append(c)
        elif kept := _kept_by(session, c.existing_id):   # asked once per clash
            blocked.append(dataclasses.replace(c, existing_status=kept))
    return blocked


def _replace(session: Session, actor: Actor, clashes: Sequence[NumberClash], fmt: str,
             touched: set[int]) -> int:
    """Delete the store's orders that the file's orders replace, stock given back first."""
    from app.services.core import audit

    replaced = 0
    for clash in clashes:
        oid = clash.existing_id
        _release(session, oid, touched)
        audit.record(session, actor, "order", oid, "replaced by import", number=clash.number,
                     old_external_id=clash.existing_external_id,
                     new_external_id=clash.external_id, format=fmt)
        session.execute(delete(OrderLine).where(OrderLine.order_id == oid))
        session.execute(delete(Order).where(Order.id == oid))
        replaced += 1
    return replaced


def _kept_by(session: Session, order_id: int) -> str:
    """What keeps an order from being replaced ("" when nothing): work at the packing station,
    or a return or payout line pointing at it (deleting it would orphan them)."""
    if _in_packing(session, order_id):
        return "on a pick list"
    from app.models.payouts import PayoutLine
    from app.models.returns import Return

    if session.scalar(select(Return.id).where(Return.order_id == order_id).limit(1)):
        return "with a return"
    if session.scalar(select(PayoutLine.id).where(PayoutLine.order_id == order_id).limit(1)):
        return "in a payout"
    return ""


def _in_packing(session: Session, order_id: int) -> bool:
    try:
        from app.models.packing import PackSession, PickListOrder, Shipment
    except ImportError:  # pragma: no cover - depends on which features are installed
        return False
    return any(session.scalar(select(model.id).where(model.order_id == order_id).limit(1))
               is not None for model in (PackSession, PickListOrder, Shipment))


def _existing(session: Session, store_id: int, external_ids: Sequence[str]
              ) -> dict[str, tuple[int, str, str | None]]:
    found: dict[str, tuple[int, str, str | None]] = {}
    for start in range(0, len(external_ids), _LOOKUP):
        chunk = external_ids[start:start + _LOOKUP]
        for oid, ext, status, fin in session.execute(
                select(Order.id, Order.external_id, Order.status, Order.financial_status)
                .where(Order.store_id == store_id, one_of(session, Order.external_id, chunk))):
            found[ext] = (oid, status, fin)
    return found


def _release(session: Session, order_id: int, touched: set[int]) -> None:
    """Give back an order's stock; its products' waiting orders are reserved again."""
    touched.update(pid for pid in session.scalars(
        select(OrderLine.product_id).where(OrderLine.order_id == order_id,
                                           OrderLine.product_id.is_not(None))) if pid)
    order_reservations.release_order(session, order_id)


def _apply_updates(session: Session, actor: Actor, records: Sequence[OrderRecord],
                   existing: dict[str, tuple[int, str, str | None]], touched: set[int]
                   ) -> tuple[int, list[str]]:
    """A later export of a known order: follow cancellations, refunds, outside fulfilment."""
    from app.services.core import audit

    changes: list[str] = []
    for rec in records:
        if _ext(rec) not in existing:
            continue
        oid, status, fin = existing[_ext(rec)]
        values: dict[str, object] = {}
        target = initial_status(rec)
        if target in ("cancelled", "shipped") and status in OPEN_STATUSES:
            values["status"] = target
        if rec.financial_status and rec.financial_status != (fin or ""):
            values["financial_status"] = rec.financial_status[:24]
        if not values:
            continue
        if "status" in values:
            _release(session, oid, touched)
            what = ("cancelled" if target == "cancelled" else "fulfilled elsewhere")
        else:
            what = f"payment {fin or 'unknown'} -> {rec.financial_status}"
        session.execute(update(Order).where(Order.id == oid).values(**values))
        audit.record(session, actor, "order", oid, "updated by import", change=what,
                     old_status=status, **{k: str(v) for k, v in values.items()})
        changes.append(f"{rec.number}: {what}")
    return len(changes), changes


class _NewCustomer(TypedDict):
    name: str
    email: str | None
    phone: str | None
    postcode: str | None
    country: str | None
    created_at: datetime
    _key: tuple[str, str, str]     # which wanted customer the row is; not a column


def _customer_key(rec: OrderRecord) -> tuple[str, str, str] | None:
    if rec.customer_email:
        return ("email", rec.customer_email, "")
    name = rec.customer_name or rec.ship_name
    return ("name", name, rec.ship_postcode) if name else None


def _customers(session: Session, records: Sequence[OrderRecord]
               ) -> dict[tuple[str, str, str], int]:
    """Customer ids for the records: by email, then by name + postcode; new ones created."""
    wanted: dict[tuple[str, str, str], OrderRecord] = {}
    for r in records:
        key = _customer_key(r)
        if key is not None:
            wanted.setdefault(key, r)
    found: dict[tuple[str, str, str], int] = {}
    # One query per batch through the unique email index (a batch has a few thousand).
    emails = [k[1] for k in wanted if k[0] == "email"]
    for start in range(0, len(emails), _LOOKUP):
        for cid, email in session.execute(select(Customer.id, Customer.email).where(
                one_of(session, Customer.email, emails[start:start + _LOOKUP]))):
            # The IN filter leaves no NULL emails, which the column's type cannot say.
            found[("email", cast(str, email), "")] = cid
    names = sorted({(r.customer_name or r.ship_name, r.ship_postcode)
                    for k, r in wanted.items() if k not in found})
    by_name: dict[tuple[str, str], tuple[int, str | None]] = {}
    for start in range(0, len(names), _LOOKUP // 2):
        chunk = names[start:start + _LOOKUP // 2]
        asked = set(chunk)
        # The (name, postcode) index: a common name's customers elsewhere are not read.
        for cid, name, postcode, email in session.execute(
                select(Customer.id, Customer.name, Customer.postcode, Customer.email)
                .where(Customer.name.in_({n for n, _ in chunk}),
                       func.coalesce(Customer.postcode, "").in_({p for _, p in chunk}))):
            if (name, postcode or "") in asked:   # the set once per chunk, not per row
                by_name.setdefault((name, postcode or ""), (cid, email))
    create: list[_NewCustomer] = []
    now = utcnow()
    for key, r in wanted.items():
        if key in found:
            continue
        hit = by_name.get((r.customer_name or r.ship_name, r.ship_postcode))
        # A name + postcode match only joins a customer who has no other email on file.
        if hit is not None and (key[0] == "name" or hit[1] is None):
            found[key] = hit[0]
            if key[0] == "email":
                session.execute(update(Customer).where(Customer.id == hit[0])
                                .values(email=key[1]))
                by_name[(r.customer_name or r.ship_name, r.ship_postcode)] = (hit[0], key[1])
            continue
        create.append({"name": (r.customer_name or r.ship_name)[:200],
                       "email": r.customer_email or None, "phone": r.customer_phone[:40] or None,
                       "postcode": r.ship_postcode[:20] or None,
                       "country": r.ship_country if len(r.ship_country) == 2 else None,
                       "created_at": now, "_key": key})
    for start in range(0, len(create), CHUNK):
        batch = create[start:start + CHUNK]
        ids = insert_with_ids(session.connection(), Customer,
                               [{k: v for k, v in c.items() if k != "_key"} for c in batch])
        for cid, c in zip(ids, batch, strict=True):
            found[c["_key"]] = cid
    return found


@requires("import_orders")
def import_into_store(session: Session, result: Parsed, store_name: str | None,
                      kind: str, *, actor: Actor, good_rows_only: bool = False,
                      progress: Progress | None = None, token: CancelCheck | None = None,
                      replace: bool = False) -> ImportSummary:
    """import_orders into the named store (or the one store of `kind`), created if new.

    A store is only created when the import goes ahead, in its first order's currency.
    """
    from app.services.orders.setup import resolve_store

    known = resolve_store(session, store_name or None, kind, create=False)
    if known.id:
        return import_orders(session, result, known.id, actor=actor,
                             good_rows_only=good_rows_only, progress=progress, token=token,
                             replace=replace)

    def make(currency: str) -> int:
        return resolve_store(session, store_name or None, kind, currency=currency).id

    return _import(session, result, _Target(known.name, make), actor=actor,
                   good_rows_only=good_rows_only, progress=progress, token=token,
                   reserve=True, replace=replace)
