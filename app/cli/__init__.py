"""The `backroom` command line: argument parsing over the services, nothing more.

Each area registers its subcommands from its own module (`app/cli/<area>.py`, a function
`register(subparsers)`); every handler takes the parsed args, the Backend and the open
Database, and returns an exit code: 0 ok, 1 the job failed (the message says why), 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app.db import DatabaseError, open_database
from app.services.core.backend import Actor, Backend
from app.services.core.errors import BackroomError

# Modules that add subcommands; a module that is not there yet is simply skipped.
AREAS = ("app.cli.core", "app.cli.orders", "app.cli.packing", "app.cli.labels",
         "app.cli.counts")


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
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    handler = args.handler
    try:
        db = open_database(args.db)
    except DatabaseError as exc:
        print(f"backroom: {exc}", file=sys.stderr)
        return 1
    try:
        backend = Backend(db.sessions, actor=Actor(args.user, args.station),
                          database_label=db.label)
        return int(handler(args, backend, db))
    except BackroomError as exc:
        print(f"backroom: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
