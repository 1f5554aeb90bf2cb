"""Start-up as the user waits for it: every figure is a NEW PROCESS on a big store file.

- the app: `python main.py --db FILE --time-to-rows`, from starting the process to the Orders
  tab's first rows painted (main.py prints a line then); floor: a Python process that imports
  PySide6 and shows an empty window, timed to its first paint the same way;
- CLI commands end to end (`backroom stock SKU`, `backroom orders list --json`); floor:
  `python -c` running the same question as one plain sqlite3 query.

Each figure is min / median / max of BENCH_STARTUP_RUNS runs (3), the ratio median to median,
after one untimed run of each that fills the bytecode cache (an installed app has its .pyc).
Each is given twice: wall seconds, and CPU seconds (steadier on a shared machine; for the
app and its floor the CPU used up to the paint, for a command the whole process's).
BENCH_STARTUP_ONLY=app times the app start alone; BENCH_STARTUP_COLD=0 skips the cold runs.
With the OS page cache warm (the file was just read), and cold where the machine lets us drop
the cache (`echo 3 > /proc/sys/vm/drop_caches`, root on Linux); otherwise a line says so.

Sizes: BENCH_STARTUP_ORDERS (1,000,000) and BENCH_STARTUP_PRODUCTS (5,000), built with the
demo generator in the work folder (minutes at 1M), or BENCH_STARTUP_DB, an existing store file
to use as it is (copied first, so a schema upgrade never touches the original).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.common import Figure

ROOT = Path(__file__).resolve().parents[1]
ORDERS = int(os.environ.get("BENCH_STARTUP_ORDERS", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_STARTUP_PRODUCTS", "5000"))
RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "3"))
PAINTED = "rows painted"

# The floor for the window: what any PySide6 app pays to show a window at all.
EMPTY_WINDOW = f"""
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
w.resize(1280, 800)
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            w.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print(f"{PAINTED} cpu {{time.process_time():.3f}} s",
                                                flush=True), app.quit()))
        return False
watch = Watch()
w.installEventFilter(watch)
w.show()
app.exec()
"""

STOCK_QUERY = ("SELECT p.sku, l.code, s.on_hand, s.reserved FROM products p "
               "JOIN stock_levels s ON s.product_id = p.id "
               "JOIN locations l ON l.id = s.location_id WHERE p.sku = ?")
ORDERS_QUERY = ("SELECT o.id, o.number, o.status, o.placed_at FROM orders o "
                "ORDER BY o.placed_at DESC LIMIT 100")


def _store(workdir: Path) -> Path:
    given = os.environ.get("BENCH_STARTUP_DB")
    path = workdir / "startup.sqlite3"
    if given:
        shutil.copyfile(given, path)
        # Opened once here so a schema upgrade is not part of any timed run.
        from app.db import open_database

        open_database(str(path)).dispose()
        return path
    from app.db import open_database
    from app.services import demo

    db = open_database(str(path))
    with db.sessions() as s, s.begin():
        demo.generate_demo(s, products=PRODUCTS, orders=ORDERS)
    db.dispose()
    return path


def _drop_caches() -> bool:
    """Empty the OS page cache (Linux, root only); False when the machine does not allow it."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def _run(cmd: Sequence[str], env: dict[str, str], until: str | None,
         cold: bool) -> tuple[float, float]:
    """Seconds from starting the process to `until` on its output (or to its exit), and the
    CPU seconds it used by then: as the line says ("cpu 1.234 s"), else the whole process's.
    On a machine shared with other work the CPU time is the steadier figure."""
    if cold and not _drop_caches():
        raise RuntimeError("cannot drop the page cache")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    seconds = cpu = None
    if until is not None:
        for line in proc.stdout:
            if line.startswith(until):
                seconds = time.perf_counter() - start
                found = re.search(r"cpu ([0-9.]+) s", line)
                cpu = float(found.group(1)) if found else None
                break
    proc.stdout.read()  # the rest (a command's output), read as the user's terminal would
    proc.stdout.close()
    # The app then closes cleanly (untimed), so no run looks unclean.
    _pid, status, usage = os.wait4(proc.pid, 0)
    code = proc.returncode = os.waitstatus_to_exitcode(status)
    if seconds is None:
        seconds = time.perf_counter() - start
    if cpu is None:
        cpu = usage.ru_utime + usage.ru_stime
    if code != 0 or (until is not None and seconds is None):
        raise RuntimeError(f"{' '.join(cmd)} failed with exit code {code}")
    return seconds, cpu


def _spread(runs: list[float]) -> str:
    return f"min {min(runs):.2f} / max {max(runs):.2f}"


def _figure(name: str, cmd: Sequence[str], floor_name: str, floor: Sequence[str], *,
            env: dict[str, str], until: str | None, cold: bool,
            goal: float | None = None) -> list[Figure]:
    # Alternate the command and its floor so a load change on the machine hits both alike.
    runs, floors = [], []
    for _ in range(RUNS):
        runs.append(_run(cmd, env, until, cold))
        floors.append(_run(floor, env, until, cold))
    cache = "cold" if cold else "warm"
    figures = []
    for kind, at in (("", 0), (" CPU", 1)):
        mine, base = [r[at] for r in runs], [f[at] for f in floors]
        figures.append(Figure(f"{name}, {cache} cache{kind} (median; {_spread(mine)})",
                              statistics.median(mine), f"{floor_name} ({_spread(base)})",
                              statistics.median(base), goal_seconds=goal))
    return figures


def run(workdir: Path) -> list[Figure]:
    path = _store(workdir)
    with sqlite3.connect(path) as con:
        orders = con.execute("SELECT count(*) FROM orders").fetchone()[0]
        sku = con.execute("SELECT sku FROM products ORDER BY id LIMIT 1").fetchone()[0]
    size = f"{orders:,} orders, {path.stat().st_size / 1e6:,.0f} MB"
    env = dict(os.environ, XDG_CONFIG_HOME=str(workdir / "config"),
               XDG_DATA_HOME=str(workdir / "data"), BACKROOM_DB=str(path),
               # An installed app runs from compiled bytecode; without a cache every run
               # would compile each module again (PYTHONDONTWRITEBYTECODE is often set in
               # dev shells), which no user waits for. The cache is kept out of the tree.
               PYTHONPYCACHEPREFIX=str(workdir / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    py = sys.executable
    script = Path(py).with_name("backroom")  # the console script, as the user runs it
    cli = ([str(script)] if script.exists() else
           [py, "-c", "import sys; from app.cli import main; sys.exit(main())"])
    cli += ["--db", str(path)]

    def sql(query: str, *args: str) -> list[str]:
        return [py, "-c", f"import sqlite3; sqlite3.connect({str(path)!r}).execute("
                          f"{query!r}, {args!r}).fetchall()"]

    cases = [
        (f"app start to Orders rows painted, {size}",
         [py, "main.py", "--db", str(path), "--time-to-rows"],
         "python + PySide6 empty window painted", [py, "-c", EMPTY_WINDOW], PAINTED, 1.5),
        (f"`backroom stock {sku}`", [*cli, "stock", sku],
         "python -c + sqlite3 stock query", sql(STOCK_QUERY, sku), None, 0.5),
        ("`backroom orders list --json` (100 newest)", [*cli, "orders", "list", "--json"],
         "python -c + sqlite3 newest 100", sql(ORDERS_QUERY), None, None),
    ]
    only = os.environ.get("BENCH_STARTUP_ONLY")  # e.g. "app": the app start alone
    if only:
        cases = [case for case in cases if case[0].startswith(only) or only in case[0]]
    figures: list[Figure] = []
    for _name, cmd, _floor_name, floor, until, _goal in cases:  # untimed: fills the cache
        _run(cmd, env, until, cold=False)
        _run(floor, env, until, cold=False)
    # BENCH_STARTUP_COLD=0: warm only (dropping the cache slows everyone on a shared machine).
    can_drop = os.environ.get("BENCH_STARTUP_COLD", "1") != "0" and _drop_caches()
    if not can_drop:
        print("  (cold cache: the page cache cannot be dropped on this machine (needs root "
              "and a writable /proc/sys/vm/drop_caches); warm figures only)", flush=True)
    for cold in (False, True) if can_drop else (False,):
        for name, cmd, floor_name, floor, until, goal in cases:
            figures += _figure(name, cmd, floor_name, floor, env=env, until=until,
                               cold=cold, goal=goal)
    return figures
