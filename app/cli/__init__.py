"""The `backroom` command line: argument parsing over the services, nothing more.

Each area registers its subcommands from its own module (`app/cli/<area>.py`, a function
`register(subparsers)`); every handler takes the parsed args, the Backend and the open
Database, and returns an exit code: 0 ok, 1 the job failed (the message says why), 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from app.db import DatabaseError, open_database
from app.services.core.backend import Actor, Backend
from app.services.core.errors import BackroomError
from app.services.core.permissions import person

# Modules that add subcommands; a module that is not there yet is simply skipped.
AREAS = ("app.cli.core", "app.cli.orders", "app.cli.packing", "app.cli.labels",
         "app.cli.counts", "app.cli.people", "app.cli.scan", "app.cli.returns",
         "app.cli.suppliers", "app.cli.push", "app.cli.payouts",
         "app.cli.insights")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backroom", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file or URL (default: $BACKROOM_DB, else the "
                        "file in your data folder)")
    parser.add_argument("--user", default="owner", help="who is working (for the audit)")
    parser.add_argument("--station", default="cli", help="which station (for the audit)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. A reader that stops early (`backroom orders list --json | head`) ends
    the output quietly: whatever it did not read was not wanted, so that is a success."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at exit, where a closed pipe would print a traceback
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 0


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (a test's capture)
        pass


def _main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    handler = args.handler
    if getattr(args, "opens_database_itself", False):  # db restore: the file may be damaged
        try:
            return int(handler(args, None, None))
        except (BackroomError, DatabaseError) as exc:
            print(f"backroom: {exc}", file=sys.stderr)
            return 1
    try:
        db = open_database(args.db)
    except DatabaseError as exc:
        print(f"backroom: {exc}", file=sys.stderr)
        return 1
    try:
        backend = Backend(db.sessions, actor=Actor(args.user, args.station),
                          database_label=db.label)
        backend.read(person, args.user)  # an unknown or deactivated --user stops here
        return int(handler(args, backend, db))
    except BackroomError as exc:
        print(f"backroom: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
