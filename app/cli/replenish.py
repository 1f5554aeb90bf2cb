"""`backroom replenish ...`: what to order, when, and by which freight mode; draft POs from
it; marketplace destinations and their inventory reports."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.db import Database
from app.money import to_decimal_text
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput
from app.services.replenishment import daily, destinations, drafts, plan
from app.services.replenishment.plan import Plan, PlanLine


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a service level (e.g. 0.95)"
                                         ) from None
    if not 0.5 <= value < 1:
        raise argparse.ArgumentTypeError("a service level is between 0.5 and 0.999")
    return value


def _plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=_date, help="plan as on this day (default: today)")
    parser.add_argument("--destination", help="our 'Warehouse' (default) or a marketplace "
                        "destination by name")
    parser.add_argument("--service-level", type=_level,
                        help="for every product (default: per ABC class, 98/95/90%%)")
    parser.add_argument("--json", action="store_true")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rep = sub.add_parser("replenish", help="what to order now, by sea or air; draft POs")
    _plan_options(rep)
    rep.add_argument("--needed", action="store_true", help="only products to order now")
    rep.set_defaults(handler=cmd_plan)
    rsub = rep.add_subparsers(dest="action", required=False, metavar="ACTION")
    draft = rsub.add_parser("draft", help="draft POs (one per supplier and mode) from the "
                            "plan's suggestions")
    _plan_options(draft)
    draft.add_argument("--sku", action="append", default=[], help="only these SKUs (repeat)")
    draft.add_argument("--fx", action="append", default=[], metavar="SUPPLIER=RATE",
                       help="exchange rate for a supplier in another currency (default: "
                       "its last PO's)")
    draft.set_defaults(handler=cmd_draft)
    dests = rsub.add_parser("destinations", help="our warehouse and marketplace warehouses")
    dests.add_argument("--json", action="store_true")
    dests.set_defaults(handler=cmd_destinations)
    add = rsub.add_parser("add-destination", help="a marketplace warehouse (e.g. Amazon FBA)")
    add.add_argument("name")
    add.add_argument("--store", required=True, help="the store whose channel-fulfilled "
                     "orders it ships")
    add.add_argument("--inbound-days", type=int, default=10,
                     help="days from our door until units there can be sold")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add_destination)
    rep_imp = rsub.add_parser("import-report", help="a marketplace inventory report (Amazon "
                              "Manage FBA Inventory, tab-separated)")
    rep_imp.add_argument("destination")
    rep_imp.add_argument("file", type=Path)
    rep_imp.add_argument("--json", action="store_true")
    rep_imp.set_defaults(handler=cmd_import_report)


def _money(minor: int, currency: str) -> str:
    return to_decimal_text(minor, currency or "EUR")


def line_json(line: PlanLine) -> dict[str, Any]:
    return {
        "sku": line.sku, "name": line.name, "supplier": line.supplier or None,
        "currency": line.currency or None, "abc": line.abc, "need": line.need,
        "daily_demand": round(line.daily_demand, 3), "on_hand": line.on_hand,
        "in_transit": line.in_transit,
        "cover_days": None if line.cover_days is None else round(line.cover_days, 1),
        "stockout_date": line.stockout.isoformat() if line.stockout else None,
        "order_by": line.order_by.isoformat() if line.order_by else None,
        "suggestion": [{"mode": s.mode, "quantity": s.quantity,
                        "arrives": s.arrives.isoformat(),
                        "cost": _money(s.cost_minor, line.currency)} for s in line.suggestion],
        "extra_cost_vs_sea": _money(line.extra_cost_minor, line.currency),
        "saving": _money(line.saving_minor, line.currency),
    }


def _plan(args: argparse.Namespace, backend: Backend) -> Plan:
    # The plan is exact either way (marked days are counted from the orders); bringing the
    # daily sales table up to date first, in short write steps, keeps the next runs quick.
    daily.catch_up_in_steps(backend)
    return backend.read(plan.make_plan, args.as_of, args.destination, args.service_level)


def cmd_plan(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    made = _plan(args, backend)
    lines = [ln for ln in made.lines if ln.suggestion or not args.needed]
    if args.json:
        print(json.dumps([line_json(ln) for ln in lines]))
        return 0
    print(f"Replenishment for {made.destination} as of {made.as_of}:")
    for ln in lines:
        if ln.need == "none":
            continue
        what = ", ".join(f"{s.quantity} by {s.mode} (arrives {s.arrives})"
                         for s in ln.suggestion) or (f"order by {ln.order_by}"
                                                     if ln.order_by else "-")
        print(f"  {ln.sku:<16} {ln.need:<11} {ln.daily_demand:7.2f}/day  cover "
              f"{'-' if ln.cover_days is None else f'{ln.cover_days:.0f}'} days  {what}")
    for currency, t in sorted(made.totals().items()):
        if currency and (t["cost"] or t["saving"]):
            print(f"Total {currency}: order {_money(t['cost'], currency)}, extra for speed "
                  f"{_money(t['extra'], currency)}, saved by ordering by sea in time "
                  f"{_money(t['saving'], currency)}")
    return 0


def cmd_draft(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rates = {}
    for text in args.fx:
        name, eq, rate = text.rpartition("=")
        if not eq or not name:
            raise InvalidInput(f"--fx {text!r}: write SUPPLIER=RATE, e.g. 'Ningbo=0.13'.")
        rates[name] = rate
    made = _plan(args, backend)
    wanted = set(args.sku)
    picks = [drafts.Pick(ln.supplier, ln.sku, s.mode, s.quantity, s.arrives)
             for ln in made.lines if not wanted or ln.sku in wanted for s in ln.suggestion]
    if not picks:
        print(json.dumps([]) if args.json else "Nothing to order now.")
        return 0
    done = backend.run(drafts.draft_pos, picks, as_of=made.as_of, fx_rates=rates,
                       actor=backend.actor)
    for d in done:
        for warning in d.po.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps([{"id": d.po.id, "number": d.po.number, "supplier": d.supplier,
                           "mode": d.mode, "units": d.units} for d in done]))
    else:
        for d in done:
            print(f"{d.po.number}: {d.supplier}, {d.units} units by {d.mode} (draft)")
    return 0


def cmd_destinations(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rows = backend.read(destinations.list_destinations)
    out = [{"name": plan.WAREHOUSE, "kind": "warehouse", "store": None, "location": None,
            "inbound_days": 0, "products": None}]
    out += [{"name": r.name, "kind": r.kind, "store": r.store, "location": r.location,
             "inbound_days": r.inbound_days, "products": r.products} for r in rows]
    if args.json:
        print(json.dumps(out))
    else:
        for r in out:
            print(f"{r['name']:<20} {r['kind']:<12} {r['store'] or '':<16} "
                  f"{r['location'] or '':<16}")
    return 0


def cmd_add_destination(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    new = backend.run(destinations.add_destination, args.name, args.store,
                      inbound_days=args.inbound_days, actor=backend.actor)
    print(json.dumps({"id": new, "name": args.name}) if args.json else new)
    return 0


def cmd_import_report(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    if not args.file.is_file():
        raise InvalidInput(f"No file {args.file}.")
    r = backend.run(destinations.import_inventory_report, args.destination, args.file,
                    actor=backend.actor)
    if args.json:
        print(json.dumps({"destination": r.destination, "products": r.products,
                          "fulfillable": r.fulfillable, "inbound": r.inbound,
                          "reserved": r.reserved, "unknown_skus": list(r.unknown_skus)}))
    else:
        print(f"{r.destination}: {r.products} product(s), {r.fulfillable} fulfillable, "
              f"{r.inbound} inbound, {r.reserved} reserved"
              + (f"; {len(r.unknown_skus)} unknown SKU(s)" if r.unknown_skus else ""))
    return 0
