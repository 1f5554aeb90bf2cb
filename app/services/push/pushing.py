"""A push: plan what a store is told (only what changed, or everything), write its file,
remember what it was told and keep the history (when, who, how many SKUs, the file).

Bad input is refused before anything is written: a store without a format, a mapping or
Shopify location that is missing, a quantity below zero.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress
from operator import itemgetter
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Store, utcnow
from app.models.push import PUSH_FORMATS, PushedLevel, PushMapping, PushSetting, StockPush
from app.services.core.actor import Actor
from app.services.core.audit import record
from app.services.core.errors import Cancelled, InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP
from app.services.core.permissions import acting, requires
from app.services.push.buffers import store_id_by_name
from app.services.push.files import FIELDS, FileOptions, StockFile, render
from app.services.push.quantities import Listing, many_objects, raw_rows, read_listings

FORMATS = PUSH_FORMATS   # the stores' own files (a saved layout is "mapped:NAME")

# Steps of a push, for a progress bar: read, compare (plan); write the file, remember it.
PLAN_STEPS = 2
PUSH_STEPS = PLAN_STEPS + 2

Progress = Callable[[int, int], None]   # (steps done, steps in all)
CancelCheck = Callable[[], bool]        # True once the user asked to stop

# The format a store of each kind takes when the owner chose none.
DEFAULT_FORMATS = {"shopify": "shopify-inventory", "amazon": "amazon-quantity",
                   "woocommerce": "woocommerce", "ebay": "ebay"}


@dataclass(frozen=True)
class StoreSettings:
    store_id: int
    store: str
    kind: str
    currency: str
    format: str        # "" when the store has none
    warehouse: str
    location: str


@dataclass(frozen=True)
class PushPlan:
    settings: StoreSettings
    format: str
    everything: bool
    rows: tuple[Listing, ...]   # what the file will carry
    listings: int               # listings the store has
    unchanged: int              # left out: the store already has these numbers
    last_push: datetime | None
    changed: frozenset[str] = frozenset()   # store SKUs whose number the store lacks


@dataclass(frozen=True)
class PushResult:
    plan: PushPlan
    file: str          # "" when nothing had changed (no file, no history)
    skus: int
    left_out: int      # listings the format leaves out (Amazon FBA)
    push_id: int | None


@dataclass(frozen=True)
class PushRecord:
    id: int
    store: str
    at: datetime
    user: str
    station: str
    format: str
    everything: bool
    skus: int
    file: str


def store_settings(session: Session, store: str) -> StoreSettings:
    store_id = store_id_by_name(session, store)
    row = session.execute(select(Store.name, Store.kind, Store.currency)
                          .where(Store.id == store_id)).one()
    saved = session.get(PushSetting, store_id)
    fmt = saved.format if saved else DEFAULT_FORMATS.get(row.kind, "")
    return StoreSettings(store_id, row.name, row.kind, row.currency, fmt,
                         saved.warehouse if saved else "", saved.location if saved else "")


def _check_format(session: Session, fmt: str) -> None:
    if fmt in PUSH_FORMATS:
        return
    if fmt.startswith("mapped:"):
        if session.scalar(select(PushMapping.id).where(PushMapping.name == fmt[7:])) is None:
            raise NotFound(QT_TRANSLATE_NOOP("messages",
                "No saved stock file mapping {name!r} (save one with `backroom push-mapping`)."),
                name=fmt[7:])
        return
    raise InvalidInput(QT_TRANSLATE_NOOP("messages",
        "Unknown stock file format {format!r}: use {formats} or mapped:NAME."),
        format=fmt, formats=", ".join(PUSH_FORMATS))


@requires("edit_products")
def save_settings(session: Session, store: str, *, fmt: str | None = None,
                  warehouse: str | None = None, location: str | None = None) -> StoreSettings:
    """Remember a store's format, the warehouse whose bins serve it, its Shopify location."""
    now = store_settings(session, store)
    if fmt is not None:
        _check_format(session, fmt)
    saved = session.get(PushSetting, now.store_id)
    if saved is None:
        if not (fmt or now.format):
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Choose a file format for {store} first."), store=now.store)
        saved = PushSetting(store_id=now.store_id, format=fmt or now.format,
                            warehouse="", location="")
        session.add(saved)
    if fmt is not None:
        saved.format = fmt
    if warehouse is not None:
        saved.warehouse = warehouse.strip()
    if location is not None:
        saved.location = location.strip()
    session.flush()
    return store_settings(session, store)


@requires("edit_products")
def save_mapping(session: Session, name: str, columns: list[tuple[str, str]],
                 delimiter: str = ",") -> None:
    """Save (or replace) a generic stock file layout: (header, field) pairs."""
    name = name.strip()
    if not name:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "A mapping needs a name."))
    if not columns:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages", "A mapping needs at least one column."))
    for header, field in columns:
        if field not in FIELDS:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Column {header!r}: unknown field {field!r} (fields: {fields})."),
                header=header, field=field, fields=", ".join(FIELDS))
    if len(delimiter) != 1:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "The delimiter is one character (',', ';' or a tab)."))
    found = session.scalar(select(PushMapping).where(PushMapping.name == name))
    if found is None:
        found = PushMapping(name=name)
        session.add(found)
    found.columns_json = json.dumps(columns)
    found.delimiter = delimiter
    session.flush()


def _options(session: Session, settings: StoreSettings, fmt: str) -> FileOptions:
    if not fmt.startswith("mapped:"):
        return FileOptions(location=settings.location, currency=settings.currency)
    mapping = session.scalar(select(PushMapping).where(PushMapping.name == fmt[7:]))
    if mapping is None:
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No saved stock file mapping {name!r}."),
                       name=fmt[7:])
    columns = tuple((str(h), str(f)) for h, f in json.loads(mapping.columns_json))
    return FileOptions(columns=columns, delimiter=mapping.delimiter)


def _step(done: int, total: int, progress: Progress | None,
          cancelled: CancelCheck | None) -> None:
    """Report a finished step, and stop here if the user asked to (the job's transaction
    is rolled back, nothing is written)."""
    if cancelled is not None and cancelled():
        raise Cancelled(QT_TRANSLATE_NOOP("messages",
            "Cancelled: no file was written and nothing was recorded."))
    if progress is not None:
        progress(done, total)


def plan_push(session: Session, store: str, fmt: str | None = None, *,
              everything: bool = False, progress: Progress | None = None,
              cancelled: CancelCheck | None = None, _steps: int = PLAN_STEPS) -> PushPlan:
    """What a push would carry: the listings whose numbers changed since the store's last
    push (or all of them), each with available, buffer and quantity.

    `progress(done, total)` hears of each step; `cancelled()` is asked between steps.
    """
    settings = store_settings(session, store)
    fmt = fmt or settings.format
    if not fmt:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "{store} has no stock file format: a {kind} store's file must be chosen "
            "(--format shopify-inventory, amazon-quantity, woocommerce, ebay or mapped:NAME)."),
            store=settings.store, kind=settings.kind)
    _check_format(session, fmt)
    if fmt == "shopify-inventory" and not settings.location:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "Shopify needs the location {store}'s stock is at (the name in Shopify's "
            "Settings > Locations): set it first (--location)."), store=settings.store)
    _step(0, _steps, progress, cancelled)
    with many_objects():
        # One statement: quantities, and which of them the store was not told yet.
        found = read_listings(session, settings.store_id, warehouse=settings.warehouse,
                              with_committed=fmt == "shopify-inventory"
                              or fmt.startswith("mapped:"),
                              with_channel=fmt == "amazon-quantity",
                              with_listing_ids=fmt == "ebay", compare_told=True)
        _step(1, _steps, progress, cancelled)
        rows, changed = found.rows, found.changed
        # Quantities are never below zero (the SQL says so); available can be, when more is
        # reserved than is on hand. Looked at name by name only when it happened.
        if rows and min(map(itemgetter(4), rows)) < 0:
            negative = [r.channel_sku for r in rows if r.quantity < 0 or r.available < 0]
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "Below zero for {skus}: the stock levels need a check (`backroom db check`); "
                "nothing was written."), skus=", ".join(negative[:10]))
        chosen = rows if everything else changed
        last = session.scalar(select(func.max(StockPush.at))
                              .where(StockPush.store_id == settings.store_id))
        plan = PushPlan(settings, fmt, everything, tuple(chosen), len(rows),
                        len(rows) - len(chosen), last,
                        frozenset(map(itemgetter(0), changed)))
    _step(2, _steps, progress, cancelled)
    return plan


def told_levels(session: Session, store_id: int) -> dict[str, int]:
    """What the store was last told per store SKU (one plain read: 50k rows as tuples)."""
    return dict(raw_rows(session, select(PushedLevel.channel_sku, PushedLevel.quantity)
                         .where(PushedLevel.store_id == store_id)))


def render_plan(session: Session, plan: PushPlan) -> StockFile:
    return render(plan.format, plan.rows, _options(session, plan.settings, plan.format))


def push_stock(session: Session, store: str, path: str | Path, fmt: str | None = None, *,
               everything: bool = False, actor: Actor | None = None,
               progress: Progress | None = None,
               cancelled: CancelCheck | None = None) -> PushResult:
    """Write the store's file at `path` and remember what the store was told.

    Nothing changed (and not `everything`): no file, no history. The file is written to a
    temporary name and moved into place, so a failed push leaves no half file; it is written
    inside the job's transaction, so a refused push records nothing. `cancelled()` is last
    asked before the file is moved into place: after that the push completes.
    """
    with many_objects():
        return _push(session, store, path, fmt, everything=everything, actor=actor,
                     progress=progress, cancelled=cancelled)


def _push(session: Session, store: str, path: str | Path, fmt: str | None, *,
          everything: bool, actor: Actor | None, progress: Progress | None,
          cancelled: CancelCheck | None) -> PushResult:
    plan = plan_push(session, store, fmt, everything=everything, progress=progress,
                     cancelled=cancelled, _steps=PUSH_STEPS)
    if not plan.rows:
        _step(PUSH_STEPS, PUSH_STEPS, progress, None)
        return PushResult(plan, "", 0, 0, None)
    stock_file = render_plan(session, plan)
    _step(PLAN_STEPS + 1, PUSH_STEPS, progress, cancelled)
    target = Path(path)
    _write_atomically(target, stock_file.text)
    who = actor or acting(session, (), {}) or Actor()
    push = StockPush(store_id=plan.settings.store_id, at=utcnow(), user=who.user,
                     station=who.station, format=plan.format, everything=everything,
                     skus=stock_file.rows, file_name=str(target))
    session.add(push)
    session.flush()
    # Only what the store did not have yet: an --all push re-tells the rest unchanged.
    told = plan.rows if not everything else list(compress(plan.rows, map(
        plan.changed.__contains__, map(itemgetter(0), plan.rows))))
    _remember(session, plan.settings.store_id, push.id, told)
    record(session, who, "store", plan.settings.store_id, "stock pushed",
           format=plan.format, skus=stock_file.rows, file=str(target))
    _step(PUSH_STEPS, PUSH_STEPS, progress, None)
    return PushResult(plan, str(target), stock_file.rows, stock_file.left_out, push.id)


def _write_atomically(target: Path, text: str) -> None:
    if not target.parent.is_dir():
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "No folder {folder} to write {name} into."), folder=str(target.parent),
            name=target.name)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remember(session: Session, store_id: int, push_id: int,
              rows: Sequence[Listing]) -> None:
    """Upsert what the store was told: one statement for all the rows.

    The rows travel as one JSON object {store SKU: quantity} that the database unpacks
    (SQLite's json_each, PostgreSQL's jsonb_each_text): at 50k rows a per-row executemany
    cost four times as much, binding and checking each row on its own.
    """
    if not rows:
        return
    told = json.dumps(dict(zip(map(itemgetter(0), rows), map(itemgetter(6), rows),
                               strict=True)))
    if session.get_bind().dialect.name == "sqlite":
        source = "SELECT ?, key, value, ? FROM json_each(?) WHERE true"
    else:
        source = ("SELECT %s, key, value::integer, %s FROM jsonb_each_text(%s::jsonb) "
                  "WHERE true")
    sql = ("INSERT INTO pushed_levels (store_id, channel_sku, quantity, push_id) "
           f"{source} ON CONFLICT (store_id, channel_sku) DO UPDATE SET "
           "quantity = excluded.quantity, push_id = excluded.push_id")
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, (store_id, push_id, told))
    finally:
        cursor.close()


def history(session: Session, store: str | None = None, limit: int = 50) -> list[PushRecord]:
    """Pushes, newest first."""
    query = (select(StockPush.id, Store.name, StockPush.at, StockPush.user, StockPush.station,
                    StockPush.format, StockPush.everything, StockPush.skus,
                    StockPush.file_name)
             .join(Store, Store.id == StockPush.store_id)
             .order_by(StockPush.at.desc(), StockPush.id.desc()).limit(limit))
    if store:
        query = query.where(StockPush.store_id == store_id_by_name(session, store))
    return [PushRecord(*row) for row in session.execute(query)]
