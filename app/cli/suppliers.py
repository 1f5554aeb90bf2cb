"""`backroom suppliers ...` and `backroom po ...`: suppliers, price lists, purchase orders,
shipments in transit, receiving and the scorecard."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from app.db import Database
from app.models.suppliers import ALLOCATIONS, INCOTERMS, SUPPLIER_CLASSES
from app.money import Money, to_decimal_text
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput
from app.services.labels.putaway import putaway_labels
from app.services.suppliers import (
    catalog,
    files,
    landed_cost,
    po_document,
    purchase_orders,
    reads,
    receiving,
    scorecard,
    shipments,
)

# The CLI says sea|air|express; "sea" is the slow boat, "sea_fast" an express liner.
CLI_MODES = ("sea", "sea_fast", "air", "express")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sup = sub.add_parser("suppliers", help="suppliers: add, list, import, export, scorecard")
    ssub = sup.add_subparsers(dest="action", required=True)
    add = ssub.add_parser("add", help="add (or update) a supplier")
    add.add_argument("name")
    add.add_argument("--currency", required=True, help="the currency they invoice in")
    add.add_argument("--class", dest="klass", default="trial", choices=SUPPLIER_CLASSES)
    add.add_argument("--contact", default="")
    add.add_argument("--email", default="")
    add.add_argument("--terms", default="", help="payment terms, e.g. '30% deposit, 70% B/L'")
    add.add_argument("--incoterm", default="FOB", choices=INCOTERMS)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add)
    lst = ssub.add_parser("list", help="every supplier")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)
    imp = ssub.add_parser("import", help="suppliers and price lists from CSV or .xlsx "
                          "(all or nothing)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import)
    exp = ssub.add_parser("export", help="suppliers and price lists to FILE (.csv or .xlsx; "
                          "'-' for CSV on stdout)")
    exp.add_argument("file")
    exp.set_defaults(handler=cmd_export)
    card = ssub.add_parser("scorecard", help="on-time, fill, defect rate, lead time, price "
                           "variance and score per supplier")
    card.add_argument("--from", dest="start", type=_date, help="YYYY-MM-DD (default: a year "
                      "before --to)")
    card.add_argument("--to", dest="end", type=_date, help="YYYY-MM-DD (default: today)")
    card.add_argument("--json", action="store_true")
    card.set_defaults(handler=cmd_scorecard)

    po = sub.add_parser("po", help="purchase orders: create, send, ship, receive, show")
    psub = po.add_subparsers(dest="action", required=True)
    create = psub.add_parser("create", help="draft a PO; prints its id")
    create.add_argument("--supplier", required=True)
    create.add_argument("lines", nargs="+", metavar="SKU:QTY[@COST]",
                        help="units (a multiple of the pack size) and, unless the price list "
                        "has it, the unit cost in the supplier's currency")
    create.add_argument("--expected", type=_date, help="the date promised, YYYY-MM-DD")
    create.add_argument("--fx", help="how many of the store's currency one unit of the "
                        "supplier's buys (needed when they differ)")
    create.add_argument("--note", default="")
    create.add_argument("--json", action="store_true", help='{"id": …, "number": …}')
    create.set_defaults(handler=cmd_create)
    for name, helptext, handler in (("send", "mark a draft PO sent", cmd_send),
                                    ("cancel", "cancel a PO nothing has shipped on", cmd_cancel),
                                    ("close", "close a PO that will get nothing more",
                                     cmd_close)):
        p = psub.add_parser(name, help=helptext)
        p.add_argument("id", type=int, metavar="ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    ship = psub.add_parser("ship", help="record a shipment: its units go IN-TRANSIT")
    ship.add_argument("id", type=int, metavar="ID")
    ship.add_argument("--mode", required=True, choices=CLI_MODES)
    ship.add_argument("--line", action="append", default=[], metavar="SKU:QTY",
                      help="part of the PO (repeat); default: all not shipped yet")
    ship.add_argument("--eta", type=_date, help="YYYY-MM-DD")
    ship.add_argument("--tracking", default="")
    ship.add_argument("--container", default="", help="container number (sea) or AWB (air)")
    ship.add_argument("--json", action="store_true")
    ship.set_defaults(handler=cmd_ship)
    costs = psub.add_parser("costs", help="a shipment's freight, duty and fees in the "
                            "store's currency, spread over its lines at receipt")
    costs.add_argument("shipment", type=int, metavar="SHIPMENT_ID")
    costs.add_argument("--freight", default="0")
    costs.add_argument("--duty", default="0")
    costs.add_argument("--fees", default="0")
    costs.add_argument("--by", default="value", choices=ALLOCATIONS)
    costs.add_argument("--json", action="store_true")
    costs.set_defaults(handler=cmd_costs)
    rec = psub.add_parser("receive", help="receive units: good to a bin, damaged to "
                          "quarantine, short back to the supplier; one transaction")
    rec.add_argument("id", type=int, metavar="ID")
    rec.add_argument("items", nargs="*", metavar="SKU:QTY[:BIN]",
                     help="good units (BIN: where they go; default the product's bin)")
    rec.add_argument("--damaged", action="append", default=[], metavar="SKU:QTY")
    rec.add_argument("--short", action="append", default=[], metavar="SKU:QTY",
                     help="units shipped that did not come")
    rec.add_argument("--shipment", type=int, help="only this shipment (default: oldest first)")
    rec.add_argument("--over-reason", default="", help="allow more than was shipped, saying "
                     "why")
    rec.add_argument("--json", action="store_true")
    rec.set_defaults(handler=cmd_receive)
    show = psub.add_parser("show", help="one PO with lines and shipments")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.add_argument("--csv", type=Path, metavar="FILE", help="write the PO as CSV for the "
                      "supplier ('-' for stdout)")
    show.set_defaults(handler=cmd_show)
    pdf = psub.add_parser("pdf", help="the PO as a PDF for the supplier (their SKUs, prices "
                          "and totals in their currency)")
    pdf.add_argument("id", type=int, metavar="ID")
    pdf.add_argument("--out", required=True, type=Path, metavar="FILE")
    pdf.add_argument("--paper", default="a4", choices=po_document.PAPERS)
    pdf.add_argument("--json", action="store_true")
    pdf.set_defaults(handler=cmd_pdf)
    bins = psub.add_parser("bin-labels", help="labels for the bins a PO's goods are put "
                           "away in (the bins its receipts used, else its products' bins)")
    bins.add_argument("id", type=int, metavar="ID")
    bins.add_argument("--out", required=True, type=Path, metavar="FILE")
    bins.add_argument("--zpl", action="store_true", help="ZPL for a thermal printer "
                      "(default: PDF)")
    bins.add_argument("--size", help="label size (default: the bin template's)")
    bins.add_argument("--json", action="store_true")
    bins.set_defaults(handler=cmd_bin_labels)
    pol = psub.add_parser("list", help="purchase orders, newest first")
    pol.add_argument("--supplier", default="")
    pol.add_argument("--json", action="store_true")
    pol.set_defaults(handler=cmd_po_list)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _qty(text: str, what: str, example: str) -> int:
    if not text.strip().isascii() or not text.strip().isdigit():
        raise InvalidInput(f"{what}: write {example}.")
    return int(text)


def _sku_qty(text: str, example: str = "SKU:QTY, e.g. MUG-RED:12") -> tuple[str, int]:
    sku, sep, qty = text.rpartition(":")
    if not sep or not sku.strip():
        raise InvalidInput(f"{text!r}: write {example}.")
    return sku.strip(), _qty(qty, repr(text), example)


def _money_minor(text: str, currency: str, what: str) -> int:
    try:
        value = Money.of(text, currency).minor
    except ValueError:
        raise InvalidInput(f"{what}: {text!r} is not an amount.") from None
    if value < 0:
        raise InvalidInput(f"{what}: {text!r} is negative.")
    return value


def cmd_add(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    sid = backend.run(catalog.save_supplier, catalog.SupplierInput(
        args.name, args.currency, args.contact, args.email, args.terms, args.incoterm,
        klass=args.klass), actor=backend.actor)
    print(json.dumps({"id": sid, "name": args.name}) if args.json else sid)
    return 0


def cmd_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rows = backend.read(reads.supplier_rows)
    if args.json:
        print(json.dumps([{"id": r.id, "name": r.name, "currency": r.currency,
                           "class": r.klass, "active": r.active, "products": r.products,
                           "open_pos": r.open_pos} for r in rows], indent=2))
        return 0
    for r in rows:
        print(f"{r.id:>4}  {r.name:<30} {r.currency}  {r.klass:<10} {r.products:>5} products  "
              f"{r.open_pos:>3} open PO(s){'' if r.active else '  (inactive)'}")
    return 0


def cmd_import(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    if not args.file.is_file():
        raise InvalidInput(f"No file {args.file}.")
    result = backend.run(files.import_suppliers, args.file, actor=backend.actor)
    if args.json:
        print(json.dumps({"suppliers_new": result.suppliers_new,
                          "suppliers_updated": result.suppliers_updated,
                          "prices_new": result.prices_new,
                          "prices_updated": result.prices_updated}))
    else:
        print(f"{result.suppliers_new} new supplier(s), {result.suppliers_updated} updated; "
              f"{result.prices_new} new price(s), {result.prices_updated} updated.")
    return 0


def cmd_export(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    suffix = "" if args.file == "-" else Path(args.file).suffix
    data = backend.read(files.export_suppliers, suffix)
    if args.file == "-":
        sys.stdout.write(data.decode("utf-8"))
    else:
        Path(args.file).write_bytes(data)
        print(f"Wrote {args.file}.")
    return 0


def cmd_scorecard(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    if args.start and args.end and args.start > args.end:
        raise InvalidInput("--from is after --to.")
    rows = backend.read(scorecard.scorecard, args.start, args.end)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], indent=2))
        return 0

    def pct(v: float | None) -> str:
        return "   -" if v is None else f"{v * 100:5.1f}%"

    print(f"{'SUPPLIER':<28} {'CLASS':<10} {'ON TIME':>8} {'FILL':>7} {'DEFECT':>7} "
          f"{'PRICE':>7} {'SCORE':>6}")
    for r in rows:
        score = "-" if r.score is None else f"{r.score:g}"
        print(f"{r.name:<28} {r.klass:<10} {pct(r.on_time_rate):>8} {pct(r.fill_rate):>7} "
              f"{pct(r.defect_rate):>7} {pct(r.price_variance):>7} {score:>6}"
              f"{'  ! ' + r.warning if r.warning else ''}")
    return 0


def cmd_create(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    currency = backend.read(catalog.supplier_currency, args.supplier)
    lines = []
    for text in args.lines:
        cost: int | None = None
        body, at, price = text.rpartition("@")
        if not at:
            body = text
        else:
            cost = _money_minor(price, currency, repr(text))
        sku, qty = _sku_qty(body, "SKU:QTY[@COST], e.g. MUG-RED:12@2.40")
        lines.append(purchase_orders.LineInput(sku, qty, cost))
    made = backend.run(purchase_orders.create_po, args.supplier, lines, expected=args.expected,
                       fx_rate=args.fx, note=args.note, actor=backend.actor)
    for warning in made.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    print(json.dumps({"id": made.id, "number": made.number}) if args.json else made.id)
    return 0


def _status(args: argparse.Namespace, po_id: int, status: str) -> int:
    print(json.dumps({"id": po_id, "status": status}) if args.json else status)
    return 0


def cmd_send(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    return _status(args, args.id, backend.run(purchase_orders.send_po, args.id,
                                              actor=backend.actor))


def cmd_cancel(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    return _status(args, args.id, backend.run(purchase_orders.cancel_po, args.id,
                                              actor=backend.actor))


def cmd_close(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    return _status(args, args.id, backend.run(purchase_orders.close_po, args.id,
                                              actor=backend.actor))


def cmd_ship(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    lines = [_sku_qty(t) for t in args.line]
    done = backend.run(shipments.ship, args.id, args.mode, lines, eta=args.eta,
                       tracking=args.tracking, container=args.container, actor=backend.actor)
    if args.json:
        print(json.dumps({"id": args.id, "shipment_id": done.shipment_id,
                          "shipment": done.number, "units": done.units,
                          "status": done.status}))
    else:
        print(f"{done.number}: {done.units} unit(s) in transit; PO {done.status}.")
    return 0


def cmd_costs(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    from app.services.suppliers.catalog import store_currency

    home = backend.read(store_currency)
    shares = backend.run(
        landed_cost.set_costs, args.shipment,
        freight_minor=_money_minor(args.freight, home, "--freight"),
        duty_minor=_money_minor(args.duty, home, "--duty"),
        fees_minor=_money_minor(args.fees, home, "--fees"), allocation=args.by,
        actor=backend.actor)
    if args.json:
        print(json.dumps({"shipment_id": args.shipment, "currency": home,
                          "line_shares": [to_decimal_text(s, home) for s in shares]}))
    else:
        print("Shares per line: " + ", ".join(f"{to_decimal_text(s, home)} {home}"
                                               for s in shares))
    return 0


def _receive_items(args: argparse.Namespace) -> list[receiving.ReceiptInput]:
    items = []
    for text in args.items:
        parts = text.split(":")
        bin_code = ""
        if len(parts) >= 3 and not parts[-1].strip().isdigit():
            bin_code = parts[-1].strip()
            parts = parts[:-1]
        sku, qty = _sku_qty(":".join(parts), "SKU:QTY[:BIN], e.g. MUG-RED:12:A-01-1")
        items.append(receiving.ReceiptInput(sku, qty, "good", bin_code))
    for kind, texts in (("damaged", args.damaged), ("short", args.short)):
        for text in texts:
            sku, qty = _sku_qty(text)
            items.append(receiving.ReceiptInput(sku, qty, kind, reason=f"{kind} (cli)"))
    if not items:
        raise InvalidInput("Say what came: SKU:QTY[:BIN]..., --damaged SKU:QTY, "
                           "--short SKU:QTY.")
    return items


def cmd_receive(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    done = backend.run(receiving.receive, args.id, _receive_items(args),
                       shipment_id=args.shipment, over_reason=args.over_reason,
                       actor=backend.actor)
    if args.json:
        print(json.dumps({"id": args.id, "receipt_id": done.receipt_id,
                          "status": done.po_status, "good": done.good,
                          "damaged": done.damaged, "short": done.short, "over": done.over,
                          "costs": [{"sku": s, "before_minor": b, "after_minor": a}
                                    for s, b, a in done.costs]}))
    else:
        print(f"Received {done.good} good, {done.damaged} damaged (quarantine), "
              f"{done.short} short; PO {done.po_status}.")
    return 0


def cmd_show(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    if args.csv:
        text = backend.read(reads.po_csv, args.id)
        if str(args.csv) == "-":
            sys.stdout.write(text)
        else:
            args.csv.write_text(text, encoding="utf-8", newline="")
        return 0
    detail = backend.read(reads.po_detail, args.id)
    if args.json:
        print(json.dumps(detail, indent=2))
        return 0
    total = detail["total"]
    home = detail["home_total"]
    assert isinstance(total, dict) and isinstance(home, dict)
    print(f"{detail['number']}  {detail['supplier']}  {detail['status']}  "
          f"{total['amount']} {total['currency']} ({home['amount']} {home['currency']})")
    lines = detail["lines"]
    assert isinstance(lines, list)
    for ln in lines:
        print(f"  {ln['sku']:<16} {ln['quantity']:>6} × {ln['unit_cost']['amount']:>10}  "
              f"shipped {ln['shipped']}, received {ln['received']}, damaged {ln['damaged']}, "
              f"short {ln['short']}")
    return 0


def cmd_po_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rows = backend.read(reads.po_rows, text=args.supplier)
    if args.json:
        print(json.dumps([{"id": r.id, "number": r.number, "supplier": r.supplier,
                           "status": r.status,
                           "total": to_decimal_text(r.total_minor, r.currency),
                           "currency": r.currency,
                           "home_total": to_decimal_text(r.home_total_minor, r.home_currency),
                           "home_currency": r.home_currency, "units": r.units,
                           "expected": r.expected.isoformat() if r.expected else None}
                          for r in rows], indent=2))
        return 0
    for r in rows:
        print(f"{r.id:>5} {r.number}  {r.supplier:<24} {r.status:<16} "
              f"{to_decimal_text(r.total_minor, r.currency):>12} {r.currency}")
    return 0


def cmd_pdf(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    data = backend.read(po_document.purchase_order_pdf, args.id, args.paper)
    args.out.write_bytes(data)
    if args.json:
        print(json.dumps({"id": args.id, "file": str(args.out), "bytes": len(data)}))
    else:
        print(f"Wrote {args.out}.")
    return 0


def cmd_bin_labels(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    got = backend.read(putaway_labels, args.id, output="zpl" if args.zpl else "pdf",
                       size=args.size)
    args.out.write_bytes(got.rendered.data)
    if args.json:
        print(json.dumps({"id": args.id, "file": str(args.out), "kind": got.rendered.kind,
                          "bins": list(got.bins)}))
    else:
        print(f"Wrote {len(got.bins)} bin label(s) to {args.out}: {', '.join(got.bins)}.")
    return 0
