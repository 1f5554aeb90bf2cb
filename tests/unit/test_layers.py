"""The arrows of docs/architecture.md: ui -> services -> models, and a room per feature.

Every import of every module is read (module level and inside functions alike).
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
FEATURES = ("orders", "packing", "labels", "counts")
# Where a feature may use another feature: that feature's public modules, nothing else.
PUBLIC = {"app.services.packing.documents"}
# What each shared services package may import inside app.services (besides itself).
SHARED = {"core": (), "stock": ("core", "importers"), "importers": ("core.errors", "core.messages"),
          "printing": ("core", "stock.barcodes")}


def _module(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(folder: str = "") -> dict[str, set[str]]:
    """module -> the modules (or packages) it imports."""
    found: dict[str, set[str]] = {}
    for path in (APP / folder).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                # `from app.services.stock import ledger` imports the module stock.ledger
                names |= {f"{node.module}.{a.name}" for a in node.names
                          if (APP.parent / f"{node.module}.{a.name}".replace(".", "/")
                              ).with_suffix(".py").exists()}
        found[_module(path)] = names
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{mod}: {name}" for mod, names in _imports(folder).items()
                  for name in names if _within(name, forbidden))


def test_models_and_services_import_no_qt():
    assert _offenders("models", ("PySide6", "app.ui", "app.services")) == []
    assert _offenders("services", ("PySide6", "app.ui")) == []


def test_ui_imports_no_sqlalchemy_and_no_database_module():
    assert _offenders("ui", ("sqlalchemy", "alembic", "app.db")) == []


def test_importers_and_printing_know_nothing_of_the_database():
    # Money is a plain value type (app.money); the mapped classes and sessions stay out.
    for folder in ("services/importers", "services/printing"):
        assert _offenders(folder, ("sqlalchemy", "app.db", "app.models")) == []


def test_the_parsers_load_no_database_layer():
    """What a parsing process loads (parse_ahead): any module of app.models loads them all,
    and SQLAlchemy with them (45 MB and 0.5 s of its start, when money lived there)."""
    import subprocess
    import sys

    code = ("import sys, app.services.importers.order_stream; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' "
            "or m.startswith('app.models')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def _feature_of(module: str, layer: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 3 and parts[1] == layer else None


def test_service_features_use_the_kernel_and_only_public_modules_of_each_other():
    bad = []
    for mod, names in _imports("services").items():
        own = _feature_of(mod, "services")
        for name in names:
            if not name.startswith("app.services.") or name == "app.services":
                continue
            target = name.split(".")[2]
            if own is None or target == own:
                continue  # top-level composers (demo, maintenance) may use any feature
            if own in SHARED:
                allowed = tuple(f"app.services.{p}" for p in SHARED[own])
                if not _within(name, allowed):
                    bad.append(f"{mod} -> {name}")
            elif target in FEATURES and not _within(name, tuple(PUBLIC)):
                if name != f"app.services.{target}":  # the package itself (its docstring)
                    bad.append(f"{mod} -> {name}")
    assert bad == []


def test_tabs_use_common_and_themselves():
    # The Stock tab hosts the Counts pages; Settings hosts the Labels tab's printer and
    # store template editors and opens the People screen.
    hosts = {"stock": {"counts"}, "settings": {"labels", "people"},
             "shell": {"backups", "database", "settings"}}  # the menu bar, as main_window
    bad = []
    for mod, names in _imports("ui").items():
        own = _feature_of(mod, "ui")
        for name in names:
            if not name.startswith("app.ui.") or own is None:
                continue
            target = name.split(".")[2]
            if own == "common" and target != "common":
                bad.append(f"{mod} -> {name}")
            elif own != "common" and target not in ("common", own, *hosts.get(own, ())):
                bad.append(f"{mod} -> {name}")
    assert bad == []


def test_no_import_circles():
    graph = {mod: {n for n in names if n.startswith("app.")} for mod, names in
             _imports().items()}
    graph = {m: {n for n in targets if n in graph and n != m} for m, targets in graph.items()}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str], on_path: set[str], done: set[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in on_path:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in done:
                visit(nxt, [*path, nxt], on_path | {nxt}, done)
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start], {start}, done)
    assert circles == []


def test_the_check_itself_sees_imports():
    found = _imports("services")
    assert "sqlalchemy.orm" in found["app.services.stock.catalog"]
    assert "app.services.stock.ledger" in found["app.services.packing.completing"]
