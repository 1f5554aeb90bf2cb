"""`backroom import orders`, `backroom orders list|show|oversell|link`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from app.db import Database
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput, NotFound
from app.services.importers.detect import FORMATS
from app.services.orders import import_plan
from app.services.orders import reads as orders
from app.services.orders import reservations as order_reservations
from app.services.orders import setup as order_setup
from app.services.orders import sku_links as sku_matching
from app.services.orders.importing import ImportSummary, import_into_store
from app.services.orders.reads import OrderFilter


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imp = sub.add_parser("import", help="import orders from a store's export file")
    isub = imp.add_subparsers(dest="what", required=True)
    p = isub.add_parser("orders", help="Shopify, WooCommerce, Etsy, eBay, Amazon or mapped CSV")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="the export (Etsy: both Sold Orders and Sold Order Items)")
    p.add_argument("--format", help=f"{'|'.join(FORMATS)}|mapped:NAME (default: detect)")
    p.add_argument("--store", help="store name (default: the one store of that kind)")
    p.add_argument("--good-rows-only", action="store_true",
                   help="import the orders without problems; write the rest to FILE.rejected.csv")
    p.add_argument("--replace", action="store_true",
                   help="replace the store's other orders that have the file's order numbers "
                        "(not those already being picked, packed or shipped)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=cmd_import_orders)

    o = sub.add_parser("orders", help="list and show orders")
    osub = o.add_subparsers(dest="action", required=True)
    ls = osub.add_parser("list", help="orders, newest first")
    ls.add_argument("--status", action="append", help="only this status (repeatable)")
    ls.add_argument("--store", help="only this store")
    ls.add_argument("--search", default="", help="number, customer, email, SKU or tracking")
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)
    show = osub.add_parser("show", help="one order with its lines and events")
    show.add_argument("number", help="the order number as the store shows it, e.g. #1001")
    show.add_argument("--store")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)
    over = osub.add_parser("oversell", help="SKUs whose open orders need more than is free")
    over.add_argument("--json", action="store_true")
    over.set_defaults(handler=cmd_oversell)
    link = osub.add_parser("link", help="remember that a store's SKU is one of our products")
    link.add_argument("store")
    link.add_argument("channel_sku")
    link.add_argument("sku")
    link.set_defaults(handler=cmd_link)
    listing = osub.add_parser(
        "link-listing", help="remember that a store's lines without a SKU (by listing id, or "
        "title, and variation) are one of our products")
    listing.add_argument("store")
    listing.add_argument("sku", help="our product's SKU")
    which = listing.add_mutually_exclusive_group(required=True)
    which.add_argument("--listing", default="", help="the store's listing id (Etsy, eBay)")
    which.add_argument("--title", default="", help="the line's title, for stores with no "
                       "listing id")
    listing.add_argument("--variation", default="", help="e.g. 'Size: M' (as the store wrote it)")
    listing.set_defaults(handler=cmd_link_listing)


def _store_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    for s in order_setup.list_stores(session):
        if s.name == name:
            return s.id
    raise NotFound(f"No store called {name!r}.")


def cmd_import_orders(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    try:
        plan = backend.read(import_plan.plan_import, args.files, args.format, args.store)
    except InvalidInput as exc:  # a missing file or an unknown format: a usage error
        print(f"backroom: {exc}", file=sys.stderr)
        return 2
    result = import_plan.parse(args.files, plan)
    summary = backend.run(import_into_store, result, plan.store_name, plan.kind,
                          actor=backend.actor, good_rows_only=args.good_rows_only,
                          replace=args.replace)
    written = []
    if args.good_rows_only:
        for name, text in summary.rejected_csv:
            source = next(f for f in args.files if f.name == name)
            target = source.with_name(source.name + ".rejected.csv")
            target.write_text(text, encoding="utf-8", newline="")
            written.append(str(target))
    if args.json:
        json.dump(_summary_json(summary, result.format, written), sys.stdout, indent=2)
        print()
    else:
        print(f"{summary.store}: {summary.message()}")
        if summary.clashes and not summary.blocked:
            print("  Use --store NAME to import into another store, or --replace to replace "
                  "those orders.", file=sys.stderr)
        for change in summary.changes:
            print(f"  {change}")
        for p in summary.problems:
            print(f"  {p}", file=sys.stderr)
        for w in written:
            print(f"Rejected rows written to {w}")
    return 1 if summary.refused else 0


def _summary_json(s: ImportSummary, fmt: str, written: list[str]) -> dict[str, object]:
    return {"store": s.store, "format": fmt, "imported": not s.refused, "new": s.new,
            "updated": s.updated, "unchanged": s.unchanged, "rejected": s.rejected,
            "unmatched_lines": s.unmatched_lines, "backorders": s.backorders,
            "replaced": s.replaced, "changes": list(s.changes), "rejected_files": written,
            "clashes": [{"number": c.number, "external_id": c.external_id,
                         "existing_external_id": c.existing_external_id,
                         "existing_status": c.existing_status,
                         "replaceable": c not in s.blocked} for c in s.clashes],
            "problems": [{"file": p.file, "row": p.row, "column": p.column,
                          "reason": p.reason} for p in s.problems]}


def cmd_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    def job(session: Session) -> list[orders.OrderRow]:
        flt = OrderFilter(store_id=_store_id(session, args.store),
                          statuses=tuple(args.status or ()), search=args.search)
        return orders.list_orders(session, flt, 0, args.limit)

    rows = backend.read(job)
    if args.json:
        json.dump([r.as_json() for r in rows], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for r in rows:
        data = r.as_json()
        print(f"{r.number:<22} {r.store:<14} {r.placed_at:%Y-%m-%d %H:%M}  {r.status:<10} "
              f"{data['total']:>10} {r.currency}  {r.customer}  {' '.join(r.flags)}")
    return 0


def cmd_show(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    def job(session: Session) -> orders.OrderDetail:
        oid = orders.find_order(session, args.number, _store_id(session, args.store))
        return orders.order_detail(session, oid)

    data = backend.read(job).as_json()
    if args.json:
        from app.services.reconciliation.reads import settlement_json  # issue 17

        data["settlement"] = backend.read(lambda s: settlement_json(s, orders.find_order(
            s, args.number, _store_id(s, args.store))))
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(f"{data['number']} ({data['store']}), {data['placed_at']}, {data['status']}, "
          f"{data['total']} {data['currency']}")
    ship = data["ship_to"]
    assert isinstance(ship, dict)
    print("Ship to: " + ", ".join(v for v in ship.values() if v))
    for ln in data["lines"]:  # type: ignore[attr-defined]
        print(f"  {ln['quantity']} x {ln['sku']:<16} {ln['title']}  [{ln['state']}]")
    for e in data["events"]:  # type: ignore[attr-defined]
        print(f"  {e['at']}  {e['action']:<18} {e['user']}@{e['station']}  {e['details']}")
    return 0


def cmd_oversell(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rows = backend.read(order_reservations.oversell_report)
    if args.json:
        json.dump([{"sku": r.sku, "name": r.name, "available": r.available,
                    "open_demand": r.open_demand, "short": r.short, "incoming": r.incoming,
                    "linked": r.linked, "orders": list(r.orders)} for r in rows],
                  sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    if not rows:
        print("Nothing is about to oversell.")
    for r in rows:
        print(f"{r.sku:<16} short {r.short:>4} (needs {r.open_demand}, free {r.available}, "
              f"incoming {r.incoming})  orders: {', '.join(r.orders[:10])}")
    return 0


def cmd_link(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    def job(session: Session) -> sku_matching.LinkResult:
        store_id = _store_id(session, args.store)
        assert store_id is not None
        return sku_matching.link_sku(session, store_id, args.channel_sku, args.sku,
                                     actor=backend.actor)

    result = backend.run(job)
    print(f"Linked; {_lines(result.lines_matched)} of open orders matched.")
    return 0


def cmd_link_listing(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    key = sku_matching.listing_key(args.listing, args.title, args.variation)
    if key is None:
        print("backroom: give --listing ID or --title TEXT", file=sys.stderr)
        return 2

    def job(session: Session) -> sku_matching.LinkResult:
        store_id = _store_id(session, args.store)
        assert store_id is not None
        return sku_matching.link_listing(session, store_id, key, args.sku, actor=backend.actor)

    result = backend.run(job)
    print(f"Linked {sku_matching.describe_key(key)} to {args.sku}; "
          f"{_lines(result.lines_matched)} of open orders matched.")
    return 0


def _lines(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"
