"""An order's life through the command line and the Orders tab: import, link, reserve, cancel."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from app.cli import main
from app.db import open_database
from app.money import Money
from app.services.core.backend import Actor, Backend
from app.services.stock import catalog, ledger
from app.ui.orders.tab import OrdersTab

DATA = Path(__file__).parents[1] / "data" / "orders"


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_link_reserve_cancel(tmp_path, capsys, qtbot, monkeypatch):
    db_path = str(tmp_path / "shop.sqlite3")
    db = open_database(db_path)
    backend = Backend(db.sessions, actor=Actor("owner", "office"))

    def stock_our_mug(session):
        pid = catalog.save_product(session, catalog.ProductInput(
            "OUR-MUG", "Red mug", Money(1250, "EUR"), Money(400, "EUR"), bin="A-01-1"))
        ledger.move(session, ledger.MoveSpec(
            pid, ledger.location_id(session, "SUPPLIER"),
            ledger.get_or_create_bin(session, "A-01-1"), 5, "receive"))

    backend.run(stock_our_mug)
    db.dispose()

    code, out, _ = cli(capsys, "--db", db_path, "import", "orders",
                       str(DATA / "shopify_orders.csv"), "--json")
    assert code == 0 and json.loads(out)["unmatched_lines"] == 4
    code, out, _ = cli(capsys, "--db", db_path, "orders", "link", "Shopify", "MUG-RED",
                       "OUR-MUG")
    assert code == 0 and "1 line of open orders matched" in out
    code, out, _ = cli(capsys, "--db", db_path, "orders", "show", "#1001", "--json")
    lines = {ln["channel_sku"]: ln for ln in json.loads(out)["lines"]}
    assert (lines["MUG-RED"]["sku"], lines["MUG-RED"]["reserved"]) == ("OUR-MUG", 2)
    assert lines["TEE-M"]["state"] == "unmatched"

    db = open_database(db_path)
    backend = Backend(db.sessions, actor=Actor("owner", "office"))
    tab = OrdersTab(backend)
    qtbot.addWidget(tab)
    tab.search.setText("#1001")
    tab.refresh()
    tab.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("out of stock", True))
    assert tab.cancel_selected() == 1
    assert backend.run(ledger.check_ledger) == []
    db.dispose()

    code, out, _ = cli(capsys, "--db", db_path, "orders", "show", "#1001", "--json")
    shown = json.loads(out)
    assert shown["status"] == "cancelled"
    assert [e["action"] for e in shown["events"]][-1] == "cancelled"
    assert shown["events"][-1]["user"] == "owner"
    code, out, _ = cli(capsys, "--db", db_path, "stock", "OUR-MUG", "--json")
    assert json.loads(out)[0]["reserved"] == 0
