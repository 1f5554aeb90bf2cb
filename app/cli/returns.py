"""`backroom returns ...`: open a return, receive it, refund it, list and show returns."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.db import Database
from app.models.returns import CONDITIONS, DISPOSITIONS, PAID_BY, RETURN_STATUSES
from app.money import to_decimal_text
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput
from app.services.importers.csv_text import Source
from app.services.importers.returns_detect import parse_returns
from app.services.returns import importing, opening, reads, receiving, refunds, slip


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ret = sub.add_parser("returns", help="returns: create, receive, refund, list, show")
    rsub = ret.add_subparsers(dest="action", required=True)
    create = rsub.add_parser("create", help="open a return for units of a shipped order")
    create.add_argument("order", metavar="ORDER_NUMBER")
    create.add_argument("--store", default="", help="the store, when numbers repeat")
    create.add_argument("--line", action="append", required=True, metavar="SKU:QTY",
                        help="a SKU (or barcode) and the units coming back; repeat per line")
    create.add_argument("--reason", required=True, help="a reason code or name "
                        "(wrong_item, damaged, not_as_described, changed_mind, doesnt_fit, …)")
    create.add_argument("--note", default="")
    create.add_argument("--tracking", default="", help="the return parcel's tracking number")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=cmd_create)
    receive = rsub.add_parser("receive", help="receive units: each one stock move out of "
                              "CUSTOMER to a bin, quarantine, scrap or the supplier")
    receive.add_argument("id", type=int, metavar="ID")
    receive.add_argument("--line", action="append", required=True,
                         metavar="SKU:QTY:DISPOSITION[:BIN]",
                         help=f"DISPOSITION is {', '.join(DISPOSITIONS)}; restock needs a BIN")
    receive.add_argument("--condition", default="new", choices=CONDITIONS)
    receive.add_argument("--json", action="store_true")
    receive.set_defaults(handler=cmd_receive)
    refund = rsub.add_parser("refund", help="record a refund in the order's currency")
    refund.add_argument("id", type=int, metavar="ID")
    refund.add_argument("--amount", required=True, help="for the items, e.g. 12.50")
    refund.add_argument("--shipping", default="0", help="shipping refunded")
    refund.add_argument("--fee", default="0", help="restocking fee kept back")
    refund.add_argument("--paid-by", default="store", choices=PAID_BY,
                        help="who paid the customer: the store, or the marketplace already")
    refund.add_argument("--json", action="store_true")
    refund.set_defaults(handler=cmd_refund)
    lst = rsub.add_parser("list", help="returns, newest first")
    lst.add_argument("--status", default="", choices=("", *RETURN_STATUSES))
    lst.add_argument("--search", default="", help="return/order number, customer, SKU, "
                     "tracking")
    lst.add_argument("--overdue", action="store_true", help="only returns expected but not "
                     "arrived")
    lst.add_argument("--limit", type=int, default=100)
    lst.add_argument("--csv", type=Path, metavar="FILE", help="write every match to FILE")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)
    show = rsub.add_parser("show", help="one return: lines, units, refunds")
    show.add_argument("id", metavar="ID", help="the return's id or number (R000012)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)
    imp = rsub.add_parser("import", help="open the returns a store's returns file announces "
                          "(Amazon returns report, Shopify orders export with refunds)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--store", default="", help="the store the file is from (needed when "
                     "there are several of its kind)")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import)
    slip = rsub.add_parser("slip", help="write a return's slip PDF (its barcode opens the "
                           "return at the station)")
    slip.add_argument("id", metavar="ID", help="the return's id or number (R000012)")
    slip.add_argument("--out", type=Path, required=True, metavar="PATH",
                      help="the PDF file, or a folder to write return-slip-<number>.pdf in")
    slip.add_argument("--page", choices=("a4", "letter"), default=None)
    slip.add_argument("--json", action="store_true")
    slip.set_defaults(handler=cmd_slip)


def _sku_qty(text: str) -> tuple[str, int]:
    sku, sep, qty = text.rpartition(":")
    if not sep or not sku.strip() or not qty.strip().isdigit():
        raise InvalidInput(f"--line {text!r}: write SKU:QTY, e.g. MUG-RED:1.")
    return sku.strip(), int(qty)


def _receive_item(text: str, condition: str) -> receiving.ReceiveItem:
    parts = text.split(":")
    if len(parts) not in (3, 4) or not parts[1].strip().isdigit():
        raise InvalidInput(f"--line {text!r}: write SKU:QTY:DISPOSITION[:BIN], e.g. "
                           "MUG-RED:1:restock:A-01-1.")
    sku, qty, disposition = parts[0].strip(), int(parts[1]), parts[2].strip().lower()
    return receiving.ReceiveItem(sku, qty, disposition, parts[3] if len(parts) == 4 else "",
                                 condition)


def cmd_create(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    items = [_sku_qty(t) for t in args.line]
    done = backend.run(opening.create_return, backend.actor, args.order, items, args.reason,
                       note=args.note, store=args.store, tracking=args.tracking)
    if args.json:
        print(json.dumps({"id": done.id, "number": done.number}))
    else:
        print(done.id)
    return 0


def cmd_receive(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    items = [_receive_item(t, args.condition) for t in args.line]
    done = backend.run(receiving.receive, backend.actor, args.id, items)
    if args.json:
        print(json.dumps({"id": args.id, "status": done[-1].status,
                          "remaining": done[-1].remaining,
                          "received": [{"sku": d.sku, "quantity": d.units,
                                        "disposition": d.disposition, "place": d.place}
                                       for d in done]}))
    else:
        for d in done:
            print(f"{d.units} × {d.sku} -> {d.place} ({d.disposition})")
        print(f"Return {done[-1].number}: {done[-1].status}, {done[-1].remaining} still to "
              "come")
    return 0


def cmd_refund(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    done = backend.run(refunds.record_refund, backend.actor, args.id, args.amount,
                       shipping=args.shipping, fee=args.fee, paid_by=args.paid_by)
    cur = done.currency
    if args.json:
        print(json.dumps({"id": done.return_id, "refund_id": done.refund_id,
                          "total": to_decimal_text(done.total_minor, cur), "currency": cur,
                          "order_refunded": to_decimal_text(done.refunded_minor, cur),
                          "order_paid": to_decimal_text(done.paid_minor, cur)}))
    else:
        print(f"Refunded {to_decimal_text(done.total_minor, cur)} {cur} "
              f"({to_decimal_text(done.refunded_minor, cur)} of "
              f"{to_decimal_text(done.paid_minor, cur)} paid for the order)")
    return 0


def cmd_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    flt = reads.ReturnFilter(status=args.status, text=args.search, overdue=args.overdue)
    if args.csv:
        args.csv.write_text(backend.read(reads.export_csv, flt), encoding="utf-8")
        return 0
    rows = backend.read(reads.list_returns, flt, limit=args.limit)
    if args.json:
        print(json.dumps([{"id": r.id, "number": r.number, "order": r.order_number,
                           "store": r.store, "customer": r.customer, "status": r.status,
                           "reason": r.reason,
                           "created_at": r.created_at.isoformat(timespec="seconds"),
                           "age_days": r.age_days(), "overdue": r.overdue(),
                           "tracking": r.tracking} for r in rows]))
        return 0
    for r in rows:
        flag = "  OVERDUE" if r.overdue() else ""
        print(f"{r.id:>6}  {r.number}  {r.order_number:<14} {r.store:<16} {r.status:<9} "
              f"{r.age_days():>3}d  {r.customer}{flag}")
    return 0


def _view_json(v: reads.ReturnView) -> dict[str, Any]:
    cur = v.currency
    return {
        "id": v.id, "number": v.number, "order": v.order_number, "store": v.store,
        "customer": v.customer, "status": v.status, "reason": v.reason, "note": v.note,
        "tracking": v.tracking, "source": v.source, "currency": cur,
        "created_at": v.created_at.isoformat(timespec="seconds"),
        "expected_by": v.expected_by.isoformat(timespec="seconds"), "overdue": v.overdue,
        "exchange_order": v.exchange_order,
        "lines": [{"sku": ln.sku, "name": ln.name, "expected": ln.expected,
                   "received": ln.received,
                   "units": [{"quantity": u.quantity, "condition": u.condition,
                              "disposition": u.disposition, "place": u.place}
                             for u in ln.units]} for ln in v.lines],
        "refund": {"total": to_decimal_text(v.refunded_minor, cur),
                   "refunds": [{"amount": to_decimal_text(r.amount_minor, cur),
                                "shipping": to_decimal_text(r.shipping_minor, cur),
                                "fee": to_decimal_text(r.fee_minor, cur),
                                "total": to_decimal_text(r.total_minor, cur),
                                "paid_by": r.paid_by,
                                "at": r.at.isoformat(timespec="seconds")}
                               for r in v.refunds]},
    }


def _show(session: Any, key: str) -> reads.ReturnView:
    if key.isdigit():
        return reads.return_view(session, int(key))
    found = reads.view_for_scan(session, key)
    if found is None:
        raise InvalidInput(f"No return {key!r}.")
    return found


def cmd_show(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    v = backend.read(_show, args.id)
    if args.json:
        print(json.dumps(_view_json(v)))
        return 0
    print(f"Return {v.number} for order {v.order_number} ({v.store}) — {v.status}")
    print(f"Reason: {v.reason}" + (f" — {v.note}" if v.note else ""))
    for ln in v.lines:
        print(f"  {ln.sku:<16} {ln.received}/{ln.expected} received  {ln.condition}  "
              f"{ln.disposition}")
    if v.refunds:
        print(f"Refunded: {to_decimal_text(v.refunded_minor, v.currency)} {v.currency}")
    return 0


def cmd_import(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    parsed = parse_returns(Source(path.name, data))
    done = backend.run(importing.import_returns, backend.actor, path.name, parsed,
                       store=args.store)
    if args.json:
        print(json.dumps({"file": done.file, "format": done.format, "store": done.store,
                          "opened": [{"id": o.id, "number": o.number, "order": o.order_number,
                                      "external_id": o.external_id, "units": o.units}
                                     for o in done.opened],
                          "already": done.already,
                          "skipped": [{"row": row, "reason": why}
                                      for row, why in done.skipped]}))
        return 0
    print(f"{done.file} ({done.format}, store {done.store}): {len(done.opened)} returns "
          f"opened, {done.already} imported before, {len(done.skipped)} rows left out")
    for o in done.opened:
        print(f"  {o.number}  order {o.order_number}  {o.units} units  ({o.external_id})")
    for row, why in done.skipped:
        print(f"  row {row}: {why}")
    return 0


def _slip_id(session: Any, key: str) -> int:
    return _show(session, key).id


def cmd_slip(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    return_id = backend.read(_slip_id, args.id)
    path = backend.read(slip.write_return_slip, return_id, str(args.out), page=args.page)
    if args.json:
        print(json.dumps({"id": return_id, "path": path}))
    else:
        print(path)
    return 0
