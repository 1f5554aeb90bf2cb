"""`backroom suppliers` and `backroom po`: the documented JSON, exit codes, no change on
bad input. Runs on SQLite and PostgreSQL (db_url)."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def _run(db: str, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--db", db, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def shop(db_url, capsys) -> str:
    assert main(["--db", db_url, "demo", "--products", "6", "--orders", "3", "--seed", "2"]) == 0
    assert main(["--db", db_url, "suppliers", "add", "Ningbo Mugs", "--currency", "USD",
                 "--class", "preferred"]) == 0
    capsys.readouterr()
    return db_url


def test_po_create_ship_receive_show_and_stock_incoming(shop, capsys, tmp_path):
    code, out, err = _run(shop, capsys, "po", "create", "--supplier", "Ningbo Mugs",
                          "KC-00001:10@2.40", "KC-00002:4@1.10", "--fx", "0.92",
                          "--expected", "2027-01-20", "--json")
    assert code == 0, err
    created = json.loads(out)
    assert created == {"id": created["id"], "number": "PO-000001"}
    po = str(created["id"])
    assert _run(shop, capsys, "po", "send", po)[0] == 0
    code, out, err = _run(shop, capsys, "po", "ship", po, "--mode", "sea", "--line",
                          "KC-00001:6", "--eta", "2027-01-10", "--tracking", "MSKU1", "--json")
    assert code == 0, err
    assert json.loads(out)["units"] == 6
    code, out, _ = _run(shop, capsys, "stock", "KC-00001", "--json")
    rows = json.loads(out)
    assert {r["incoming"] for r in rows} == {6}
    assert [r["on_hand"] for r in rows if r["bin"] == "IN-TRANSIT"] == [6]
    code, out, err = _run(shop, capsys, "po", "receive", po, "KC-00001:4:A-01-1",
                          "--damaged", "KC-00001:1", "--short", "KC-00001:1", "--json")
    assert code == 0, err
    got = json.loads(out)
    assert (got["good"], got["damaged"], got["short"], got["status"]) == (
        4, 1, 1, "partly_received")
    code, out, _ = _run(shop, capsys, "po", "show", po, "--json")
    detail = json.loads(out)
    assert detail["total"] == {"minor": 2840, "amount": "28.40", "currency": "USD"}
    assert detail["home_total"] == {"minor": 2613, "amount": "26.13", "currency": "EUR"}
    assert detail["lines"][0]["received"] == 4
    assert detail["shipments"][0]["eta"] == "2027-01-10"
    code, out, _ = _run(shop, capsys, "po", "show", po, "--csv", "-")
    assert code == 0 and out.splitlines()[1].startswith(
        "PO-000001,Ningbo Mugs,KC-00001,,")
    assert ",10,1,10,2.40,24.00,USD,2027-01-20" in out.splitlines()[1]
    code, out, _ = _run(shop, capsys, "db", "check")
    assert code == 0 and "0 mismatch(es)" in out
    code, out, _ = _run(shop, capsys, "suppliers", "scorecard", "--json")
    [card] = json.loads(out)
    assert card["supplier"] == "Ningbo Mugs" and card["fill_rate"] == 0.2857
    assert set(card) >= {"on_time_rate", "fill_rate", "defect_rate", "lead_time_days",
                         "price_variance", "score"}
    export = tmp_path / "suppliers.xlsx"
    assert _run(shop, capsys, "suppliers", "export", str(export))[0] == 0
    assert _run(shop, capsys, "suppliers", "import", str(export))[0] == 0


@pytest.mark.parametrize("args", [
    ("po", "create", "--supplier", "Ningbo Mugs", "KC-00001:10@2.40"),          # no --fx
    ("po", "create", "--supplier", "Nobody", "KC-00001:10@2.40", "--fx", "1"),
    ("po", "create", "--supplier", "Ningbo Mugs", "KC-00001:ten", "--fx", "1"),
    ("po", "create", "--supplier", "Ningbo Mugs", "KC-00001:1@abc", "--fx", "1"),
    ("po", "create", "--supplier", "Ningbo Mugs", "NOPE:1@1", "--fx", "1"),
    ("po", "ship", "99", "--mode", "sea"),
    ("po", "receive", "99", "KC-00001:1"),
])
def test_bad_input_is_exit_1_with_a_message_and_no_change(shop, capsys, args):
    code, _out, err = _run(shop, capsys, *args)
    assert code == 1 and err.startswith("backroom: ")
    code, out, _ = _run(shop, capsys, "po", "list", "--json")
    assert json.loads(out) == []


def test_over_receipt_needs_a_reason(shop, capsys):
    _run(shop, capsys, "po", "create", "--supplier", "Ningbo Mugs", "KC-00003:2@1", "--fx", "1")
    _run(shop, capsys, "po", "send", "1")
    _run(shop, capsys, "po", "ship", "1", "--mode", "air")
    code, _o, err = _run(shop, capsys, "po", "receive", "1", "KC-00003:3:A-01-3")
    assert code == 1 and "more than was shipped" in err
    code, out, err = _run(shop, capsys, "po", "receive", "1", "KC-00003:3:A-01-3",
                          "--over-reason", "a spare in the box", "--json")
    assert code == 0, err
    assert json.loads(out)["over"] == 1


def test_po_pdf_and_bin_labels_files(shop, capsys, tmp_path):
    from tests.unit.printing.decoding import decode, pdf_text

    code, out, err = _run(shop, capsys, "po", "create", "--supplier", "Ningbo Mugs",
                          "KC-00001:10@2.40", "KC-00002:3@0.35", "--fx", "0.92", "--json")
    assert code == 0, err
    po = str(json.loads(out)["id"])
    target = tmp_path / "po.pdf"
    code, out, err = _run(shop, capsys, "po", "pdf", po, "--out", str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["file"] == str(target)
    text = " ".join(pdf_text(target.read_bytes()))
    assert "KC-00001" in text and "$24.00" in text and "$1.05" in text and "$25.05" in text
    labels = tmp_path / "bins.pdf"
    code, out, err = _run(shop, capsys, "po", "bin-labels", po, "--out", str(labels), "--json")
    assert code == 0, err
    bins = json.loads(out)["bins"]
    assert bins and sorted(f.text for f in decode(labels.read_bytes())) == sorted(bins)
    code, out, err = _run(shop, capsys, "po", "pdf", "999", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "no purchase order 999" in err
    assert not (tmp_path / "x.pdf").exists()
