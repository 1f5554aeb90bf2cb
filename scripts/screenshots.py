"""Screenshots of every tab (and each page inside it) and every main dialog, in English and
Chinese, at 1280×800 and 1920×1080, to look at as a new user would (issue 19).

    .venv/bin/python scripts/screenshots.py                 # all four, each under xvfb-run
    .venv/bin/python scripts/screenshots.py --lang zh_CN --size 1280x800 --only settings

Each run starts Backroom's window on a copy of one demo store (built once in --work) with
its own settings folder (XDG_CONFIG_HOME, the language in Backroom.conf [ui] language=), and
grabs each screen with QWidget.grab() into <out>/<lang>-<size>/NN-name.png. Run
`make translations` first (the Chinese .qm). Not part of `make test`."""

from __future__ import annotations

import argparse
import faulthandler
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGS = ("en", "zh_CN")
SIZES = ("1280x800", "1920x1080")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGS, help="one language (default: both)")
    parser.add_argument("--size", choices=SIZES, help="one size (default: both)")
    parser.add_argument("--only", default="",
                        help="only screens whose name contains this (or one of a,b,c)")
    parser.add_argument("--out", default="/work/notes/shots", type=Path)
    parser.add_argument("--work", default="/tmp/backroom-shots", type=Path)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# -- the runner: one demo store, one X server per language and size --------------------------

def demo_store(work: Path) -> Path:
    template = work / "demo.sqlite3"
    if not template.exists():
        from datetime import date

        from app.db import open_database
        from app.services import demo
        from app.services.core.backend import Actor, Backend

        work.mkdir(parents=True, exist_ok=True)
        db = open_database(str(template))
        Backend(db.sessions, actor=Actor("owner", "Station 1")).run(
            demo.generate_demo, today=date(2026, 11, 23))
        db.dispose()
    return template


def run_all(args: argparse.Namespace) -> int:
    template = demo_store(args.work)
    failed = 0
    for lang in [args.lang] if args.lang else LANGS:
        for size in [args.size] if args.size else SIZES:
            run = args.work / f"{lang}-{size}"
            shutil.rmtree(run, ignore_errors=True)
            (run / "config" / "Backroom").mkdir(parents=True)
            (run / "config" / "Backroom" / "Backroom.conf").write_text(
                f"[ui]\nlanguage={lang}\n", encoding="utf-8")
            db = run / "store.sqlite3"
            shutil.copy(template, db)
            env = dict(os.environ, XDG_CONFIG_HOME=str(run / "config"),
                       XDG_DATA_HOME=str(run / "data"), QT_QPA_PLATFORM="xcb")
            command = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable,
                       __file__, "--child", "--lang", lang, "--size", size, "--db", str(db),
                       "--out", str(args.out), "--only", args.only]
            print(f"{lang} {size} …", flush=True)
            failed += subprocess.call(command, env=env) != 0
    return 1 if failed else 0


# -- the child: the window, its tabs and dialogs ---------------------------------------------

def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Shooter:
    def __init__(self, out: Path, only: str) -> None:
        self.out, self.only, self.n = out, only, 0
        self.problems: list[str] = []
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.png"):
            old.unlink()

    def wanted(self, name: str) -> bool:
        return not self.only or any(part in name for part in self.only.split(","))

    def settle(self, seconds: float = 0.6) -> None:
        from PySide6.QtWidgets import QApplication

        from app.ui.common.workers import JobRunner

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.02)
        # Twice: what a job sends back may start another (a tab's rows, then its totals).
        for _round in range(2):
            for app_widget in QApplication.topLevelWidgets():
                for runner in app_widget.findChildren(JobRunner):
                    runner.wait(30000)
            # What the jobs sent back arrives now, and what it sets off (columns fitted on
            # the first rows, a moment later) after it.
            end = time.monotonic() + 0.4
            while time.monotonic() < end:
                QApplication.processEvents()
                time.sleep(0.02)

    def grab(self, widget: object, name: str) -> None:
        from PySide6.QtWidgets import QWidget

        assert isinstance(widget, QWidget)
        self.settle()
        self.n += 1
        path = self.out / f"{self.n:02d}-{slug(name)}.png"
        widget.grab().save(str(path))
        print(f"  {path.name}  {widget.width()}x{widget.height()}", flush=True)

    def attempt(self, name: str, make: Callable[[], object]) -> None:
        if not self.wanted(name):
            return
        try:
            make()
        except Exception:   # noqa: BLE001 - one broken screen must not stop the others
            self.problems.append(f"{name}: {traceback.format_exc()}")
            print(f"  !! {name} failed", flush=True)


def child(args: argparse.Namespace) -> int:
    faulthandler.enable()   # a crash in Qt names the Python line that led to it
    from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Backroom")
    from app.ui.common.i18n import install

    installed = install()
    assert installed == args.lang, (installed, args.lang)
    from app.db import open_database
    from app.services.backups.store import StoreBackups
    from app.services.core.backend import Actor, Backend
    from app.ui.backups.controller import BackupsController
    from app.ui.common.theme import apply_theme
    from app.ui.main_window import TAB_ORDER, MainWindow

    apply_theme(app)
    db = open_database(str(args.db))
    backend = Backend(db.sessions, actor=Actor("owner", "Station 1"), database_label=db.label)
    backups = BackupsController(StoreBackups.of(db), parent=app)
    window = MainWindow(backend, backups=backups)

    def tab_of(title: str) -> Any:   # a tab by its title (built now), with its own parts
        return window.tab(title)

    tab_of("Pick & Pack").sounds.set_muted(True)
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    shots = Shooter(args.out / f"{args.lang}-{args.size}", args.only)
    shots.settle(1.5)

    # Every tab, and every page of a tab that has pages.
    for title in TAB_ORDER:
        if not window.has_tab(title):
            continue
        name = f"tab {title}"

        def shoot_tab(title: str = title, name: str = name) -> None:
            tab = tab_of(title)
            window.tabs.setCurrentWidget(tab)
            if title == "Orders":
                tab.table.selectRow(0)    # the detail panel shows an order
            shots.grab(window, name)
            for pages in tab.findChildren(QTabWidget):
                if pages.window() is not window or not pages.isVisible():
                    continue
                for index in range(1, pages.count()):
                    pages.setCurrentIndex(index)
                    shots.grab(window, f"{name} {pages.objectName()} {index}")
                pages.setCurrentIndex(0)

        shots.attempt(name, shoot_tab)

    shell = window.shell

    def dialog(name: str, make: Callable[[], QWidget]) -> None:
        def run() -> None:
            widget = make()
            widget.show()
            shots.grab(widget, name)
            widget.close()
            if isinstance(widget, QDialog):
                widget.reject()
        shots.attempt(name, run)

    def settings_pages() -> None:
        from app.ui.settings.dialog import settings_dialog

        dlg = settings_dialog(window, backend)
        for key in dlg.page:
            dlg.show_page(key)
            shots.grab(dlg, f"dialog settings {key}")
        dlg.reject()

    shots.attempt("dialog settings", settings_pages)

    def wizard() -> None:
        wiz: Any = shell.open_first_run()
        seen = set()
        while wiz.currentId() not in seen and wiz.currentId() != -1:
            seen.add(wiz.currentId())
            shots.grab(wiz, f"dialog first-run {len(seen)}")
            wiz.next()
        wiz.reject()

    shots.attempt("dialog first-run", wizard)
    dialog("dialog help", shell.open_guide)
    dialog("dialog help shortcuts", lambda: shell.open_guide("shortcuts"))
    dialog("dialog about", shell.open_about)
    dialog("dialog palette", shell.open_palette)

    def palette_typed() -> QWidget:
        palette = shell.open_palette()
        palette.box.setText("导入" if args.lang == "zh_CN" else "imp")  # type: ignore[attr-defined]
        return palette

    dialog("dialog palette typed", palette_typed)
    dialog("dialog scanner test", shell.scanner_test)
    dialog("dialog scanner setup", lambda: tab_of("Pick & Pack").ask_setup())
    from app.ui.orders.importing import ImportDialog
    from app.ui.orders.manual import ManualOrderDialog

    dialog("dialog import orders", lambda: ImportDialog(backend, parent=window))

    def mapping() -> QWidget:
        from app.services.importers.csv_text import Source
        from app.ui.orders.mapping import MappingDialog

        path = ROOT / "tests" / "data" / "orders" / "shopify_orders.csv"
        return MappingDialog(backend, Source(path.name, path.read_bytes()),
                             store_name="", parent=window)

    dialog("dialog import mapping", mapping)
    dialog("dialog new order", lambda: ManualOrderDialog(backend, parent=window))

    def returns_reasons() -> QWidget:
        from app.ui.returns.reasons_dialog import ReasonsDialog

        return ReasonsDialog(backend, window)

    dialog("dialog returns reasons", returns_reasons)

    def push() -> QWidget:
        from app.ui.push.dialog import PushDialog

        return PushDialog(backend, window)

    dialog("dialog push", push)

    def backups_dialog() -> QWidget:
        from app.ui.backups.dialog import BackupsDialog

        return BackupsDialog(backups, window)

    dialog("dialog backups", backups_dialog)

    def connect() -> QWidget:
        from app.ui.database.connect_dialog import ConnectDialog

        return ConnectDialog(window, backend.database_label)

    dialog("dialog connect database", connect)

    def product(product_id: int | None) -> Callable[[], QWidget]:
        def make() -> QWidget:
            from app.ui.stock.product_dialog import ProductDialog

            return ProductDialog(backend, product_id, parent=window)
        return make

    dialog("dialog product new", product(None))
    dialog("dialog product edit", product(1))

    def move() -> QWidget:
        from app.ui.stock.move_dialog import StockMoveDialog

        return StockMoveDialog(backend, parent=window)

    def adjust() -> QWidget:
        from app.ui.stock.move_dialog import AdjustDialog

        return AdjustDialog(backend, parent=window)

    dialog("dialog stock move", move)
    dialog("dialog stock adjust", adjust)

    def new_count() -> QWidget:
        from app.ui.counts.overview import CreateCountDialog

        return CreateCountDialog(backend, parent=window)

    dialog("dialog new count", new_count)

    def supplier() -> QWidget:
        from app.ui.suppliers.dialogs import SupplierDialog

        return SupplierDialog(backend, window)

    def new_po() -> QWidget:
        from app.ui.suppliers.dialogs import NewPODialog

        return NewPODialog(backend, window)

    dialog("dialog supplier", supplier)
    dialog("dialog new purchase order", new_po)

    def bank_layout() -> QWidget:
        from app.ui.reconciliation.bank_dialog import BankLayoutDialog

        return BankLayoutDialog("statement.csv", ("Date", "Description", "Amount", "Balance"),
                                [], parent=window)

    dialog("dialog bank layout", bank_layout)

    def people() -> QWidget:
        from app.ui.people.people_screen import PeopleScreen

        return PeopleScreen(backend, window)

    def audit() -> QWidget:
        from app.ui.people.audit_screen import AuditScreen

        return AuditScreen(backend, window)

    dialog("dialog people", people)
    dialog("dialog audit", audit)

    def login() -> QWidget:
        from app.ui.people.login import LoginDialog

        return LoginDialog(backend, station="Station 1")

    dialog("dialog login", login)

    for problem in shots.problems:
        print(problem, file=sys.stderr)
    window.close()
    db.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return child(args) if args.child else run_all(args)


if __name__ == "__main__":
    sys.exit(main())
