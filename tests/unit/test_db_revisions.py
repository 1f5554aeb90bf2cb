"""Opening a store whose schema is current reads the migration history as text, without
importing alembic (slower than the open itself); this must agree with alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from app.db import _alembic_config, _known_revisions, _revision_graph, schema_heads

ROOT = Path(__file__).resolve().parents[2]


def test_the_heads_and_revisions_read_as_text_are_alembics() -> None:
    script = ScriptDirectory.from_config(_alembic_config(None))
    assert schema_heads() == set(script.get_heads())
    assert _known_revisions() == {rev.revision for rev in script.walk_revisions()}
    downs = {rev.revision: rev.down_revision for rev in script.walk_revisions()}
    assert {rev: (None if not down else down[0] if len(down) == 1 else down)
            for rev, down in _revision_graph().items()} == downs


def test_opening_a_current_store_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    code = ("import sys\nfrom app.db import open_database\n"
            f"open_database({str(path)!r}).dispose()\n"  # made and migrated: alembic
            "for name in [m for m in sys.modules if m.split('.')[0] == 'alembic']:\n"
            "    del sys.modules[name]\n"
            f"open_database({str(path)!r}).dispose()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == "[]"
