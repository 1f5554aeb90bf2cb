"""`backroom users ...` (people, roles, PINs) and `backroom audit` (the audit trail)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.db import Database
from app.models.people import PERMISSIONS, ROLES
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput
from app.services.people import accounts, trail


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = sub.add_parser("users", help="people: list, add, PIN/password, role, deactivate")
    usub = users.add_subparsers(dest="action", required=True)
    lst = usub.add_parser("list", help="every user with role and whether they have a PIN")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)
    add = usub.add_parser("add", help="add a user (the PIN or password is asked, or read "
                          "from standard input with --secret-stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--secret-stdin", action="store_true",
                     help="read the PIN or password from the first line of standard input")
    add.add_argument("--no-secret", action="store_true", help="add without a PIN")
    add.set_defaults(handler=cmd_add)
    pin = usub.add_parser("set-pin", help="set a user's PIN or password (asked, or "
                          "--secret-stdin); --remove takes it away")
    pin.add_argument("name")
    pin.add_argument("--secret-stdin", action="store_true")
    pin.add_argument("--remove", action="store_true")
    pin.set_defaults(handler=cmd_set_pin)
    role = usub.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(handler=cmd_role)
    off = usub.add_parser("deactivate", help="a user may no longer sign in or work")
    off.add_argument("name")
    off.add_argument("--undo", action="store_true", help="bring the user back")
    off.set_defaults(handler=cmd_deactivate)
    perms = usub.add_parser("permissions", help="what each role may do; --grant/--take "
                            "change a role")
    perms.add_argument("role", nargs="?", choices=ROLES)
    perms.add_argument("--grant", action="append", default=[], choices=sorted(PERMISSIONS))
    perms.add_argument("--take", action="append", default=[], choices=sorted(PERMISSIONS))
    perms.add_argument("--json", action="store_true")
    perms.set_defaults(handler=cmd_permissions)

    audit = sub.add_parser("audit", help="the audit trail: who did what, where and when")
    audit.add_argument("--user", dest="who", default="", help="only this user")
    audit.add_argument("--station", dest="at_station", default="", help="only this station")
    audit.add_argument("--kind", default="", help="what happened (packed, post count, …) "
                       "or what it happened to (order, product, user, …)")
    audit.add_argument("--order", default="", help="an order number")
    audit.add_argument("--sku", default="", help="a product SKU")
    audit.add_argument("--since", default="", help="YYYY-MM-DD, or Nd for the last N days")
    audit.add_argument("--limit", type=int, default=100, help="newest N events (default 100)")
    audit.add_argument("--csv", type=Path, metavar="FILE",
                       help="write every matching event to FILE (no limit)")
    audit.add_argument("--json", action="store_true")
    audit.set_defaults(handler=cmd_audit)


def _secret(args: argparse.Namespace) -> str:
    if args.secret_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InvalidInput("Give the PIN or password with --secret-stdin (no terminal to "
                           "ask on).")
    first = getpass.getpass("PIN or password: ")
    if getpass.getpass("Again: ") != first:
        raise InvalidInput("The two did not match; nothing was changed.")
    return first


def cmd_list(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    rows = backend.read(accounts.list_users)
    if args.json:
        json.dump([{"name": r.name, "role": r.role, "active": r.active,
                    "has_secret": r.has_secret} for r in rows], sys.stdout, indent=2)
        print()
        return 0
    if not rows:
        print("No users yet: whoever works is the owner.", file=sys.stderr)
    for r in rows:
        print(f"{r.name:<24} {r.role:<11} {'PIN' if r.has_secret else 'no PIN':<7}"
              + ("" if r.active else " deactivated"))
    return 0


def cmd_add(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    secret = "" if args.no_secret else _secret(args)
    row = backend.run(accounts.add_user, args.name, args.role, secret, actor=backend.actor)
    print(f"Added {row.name} ({row.role})" + ("" if secret else " without a PIN") + ".")
    return 0


def cmd_set_pin(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    secret = "" if args.remove else _secret(args)
    backend.run(accounts.set_secret, args.name, secret, actor=backend.actor)
    print(f"{'Removed' if args.remove else 'Set'} the PIN of {args.name}.")
    return 0


def cmd_role(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    backend.run(accounts.set_role, args.name, args.role, actor=backend.actor)
    print(f"{args.name} is now {args.role}.")
    return 0


def cmd_deactivate(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    backend.run(accounts.set_active, args.name, args.undo, actor=backend.actor)
    print(f"{args.name} is {'active again' if args.undo else 'deactivated'}.")
    return 0


def cmd_permissions(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    if args.grant or args.take:
        if not args.role:
            print("backroom: say which role to change.", file=sys.stderr)
            return 2
        now = backend.read(accounts.permission_table)[args.role]
        backend.run(accounts.set_role_permissions, args.role,
                    (now | set(args.grant)) - set(args.take), actor=backend.actor)
    table = backend.read(accounts.permission_table)
    roles = [args.role] if args.role else list(ROLES)
    if args.json:
        json.dump({r: sorted(table[r]) for r in roles}, sys.stdout, indent=2)
        print()
        return 0
    for r in roles:
        print(f"{r}: {', '.join(sorted(table[r])) or '(nothing)'}")
    return 0


def _since(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        if text.endswith("d") and text[:-1].isdigit():
            return datetime.now(UTC) - timedelta(days=int(text[:-1]))
        return datetime.fromisoformat(text).replace(tzinfo=UTC) if "+" not in text \
            else datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--since {text!r}: give YYYY-MM-DD or Nd (days).") from exc


def cmd_audit(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    flt = trail.AuditFilter(user=args.who, station=args.at_station, kind=args.kind,
                            order=args.order, sku=args.sku, since=_since(args.since))
    if args.csv:
        n = backend.read(trail.export_csv, flt, args.csv)
        print(f"Wrote {n} event(s) to {args.csv}.", file=sys.stderr)
        return 0
    rows = backend.read(trail.audit_page, flt, limit=max(1, min(args.limit, 5000)))
    if args.json:
        json.dump([{"id": r.id, "at": r.at.isoformat(), "user": r.user, "station": r.station,
                    "kind": r.entity, "kind_id": r.entity_id, "action": r.action,
                    "sku": r.sku, "order": r.order_number,
                    "details": json.loads(r.details) if r.details.startswith("{") else
                    r.details} for r in rows], sys.stdout, indent=2)
        print()
        return 0
    for r in rows:
        print(f"{r.at:%Y-%m-%d %H:%M:%S}  {r.user:<12} {r.station:<12} {r.action:<20} "
              f"{r.entity} {r.entity_id or ''}  {r.details_text()}".rstrip())
    return 0
