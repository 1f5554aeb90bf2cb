"""The arrows run one way: ui -> services -> models. Read every import to keep it so."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def _imports(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (APP / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        found[str(path.relative_to(APP))] = names
    return found


def _offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{path}: {name}" for path, names in _imports(folder).items()
                  for name in names if name.split(".")[0] in forbidden
                  or any(name.startswith(f + ".") or name == f for f in forbidden))


def test_models_and_services_import_no_qt():
    assert _offenders("models", ("PySide6", "app.ui", "app.services")) == []
    assert _offenders("services", ("PySide6", "app.ui")) == []


def test_ui_imports_no_sqlalchemy_and_no_database_module():
    assert _offenders("ui", ("sqlalchemy", "alembic", "app.db")) == []


def test_the_check_itself_sees_imports():
    assert "sqlalchemy.orm" in _imports("services")["services/catalog.py"]
