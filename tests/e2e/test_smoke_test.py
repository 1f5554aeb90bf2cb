"""The packaged app's `--smoke-test` (run by CI on the built app) must fail when a tab's
background read raises — that is how a module missing from the package shows itself (the
Insights tab once failed on pandas while the smoke test still passed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PLANTED = """
import runpy, sys
from app.services.insights import customers
def broken(*args, **kwargs):
    raise RuntimeError("planted in a tab's read")
customers.customer_values = broken
sys.argv = ["main.py", "--smoke-test", "--db", sys.argv[1]]
runpy.run_path("main.py", run_name="__main__")
"""


@pytest.mark.timeout(600)
def test_a_tab_read_that_raises_fails_the_smoke_test(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PLANTED, str(tmp_path / "store.sqlite3")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=540,
                          check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "smoke test FAILED" in done.stderr and "planted in a tab's read" in done.stderr
