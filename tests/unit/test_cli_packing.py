"""`backroom pick|pack|ship` on a real demo database."""

from __future__ import annotations

import io

from sqlalchemy import select

from app.cli import main
from app.db import open_database
from app.models import Order, Store
from app.services.core.backend import Actor, Backend
from app.services.packing import station as packing
from app.services.packing.completing import complete_pack


def test_pick_pin_pack_ship_export(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "shop.sqlite3")
    assert main(["--db", db, "demo", "--products", "20", "--orders", "60", "--seed", "5"]) == 0
    capsys.readouterr()
    pdf = tmp_path / "pick.pdf"
    assert main(["--db", db, "pick", "create", "--orders", "3", "--pdf", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "Pick list PICK-1:" in out and pdf.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n"))
    assert main(["--db", db, "pack", "set-pin", "boss"]) == 0
    assert main(["--db", db, "pack", "set-pin", "boss"]) == 1  # stdin now empty: no PIN
    assert "4 to 12 digits" in capsys.readouterr().err

    # pack one picked order with an override, then hand it over by tracking number
    database = open_database(db)
    backend = Backend(database.sessions, actor=Actor("pat", "packing-1"))
    number, store = backend.run(lambda s: s.execute(
        select(Order.number, Store.name).join(Store).where(Order.status == "picking")
        .order_by(Order.id)).first())
    view = backend.run(packing.open_order, backend.actor, number)
    backend.run(packing.set_tracking, backend.actor, view.order_id, "TRK-1", carrier="DHL")
    backend.run(complete_pack, backend.actor, view.order_id, override_pin="2468",
                override_reason="cli test")
    database.dispose()
    assert main(["--db", db, "ship", "mark", "TRK-1"]) == 0
    assert f"{number}: shipped" in capsys.readouterr().out
    assert main(["--db", db, "ship", "confirm-export", "--store", store]) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0] == "order_number,store,carrier,tracking_number,shipped_at"
    assert f"{number},{store},DHL,TRK-1" in csv_text
    out_file = tmp_path / "amazon.txt"
    assert main(["--db", db, "ship", "confirm-export", "--store", store, "--format",
                 "amazon", "--out", str(out_file)]) == 0
    assert out_file.read_text().startswith("order-id\torder-item-id")
    assert main(["--db", db, "ship", "mark", "NOPE"]) == 1
