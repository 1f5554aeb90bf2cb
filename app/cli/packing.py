"""`backroom pick|pack|ship …`: pick lists, supervisor PINs, hand-over and confirmations."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.db import Database
from app.services.core.backend import Backend
from app.services.core.supervisors import set_pin
from app.services.packing import picking
from app.services.packing import shipping as shipping_confirm
from app.services.packing.documents import pick_list_pdf_bytes


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pick = sub.add_parser("pick", help="pick lists").add_subparsers(dest="pick_cmd",
                                                                    required=True)
    create = pick.add_parser("create", help="a pick list of reserved orders, bins in order")
    create.add_argument("--store", help="only this store's orders")
    create.add_argument("--orders", type=int, default=20, help="how many orders (default 20)")
    create.add_argument("--strict", action="store_true", help="bin must be scanned first")
    create.add_argument("--pdf", help="also write the pick list PDF here")
    create.set_defaults(handler=cmd_pick_create)

    pack = sub.add_parser("pack", help="packing station set-up").add_subparsers(
        dest="pack_cmd", required=True)
    pin = pack.add_parser("set-pin", help="give a supervisor a PIN (read from stdin)")
    pin.add_argument("name")
    pin.add_argument("--role", choices=("supervisor", "owner", "packer"), default=None)
    pin.set_defaults(handler=cmd_set_pin)

    ship = sub.add_parser("ship", help="hand-over and shipment confirmations").add_subparsers(
        dest="ship_cmd", required=True)
    mark = ship.add_parser("mark", help="mark orders shipped by tracking or order number")
    mark.add_argument("codes", nargs="+")
    mark.set_defaults(handler=cmd_ship_mark)
    exp = ship.add_parser("confirm-export", help="shipment confirmations for a store")
    exp.add_argument("--store", required=True)
    exp.add_argument("--format", choices=("amazon", "csv"), default="csv")
    exp.add_argument("--days", type=int, default=1, help="shipped in the last N days")
    exp.add_argument("--out", default="-", help="file to write ('-' for stdout)")
    exp.set_defaults(handler=cmd_confirm_export)


def cmd_pick_create(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    ids = backend.read(picking.choose_orders, store=args.store, limit=args.orders)
    view = backend.run(picking.create_pick_list, backend.actor, ids, strict_bins=args.strict)
    print(f"Pick list PICK-{view.id}: {len(view.orders)} order(s)")
    for row in view.rows:
        totes = ", ".join(f"{t.tote}×{t.quantity}" for t in row.totes)
        print(f"{row.bin:<10} {row.sku:<14} {row.quantity:>4}  {row.name}  [{totes}]")
    if args.pdf:
        Path(args.pdf).write_bytes(backend.read(pick_list_pdf_bytes, view.id))
        print(f"PDF written to {args.pdf}")
    return 0


def cmd_set_pin(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    pin = (getpass.getpass("PIN: ") if sys.stdin.isatty() else sys.stdin.readline()).strip()
    backend.run(set_pin, args.name, pin, role=args.role)
    print(f"PIN set for {args.name}.")
    return 0


def cmd_ship_mark(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    for code in args.codes:
        number, new = backend.run(shipping_confirm.ship_by_scan, backend.actor, code)
        print(f"{number}: {'shipped' if new else 'already shipped'}")
    return 0


def cmd_confirm_export(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    since = datetime.now(UTC) - timedelta(days=args.days)
    rows = backend.read(shipping_confirm.confirmations, store=args.store, since=since)
    text = (shipping_confirm.amazon_confirmation_file(rows) if args.format == "amazon"
            else shipping_confirm.generic_confirmation_csv(rows))
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8", newline="")
        print(f"{len(rows)} confirmation(s) written to {args.out}", file=sys.stderr)
    return 0
