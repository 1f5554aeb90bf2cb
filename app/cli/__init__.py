"""The `backroom` command line: argument parsing over the services, nothing more.

Each area registers its subcommands from its own module (`app/cli/<area>.py`, a function
`register(subparsers)`, and a line in AREAS naming its commands); every handler takes the
parsed args, the Backend and the open Database, and returns an exit code: 0 ok, 1 the job
failed (the message says why), 2 usage.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

# The database layer (SQLAlchemy, the models) is imported by `main`, once the garbage
# collector is paused for the start (see there).

# Each module that adds subcommands, with the top-level commands it adds. Only the module
# of the command being run is imported (importing them all took most of a command's start);
# `backroom --help` or an unknown command imports them all. Adding a module is one line here
# (tests/unit/test_cli_table.py checks each module registers exactly what its line says).
# A module that is not there yet is simply skipped.
AREAS: dict[str, tuple[str, ...]] = {
    "app.cli.core": ("demo", "products", "stock", "db"),
    "app.cli.orders": ("import", "orders"),
    "app.cli.packing": ("pick", "pack", "ship"),
    "app.cli.labels": ("labels",),
    "app.cli.counts": ("count", "move", "adjust"),
    "app.cli.people": ("users", "audit"),
    "app.cli.scan": ("scan",),
    "app.cli.returns": ("returns",),
    "app.cli.suppliers": ("suppliers", "po"),
    "app.cli.push": ("push", "buffer", "push-mapping"),
    "app.cli.payouts": ("import", "reconcile"),
    "app.cli.insights": ("profit", "sales", "fees", "insights"),
    "app.cli.replenish": ("replenish",),
}

# Options of the top-level parser that take a value (the value is not the command).
_VALUE_OPTIONS = ("--db", "--user", "--station")


def command_in(argv: Sequence[str]) -> str | None:
    """The command word of a command line: the first argument that is neither a top-level
    option nor an option's value (None for `backroom --help` or no command at all)."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            return next(tokens, None)
        if token.startswith("-"):
            name = token.split("=", 1)[0]
            # argparse takes unambiguous prefixes (--st for --station), so do we.
            if "=" not in token and len(name) > 2 and any(
                    option.startswith(name) for option in _VALUE_OPTIONS):
                next(tokens, None)
            continue
        return token
    return None


def modules_for(command: str | None) -> list[str]:
    """The modules to import for this command: its own, or every one when it is not known."""
    wanted = [name for name, commands in AREAS.items() if command in commands]
    return wanted or list(AREAS)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with the subcommands of `command`'s module(s); all of them when None."""
    parser = argparse.ArgumentParser(prog="backroom", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file or URL (default: $BACKROOM_DB, else the "
                        "file in your data folder)")
    parser.add_argument("--user", default="owner", help="who is working (for the audit)")
    parser.add_argument("--station", default="cli", help="which station (for the audit)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in modules_for(command):
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
    # Starting (SQLAlchemy, the parser, the models a command needs) makes ~150k objects and
    # no garbage; the collector walking them again and again was ~15% of a command's start.
    # It is paused until the command's own work begins (issue 13).
    was_on = gc.isenabled()
    gc.disable()
    try:
        code = _main(argv, started=lambda: _started(was_on, frozen=argv is None))
        sys.stdout.flush()  # here, not at exit, where a closed pipe would print a traceback
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    finally:
        if was_on:
            gc.enable()


def _started(was_on: bool, *, frozen: bool) -> None:
    """The start is over: collect garbage again. A command run as its own process (the
    `backroom` script) first sets what the start made aside for good, so no collection
    walks it again; a caller in the same process (a test) keeps its objects collectable."""
    if frozen:
        gc.freeze()
    if was_on:
        gc.enable()


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (a test's capture)
        pass


def _main(argv: Sequence[str] | None = None, *,
          started: Callable[[], None] = lambda: None) -> int:
    from app.db import DatabaseError, open_database
    from app.services.core.backend import Actor, Backend
    from app.services.core.errors import BackroomError
    from app.services.core.permissions import person

    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(command_in(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    handler = args.handler
    if getattr(args, "opens_database_itself", False):  # db restore: the file may be damaged
        started()
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
        started()
        return int(handler(args, backend, db))
    except BackroomError as exc:
        print(f"backroom: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
