"""`backroom import payouts FILE...` and `backroom reconcile`: payout reports and what they say.

`import` is a group (`backroom import payouts`) so other imports can join it later.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from app.db import Database
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput
from app.services.importers import bank_statement
from app.services.importers.bank_statement import BankMapping
from app.services.importers.payouts_formats import FORMATS
from app.services.reconciliation import bank, exporting, importing, problems, reads


def _import_group(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """The `import` group's subparsers, made here unless another area made them first."""
    existing = sub.choices.get("import")
    if existing is not None and existing._subparsers is not None:
        actions: list[argparse.Action] = existing._subparsers._group_actions
        for action in actions:
            if isinstance(action, argparse._SubParsersAction):
                made: argparse._SubParsersAction = action  # type: ignore[type-arg]
                return made
    parser: argparse.ArgumentParser = sub.add_parser("import", help="import files: payouts")
    return parser.add_subparsers(dest="what", required=True, metavar="WHAT")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imp = _import_group(sub).add_parser(
        "payouts", help="payout and settlement reports (Shopify Payments, Amazon settlement "
        "V2, PayPal activity, Stripe payments/payout reconciliation, Etsy payments/deposits, "
        "eBay transaction report) and bank statements (bank:NAME)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--format", type=_format, metavar="FORMAT",
                     help=f"one of {', '.join(FORMATS)}, or bank:NAME for a bank statement "
                     "read with the saved layout NAME (default: told by the file's header)")
    imp.add_argument("--map", metavar="FIELD=COLUMN,...",
                     help="with --format bank:NAME, save NAME's layout first: which column "
                     f"holds each of {', '.join(bank_statement.FIELDS)}")
    imp.add_argument("--currency", default="USD",
                     help="with --map: the statement's currency when no column says")
    imp.add_argument("--day-first", action="store_true",
                     help="with --map: dates like 03/07/2024 are 3 July")
    imp.add_argument("--account", help="bank statements: the account's name (default: NAME)")
    imp.add_argument("--store", help="the store the report is for (default: the only store "
                     "of the report's kind)")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import)
    rec = sub.add_parser("reconcile", help="payouts matched to orders, and the problems "
                         "that need a look")
    rec.add_argument("--store")
    rec.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="DATE")
    rec.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="DATE")
    rec.add_argument("--unpaid-days", type=int, default=problems.UNPAID_AFTER_DAYS,
                     help="a shipped order unpaid after this many days is a problem")
    rec.add_argument("--resolve", type=int, metavar="PROBLEM_ID",
                     help="resolve one problem (needs --note)")
    rec.add_argument("--note", default="")
    rec.add_argument("--export", type=int, metavar="PAYOUT_ID",
                     help="write one payout's lines as CSV for the accountant")
    rec.add_argument("--export-month", metavar="YYYY-MM",
                     help="write the month's reconciliation (with --store: of one store) for "
                     "the accountant; --out's suffix picks .csv, .xlsx or .pdf")
    rec.add_argument("--link", type=int, nargs=2, metavar=("PAYOUT_ID", "BANK_LINE_ID"),
                     help="say a payout is in this bank line (when a match was ambiguous)")
    rec.add_argument("--out", type=Path, help="where --export/--export-month write "
                     "(default: its name)")
    rec.add_argument("--json", action="store_true")
    rec.set_defaults(handler=cmd_reconcile)


def _format(text: str) -> str:
    if text in FORMATS or (text.startswith("bank:") and text[5:].strip()):
        return text
    raise argparse.ArgumentTypeError(f"'{text}' is not a format; one of: "
                                     f"{', '.join(FORMATS)}, bank:NAME")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.strerror})") from None


def _mapping(args: argparse.Namespace) -> BankMapping:
    columns = {}
    for part in args.map.split(","):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InvalidInput(f"--map: '{part}' is not FIELD=COLUMN")
        columns[field.strip()] = column.strip()
    return BankMapping(columns=columns, currency=args.currency.upper(),
                       day_first=args.day_first)


def cmd_import_bank(args: argparse.Namespace, backend: Backend) -> int:
    layout = args.format[5:].strip()
    if args.map:
        backend.run(bank.save_mapping, backend.actor, layout, _mapping(args))
    results = [backend.run(bank.import_statement, backend.actor, path.name, _read(path),
                           layout=layout, account=args.account) for path in args.files]
    backend.run(problems.find_problems)
    if args.json:
        print(json.dumps([{"file": r.file, "format": args.format, "account": r.account,
                           "new": r.new, "unchanged": r.unchanged,
                           "payouts_found": r.matched} for r in results], indent=2))
    else:
        for r in results:
            print(f"{r.file} (bank, {r.account}): {r.new} new, {r.unchanged} unchanged; "
                  f"{r.matched} payout(s) found in it")
    return 0


def cmd_import(args: argparse.Namespace, backend: Backend, db: Database) -> int:  # noqa: ARG001
    if args.format and args.format.startswith("bank:"):
        return cmd_import_bank(args, backend)
    if args.map:
        raise InvalidInput("--map is for bank statements (--format bank:NAME)")
    results = []
    for path in args.files:
        data = _read(path)
        results.append(backend.run(importing.import_payouts, backend.actor, path.name, data,
                                   fmt=args.format, store=args.store))
    if args.json:
        print(json.dumps([{"file": r.file, "format": r.format, "store": r.store,
                           "new": r.new, "unchanged": r.unchanged, "grown": r.grown,
                           "lines": r.lines, "matched": r.matched,
                           "skipped_rows": r.skipped_rows} for r in results], indent=2))
    else:
        for r in results:
            grown = f", {r.grown} gained lines" if r.grown else ""
            print(f"{r.file} ({r.format}, {r.store}): {r.new} new, {r.unchanged} unchanged"
                  f"{grown}; {r.lines} lines added, {r.matched} matched to orders")
    return 0


def cmd_reconcile(args: argparse.Namespace, backend: Backend, db: Database) -> int:  # noqa: ARG001
    if args.resolve is not None:
        backend.run(problems.resolve_problem, backend.actor, args.resolve, args.note)
        print(json.dumps({"id": args.resolve, "resolved": True}) if args.json
              else f"problem {args.resolve} resolved")
        return 0
    if args.link is not None:
        backend.run(bank.link, backend.actor, *args.link)
        backend.run(problems.find_problems)
        print(json.dumps({"payout": args.link[0], "bank_line": args.link[1], "linked": True})
              if args.json else f"payout {args.link[0]} linked to bank line {args.link[1]}")
        return 0
    if args.export_month is not None:
        kind = (args.out.suffix.lstrip(".").lower() if args.out else "") or "csv"
        backend.run(problems.find_problems, backend.read(reads.store_id_of, args.store))
        name, blob = backend.read(exporting.month_file, args.export_month, args.store, kind)
        out = args.out or Path(name)
        out.write_bytes(blob)
        print(json.dumps({"file": str(out)}) if args.json else out)
        return 0
    if args.export is not None:
        name, text = backend.read(exporting.payout_csv, args.export)
        out = args.out or Path(name)
        out.write_text(text, encoding="utf-8", newline="")
        print(json.dumps({"file": str(out)}) if args.json else out)
        return 0
    sid = backend.read(reads.store_id_of, args.store)
    backend.run(problems.find_problems, sid, unpaid_after_days=args.unpaid_days)
    report = backend.read(reads.reconcile_report, args.store, args.date_from, args.date_to)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for p in report["payouts"]:  # type: ignore[attr-defined]
        print(f"{p['id']:>5}  {p['store']:<20} {p['source']:<18} {p['report_id']:<24} "
              f"{p['paid_out']:>16}  {p['matched']}/{p['lines']} matched, "
              f"{len(p['problems'])} problem(s)")
        for q in p["problems"]:
            print(f"         #{q['id']} {q['kind']}: {q['detail']}")
    for q in report["problems"]:  # type: ignore[attr-defined]
        print(f"  #{q['id']} {q['kind']} {q['order'] or ''}: {q['detail']}")
    return 0
