"""Start-up as the user waits for it: every figure is a NEW PROCESS on a big store file.

- the app: `python main.py --db FILE --time-to-rows`, from starting the process to the first
  rows painted of the tab it opens on: Today's figures for the owner (who may see money),
  the Orders list for a packer (main.py prints a line then, with the CPU used and the time
  from building the window to those rows: Today's own goal is 1 s of it). Floor: a Python
  process that imports sqlalchemy.orm, then PySide6, and shows an empty window, timed to its
  first paint the same way (each floor alone is in the floors' lines);
- CLI commands end to end (`backroom stock SKU`, `backroom orders list --json`); floor:
  `python -c` running the same question as one plain sqlite3 query;
- the floors themselves, against `python -c pass`: `import sqlalchemy`, `import
  sqlalchemy.orm`, the empty PySide6 window.

Each figure is min / median / max of BENCH_STARTUP_RUNS runs (3), the ratio median to median,
after one untimed run of each that fills the bytecode cache (an installed app has its .pyc)
and the icon cache. Each is given twice: wall seconds, and CPU seconds (steadier on a shared
machine; for the app and its floor the CPU used up to the paint, for a command the whole
process's). BENCH_STARTUP_ONLY=app times the app starts alone; BENCH_STARTUP_COLD=0 skips
the cold runs. With the OS page cache warm (the file was just read), and cold where the
machine lets us drop the cache (`echo 3 > /proc/sys/vm/drop_caches`, root on Linux);
otherwise a line says so.

The store: the demo store of BENCH_STARTUP_ORDERS (1,000,000) orders over
BENCH_STARTUP_PRODUCTS (50,000) products, seed 11, from bench/common.py's demo_store (with
BENCH_CACHE=DIR built once and copied), or BENCH_STARTUP_DB, an existing store file to use
as it is (copied first, so a schema upgrade never touches the original). A packer without a
PIN ("pat") is added to the copy for the packer's start.
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
from datetime import date
from pathlib import Path

from bench.common import Figure, demo_store

ROOT = Path(__file__).resolve().parents[1]
ORDERS = int(os.environ.get("BENCH_STARTUP_ORDERS", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_STARTUP_PRODUCTS", "50000"))
SEED, TODAY = 11, date(2026, 11, 23)   # the store the other benches share (BENCH_CACHE)
PACKER = "pat"
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
    else:
        demo_store(path, products=PRODUCTS, orders=ORDERS, seed=SEED, today=TODAY)
    # Opened once here so a schema upgrade is not part of any timed run; and a packer.
    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.services.people import accounts

    db = open_database(str(path))
    try:
        backend = Backend(db.sessions, actor=Actor("owner", "bench"))
        # Asked of the users' list: in a store where nobody has a PIN any name is taken for
        # the owner (who_is would answer), and the packer's start would open on Today.
        if PACKER not in {u.name for u in backend.read(accounts.list_users)}:
            backend.run(accounts.add_user, PACKER, "packer", actor=backend.actor)
    finally:
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


class Timing:
    """One run: wall seconds to the line (or the exit), CPU seconds by then, and the
    seconds from building the window to the rows painted when the app says so."""

    def __init__(self, wall: float, cpu: float, window: float | None) -> None:
        self.wall, self.cpu, self.window = wall, cpu, window


def _run(cmd: Sequence[str], env: dict[str, str], until: str | None, cold: bool,
         says: str = "") -> Timing:
    """Seconds from starting the process to `until` on its output (or to its exit), and the
    CPU seconds it used by then: as the line says ("cpu 1.234 s"), else the whole process's.
    On a machine shared with other work the CPU time is the steadier figure. `says`: words
    the line must hold (the tab the app opened on), else the run is refused."""
    if cold and not _drop_caches():
        raise RuntimeError("cannot drop the page cache")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    seconds = cpu = window = None
    if until is not None:
        for line in proc.stdout:
            if line.startswith(until):
                seconds = time.perf_counter() - start
                if says not in line:
                    proc.kill()
                    raise RuntimeError(f"{' '.join(cmd)} said {line.strip()!r}, not {says!r}")
                found = re.search(r"cpu ([0-9.]+) s", line)
                cpu = float(found.group(1)) if found else None
                found = re.search(r"window to rows ([0-9.]+) s", line)
                window = float(found.group(1)) if found else None
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
    return Timing(seconds, cpu, window)


def _spread(runs: list[float]) -> str:
    return f"min {min(runs):.2f} / max {max(runs):.2f}"


def _figure(name: str, cmd: Sequence[str], floor_name: str, floor: Sequence[str], *,
            env: dict[str, str], until: str | None, cold: bool,
            goal: float | None = None, window_goal: float | None = None,
            floor_until: str | None = None, says: str = "") -> list[Figure]:
    """`until`: the line that ends the timing of `cmd` and, unless `floor_until` is given
    ("" for none), of its floor; None: the process's exit."""
    floor_until = until if floor_until is None else (floor_until or None)
    # Alternate the command and its floor so a load change on the machine hits both alike.
    runs, floors = [], []
    for _ in range(RUNS):
        runs.append(_run(cmd, env, until, cold, says))
        floors.append(_run(floor, env, floor_until, cold))
    cache = "cold" if cold else "warm"
    figures = []
    for kind, at in (("", "wall"), (" CPU", "cpu")):
        mine = [getattr(r, at) for r in runs]
        base = [getattr(f, at) for f in floors]
        figures.append(Figure(f"{name}, {cache} cache{kind} (median; {_spread(mine)})",
                              statistics.median(mine), f"{floor_name} ({_spread(base)})",
                              statistics.median(base), goal_seconds=goal))
    windows = [r.window for r in runs if r.window is not None]
    if len(windows) == len(runs):
        # The tab's own part: from building the window (and the tab) to its rows painted.
        figures.append(Figure(
            f"  of which window built to rows painted, {cache} (median; {_spread(windows)})",
            statistics.median(windows), f"{floor_name} ({_spread([f.wall for f in floors])})",
            statistics.median([f.wall for f in floors]), goal_seconds=window_goal))
    return figures


def _floors(env: dict[str, str]) -> list[Figure]:
    """What any Python process pays before our code runs, against `python -c pass`."""
    py = sys.executable
    cases = [("python -c 'import sqlalchemy'", [py, "-c", "import sqlalchemy"], None),
             ("python -c 'import sqlalchemy.orm'", [py, "-c", "import sqlalchemy.orm"], None),
             ("python + PySide6 empty window painted", [py, "-c", EMPTY_WINDOW], PAINTED)]
    bare = [py, "-c", "pass"]
    figures: list[Figure] = []
    for name, cmd, until in cases:
        # The bare process has no line to wait for: its exit ends it.
        figures += _figure(f"floor: {name}", cmd, "python -c pass", bare, env=env,
                           until=until, floor_until="", cold=False)
    return figures


def run(workdir: Path) -> list[Figure]:
    path = _store(workdir)
    with sqlite3.connect(path) as con:
        orders = con.execute("SELECT count(*) FROM orders").fetchone()[0]
        sku = con.execute("SELECT sku FROM products ORDER BY id LIMIT 1").fetchone()[0]
    size = f"{orders:,} orders, {path.stat().st_size / 1e6:,.0f} MB"
    env = dict(os.environ, XDG_CONFIG_HOME=str(workdir / "config"),
               XDG_DATA_HOME=str(workdir / "data"), XDG_CACHE_HOME=str(workdir / "cache"),
               BACKROOM_DB=str(path),
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

    app = [py, "main.py", "--db", str(path), "--time-to-rows"]
    # What this app pays before any code of its own: its database layer, then a window.
    window = ("python: import sqlalchemy.orm, PySide6 empty window painted",
              [py, "-c", f"import sqlalchemy.orm\n{EMPTY_WINDOW}"])
    cases = [
        (f"app start to Today's figures painted (owner), {size}", app, *window, PAINTED,
         1.5, 1.0, "rows on Today"),
        (f"app start to Orders rows painted (packer), {size}", [*app, "--user", PACKER],
         *window, PAINTED, 1.5, None, "rows on Orders"),
        (f"`backroom stock {sku}`", [*cli, "stock", sku],
         "python -c + sqlite3 stock query", sql(STOCK_QUERY, sku), None, 0.5, None, ""),
        ("`backroom orders list --json` (100 newest)", [*cli, "orders", "list", "--json"],
         "python -c + sqlite3 newest 100", sql(ORDERS_QUERY), None, 0.5, None, ""),
    ]
    only = os.environ.get("BENCH_STARTUP_ONLY")  # e.g. "app": the app starts alone
    if only:
        cases = [case for case in cases if case[0].startswith(only) or only in case[0]]
    figures: list[Figure] = []
    # Untimed: fills the bytecode and icon caches (and reads the file into the page cache).
    for _name, cmd, _floor_name, floor, until, _goal, _window_goal, says in cases:
        _run(cmd, env, until, cold=False, says=says)
        _run(floor, env, until, cold=False)
    if not only:
        figures += _floors(env)
    # BENCH_STARTUP_COLD=0: warm only (dropping the cache slows everyone on a shared machine).
    can_drop = os.environ.get("BENCH_STARTUP_COLD", "1") != "0" and _drop_caches()
    if not can_drop:
        print("  (cold cache: the page cache cannot be dropped on this machine (needs root "
              "and a writable /proc/sys/vm/drop_caches); warm figures only)", flush=True)
    # Other work on the machine moves every wall figure (the CPU figures less): say how busy
    # it was, so two runs are compared knowing it.
    print(f"  (load average at the start of the timed runs: {_load()})", flush=True)
    for cold in (False, True) if can_drop else (False,):
        for name, cmd, floor_name, floor, until, goal, window_goal, says in cases:
            figures += _figure(name, cmd, floor_name, floor, env=env, until=until,
                               cold=cold, goal=goal, window_goal=window_goal, says=says)
    print(f"  (load average at the end of the timed runs: {_load()})", flush=True)
    return figures


def _load() -> str:
    """The 1, 5 and 15 minute load averages ("n/a" where the OS does not tell)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"
