"""Foundation subcommands: demo, products import/export, stock, db check/backup/restore/
init/migrate/copy."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app.db import Database, last_passed_check, open_database, record_passed_check, resolve_url
from app.services.core.backend import Backend
from app.services.core.errors import Cancelled
from app.services.stock import reads as stock_reads

if TYPE_CHECKING:
    from app.services import maintenance

# The services of the other commands are imported by their handlers: `backroom stock` then
# loads neither the demo generator nor every table's model (issue 13, start <= 0.5 s).


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="fill an empty database with a demo store")
    p.add_argument("--products", type=int, default=300)
    p.add_argument("--orders", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=cmd_demo)

    products = sub.add_parser("products", help="import or export the product catalogue")
    psub = products.add_subparsers(dest="action", required=True)
    imp = psub.add_parser("import", help="create/update products from CSV")
    imp.add_argument("file", type=Path)
    imp.add_argument("--currency", default="EUR", help="for rows without a currency")
    imp.set_defaults(handler=cmd_products_import)
    exp = psub.add_parser("export", help="write the catalogue as CSV ('-' for stdout)")
    exp.add_argument("file")
    exp.set_defaults(handler=cmd_products_export)

    stock = sub.add_parser("stock", help="on hand, reserved and available per SKU and bin")
    stock.add_argument("skus", nargs="*", metavar="SKU")
    stock.add_argument("--json", action="store_true",
                       help="a list of {sku, bin, on_hand, reserved, available, incoming}")
    stock.set_defaults(handler=cmd_stock)

    db = sub.add_parser("db", help="database maintenance")
    dsub = db.add_subparsers(dest="action", required=True)
    check = dsub.add_parser(
        "check", help="file, schema and stock-ledger check, with progress on stderr "
        "(Ctrl+C stops it)")
    check.add_argument("--full", action="store_true",
                       help="also every index against its table, the foreign keys and the "
                       "order name index (minutes on a big store; writers wait meanwhile)")
    check.set_defaults(handler=cmd_db_check)
    backup = dsub.add_parser(
        "backup", help="a consistent copy of the database: into the backup folder (keeping "
        "the newest N), into FOLDER, or to a new FILE (.sqlite3/.db/.dump)")
    backup.add_argument("path", nargs="?", type=Path, metavar="FOLDER_OR_FILE")
    backup.add_argument("--json", action="store_true", help="{path, bytes, seconds, removed}")
    backup.set_defaults(handler=cmd_db_backup)
    restore = dsub.add_parser(
        "restore", help="replace the database with a checked backup (a copy of the current "
        "one is kept); no other window or command may have it open")
    restore.add_argument("file", type=Path)
    restore.add_argument("--json", action="store_true",
                         help="{restored_from, safety_copy, migrated, seconds, check_ok}")
    # Restore must also work when the current database cannot be opened (damaged, or from a
    # newer Backroom): it opens the database itself, after replacing it.
    restore.set_defaults(handler=cmd_db_restore, opens_database_itself=True)
    init = dsub.add_parser(
        "init", help="make a new store on an empty PostgreSQL database or a new SQLite file "
        "(refuses one that holds any tables)")
    init.add_argument("url", metavar="URL", help="postgresql://user@host/name or a file path")
    init.add_argument("--demo", action="store_true", help="fill it with the demo store")
    init.set_defaults(handler=cmd_db_init, opens_database_itself=True)
    migrate = dsub.add_parser(
        "migrate", help="bring a store up to this version's schema (a SQLite file is "
        "copied next to itself first)")
    migrate.add_argument("url", nargs="?", metavar="URL", help="default: --db")
    migrate.set_defaults(handler=cmd_db_migrate, opens_database_itself=True)
    copy = dsub.add_parser(
        "copy", help="copy a store onto an empty database (SQLite -> PostgreSQL or back), "
        "all or nothing, checked row for row")
    copy.add_argument("source", metavar="FROM")
    copy.add_argument("target", metavar="TO")
    copy.add_argument("--json", action="store_true",
                      help="{source, target, ok, rows, seconds, initialised, sequences, tables}")
    copy.set_defaults(handler=cmd_db_copy, opens_database_itself=True)


def cmd_demo(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    def progress(done: int, total: int) -> None:
        print(f"\r{done:,}/{total:,} orders", end="", file=sys.stderr, flush=True)

    from app.services import demo_job

    summary = backend.run(demo_job.make_demo, products=args.products, orders=args.orders,
                          seed=args.seed, progress=progress if args.orders > 50000 else None)
    print(f"Demo store: {summary.products:,} products in {summary.bins:,} bins, "
          f"{summary.orders:,} orders ({summary.order_lines:,} lines), "
          f"{summary.customers:,} customers, {summary.moves:,} stock moves.")
    return 0


def cmd_products_import(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    from app.services.stock import products_file as products_io

    result = backend.run(products_io.import_products, args.file, actor=backend.actor,
                         default_currency=args.currency)
    print(f"{result.created} new, {result.updated} updated, "
          f"{result.stock_adjusted} stock level(s) set.")
    return 0


def cmd_products_export(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    from app.services.stock import products_file as products_io

    text = backend.read(products_io.export_products)
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8", newline="")
        print(f"Wrote {text.count(chr(10)) - 1} products to {args.file}.")
    return 0


def cmd_stock(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rows = backend.read(stock_reads.level_rows, skus=args.skus, every_place=True, limit=None)
    if args.json:  # the contract: places that hold or reserve stock
        json.dump([r.as_json() | {"incoming": r.incoming} for r in rows if r.bin],
                  sys.stdout, indent=2)
        print()
        return 0
    print(f"{'SKU':<16} {'BIN':<12} {'ON HAND':>8} {'RESERVED':>9} {'AVAILABLE':>10}")
    for r in rows:  # a product with no stock anywhere shows once, binless, at zero
        print(f"{r.sku:<16} {r.bin or '(none)':<12} {r.on_hand:>8} {r.reserved:>9} "
              f"{r.available:>10}")
    missing = sorted(set(args.skus) - {r.sku for r in rows})
    if missing:
        print(f"No product with SKU {', '.join(missing)}.", file=sys.stderr)
        return 1
    return 0


def cmd_db_check(args: argparse.Namespace, backend: Backend, db: Database) -> int:
    full = bool(getattr(args, "full", False))
    before = last_passed_check(db)
    try:
        report, search = _run_check(backend, db, full)
    except (KeyboardInterrupt, Cancelled):
        print("Check stopped; nothing was recorded as passed.", file=sys.stderr)
        return 130
    print(f"Database: {db.label}")
    if before is not None:  # SQLite: opening no longer checks the file, so say when it was
        print(f"Last passed check: {before.at.astimezone():%Y-%m-%d %H:%M} ({before.kind}, "
              f"{before.reason})")
    print(f"Integrity: {report.integrity}" + ("" if full else " (quick; --full for more)"))
    if search is not None:
        print(f"Order name index: {search}")
    print("Schema: " + ("as the migrations make it" if not report.schema_problems else
                        f"{len(report.schema_problems)} difference(s)"))
    for problem in report.schema_problems[:20]:
        print(f"  {problem}")
    print(f"Ledger: {report.moves:,} moves, {report.levels:,} stock levels, "
          f"{len(report.ledger_problems)} mismatch(es)")
    for p in report.ledger_problems[:20]:
        print(f"  product {p.product_id} at location {p.location_id}: {p.field} is {p.stored},"
              f" the moves say {p.expected}")
    ok = report.ok and search in (None, "ok")
    if ok:
        record_passed_check(db, "full" if full else "quick")
    return 0 if ok else 1


def _run_check(backend: Backend, db: Database, full: bool
               ) -> tuple[maintenance.CheckReport, str | None]:
    """The check on a worker thread, so Ctrl+C reaches this one at once and stops it: a
    signal waits for Python code, and SQLite's quick check is one long C call."""
    from app.services import maintenance

    stop = maintenance.CheckStop()
    dialect = db.engine.dialect.name
    parts = maintenance.check_parts(dialect, full)
    tty = sys.stderr.isatty()

    def progress(label: str, part: int, _parts: int) -> None:
        line = f"checking {label}\u2026 {part}/{len(parts)}"
        print(f"\r{line}\033[K" if tty else line, end="" if tty else "\n", file=sys.stderr,
              flush=True)

    def job() -> tuple[maintenance.CheckReport, str | None]:
        report = backend.read(maintenance.check_database, full=full, progress=progress,
                              stop=stop)
        search = None
        if full and dialect == "sqlite":
            progress(parts[-1], len(parts), len(parts))
            search = backend.run(maintenance.check_search_index, stop=stop)
        return report, search

    outcome: list[tuple[maintenance.CheckReport, str | None]] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(job())
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="db-check", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        stop.stop()
        worker.join()
        raise
    finally:
        if tty:
            print(file=sys.stderr)
    if failure:
        raise failure[0]
    return outcome[0]


def cmd_db_backup(args: argparse.Namespace, _backend: Backend, db: Database) -> int:
    from app.services.backups.store import StoreBackups

    result = StoreBackups.of(db).back_up(args.path)
    if args.json:
        json.dump({"path": str(result.path), "bytes": result.size,
                   "seconds": round(result.seconds, 3),
                   "removed": [str(p) for p in result.removed]}, sys.stdout, indent=2)
        print()
        return 0
    print(f"Backed up to {result.path} ({result.size / 1e6:,.1f} MB in {result.seconds:.1f} s).")
    for old in result.removed:
        print(f"Removed the old backup {old}.")
    return 0


def _why_not_restore(url: str, user: str) -> str | None:
    """Why `user` may not replace this store with a backup (only an owner may), or None.

    A store that does not open (missing or damaged, the usual reason to restore) cannot say
    who its owner is, so then whoever is at the machine may restore it.
    """
    from sqlalchemy.engine import make_url

    from app.db import DatabaseError
    from app.services.core.permissions import PermissionDenied, person

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not (
            parsed.database and Path(parsed.database).exists()):
        return None
    try:
        db = open_database(url)
    except DatabaseError:
        return None
    try:
        who = Backend(db.sessions).read(person, user)
    except PermissionDenied as exc:
        return str(exc)
    finally:
        db.dispose()
    if who.role != "owner":
        return (f"{user} ({who.role}) may not restore the database: it replaces every "
                "order, stock move and setting. Only an owner may.")
    return None


def cmd_db_restore(args: argparse.Namespace, _backend: None, _db: None) -> int:
    from app.services import maintenance
    from app.services.backups.store import StoreBackups

    url = resolve_url(args.db)
    refusal = _why_not_restore(url, args.user)
    if refusal:
        print(f"backroom: {refusal}", file=sys.stderr)
        return 1
    result = StoreBackups(url).restore(args.file)
    db = open_database(url)
    try:
        report = Backend(db.sessions).read(maintenance.check_database)
    finally:
        db.dispose()
    if args.json:
        json.dump({"restored_from": str(result.source),
                   "safety_copy": str(result.safety_copy) if result.safety_copy else None,
                   "migrated": result.migrated, "seconds": round(result.seconds, 3),
                   "check_ok": report.ok}, sys.stdout, indent=2)
        print()
    else:
        print(f"Restored {db.label} from {result.source} in {result.seconds:.1f} s"
              + (" (made by an older Backroom; brought up to date)." if result.migrated
                 else "."))
        if result.safety_copy is not None:
            print(f"The database as it was is kept in {result.safety_copy}.")
        print("Check: " + ("passed." if report.ok else
                           "FAILED - run `backroom db check` for the details."))
    return 0 if report.ok else 1


def cmd_db_init(args: argparse.Namespace, _backend: None, _db: None) -> int:
    from app.services.database import setup

    result = setup.init_store(args.url, with_demo=args.demo)
    print(f"Made a new Backroom store on {result.label} (schema {result.schema})"
          + (f" with the demo store ({result.demo_orders:,} orders)." if args.demo else "."))
    return 0


def cmd_db_migrate(args: argparse.Namespace, _backend: None, _db: None) -> int:
    from app.services.database import setup

    result = setup.migrate_store(args.url or resolve_url(args.db))
    if result.before == result.after:
        print(f"{result.label} is up to date (schema {result.after}).")
    else:
        print(f"Brought {result.label} from schema {result.before} to {result.after}.")
    if result.backup is not None:
        print(f"The file as it was is kept in {result.backup}.")
    return 0


def cmd_db_copy(args: argparse.Namespace, _backend: None, _db: None) -> int:
    def progress(table: str, done: int, total: int) -> None:
        print(f"\r{table}: {done:,}/{total:,} rows\033[K", end="", file=sys.stderr,
              flush=True)

    from app.services.database import copying

    result = copying.copy_store(args.source, args.target, progress=progress)
    print(file=sys.stderr)
    if args.json:
        json.dump(result.as_json(), sys.stdout, indent=2)
        print()
        return 0 if result.ok else 1
    print(f"Copied {result.source} to {result.target}: {result.rows:,} rows in "
          f"{len(result.tables)} tables, {result.seconds:.1f} s"
          + (" (the target's schema was made first)." if result.initialised else "."))
    print(f"{'TABLE':<28} {'SOURCE':>10} {'COPIED':>10}  CHECK")
    for t in result.tables:
        if t.source_rows or t.target_rows:
            print(f"{t.name:<28} {t.source_rows:>10,} {t.target_rows:>10,}  "
                  + ("same" if t.ok else "DIFFERENT"))
    empty = sum(1 for t in result.tables if not t.source_rows and not t.target_rows)
    if empty:
        print(f"({empty} empty table(s) not shown.)")
    print("Every row checked: the copy equals the source." if result.ok else
          "The copy DIFFERS from the source.")
    return 0 if result.ok else 1
