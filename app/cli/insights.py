"""`backroom profit`, `backroom sales`, `backroom fees`: Insights on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from app.db import Database
from app.models.money import to_decimal_text
from app.services.core.backend import Backend
from app.services.insights import costs, profit, sales
from app.services.insights.figures import Figures
from app.services.insights.profit import ProfitFilter


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    prof = sub.add_parser("profit", help="profit per order, store, day, week or month")
    prof.add_argument("--by", default="store", choices=("order", "store", *profit.PERIODS))
    _filters(prof)
    prof.add_argument("--limit", type=int, default=None, help="at most N orders (--by order)")
    prof.add_argument("--json", action="store_true")
    prof.set_defaults(handler=cmd_profit)
    sell = sub.add_parser("sales", help="what sells: units, revenue, cost per product or store")
    sell.add_argument("--by", default="product", choices=sales.GROUPINGS)
    _filters(sell)
    sell.add_argument("--top", type=int, default=None, help="only the N best sellers")
    sell.add_argument("--json", action="store_true")
    sell.set_defaults(handler=cmd_sales)
    fees = sub.add_parser("fees", help="each store's expected fee rate (until payouts confirm)")
    fsub = fees.add_subparsers(dest="action", required=True)
    fset = fsub.add_parser("set", help="set a store's usual fees: PERCENT of the sale + FIXED")
    fset.add_argument("store", metavar="STORE")
    fset.add_argument("--percent", required=True, help="e.g. 2.9")
    fset.add_argument("--fixed", default="0", help="per order, e.g. 0.30")
    fset.add_argument("--json", action="store_true")
    fset.set_defaults(handler=cmd_fees_set)
    flist = fsub.add_parser("list", help="every store's expected fee rate")
    flist.add_argument("--json", action="store_true")
    flist.set_defaults(handler=cmd_fees_list)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default="", help="one store (by name)")
    parser.add_argument("--from", dest="first", default="", metavar="DATE",
                        help="first day, YYYY-MM-DD, in the store's own time zone")
    parser.add_argument("--to", dest="last", default="", metavar="DATE", help="last day")


def _filter(args: argparse.Namespace) -> ProfitFilter | None:
    try:
        first = date.fromisoformat(args.first) if args.first else None
        last = date.fromisoformat(args.last) if args.last else None
    except ValueError:
        print(f"backroom: a date is YYYY-MM-DD, not {args.first or args.last!r}",
              file=sys.stderr)
        return None
    return ProfitFilter(args.store, first, last)


def _money(minor: int, currency: str) -> str:
    return to_decimal_text(minor, currency)


def figures_json(f: Figures) -> dict[str, Any]:
    cur = f.currency
    return {"currency": cur, "orders": f.orders,
            "revenue": _money(f.revenue_minor, cur), "items": _money(f.items_minor, cur),
            "shipping_charged": _money(f.shipping_charged_minor, cur),
            "discounts": _money(f.discounts_minor, cur), "refunds": _money(f.refunds_minor, cur),
            "fees": _money(f.fees_minor, cur), "cogs": _money(f.cogs_minor, cur),
            "shipping": _money(f.shipping_cost_minor, cur), "ads": _money(f.ads_minor, cur),
            "profit": _money(f.profit_minor, cur),
            "margin": None if f.margin is None else str(f.margin), "estimated": f.estimated}


def cmd_profit(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    flt = _filter(args)
    if flt is None:
        return 2
    rows: list[dict[str, Any]]
    if args.by == "order":
        found = backend.read(profit.order_profits, flt, limit=args.limit)
        rows = [{"order": r.number, "id": r.order_id, "store": r.store,
                 "placed_at": r.placed_at.isoformat(timespec="seconds"),
                 "day": r.day.isoformat(), **figures_json(r.figures)} for r in found]
    else:
        periods = (backend.read(profit.profit_by_store, flt) if args.by == "store"
                   else backend.read(profit.profit_by_period, flt, args.by))
        rows = [{"store": r.store, "period": args.by, "start": r.start.isoformat(),
                 **figures_json(r.figures)} for r in periods]
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        label = row.get("order") or row.get("start")
        est = "  (estimate)" if row["estimated"] else ""
        print(f"{label:<12} {row['store']:<20} {row['currency']} revenue {row['revenue']:>12}"
              f"  profit {row['profit']:>12}  margin {row['margin'] or '-':>7}%{est}")
    return 0


def cmd_sales(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    flt = _filter(args)
    if flt is None:
        return 2
    found = backend.read(sales.sales, flt, args.by, args.top)
    rows = [{"key": r.key, "name": r.name, "currency": r.currency, "orders": r.orders,
             "units": r.units, "revenue": _money(r.revenue_minor, r.currency),
             "cogs": _money(r.cogs_minor, r.currency),
             "gross_profit": _money(r.gross_profit_minor, r.currency),
             "estimated": r.unknown_cost} for r in found]
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        print(f"{row['key']:<20} {row['units']:>7} units  {row['currency']} "
              f"{row['revenue']:>12}  gross profit {row['gross_profit']:>12}  {row['name']}")
    return 0


def _rate_json(r: costs.FeeRate) -> dict[str, Any]:
    return {"store": r.store, "currency": r.currency, "percent": str(r.percent),
            "fixed": _money(r.fixed_minor, r.currency)}


def cmd_fees_set(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rate = backend.run(costs.set_fee_rate, args.store, args.percent, args.fixed)
    if args.json:
        print(json.dumps(_rate_json(rate)))
    else:
        print(f"{rate.store}: {rate.percent}% + {_money(rate.fixed_minor, rate.currency)} "
              f"{rate.currency} per order")
    return 0


def cmd_fees_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rates = backend.read(costs.fee_rates)
    if args.json:
        print(json.dumps([_rate_json(r) for r in rates]))
    else:
        for r in rates:
            print(f"{r.store:<24} {r.percent:>6}% + {_money(r.fixed_minor, r.currency)} "
                  f"{r.currency}")
    return 0
