"""The CLI imports only the module of the command being run, found in app.cli.AREAS; these
tests keep that table true to what each module registers."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import app.cli
from app.cli import AREAS, build_parser, command_in, modules_for

ROOT = Path(__file__).resolve().parents[2]


def _cli_modules() -> list[str]:
    return sorted(f"app.cli.{m.name}" for m in pkgutil.iter_modules(app.cli.__path__))


@pytest.mark.parametrize("name", _cli_modules())
def test_every_cli_module_registers_exactly_the_commands_its_table_line_names(name: str) -> None:
    assert name in AREAS, f"{name} is missing from app.cli.AREAS (its commands would not run)"
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(name).register(sub)
    assert set(sub.choices) == set(AREAS[name])


def test_the_table_names_each_command_once_except_shared_groups() -> None:
    # `import` is a group that several modules add to (import orders, import payouts).
    seen: dict[str, list[str]] = {}
    for module, commands in AREAS.items():
        for command in commands:
            seen.setdefault(command, []).append(module)
    assert {c for c, modules in seen.items() if len(modules) > 1} <= {"import"}


@pytest.mark.parametrize(("argv", "command"), [
    (["stock", "SKU"], "stock"),
    (["--db", "x.db", "stock", "SKU"], "stock"),
    (["--db=x.db", "--user", "ann", "count", "list"], "count"),
    (["--st", "desk", "orders", "list"], "orders"),  # an abbreviated option takes its value
    (["--help"], None),
    ([], None),
    (["--", "scan", "x"], "scan"),
])
def test_the_command_word_is_found_past_the_top_level_options(
        argv: list[str], command: str | None) -> None:
    assert command_in(argv) == command


def test_a_command_imports_only_its_own_module_and_an_unknown_one_all() -> None:
    assert modules_for("stock") == ["app.cli.core"]
    assert modules_for("import") == ["app.cli.orders", "app.cli.payouts"]
    assert modules_for("no-such-command") == list(AREAS)
    assert modules_for(None) == list(AREAS)


def test_the_parser_for_one_command_parses_it_as_the_full_parser_does() -> None:
    argv = ["--db", "x.db", "import", "payouts", "a.csv", "--json"]
    one = vars(build_parser(command_in(argv)).parse_args(argv))
    full = vars(build_parser().parse_args(argv))
    assert one == full


def test_running_a_command_in_a_new_process_imports_no_other_command_module(
        tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    code = ("import json, sys\nfrom app.cli import main\n"
            f"rc = main(['--db', {str(db)!r}, 'stock', '--json', 'NO-SUCH-SKU'])\n"
            "print(json.dumps([rc, sorted(m for m in sys.modules if m.startswith('app.cli.')"
            " or m.split('.')[0] in ('alembic', 'pandas', 'openpyxl', 'reportlab', "
            "'PySide6', 'pypdf'))]))\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin"}
    subprocess.run([sys.executable, "-c", "from app.db import open_database; "
                    f"open_database({str(db)!r}).dispose()"], cwd=ROOT, env=env, check=True)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    _rc, modules = json.loads(out.splitlines()[-1])
    assert modules == ["app.cli.core"]
