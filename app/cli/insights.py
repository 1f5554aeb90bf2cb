"""`backroom profit`, `backroom sales`, `backroom fees`, `backroom insights ...` (customers,
goals, home currency and rates, ad spend, the summary, today): Insights on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.db import Database
from app.money import to_decimal_text
from app.services.core.backend import Backend
from app.services.importers import ads_reports
from app.services.importers.csv_text import Source
from app.services.insights import (
    ads,
    business,
    catching_up,
    costs,
    currency,
    customers,
    goals,
    profit,
    sales,
)
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
    _register_insights(sub)


def _register_insights(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ins = sub.add_parser("insights", help="customers, goals, currency, ad spend, summary")
    isub = ins.add_subparsers(dest="what", required=True)
    cust = isub.add_parser("customers", help="customer value, tiers, repeat rate, cohorts")
    cust.add_argument("--store", default="")
    cust.add_argument("--top", type=int, default=100, help="the N best customers (0 = all)")
    cust.add_argument("--lifespan", default="3", help="expected lifespan in years for CLV")
    cust.add_argument("--today", default="", metavar="DATE")
    cust.add_argument("--json", action="store_true")
    cust.set_defaults(handler=cmd_customers)
    goal = isub.add_parser("goals", help="monthly revenue and profit goals per store")
    gsub = goal.add_subparsers(dest="action", required=True)
    gset = gsub.add_parser("set", help="set a store's goal for a month")
    gset.add_argument("store", metavar="STORE")
    gset.add_argument("--month", required=True, help="YYYY-MM")
    gset.add_argument("--revenue", default=None)
    gset.add_argument("--profit", default=None)
    gset.add_argument("--json", action="store_true")
    gset.set_defaults(handler=cmd_goals_set)
    glist = gsub.add_parser("list", help="goals with this month's progress")
    glist.add_argument("--today", default="", metavar="DATE")
    glist.add_argument("--json", action="store_true")
    glist.set_defaults(handler=cmd_goals_list)
    rates = isub.add_parser("rates", help="home currency and monthly exchange rates")
    rsub = rates.add_subparsers(dest="action", required=True)
    rhome = rsub.add_parser("home", help="set the home currency")
    rhome.add_argument("currency")
    rhome.add_argument("--json", action="store_true")
    rhome.set_defaults(handler=cmd_rates_home)
    rset = rsub.add_parser("set", help="1 CURRENCY = RATE home currency in MONTH")
    rset.add_argument("month", help="YYYY-MM")
    rset.add_argument("currency")
    rset.add_argument("rate")
    rset.add_argument("--json", action="store_true")
    rset.set_defaults(handler=cmd_rates_set)
    rimp = rsub.add_parser("import", help="a CSV with month,currency,rate")
    rimp.add_argument("file")
    rimp.add_argument("--json", action="store_true")
    rimp.set_defaults(handler=cmd_rates_import)
    rlist = rsub.add_parser("list", help="the rates entered")
    rlist.add_argument("--json", action="store_true")
    rlist.set_defaults(handler=cmd_rates_list)
    biz = isub.add_parser("business", help="P&L per month of every store in the home currency")
    _filters(biz)
    biz.add_argument("--json", action="store_true")
    biz.set_defaults(handler=cmd_business)
    adp = isub.add_parser("ads", help="ad spend: import a report, or list campaigns")
    asub = adp.add_subparsers(dest="action", required=True)
    aimp = asub.add_parser("import", help="Amazon Sponsored Products, Google Ads or Meta CSV")
    aimp.add_argument("file")
    aimp.add_argument("--store", required=True)
    aimp.add_argument("--format", default=None, choices=ads_reports.FORMATS)
    aimp.add_argument("--currency", default="", help="when the report names none")
    aimp.add_argument("--json", action="store_true")
    aimp.set_defaults(handler=cmd_ads_import)
    alist = asub.add_parser("list", help="spend, clicks, conversion, ACoS, TACoS per campaign")
    _filters(alist)
    alist.add_argument("--json", action="store_true")
    alist.set_defaults(handler=cmd_ads_list)
    summ = isub.add_parser("summary", help="bring the daily summary up to date")
    summ.add_argument("--rebuild", action="store_true", help="make it again from nothing")
    summ.add_argument("--json", action="store_true")
    summ.set_defaults(handler=cmd_summary)


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
    caught_up(backend)
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


def _today(args: argparse.Namespace) -> date | None:
    try:
        return date.fromisoformat(args.today) if args.today else datetime.now().astimezone().date()
    except ValueError:
        print(f"backroom: a date is YYYY-MM-DD, not {args.today!r}", file=sys.stderr)
        return None


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def customer_json(v: customers.CustomerValue) -> dict[str, Any]:
    cur = v.currency
    return {"email": v.email, "name": v.name, "currency": cur, "orders": v.orders,
            "revenue": _money(v.revenue_minor, cur), "profit": _money(v.profit_minor, cur),
            "clv": _money(v.clv_historic_minor, cur),
            "clv_predicted": _money(v.clv_predicted_minor, cur), "tier": v.tier,
            "first_order": v.first_order.isoformat(), "last_order": v.last_order.isoformat(),
            "avg_interval_days": _pct(v.avg_interval_days)}


def cmd_customers(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    today = _today(args)
    if today is None:
        return 2
    try:
        lifespan = Decimal(args.lifespan)
    except ArithmeticError:
        print(f"backroom: --lifespan is a number of years, not {args.lifespan!r}",
              file=sys.stderr)
        return 2
    caught_up(backend)
    found = backend.read(customers.customer_values, today, top=args.top or None,
                         lifespan_years=lifespan, store=args.store)
    out: dict[str, Any] = {"today": today.isoformat(), "customers": found.customers,
           "repeat_rate": _pct(found.repeat_rate), "frequency": str(found.frequency),
           "lifespan_years": str(found.lifespan_years), "formula": found.formula,
           "tiers": found.tiers, "rows": [customer_json(v) for v in found.top],
           "cohorts": [{"month": c.month, "customers": c.customers,
                        "retention": [str(x) for x in c.retention]} for c in found.cohorts]}
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"{found.customers} customers, repeat rate {out['repeat_rate']}%, "
          f"{found.frequency} orders per customer per year; {found.formula}")
    for row in out["rows"]:
        print(f"{row['email'] or '-':<32} {row['orders']:>4} orders  {row['currency']} "
              f"{row['revenue']:>10}  CLV {row['clv']:>10} / {row['clv_predicted']:>10}  "
              f"{row['tier']}")
    return 0


def goal_json(g: goals.Goal) -> dict[str, Any]:
    return {"store": g.store, "currency": g.currency, "month": g.month.strftime("%Y-%m"),
            "revenue": None if g.revenue_minor is None else _money(g.revenue_minor, g.currency),
            "profit": None if g.profit_minor is None else _money(g.profit_minor, g.currency)}


def cmd_goals_set(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    g = backend.run(goals.set_goal, args.store, args.month, revenue=args.revenue,
                    profit=args.profit)
    print(json.dumps(goal_json(g)) if args.json else
          f"{g.store} {g.month:%Y-%m}: revenue {goal_json(g)['revenue'] or '-'}, "
          f"profit {goal_json(g)['profit'] or '-'} {g.currency}")
    return 0


def cmd_goals_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    today = _today(args)
    if today is None:
        return 2
    caught_up(backend)
    progress = {p.goal.store: p for p in backend.read(goals.progress, today)}
    rows = []
    for g in backend.read(goals.goals):
        row = goal_json(g)
        p = progress.get(g.store) if g.month == today.replace(day=1) else None
        if p is not None:
            row.update({"through": p.through.isoformat(),
                        "net_sales": _money(p.actual.net_sales_minor, g.currency),
                        "actual_profit": _money(p.actual.profit_minor, g.currency),
                        "revenue_pct": _pct(p.revenue_pct), "profit_pct": _pct(p.profit_pct),
                        "pace_pct": str(p.pace_pct), "on_track": p.on_track})
        rows.append(row)
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        extra = (f"  {row['revenue_pct'] or '-'}% of revenue, {row['profit_pct'] or '-'}% of "
                 f"profit, pace {row['pace_pct']}%" if "pace_pct" in row else "")
        print(f"{row['month']} {row['store']:<20} revenue {row['revenue'] or '-':>10} "
              f"profit {row['profit'] or '-':>10} {row['currency']}{extra}")
    return 0


def _rate_row(r: currency.Rate) -> dict[str, Any]:
    return {"month": r.month.strftime("%Y-%m"), "currency": r.currency, "home": r.home,
            "rate": str(r.rate)}


def cmd_rates_home(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    code = backend.run(currency.set_home_currency, args.currency)
    print(json.dumps({"home": code}) if args.json else f"Home currency: {code}")
    return 0


def cmd_rates_set(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    r = backend.run(currency.set_rate, args.month, args.currency, args.rate)
    print(json.dumps(_rate_row(r)) if args.json else
          f"{r.month:%Y-%m}: 1 {r.currency} = {r.rate} {r.home}")
    return 0


def cmd_rates_import(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    path = Path(args.file)
    found = backend.run(currency.import_rates, path.name, path.read_bytes())
    print(json.dumps([_rate_row(r) for r in found]) if args.json else
          f"{len(found)} rates from {path.name}")
    return 0


def cmd_rates_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    found = backend.read(currency.rates)
    if args.json:
        print(json.dumps({"home": backend.read(currency.home_currency),
                          "rates": [_rate_row(r) for r in found]}))
        return 0
    for r in found:
        print(f"{r.month:%Y-%m}  1 {r.currency} = {r.rate} {r.home}")
    return 0


def business_rows(session: Any, flt: ProfitFilter) -> list[dict[str, Any]]:
    """Each store's months converted to the home currency, then the business total."""
    found = business.business(session, flt)
    if found.missing:
        raise currency.MissingRate(found.missing)
    return [{"store": r.store, "period": "month", "start": r.month.isoformat(),
             **figures_json(r.figures), "rate": None if r.rate is None else str(r.rate),
             "from_currency": r.from_currency, "converted": r.note} for r in found.rows]


def cmd_business(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    flt = _filter(args)
    if flt is None:
        return 2
    caught_up(backend)
    rows = backend.read(business_rows, flt)
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        print(f"{row['start'][:7]} {row['store'] or 'ALL STORES':<20} {row['currency']} "
              f"revenue {row['revenue']:>12} profit {row['profit']:>12}  {row['converted']}")
    return 0


def cmd_ads_import(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    path = Path(args.file)
    parsed = ads_reports.parse(Source(path.name, path.read_bytes()), args.format,
                               args.currency)
    done = backend.run(ads.store_ads, args.store, parsed)
    out: dict[str, Any] = {"store": done.store, "format": done.format, "rows": done.rows,
           "replaced": done.replaced, "days": done.days}
    print(json.dumps(out) if args.json else
          f"{done.rows} ad spend rows over {done.days} days for {done.store} "
          f"({done.replaced} replaced)")
    return 0


def cmd_ads_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    flt = _filter(args)
    if flt is None:
        return 2
    caught_up(backend)
    rows: list[dict[str, Any]] = [
        {"store": r.store, "channel": r.channel, "campaign": r.campaign, "sku": r.sku,
             "currency": r.currency, "spend": _money(r.spend_minor, r.currency),
             "clicks": r.clicks, "orders": r.orders,
             "sales": _money(r.sales_minor, r.currency), "conversion": _pct(r.conversion),
             "acos": _pct(r.acos), "tacos": _pct(r.tacos), "flagged": r.flagged}
            for r in backend.read(ads.campaigns, flt)]
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        flag = "  (conversion outside 7-10%)" if row["flagged"] else ""
        print(f"{row['store']:<16} {row['channel']:<10} {row['campaign'][:30]:<30} "
              f"{row['currency']} spend {row['spend']:>10} ACoS {row['acos'] or '-'}% "
              f"TACoS {row['tacos'] or '-'}%{flag}")
    return 0


def caught_up(backend: Backend, *, rebuild: bool = False) -> catching_up.CatchUp:
    """Bring the daily summary up to date in short transactions (packers keep scanning),
    with progress on stderr when it takes more than a step (a first build)."""
    shown = [False]

    def progress(done: int, total: int) -> None:
        if done < total or shown[0]:
            shown[0] = True
            end = "\r" if sys.stderr.isatty() and done < total else "\n"
            print(f"Updating the insights summary: {done}/{total} store-days", end=end,
                  file=sys.stderr, flush=True)
    return catching_up.catch_up_in_steps(backend, progress=progress, rebuild=rebuild)


def cmd_summary(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    runs = caught_up(backend, rebuild=args.rebuild).steps
    print(json.dumps({"runs": runs}) if args.json else f"Summary up to date ({runs} runs redone)")
    return 0
