"""Model modules load when first needed (issue 13): `backroom stock` declares the handful of
tables it reads, not all ~80; `Base` from app.models is still the whole schema; a
relationship naming a class not loaded yet still resolves; and every command works in a
new process, where nothing but its own imports has loaded any model."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import app.models
from app.models.base import Base as DeclaredBase

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, tmp_path: Path) -> str:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("BACKROOM_DB", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_table_of_model_modules_names_every_module_that_declares_a_table():
    for info in pkgutil.iter_modules(app.models.__path__):
        importlib.import_module(f"app.models.{info.name}")
    declaring = {m.class_.__module__.removeprefix("app.models.")
                 for m in DeclaredBase.registry.mappers}
    assert declaring == set(app.models.MODEL_MODULES)


def test_base_taken_from_the_package_holds_every_table(tmp_path):
    for name in app.models.MODEL_MODULES:
        importlib.import_module(f"app.models.{name}")
    every = sorted(DeclaredBase.metadata.tables)
    out = _python("import json\nfrom app.models import Base\n"
                  "print(json.dumps(sorted(Base.metadata.tables)))", tmp_path)
    assert json.loads(out) == every and len(every) > 60


def test_a_name_from_the_package_loads_its_own_module_only(tmp_path):
    out = _python("import json, sys\nfrom app.models import Order\n"
                  "print(json.dumps(sorted(m for m in sys.modules "
                  "if m.startswith('app.models.'))))", tmp_path)
    assert json.loads(out) == ["app.models.base", "app.models.orders"]


def test_backroom_stock_declares_only_the_tables_it_reads(tmp_path):
    db = tmp_path / "store.sqlite3"
    _python("from app.cli import main\n"
            f"main(['--db', {str(db)!r}, 'demo', '--products', '5', '--orders', '5'])",
            tmp_path)
    out = _python("import json, sys\nfrom app.cli import main\n"
                  f"rc = main(['--db', {str(db)!r}, 'stock', '--json', 'KC-00001'])\n"
                  "print(json.dumps([rc, sorted(m for m in sys.modules "
                  "if m.startswith('app.models.'))]))", tmp_path)
    rc, modules = json.loads(out.splitlines()[-1])
    assert rc == 0
    assert {"app.models.catalog", "app.models.stock"} <= set(modules)
    # Reconciliation, returns, insights, packing, suppliers...: none of theirs.
    others = {f"app.models.{name}" for name in (
        "payouts", "returns", "insights", "packing", "printing", "push", "suppliers",
        "replenishment", "counts", "order_links", "settings", "orders")}
    assert not others & set(modules)


def test_a_relationship_to_a_class_not_loaded_yet_loads_the_models_first(tmp_path):
    code = """
import sys
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, configure_mappers, mapped_column, relationship
from app.models.base import Base

class Note(Base):
    __tablename__ = "test_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id"))
    payout = relationship("Payout")

assert "app.models.payouts" not in sys.modules
configure_mappers()
print(Note.payout.property.mapper.class_.__module__)
"""
    assert _python(code, tmp_path).strip() == "app.models.payouts"


# One command of each CLI module (and a few writes), each in a new process: a command that
# uses a model its own imports do not load fails here, not in a user's shop.
COMMANDS = [
    ["stock", "--json"], ["orders", "list", "--json"], ["products", "export", "-"],
    ["users", "list", "--json"], ["audit", "--json", "--limit", "3"],
    ["scan", "--json", "KC-00001"], ["returns", "list"], ["suppliers", "list"],
    ["po", "list"], ["push", "--history", "--json"], ["reconcile"],
    ["profit", "--by", "store", "--json"], ["sales", "--by", "product", "--json"],
    ["fees", "list"], ["count", "list"], ["replenish", "destinations"],
    ["adjust", "--reason", "found", "A-01-1", "KC-00001", "2"],
    ["move", "A-01-1", "A-01-2", "KC-00001:1"],
    ["db", "check"],
]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-store")
    db = folder / "store.sqlite3"
    _python("from app.cli import main\n"
            f"main(['--db', {str(db)!r}, 'demo', '--products', '30', '--orders', '60'])",
            folder)
    return db


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_works_in_a_new_process(command, demo_file, tmp_path):
    out = _python("import sys\nfrom app.cli import main\n"
                  f"sys.exit(main(['--db', {str(demo_file)!r}, *{command!r}]))", tmp_path)
    assert "Traceback" not in out
