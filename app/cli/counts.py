"""`backroom count ...` (stock counts), `backroom move` and `backroom adjust`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from app.db import Database
from app.models.counts import UNSCANNED_CHOICES
from app.money import format_money
from app.services.core.backend import Backend
from app.services.counts import approval as count_approval
from app.services.counts import counting as counts
from app.services.counts import cycle as count_cycle
from app.services.counts import importing as count_import
from app.services.counts import posting as count_posting
from app.services.counts import reports as count_reports
from app.services.stock import moves as stock_moves


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    count = sub.add_parser("count", help="stock counts: create, import, review, post")
    csub = count.add_subparsers(dest="action", required=True)
    create = csub.add_parser("create", help="open a count; prints its id")
    scope = create.add_mutually_exclusive_group(required=True)
    scope.add_argument("--bins", help="comma-separated bin codes")
    scope.add_argument("--skus", help="comma-separated SKUs or barcodes")
    scope.add_argument("--cycle", metavar="RULE",
                       help="abc (class A), abc:B, stale:DAYS or perday:N")
    scope.add_argument("--full", action="store_true", help="every bin")
    create.add_argument("--blind", action="store_true", help="counters do not see expected")
    create.add_argument("--assign", metavar="NAME", help="who counts")
    create.set_defaults(handler=cmd_create)
    imp = csub.add_parser("import", help="counted quantities from a CSV: sku,bin,quantity")
    imp.add_argument("count")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=cmd_import)
    rev = csub.add_parser("review", help="differences in units and value")
    rev.add_argument("count")
    rev.add_argument("--json", action="store_true")
    rev.set_defaults(handler=cmd_review)
    post = csub.add_parser(
        "post", help="write the differences as stock moves",
        description="Post a count. Lines of begun bins that nobody scanned are named, and "
        "posting needs --unscanned: 'zero' writes them off, 'leave-out' keeps their stock "
        "and marks them not counted. Writing on or off value at cost at or above the "
        "approval limit (see 'count limit') needs a supervisor's --pin.")
    post.add_argument("count")
    post.add_argument("--unscanned", choices=UNSCANNED_CHOICES,
                      help="what to do with lines never scanned in a begun bin")
    post.add_argument("--pin", help="a supervisor's PIN; '-' reads it from stdin")
    post.add_argument("--json", action="store_true")
    post.set_defaults(handler=cmd_post)
    limit = csub.add_parser(
        "limit", help="show or set the value that needs a supervisor's PIN to post",
        description="Without AMOUNT: the approval limits. With AMOUNT CURRENCY (e.g. 300.00 "
        "EUR): set that currency's limit; a supervisor's --pin allows it.")
    limit.add_argument("amount", nargs="?")
    limit.add_argument("currency", nargs="?")
    limit.add_argument("--pin", help="a supervisor's PIN; '-' reads it from stdin")
    limit.set_defaults(handler=cmd_limit)
    undo = csub.add_parser("reverse", help="undo a posted count with reversing moves")
    undo.add_argument("count")
    undo.set_defaults(handler=cmd_reverse)
    csub.add_parser("list", help="every count, newest first").set_defaults(handler=cmd_list)
    sheet = csub.add_parser("sheet", help="write the count sheet PDF to print")
    sheet.add_argument("count")
    sheet.add_argument("file", type=Path)
    sheet.set_defaults(handler=cmd_sheet)
    report = csub.add_parser("report", help="write the count report (.pdf or .csv)")
    report.add_argument("count")
    report.add_argument("file", type=Path)
    report.set_defaults(handler=cmd_report)

    move = sub.add_parser("move", help="move stock between bins: move FROM TO SKU[:QTY]...")
    move.add_argument("from_bin")
    move.add_argument("to_bin")
    move.add_argument("items", nargs="+", metavar="SKU[:QTY]")
    move.set_defaults(handler=cmd_move)
    adjust = sub.add_parser("adjust", help="add or remove stock with a reason")
    adjust.add_argument("bin")
    adjust.add_argument("sku")
    adjust.add_argument("change", type=int, help="+N adds, -N removes")
    adjust.add_argument("--reason", required=True, choices=stock_moves.ADJUST_REASONS)
    adjust.add_argument("--note", default="")
    adjust.set_defaults(handler=cmd_adjust)


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def cmd_create(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    actor = backend.actor
    if args.cycle:
        made = backend.run(count_cycle.create_cycle_count, args.cycle, blind=args.blind,
                           assigned_to=args.assign, actor=actor)
    else:
        kind = "full" if args.full else ("bins" if args.bins else "products")
        made = backend.run(counts.create_count, kind, bins=_split(args.bins),
                           skus=_split(args.skus), blind=args.blind, assigned_to=args.assign,
                           actor=actor)
    print(made.id)
    print(f"{made.reference}: {made.description}, {made.lines} line(s)"
          + (", blind" if made.blind else ""), file=sys.stderr)
    return 0


def _count_id(backend: Backend, text: str) -> int:
    return backend.read(counts.find_count, text)


def cmd_import(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    result = backend.run(count_import.import_counts, _count_id(backend, args.count), args.file,
                         actor=backend.actor)
    print(f"{result.rows} row(s): {result.lines} line(s) counted, {result.units} unit(s).")
    return 0


def cmd_review(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    result = backend.read(count_posting.review, _count_id(backend, args.count))
    if args.json:
        json.dump(result.as_json(), sys.stdout, indent=2)
        print()
        return 0
    print(f"{result.reference} ({result.status}): {result.bins_begun} bin(s) counted, "
          f"net {result.net_units:+d} unit(s), {result.flagged} flagged for recount")
    for status, (n, units, value) in sorted(result.by_status.items()):
        money = ", ".join(format_money(v, c) for c, v in value.items())
        print(f"  {status:<12} {n:>6} line(s) {units:>+8} unit(s)  {money}")
    print(f"{'BIN':<12} {'SKU':<16} {'EXPECTED':>8} {'COUNTED':>8} {'MOVED':>6} {'DIFF':>6}"
          f"  RESULT")
    for r in result.lines:
        if r.status == "ok":
            continue
        print(f"{r.bin:<12} {r.sku:<16} {_n(r.expected):>8} {_n(r.counted):>8} "
              f"{r.moves_since:>+6} {r.difference:>+6}  {r.status}"
              + ("  RECOUNT" if r.flagged else ""))
    return 0


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def _pin(text: str | None) -> str | None:
    if text != "-":
        return text
    return getpass.getpass("PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()


def _money(values: dict[str, int]) -> str:
    return ", ".join(format_money(v, c) for c, v in sorted(values.items())) or "0"


def _print_summary(summary: count_posting.PostingSummary) -> None:
    """What the posting does, on stderr (stdout carries the result or the JSON)."""
    out = sys.stderr
    if summary.unscanned:
        print(f"{len(summary.unscanned)} line(s) never scanned in a begun bin:", file=out)
        for u in summary.unscanned:
            print(f"  {u.bin:<12} {u.sku:<16} {u.expected:>6} expected  "
                  f"{format_money(u.value_minor, u.currency)} at cost", file=out)
    if summary.needs_choice:
        return
    print(f"Writes on +{summary.units_on} unit(s) ({_money(summary.value_on)}), off "
          f"-{summary.units_off} unit(s) ({_money(summary.value_off)}) at cost; "
          f"{len(summary.recount)} line(s) flagged for recount"
          + (":" if summary.recount else "."), file=out)
    for r in summary.recount:
        print(f"  RECOUNT {r.bin:<12} {r.sku:<16} {r.difference:>+6}  "
              f"{format_money(r.value_minor, r.currency)}", file=out)
    if summary.needs_pin:
        print("At or above the approval limit (" + ", ".join(
            format_money(summary.limits[c], c) for c in summary.over_limit)
            + "): a supervisor's PIN is needed.", file=out)


def cmd_post(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    count_id = _count_id(backend, args.count)
    summary = backend.read(count_posting.posting_summary, count_id, args.unscanned)
    _print_summary(summary)
    if summary.needs_choice:
        print("backroom: choose --unscanned zero (write them off) or --unscanned leave-out "
              "(their stock stays; marked not counted).", file=sys.stderr)
        if args.json:
            json.dump({**summary.as_json(), "posted": False}, sys.stdout, indent=2)
            print()
        return 2
    result = backend.run(count_posting.post_count, count_id, actor=backend.actor,
                         unscanned=args.unscanned, pin=_pin(args.pin))
    if args.json:
        json.dump({**summary.as_json(), "posted": True, "moves": result.moves,
                   "left_out": result.left_out, "approved_by": result.approved_by},
                  sys.stdout, indent=2)
        print()
        return 0
    print(f"Posted {result.reference}: {result.moves} move(s), +{result.units_in} / "
          f"-{result.units_out} unit(s)"
          + (f", {result.left_out} never-scanned line(s) left out" if result.left_out else "")
          + (f", approved by {result.approved_by}" if result.approved_by else "") + ".")
    return 0


def cmd_limit(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    if args.amount is None:
        for currency, minor in sorted(backend.read(count_approval.approval_limits).items()):
            print(f"{currency}  {format_money(minor, currency)}")
        print(f"Any other currency: {count_approval.DEFAULT_LIMIT}.")
        return 0
    if not args.currency:
        print("backroom: write the limit as AMOUNT CURRENCY, e.g. 300.00 EUR", file=sys.stderr)
        return 2
    approver = backend.run(count_approval.set_approval_limit, args.amount, args.currency,
                           pin=_pin(args.pin) or "", actor=backend.actor)
    print(f"Approval limit for {args.currency.upper()} set to {args.amount} "
          f"(approved by {approver}).")
    return 0


def cmd_reverse(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    result = backend.run(count_posting.reverse_count, _count_id(backend, args.count),
                         actor=backend.actor)
    print(f"Reversed with {result.moves} move(s) ({result.reference}).")
    return 0


def cmd_list(_args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    for c in backend.read(counts.list_counts):
        print(f"{c.id:>5} {c.reference:<10} {c.status:<9} {c.kind:<9} "
              f"{c.counted_lines:>6}/{c.lines:<6} {c.description}")
    return 0


def cmd_sheet(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    args.file.write_bytes(backend.read(count_reports.count_sheet,
                                      _count_id(backend, args.count)))
    print(f"Wrote {args.file}.")
    return 0


def cmd_report(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    count_id = _count_id(backend, args.count)
    if args.file.suffix.lower() == ".csv":
        args.file.write_text(backend.read(count_reports.count_report_csv, count_id),
                             encoding="utf-8", newline="")
    else:
        args.file.write_bytes(backend.read(count_reports.count_report_pdf, count_id))
    print(f"Wrote {args.file}.")
    return 0


def cmd_move(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    items = []
    for item in args.items:
        code, _, qty = item.rpartition(":") if ":" in item else (item, "", "1")
        if not qty.isdigit():
            print(f"backroom: quantity in {item!r} must be a whole number", file=sys.stderr)
            return 2
        items.append((code, int(qty)))
    result = backend.run(stock_moves.transfer, args.from_bin, items, args.to_bin,
                         actor=backend.actor)
    print(f"Moved {result.units} unit(s): "
          + ", ".join(f"{sku} x{n}" for sku, n in result.lines))
    return 0


def cmd_adjust(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    result = backend.run(stock_moves.adjust, args.bin, args.sku, args.change, args.reason,
                         actor=backend.actor, note=args.note)
    sku, change = result.lines[0]
    print(f"Adjusted {sku} in {args.bin.upper()} by {change:+d} ({args.reason}).")
    return 0
