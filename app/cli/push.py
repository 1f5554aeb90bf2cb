"""`backroom push ...`, `backroom buffer ...`, `backroom push-mapping ...`: each store's own
stock upload file, the buffers that hold stock back from it, and saved generic layouts."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from app.db import Database
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput
from app.services.push import buffers, pushing
from app.services.push.files import FIELDS

FORMAT_HELP = "shopify-inventory, amazon-quantity, woocommerce, ebay or mapped:NAME"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    push = sub.add_parser("push", help="write a store's stock upload file (what it may sell)")
    push.add_argument("--store", default="", help="the store (needed unless --history)")
    push.add_argument("--format", default=None, help=f"{FORMAT_HELP} (default: the "
                      "store's saved format, else its kind's)")
    push.add_argument("--all", action="store_true", help="every listing, not only those "
                      "changed since the store's last push")
    push.add_argument("-o", "--output", type=Path, metavar="FILE",
                      help="where to write (default: STORE-stock.csv/.txt here)")
    push.add_argument("--warehouse", default=None, help="remember: only this warehouse's "
                      "bins serve the store ('' = every bin)")
    push.add_argument("--location", default=None, help="remember: the store's Shopify "
                      "location name")
    push.add_argument("--dry-run", action="store_true", help="show, write nothing")
    push.add_argument("--history", action="store_true", help="list past pushes instead")
    push.add_argument("--json", action="store_true")
    push.set_defaults(handler=cmd_push)
    buf = sub.add_parser("buffer", help="hold stock back from a store (or one SKU in it)")
    buf.add_argument("--store", required=True)
    buf.add_argument("--sku", default=None, help="one of our SKUs (default: the whole store)")
    what = buf.add_mutually_exclusive_group(required=True)
    what.add_argument("--keep", type=int, metavar="N", help="keep N units back")
    what.add_argument("--max", type=int, metavar="M", help="show at most M units")
    what.add_argument("--percent", type=int, metavar="P", help="show P%% of what we have")
    what.add_argument("--clear", action="store_true", help="remove the rule")
    buf.add_argument("--json", action="store_true")
    buf.set_defaults(handler=cmd_buffer)
    mapping = sub.add_parser("push-mapping", help="save a generic stock file layout")
    mapping.add_argument("name")
    mapping.add_argument("--column", action="append", required=True, metavar="HEADER=FIELD",
                         help=f"in file order; FIELD is one of {', '.join(FIELDS)}")
    mapping.add_argument("--delimiter", default=",", help="',' (default), ';' or 'tab'")
    mapping.set_defaults(handler=cmd_mapping)


def _default_file(store: str, fmt: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", store).strip("-").lower() or "store"
    return Path(f"{slug}-stock{'.txt' if fmt == 'amazon-quantity' else '.csv'}")


def cmd_push(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    if args.history:
        records = backend.read(pushing.history, args.store or None, 100)
        if args.json:
            json.dump([{"id": r.id, "store": r.store, "at": r.at.isoformat(),
                        "user": r.user, "format": r.format, "all": r.everything,
                        "skus": r.skus, "file": r.file} for r in records], sys.stdout,
                      indent=2)
            print()
        for r in records if not args.json else ():
            print(f"{r.at:%Y-%m-%d %H:%M} {r.store:<16} {r.user:<10} {r.skus:>6} SKUs  "
                  f"{r.file}")
        return 0
    if not args.store:
        print("backroom push: --store is needed", file=sys.stderr)
        return 2
    if args.warehouse is not None or args.location is not None:
        backend.run(pushing.save_settings, args.store, warehouse=args.warehouse,
                    location=args.location)
    if args.dry_run:
        plan = backend.read(pushing.plan_push, args.store, args.format, everything=args.all)
        return _report(args, plan, None)
    settings = backend.read(pushing.store_settings, args.store)
    fmt = args.format or settings.format
    target = args.output or _default_file(settings.store, fmt)
    result = backend.run(pushing.push_stock, args.store, target, args.format,
                         everything=args.all)
    return _report(args, result.plan, result)


def _report(args: argparse.Namespace, plan: pushing.PushPlan,
            result: pushing.PushResult | None) -> int:
    if args.json:  # the contract: per SKU, what the store may sell
        json.dump([r.as_json() for r in plan.rows], sys.stdout, indent=2)
        print()
    else:
        for r in plan.rows:
            print(f"{r.channel_sku:<24} available {r.available:>6}  buffer {r.buffer:>5}  "
                  f"quantity {r.quantity:>6}")
    if result is None:
        print(f"{len(plan.rows)} of {plan.listings} listings would be pushed "
              f"({plan.format}); nothing written.", file=sys.stderr)
    elif not result.file:
        print(f"Nothing changed for {plan.settings.store} since its last push; no file "
              "written (--all writes every listing).", file=sys.stderr)
    else:
        extra = f", {result.left_out} left out (the channel fulfils them)" \
            if result.left_out else ""
        print(f"Wrote {result.file}: {result.skus} SKUs for {plan.settings.store} "
              f"({plan.format}){extra}.", file=sys.stderr)
    return 0


def cmd_buffer(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rule = backend.run(buffers.set_buffer, args.store, args.sku, keep=args.keep,
                       max_quantity=args.max, percent=args.percent, clear=args.clear)
    if args.json:
        json.dump({"store": args.store, "sku": args.sku, "keep": rule.keep,
                   "max": rule.max_quantity, "percent": rule.percent}, sys.stdout)
        print()
    else:
        print(f"{args.store}{' / ' + args.sku if args.sku else ''}: {rule.describe()}")
    return 0


def cmd_mapping(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    columns = []
    for text in args.column:
        header, sep, field = text.partition("=")
        if not sep or not header.strip():
            raise InvalidInput(f"--column {text!r}: write HEADER=FIELD, e.g. Stock=quantity.")
        columns.append((header.strip(), field.strip()))
    delimiter = "\t" if args.delimiter == "tab" else args.delimiter
    backend.run(pushing.save_mapping, args.name, columns, delimiter)
    print(f"Saved stock file mapping {args.name!r}: use --format mapped:{args.name}")
    return 0
