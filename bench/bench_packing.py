"""Pick & Pack: scan-to-feedback latency on a database of 50,000 products and 1,000,000
orders (sizes from the environment), three ways:

- service: `scan_item` called directly;
- widget: the station widget in this process, each scan's keys sent as key events stamped
  2 ms apart (as a window system stamps a scanner's keys), counting lost and split scans;
- window (issue 13's row): the station in its own process, a real window under Xvfb, the
  scans typed as X key events through XTest at 10 scans a second (2 ms per key, Enter at
  the end, Esc after each order): p99 from the Enter's X timestamp to the banner's answer
  must be <= 50 ms, with no scan lost (no answer, or never read whole) and none split.

Environment: BENCH_PACK_PRODUCTS, BENCH_PACK_ORDERS (store size; 5000/100000 is cached and
quick to iterate on), BENCH_PACK_SCANS (orders fetched to pack; a quarter go through the
real window), BENCH_PACK_WINDOW=0 skips the Xvfb part (it is skipped anyway without Xvfb).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bench.common import Figure, demo_store

PRODUCTS = int(os.environ.get("BENCH_PACK_PRODUCTS", "50000"))
ORDERS = int(os.environ.get("BENCH_PACK_ORDERS", "1000000"))
SCANS = int(os.environ.get("BENCH_PACK_SCANS", "400"))
WINDOW = os.environ.get("BENCH_PACK_WINDOW", "1") != "0"
GOAL = 0.050
SCAN_EVERY_S = 0.100   # 10 scans a second
KEY_GAP_MS = 2         # a cabled wedge scanner
END = "BENCH-END-0000"   # the last scan: the window process reports and quits


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _figures(label: str, samples: list[float], baseline: float) -> list[Figure]:
    if not samples:
        return []
    return [Figure(f"pack scan->feedback {label} {'max' if p == 100 else f'p{p}'} "
                   f"(n={len(samples)})", _pct(samples, p),
                   "catalogue barcode lookup (median)", baseline,
                   GOAL if p == 99 else None) for p in (50, 95, 99, 100)]


def _work(backend):
    """(order id, [(good barcode, ...)], a wrong barcode) for reserved orders to pack."""
    from app.models import Barcode, Order, OrderLine

    def job(session):
        orders = session.scalars(select(Order.id).where(Order.status == "reserved")
                                 .order_by(Order.id).limit(SCANS)).all()
        out = []
        for oid in orders:
            lines = session.execute(select(OrderLine.product_id, OrderLine.quantity).where(
                OrderLine.order_id == oid)).all()
            codes = []
            for pid, qty in lines:
                code = session.scalar(select(func.min(Barcode.code)).where(
                    Barcode.product_id == pid))
                codes += [code] * qty
            number = session.scalar(select(Order.number).where(Order.id == oid))
            out.append((oid, number, codes))
        wrong = session.scalar(select(Barcode.code).where(Barcode.product_id == 1))
        return out, wrong
    return backend.run(job)


def run(workdir: Path) -> list[Figure]:
    demo_store(workdir / "pack.sqlite3", products=PRODUCTS, orders=ORDERS, seed=11,
               today=date(2026, 11, 23))
    return measure(str(workdir / "pack.sqlite3"), build=False, window=WINDOW)


def measure(db_url: str, *, build: bool, label: str = "", window: bool = False,
            ) -> list[Figure]:
    """Scan latency on the database at db_url (filled with the demo store first if build)."""
    from app.db import open_database
    from app.services import demo
    from app.services.core.backend import Actor, Backend
    from app.services.packing import station as packing
    from app.services.stock.catalog import find_by_barcode

    db = open_database(db_url)
    backend = Backend(db.sessions, actor=Actor("bench", "bench-station"))
    if build:
        backend.run(demo.generate_demo, products=PRODUCTS, orders=ORDERS, seed=11,
                    today=date(2026, 11, 23))
    work, wrong = _work(backend)
    half, quarter = len(work) // 2, len(work) // 4

    lookups = []
    for _oid, _num, codes in work[:50]:
        for code in codes:
            t = time.perf_counter()
            backend.run(find_by_barcode, code)
            lookups.append(time.perf_counter() - t)
    baseline = statistics.median(lookups)

    service: list[float] = []
    for oid, number, codes in work[:half]:
        backend.run(packing.open_order, backend.actor, number)
        for code in [*codes, wrong]:  # every right item, then one refused
            t = time.perf_counter()
            try:
                backend.run(packing.scan_item, backend.actor, oid, code)
            except packing.BackroomError:
                pass
            service.append(time.perf_counter() - t)
        backend.run(packing.put_aside, backend.actor, oid)

    widget = _widget_samples(backend, work[half:half + quarter if window else None], wrong)
    db.dispose()
    figures = (_figures(f"service{label}", service, baseline)
               + _figures(f"widget{label}", widget, baseline))
    if window:
        figures += _figures(f"window 10/s{label}",
                            _window_samples(db_url, work[half + quarter:], wrong), baseline)
    return figures


def _counts(where: str, sent: list[str], read: list[str], silent: list[str]) -> None:
    """Print how many scans were lost (never read whole, or read but answered nothing) and
    how many were split (read as pieces, or run together): the row's goal is none of each."""
    import difflib

    matcher = difflib.SequenceMatcher(None, sent, read, autojunk=False)
    whole = sum(block.size for block in matcher.get_matching_blocks())
    lost = len(sent) - whole + len(silent)
    pieces = [code for code in read if code not in set(sent)]
    verdict = "meets" if lost == 0 and not pieces else "MISSES"
    print(f"pack scans {where}: {len(sent)} sent, {whole} read whole, lost {lost}, "
          f"split {len(pieces)}   goal: none lost, none split ({verdict})", flush=True)
    if silent or pieces:
        print(f"  no answer: {silent[:3]}  pieces: {pieces[:5]}", flush=True)


def _widget_samples(backend, work, wrong) -> list[float]:
    """From the scanner's Enter key to the banner showing the answer (scans at 0 gap).

    Each key is stamped as a window system stamps a scanner's keys, 2 ms apart. Keys sent
    with QTest carry no stamp at all, so the scanner filter could only judge them by this
    process's clock, and on a loaded machine a pause of this process between two keys (the
    bench being the scanner here) read as a person typing: the scan's first part went to the
    table as typing and the rest, if shorter than three keys, left its Enter to the table
    with no answer (the "no feedback" scans of the last 1M run), or was refused as a code of
    its own (a split scan that was timed as an answer)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from app.ui.common.feedback_sounds import FeedbackSounds
    from app.ui.packing.station import PackingStation, StationSettings

    app = QApplication.instance() or QApplication([])
    station = PackingStation(backend, sounds=FeedbackSounds(muted=True),
                             settings=StationSettings(complete_on_last_item=False))
    station.show()
    station.table.setFocus()
    app.processEvents()
    shown: list[float] = []
    station.feedback_shown.connect(lambda *_: shown.append(time.perf_counter()))
    read: list[str] = []
    station.scanner.scanned.connect(read.append)
    sent: list[str] = []
    silent: list[str] = []

    def key(k: int, text: str, stamp: int) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, k, Qt.KeyboardModifier.NoModifier, 0, 0, 0, text,
                              False, 1)
            event.setTimestamp(stamp)
            QApplication.sendEvent(station.table, event)

    def scan(code: str) -> float | None:
        sent.append(code)
        first = int(time.monotonic() * 1000)
        for i, ch in enumerate(code):
            key(ord(ch.upper()), ch, first + KEY_GAP_MS * i)
        shown.clear()
        t = time.perf_counter()
        key(Qt.Key.Key_Return, "\r", first + KEY_GAP_MS * len(code))
        if not shown:   # no answer on the banner: counted, never timed
            silent.append(f"{code} -> {station.banner.text()[:60]!r}")
            return None
        return shown[-1] - t

    samples = []
    for _oid, number, codes in work:
        scan(number)
        for code in [*codes, wrong]:
            took = scan(code)
            if took is not None:
                samples.append(took)
        station.put_aside()
    station.close()
    _counts("to the widget", sent, read, silent)
    return samples


# -- the real window under Xvfb --------------------------------------------------------------
class _XKeyboard:
    """Types on an X display through XTest, as a keyboard-wedge scanner does. The keys of a
    scan are handed to the X server at once with a 2 ms delay before each press, so the
    server, not this (possibly descheduled) process, spaces them, as a scanner's own
    hardware does."""

    _PUNCTUATION = {"#": "numbersign", "-": "minus", "_": "underscore", ".": "period",
                    "/": "slash", " ": "space", "+": "plus", "\r": "Return"}

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self._xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XkbKeycodeToKeysym.restype = ctypes.c_ulong
        x11.XkbKeycodeToKeysym.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int,
                                           ctypes.c_int]
        x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint,
                                                 ctypes.c_int, ctypes.c_ulong]
        self._x11 = x11
        deadline = time.monotonic() + 10   # the server may take a moment to take callers
        self._dpy = x11.XOpenDisplay(display.encode())
        while not self._dpy and time.monotonic() < deadline:
            time.sleep(0.1)
            self._dpy = x11.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open X display {display}")
        self._shift = self._code("Shift_L")[0]

    def _code(self, name: str) -> tuple[int, bool]:
        sym = self._x11.XStringToKeysym(name.encode())
        code = self._x11.XKeysymToKeycode(self._dpy, sym)
        if not code:
            raise ValueError(f"no key for {name!r} on this X display")
        return code, self._x11.XkbKeycodeToKeysym(self._dpy, code, 0, 0) != sym

    def type(self, text: str, gap_ms: int = KEY_GAP_MS) -> None:
        fake = self._xtst.XTestFakeKeyEvent
        for ch in text:
            code, shifted = self._code(self._PUNCTUATION.get(ch, ch))
            if shifted:
                fake(self._dpy, self._shift, True, gap_ms)
            fake(self._dpy, code, True, 0 if shifted else gap_ms)
            fake(self._dpy, code, False, 0)
            if shifted:
                fake(self._dpy, self._shift, False, 0)
        self._x11.XFlush(self._dpy)

    def key(self, name: str) -> None:
        code, _ = self._code(name)
        self._xtst.XTestFakeKeyEvent(self._dpy, code, True, 0)
        self._xtst.XTestFakeKeyEvent(self._dpy, code, False, 0)
        self._x11.XFlush(self._dpy)

    def close(self) -> None:
        self._x11.XCloseDisplay(self._dpy)


def _window_samples(db_url: str, work, wrong) -> list[float]:
    """Scans at 10 a second as X key events into the station's real window (its own process
    under Xvfb); each timed from its Enter key's X timestamp to the banner's answer."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("pack scans through the real window: skipped (no Xvfb)", flush=True)
        return []
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0",
                               "1280x1024x24", "-nolisten", "tcp"], pass_fds=(write_fd,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    # Read up to its newline: Xvfb writes the number and the newline apart, and dies if the
    # pipe is closed between the two.
    said = b""
    while not said.endswith(b"\n"):
        chunk = os.read(read_fd, 32)
        if not chunk:
            break
        said += chunk
    os.close(read_fd)
    display = ":" + said.decode().strip()
    keyboard = _XKeyboard(display)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen([sys.executable, "-m", "bench.bench_packing", "window", db_url],
                             env=env, cwd=root, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError("the station window did not come up under Xvfb")
        plan: list[str | None] = []   # a code to scan, or None for Esc (put the order aside)
        for _oid, number, codes in work:
            plan += [number, *codes, wrong, None]
        sent = [code for code in plan if code is not None]
        started = time.monotonic()
        late = 0
        for n, code in enumerate(plan):
            wait = started + n * SCAN_EVERY_S - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            elif wait < -SCAN_EVERY_S / 2:
                late += 1   # this (loaded) process fell behind the 10/s pace
            if code is None:
                keyboard.key("Escape")
            else:
                keyboard.type(code + "\r")
        sending = time.monotonic() - started
        time.sleep(1.0)
        keyboard.type(END + "\r")
        out, _ = child.communicate(timeout=300)
    finally:
        keyboard.close()
        if child.poll() is None:
            child.kill()
        server.terminate()
        server.wait()
    report = json.loads(out.strip().splitlines()[-1])
    if os.environ.get("BENCH_PACK_DUMP"):   # every scan read, for a closer look
        Path(os.environ["BENCH_PACK_DUMP"]).write_text(json.dumps(
            {"sent": plan, "started_ms": started * 1000, **report}, indent=1))
    scans = [s for s in report["scans"] if s["code"] != END]
    read = [s["code"] for s in scans]
    silent = [s["code"] for s in scans if s["shown_ms"] is None]
    samples = [(s["shown_ms"] - s["enter_ms"]) / 1000 for s in scans
               if s["shown_ms"] is not None]
    _counts("through the real window at 10/s", sent, read, silent)
    if report["stalls"]:
        print(f"  the simulated scanner itself paused inside {len(report['stalls'])} scan(s) "
              f"(X server stamps, ms: {report['stalls'][:5]}): Xvfb short of CPU; a split "
              "there is the station reading a real pause", flush=True)
    handling = [s["cpu_ms"] for s in scans if s.get("cpu_ms") is not None]
    print(f"  {len(plan)} scans and Esc keys sent in {sending:.1f} s ({late} late); Enter "
          f"keys that read no scan: {report['stray_enters']}; X stamp to delivery median "
          f"{report['delivery_ms']} ms; window process CPU {report['cpu_s']:.1f} s = "
          f"{report['cpu_s'] * 1000 / max(1, len(scans)):.0f} ms a scan (handling alone, "
          f"median/max: {_pct(handling, 50) if handling else 0:.0f}/"
          f"{max(handling, default=0):.0f} ms); load average {os.getloadavg()[0]:.1f}",
          flush=True)
    return samples


def _window_station(db_url: str) -> int:
    """The window process: the station shown on $DISPLAY, reporting what it read and
    answered (as one JSON line) when the END scan arrives."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication

    from app.db import open_database
    from app.services.core.backend import Actor, Backend
    from app.ui.common.feedback_sounds import FeedbackSounds
    from app.ui.packing.station import PackingStation, StationSettings

    app = QApplication([])
    db = open_database(db_url)
    backend = Backend(db.sessions, actor=Actor("bench", "bench-window"))
    station = PackingStation(backend, sounds=FeedbackSounds(muted=True),
                             settings=StationSettings(complete_on_last_item=False))
    station.resize(1280, 1000)
    station.show()
    station.activateWindow()
    deadline = time.monotonic() + 20
    while not station.isActiveWindow() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    station.table.setFocus()
    now_ms = lambda: time.monotonic() * 1000  # noqa: E731 - the X server's clock too

    scans: list[dict] = []
    pending: dict = {}
    delivery: list[float] = []
    stray = [0]
    burst = [0]                  # the stamp of the last key of the scan being typed
    stalls: list[int] = []       # pauses (ms, by the X server's stamps) inside a scan
    max_gap = station.scanner.settings.max_gap_ms
    keys: list | None = [] if os.environ.get("BENCH_PACK_DUMP") else None
    if keys is not None:   # the scanner's "that was typing" verdicts, among the keys
        given_back = station.scanner.flush

        def flush() -> None:
            if station.scanner.holding:
                keys.append(("FLUSH " + station.scanner.holding, 0, round(now_ms(), 1),
                             station.scanner._rechecks))
            given_back()
        station.scanner.flush = flush

    class EnterStamp(QObject):
        """Installed after the scanner's filter, so it sees each Enter first."""

        def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
            if keys is not None and event.type() == QEvent.Type.KeyPress:
                keys.append((event.text(), event.timestamp(), round(now_ms(), 1),
                             round(station.scanner._last_at, 1)))
            if (event.type() == QEvent.Type.KeyPress and obj is QApplication.focusWidget()
                    and event.text().isprintable() and event.text()):
                # The X server's own stamps: a pause inside a scan means the simulated
                # scanner (XTest's delays, run by a CPU-starved Xvfb) stalled, which the
                # station rightly reads as a pause; counted to tell those splits apart.
                if burst[0] and event.timestamp() - burst[0] > max_gap:
                    stalls.append(event.timestamp() - burst[0])
                burst[0] = event.timestamp()
            if (event.type() == QEvent.Type.KeyPress and obj is QApplication.focusWidget()
                    and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                        Qt.Key.Key_Escape)):
                burst[0] = 0
            if (event.type() == QEvent.Type.KeyPress and obj is QApplication.focusWidget()
                    and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
                if pending:
                    stray[0] += 1   # the last Enter read no scan: it went to the widget
                pending.clear()
                pending.update(enter_ms=float(event.timestamp()), shown_ms=None,
                               cpu0=time.thread_time())
                delivery.append(now_ms() - event.timestamp())
            return False

    def shown(_kind: str, _text: str) -> None:
        if pending:
            pending["shown_ms"] = now_ms()
            pending["cpu_ms"] = (time.thread_time() - pending["cpu0"]) * 1000

    def read(code: str) -> None:   # connected after on_scan: the answer is shown by now
        scans.append({"code": code, **(pending or {"enter_ms": 0.0, "shown_ms": None})})
        pending.clear()
        if code == END:
            print(json.dumps({
                "scans": scans, "stray_enters": stray[0], "keys": keys, "stalls": stalls,
                "delivery_ms": round(statistics.median(delivery), 1) if delivery else None,
                "cpu_s": time.process_time() - cpu_ready}), flush=True)
            app.quit()

    enter_stamp = EnterStamp()
    app.installEventFilter(enter_stamp)
    station.feedback_shown.connect(shown)
    station.scanner.scanned.connect(read)
    cpu_ready = time.process_time()
    print("ready", flush=True)
    app.exec()
    db.dispose()
    return 0


if __name__ == "__main__" and sys.argv[1:2] == ["window"]:
    raise SystemExit(_window_station(sys.argv[2]))
